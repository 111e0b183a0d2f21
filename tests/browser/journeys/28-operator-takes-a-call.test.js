// Journey 28: an operator takes a phone call in the staff console. The "Take a call" panel opens from the console;
// the signal is filled with the keyboard only (Tab, typing, Enter): channel and kind as they are, category, type,
// district, address, the caller's words, name, phone and e-mail. A phone number the API refuses comes back as the
// error summary with a link to the field; once corrected, the confirmation takes the focus and says the number to
// read out, the date, the due date and that the caller gets an e-mail. Typed into the view's search box, the
// number finds the signal, and the view downloads as CSV.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { journey, expectText, expectSelected, getCatalogue, signIn, until, uniqueEmail, DEMO, tabTo, typeKeys } from '../lib/harness.js';

const focused = (locator) => locator.evaluate((node) => node === document.activeElement || node.contains(document.activeElement));

journey('an operator takes a call by keyboard, reads out the number, and finds it by searching for it', async (s) => {
  const catalogue = await getCatalogue();
  const streets = catalogue.signal_categories.find((c) => c.id === 'streets');
  const pothole = streets.types.find((t) => t.id === 'pothole');
  const lozenets = catalogue.districts.find((d) => d.id === 'lozenets');
  const caller = uniqueEmail('caller');

  const page = await s.newPage();
  await signIn(s, page, DEMO.operator);
  await s.goto(page, '/staff.html');
  await page.getByRole('heading', { name: 'Опашка за обработка' }).waitFor();
  // Operators see the whole city by default.
  await expectSelected(page.getByLabel('Звено', { exact: true }), 'Цялата община');
  await s.audit(page, 'console');

  const start = page.getByRole('button', { name: 'Приемане на сигнал по телефона' });
  await tabTo(page, start);
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: 'Приемане на сигнал по телефона' });
  const form = panel.locator('form');
  const channel = form.getByLabel(/^Канал/);
  await until('the focus on the channel', () => focused(channel));
  await expectSelected(channel, 'Телефон');
  await expectSelected(form.getByLabel(/^Вид/).first(), 'Сигнал');
  await form.getByLabel(/^Категория/).locator('option', { hasText: streets.name.bg }).waitFor({ state: 'attached' });
  await s.audit(page, 'intake panel');

  await tabTo(page, form.getByLabel(/^Категория/));
  await typeKeys(page, streets.name.bg);
  await expectSelected(form.getByLabel(/^Категория/), streets.name.bg);
  await tabTo(page, form.getByLabel(/^Вид на проблема/));
  await typeKeys(page, pothole.name.bg);
  await expectSelected(form.getByLabel(/^Вид на проблема/), pothole.name.bg);
  await tabTo(page, form.getByLabel(/^Район/));
  await typeKeys(page, lozenets.name.bg);
  await expectSelected(form.getByLabel(/^Район/), lozenets.name.bg);
  await tabTo(page, form.getByLabel(/^Адрес или описание на мястото/));
  await typeKeys(page, 'бул. Черни връх 40');
  await tabTo(page, form.getByLabel(/^Текст/));
  await typeKeys(page, 'Дълбока дупка в крайната лента, съобщена по телефона.');
  await tabTo(page, form.getByLabel(/^Име и фамилия/));
  await typeKeys(page, 'Мария Петрова');
  await tabTo(page, form.getByLabel(/^Телефон/));
  await typeKeys(page, '12');
  await tabTo(page, form.getByLabel(/^Електронна поща/));
  await typeKeys(page, caller);
  await tabTo(page, form.getByRole('button', { name: 'Регистриране' }));
  await page.keyboard.press('Enter');

  // The API refuses the phone: the summary names it, its link leads to the field, the field says why.
  const summary = panel.getByRole('alert');
  const link = summary.getByRole('link', { name: /^Телефон/ });
  await link.waitFor();
  const phone = form.getByLabel(/^Телефон/);
  assert.equal(await phone.getAttribute('aria-invalid'), 'true');
  await until('the focus on the phone field', () => focused(phone));
  await s.audit(page, 'phone refused');
  await s.screenshot(page, 'phone-refused');
  await tabTo(page, link, { back: true, max: 40 });
  await page.keyboard.press('Enter');
  await until('the link moved the focus to the phone field', () => focused(phone));
  await page.keyboard.press('Control+A');
  await typeKeys(page, '0888 123 456');
  await tabTo(page, form.getByRole('button', { name: 'Регистриране' }));
  await page.keyboard.press('Enter');

  // The number to read out, the date, the due date, and the mail: the focus goes there.
  const done = panel.getByRole('region', { name: /прочетете номера на обаждащия се/ });
  await done.waitFor();
  const heading = await done.getByRole('heading').textContent();
  const m = heading.match(/^Регистриран под № (\d{4}-\d{6}) от (\d{2}\.\d{2}\.\d{4}) — прочетете номера на обаждащия се$/);
  assert.ok(m, `the confirmation says the number and the date: ${heading}`);
  const number = m[1];
  await until('the focus on the confirmation', () => focused(done));
  await expectText(done, /Срок за отговор: \d{2}\.\d{2}\.\d{4}\./);
  await expectText(done, /ще получи писмо по електронна поща/);
  await s.audit(page, 'registered');
  await s.screenshot(page, 'registered');

  // The number typed into the view's search box finds the signal.
  await tabTo(page, page.getByLabel('Търсене по номер или думи'), { max: 150 });
  await typeKeys(page, number);
  await page.keyboard.press('Enter');
  const row = page.locator('#staff-queue tbody tr').filter({ has: page.getByRole('link', { name: number, exact: true }) });
  await row.waitFor();
  assert.equal(await page.locator('#staff-queue tbody tr').count(), 1, 'the number finds one document');
  await expectText(row, pothole.name.bg);
  await expectText(row, 'бул. Черни връх 40');
  // The whole city's view says which unit holds it and in what status it is (a search shows every status).
  const heads = (await page.locator('#staff-queue thead th').allTextContents()).map((h) => h.trim());
  const cells = (await row.locator('th, td').allTextContents()).map((c) => c.trim());
  const unitName = (id) => catalogue.units.find((u) => u.id === id).name.bg;
  const statusNames = catalogue.statuses.map((x) => x.name.bg);
  assert.ok(heads.includes('Звено') && heads.includes('Състояние'), `unit and status columns: ${heads}`);
  assert.ok(catalogue.units.some((u) => unitName(u.id) === cells[heads.indexOf('Звено')]), `a unit: ${cells}`);
  assert.ok(statusNames.includes(cells[heads.indexOf('Състояние')]), `a status: ${cells}`);
  assert.match(page.url(), new RegExp(`q=${number}`), 'the search is kept in the address');
  await s.audit(page, 'found by number');
  await s.screenshot(page, 'found');

  // The view as CSV: fetched with the sign-in and saved as a file, a header and this one row.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Изтегляне CSV' }).click()]);
  assert.equal(download.suggestedFilename(), 'kc-sofia-documents.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  assert.equal(csv.charCodeAt(0), 0xfeff, 'the file starts with a byte-order mark, so Excel reads the Cyrillic');
  assert.equal(csv.trim().split('\n').length, 2, csv);
  assert.ok(csv.includes(number) && csv.includes('бул. Черни връх 40') && csv.includes('phone'), csv);
  await expectText(page.locator('#view-csv-status'), 'Файлът е изтеглен.');

  // Opened from the row: the channel is the phone, nobody has it yet.
  await row.getByRole('link', { name: number }).click();
  await expectText(page.locator('#staff-doc-heading'), number);
  await expectText(page.locator('#staff-doc-details'), /Канал\s*Телефон/);
  await expectText(page.locator('#staff-doc-details'), /Отговорник\s*Никой/);
  await s.audit(page, 'document');
});
