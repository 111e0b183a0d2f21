// Journey 27: the place, readable (issue 17). A signal's page shows the address its sender typed and a small
// still map of its point (no raw coordinates); one placed by address only shows its address and district, no
// map. The home map counts signals without a point at their district, so its total is the overview's. The map
// names the districts, so it can be read without tiles (the journeys' network has none). On the report form a
// point is placed with the keyboard: the arrows move the map under a crosshair, Enter places the point.
import assert from 'node:assert/strict';
import { journey, expectText, until, api, getCatalogue, uniqueEmail, tabTo } from '../lib/harness.js';

/** A whole number as the page writes it (1 234 → 1234). */
const whole = (text) => Number(String(text).replace(/[^\d]/g, ''));

journey('the place of a signal is readable: a small map and the address, counts by district, keyboard placing', async (s) => {
  const cat = await getCatalogue();
  const streets = cat.signal_categories.find((c) => c.id === 'streets') ?? cat.signal_categories[0];
  const [lat, lon] = [42.6955, 23.3375]; // Oborishte, a few hundred metres from Sredets
  const address = 'ул. „Шипка“ 6';
  const placed = await api('POST', '/api/signals', {
    category: streets.id,
    type: streets.types[0].id,
    location: { lat, lon, address },
    description: 'Счупена плочка на тротоара пред входа, хората се спъват.',
    email: uniqueEmail('place'),
  });
  const byAddress = await api('POST', '/api/signals', {
    category: streets.id,
    type: streets.types[0].id,
    location: { address: 'ул. „Дъбрава“ 3', district: 'bankya' },
    description: 'Дупка на платното на ъгъла, колите я заобикалят в насрещното.',
    email: uniqueEmail('place'),
  });

  // ---- the signal's page: its address and a small map of its point, never raw coordinates
  const page = await s.newPage();
  await s.goto(page, `/track.html?number=${placed.number}`);
  await expectText(page.locator('#signal-place-address'), address);
  const smallMap = page.locator('#signal-place-map');
  await smallMap.locator('.leaflet-marker-icon').waitFor();
  await expectText(page.locator('#signal-location figcaption'), 'Мястото на картата');
  const shown = await page.locator('#signal-location').innerText();
  assert.ok(!shown.includes(String(lat)) && !/Координати/.test(shown), `no raw coordinates: ${shown}`);
  // Without tiles the map still says where it is: the district's name is on it.
  await until('the district named on the small map', async () =>
    (await smallMap.locator('.district-label:not(.district-label-hidden)').allInnerTexts()).some((n) => /Оборище|Средец/.test(n)));
  // Still until asked: dragging does not move it; "Explore the map" makes it movable, with zoom buttons.
  assert.equal(await smallMap.locator('.leaflet-control-zoom-in').count(), 0, 'no zoom buttons on the still map');
  await s.audit(page, 'small map');
  await s.screenshot(page, 'signal-small-map');
  await page.getByRole('button', { name: 'Разгледайте картата' }).click();
  await smallMap.locator('.leaflet-control-zoom-in').waitFor();
  assert.ok(await smallMap.evaluate((node) => node === document.activeElement), 'the map takes the focus');
  await s.audit(page, 'small map explored');

  // A signal placed by address only: its address and its district, no map.
  await s.goto(page, `/track.html?number=${byAddress.number}`);
  await expectText(page.locator('#signal-place-address'), 'ул. „Дъбрава“ 3');
  await expectText(page.locator('#signal-district'), 'Банкя');
  assert.equal(await page.locator('#signal-place-map').count(), 0, 'no map without a point');
  await s.audit(page, 'address only');

  // ---- the home map: the one without a point is counted at its district, and the totals agree
  await s.goto(page, '/');
  const entry = page.locator('#recent-list li.unplaced[data-district="bankya"]');
  await expectText(entry, /сигнал.* в район Банкя .*без точка на картата/);
  const count = page.locator('.map-unplaced[title*="Банкя"]');
  await count.waitFor();
  await expectText(count, /\d+/);
  // The map's total and the overview's (last 30 days) are the same number: the counters are kept by the stream,
  // so the page is read again until both have the new signals.
  await until('the map and the overview to count the same signals', async () => {
    const status = await page.locator('#recent-status').innerText();
    const row = page.locator('#overview-periods tbody tr', { has: page.locator('th', { hasText: /^Общо$/ }) });
    if (!(await row.count())) return false;
    const overview = whole(await row.locator('td').first().innerText());
    const total = status.match(/^Общо: ([\d\s]+)\./);
    if (total && whole(total[1]) === overview) return true;
    await page.reload();
    await page.locator('#overview-periods').waitFor();
    return false;
  }, { timeout: 60_000, interval: 500 });
  // The districts are named on the outline layer.
  const labels = await page.locator('#signal-map .district-label:not(.district-label-hidden)').allInnerTexts();
  assert.ok(labels.includes('Банкя') && labels.length >= 5, `district names on the map: ${labels.join(', ')}`);
  await s.audit(page, 'counts by district');
  await s.screenshot(page, 'home-unplaced');
  await count.click();
  await expectText(page.locator('.leaflet-popup'), /Банкя/);

  // ---- the report form: a point placed with the keyboard
  await s.goto(page, '/report.html');
  await expectText(page.locator('#pick-map-keys'), /стрелките.*Enter/);
  const pickMap = page.locator('#pick-map');
  await pickMap.locator('.leaflet-pane').first().waitFor({ state: 'attached' });
  await page.getByLabel(/^Адрес/).focus();
  await tabTo(page, pickMap);
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowDown');
  await expectText(page.locator('#pick-status'), /Кръстчето е в район .+ Enter/);
  await s.audit(page, 'crosshair');
  await page.keyboard.press('Enter');
  await expectText(page.locator('#pick-status'), /Точката е поставена: 42\.\d+, 23\.\d+, район /);
  const [latIn, lonIn] = [await page.locator('#lat').inputValue(), await page.locator('#lon').inputValue()];
  assert.ok(Number(latIn) > 42.6 && Number(latIn) < 42.8 && Number(lonIn) > 23.2 && Number(lonIn) < 23.4, `${latIn}, ${lonIn}`);
  await pickMap.locator('.map-marker-pin').waitFor();
  assert.ok(await page.locator('#district').inputValue(), 'the district is chosen from the point');
  await s.audit(page, 'point placed');
  await s.screenshot(page, 'report-keyboard-point');

  // The instructions are there in English too.
  await page.getByRole('button', { name: /English/ }).click();
  await expectText(page.locator('#pick-map-keys'), /arrow keys.*Enter places the point/);
  await s.audit(page, 'English');
});
