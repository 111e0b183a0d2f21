// Journey 20: the public account of units (accounts.html), reached from the home page's overview (which counts the
// fixes their senders confirmed): the units' table for a period, sorted by a column, the districts' table, a unit's
// monthly trend as a table (the chart beside it is hidden from screen readers), the CSV and JSON downloads, and the
// page in English.
import assert from 'node:assert/strict';
import { journey, until, fileSignal, BASE_URL } from '../lib/harness.js';

journey("the accountability page: units by period, sorted, and a unit's monthly trend", async (s) => {
  // A signal in Lozenets, handled by its district administration.
  await fileSignal({ description: 'Сигнал за страницата с отчетността на звената.' });
  const page = await s.newPage();

  await s.goto(page, '/');
  // The overview counts the fixes the senders confirmed, beside the fixed ones.
  const overview = page.getByRole('table', { name: 'Сигнали по периоди' });
  await overview.getByRole('rowheader', { name: 'Потвърдени от подателите' }).waitFor();
  await overview.getByRole('rowheader', { name: 'Дял на потвърдените (от отстранените)' }).waitFor();
  await s.audit(page);
  await page.locator('#overview').getByRole('link', { name: /Отчетност на звената/ }).click();
  await page.waitForURL(/accounts\.html/);
  await page.getByRole('heading', { level: 1, name: 'Отчетност на звената' }).waitFor();

  // The units' table for the last 12 months (the default period), with a row per unit.
  const units = page.getByRole('table', { name: 'Звена — Последните 12 месеца' });
  await units.getByRole('rowheader', { name: 'Район „Лозенец“' }).waitFor();
  assert.ok((await units.locator('tbody tr').count()) > 20, 'a row per unit');
  const districts = page.getByRole('table', { name: 'Райони — Последните 12 месеца' });
  await districts.getByRole('rowheader', { name: 'Лозенец' }).waitFor();
  await s.audit(page);

  // Sorting by a column: the header says so (aria-sort); the first press puts the largest first.
  const received = units.getByRole('columnheader', { name: /Получени/ });
  await received.getByRole('button').click();
  await until('the table sorted by received, descending', async () => (await received.getAttribute('aria-sort')) === 'descending');
  const counts = await units.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.cells[1].textContent.replace(/\D/g, ''))));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'rows sorted by received, largest first');
  // The focus stays on the header's button, so a second press reverses the order.
  await page.keyboard.press('Enter');
  await until('the table sorted by received, ascending', async () => (await units.getByRole('columnheader', { name: /Получени/ }).getAttribute('aria-sort')) === 'ascending');

  // Another period.
  await page.getByRole('radio', { name: 'За целия период' }).check();
  await page.getByRole('table', { name: 'Звена — За целия период' }).waitFor();

  // The downloads: CSV and JSON of the same account.
  const csvHref = await page.getByRole('link', { name: /CSV/ }).getAttribute('href');
  assert.equal(csvHref, '/api/accounts?format=csv');
  const csv = await fetch(BASE_URL + csvHref);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.equal(await page.getByRole('link', { name: 'JSON' }).getAttribute('href'), '/api/accounts');

  // A unit's monthly trend: chosen in the list, shown as a table of the 12 months (the chart is hidden from
  // screen readers).
  await page.getByLabel('Звено или район').selectOption({ label: 'Район „Лозенец“' });
  const trend = page.getByRole('table', { name: 'Район „Лозенец“: по месеци' });
  await trend.waitFor();
  assert.equal(await trend.locator('tbody tr').count(), 12);
  assert.equal(await page.locator('#trend-body svg.trend-svg').getAttribute('aria-hidden'), 'true');
  assert.match(page.url(), /scope=unit%3Adistrict-lozenets|scope=unit:district-lozenets/);
  await s.audit(page, 'a unit chosen');

  // A district's name in its table opens its trend and moves the focus there.
  await page.getByRole('table', { name: 'Райони — За целия период' }).getByRole('button', { name: 'Изгрев', exact: true }).click();
  await page.getByRole('table', { name: 'Изгрев: по месеци' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'trend-heading');

  // In English.
  await page.getByRole('button', { name: /English/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Accountability of units' }).waitFor();
  await page.getByRole('table', { name: 'Units — All time' }).waitFor();
  await page.getByRole('table', { name: 'Izgrev: by month' }).waitFor();
  await s.audit(page, 'English');
  await s.screenshot(page);
});

