// Journey 29: a clerk of Lozenets clears ten signals with one bulk action. Ten signals are taken in for Lozenets
// through the API (an operator's intake), each with the same unusual word. The clerk opens the console, chooses the
// "new" tab, filters by category and type and searches for the word: the ten are listed. "Select all on this page"
// ticks them; the bulk bar says ten are selected; one status change with one public note is applied; the results
// say "done" for each of the ten, and the view (status new) no longer lists them. One of them the clerk then
// assigns to themself from the document ("Assign to").
import assert from 'node:assert/strict';
import { journey, expectText, expectSelected, api, apiSignIn, getCatalogue, signIn, until, DEMO } from '../lib/harness.js';

/** An unusual word of Cyrillic letters, so that the search finds this journey's signals only. */
function unusualWord() {
  const letters = 'бвгдзклмнпрстфх';
  let word = 'жу';
  for (let i = 0; i < 7; i += 1) word += letters[Math.floor(Math.random() * letters.length)] + 'о';
  return word;
}

journey('a Lozenets clerk filters the view, selects all on the page and changes ten statuses at once', async (s) => {
  const catalogue = await getCatalogue();
  const streets = catalogue.signal_categories.find((c) => c.id === 'streets');
  const pothole = streets.types.find((t) => t.id === 'pothole');
  const statusName = (id) => catalogue.statuses.find((x) => x.id === id).name.bg;
  const word = unusualWord();
  const operator = await apiSignIn(DEMO.operator);
  const numbers = [];
  for (let i = 1; i <= 10; i += 1) {
    const taken = await api('POST', '/api/staff/intake', {
      channel: 'phone', kind: 'signal', category: 'streets', type: 'pothole',
      location: { address: `ул. Сребърна ${i}`, district: 'lozenets' },
      description: `Дупка номер ${i} пред входа, ${word}, съобщена по телефона.`,
    }, { token: operator });
    numbers.push(taken.number);
  }
  const note = 'Сигналите са приети за проверка на място от района.';

  // The stream counts them a moment after they are filed.
  const clerkToken = await apiSignIn(DEMO.unit);
  await until('the ten are counted', async () => {
    const counted = await api('GET', '/api/staff/counts', undefined, { token: clerkToken });
    return ((counted.counts.open.category || {}).streets || 0) >= 10;
  });

  const clerk = await s.newPage();
  await signIn(s, clerk, DEMO.unit);
  await s.goto(clerk, '/staff.html');
  await clerk.getByRole('heading', { name: 'Опашка за обработка' }).waitFor();
  const newTab = clerk.getByRole('tab', { name: new RegExp(`^${statusName('new')} \\(\\d+\\)$`) });
  await newTab.click();
  await expectText(clerk.locator('#staff-queue-caption'), `: ${statusName('new')}`);

  // Filtered by category and type, and searched for the word (the index may take a moment to have them).
  // Beside each choice, how many open documents it has (counters the stream keeps): at least these ten.
  await until('the category shows its open count', async () => {
    const label = await clerk.locator('#view-category option[value="streets"]').textContent();
    const m = /\((\d+) отворени\)/.exec(label || '');
    return m && Number(m[1]) >= 10;
  });
  await clerk.getByLabel('Категория', { exact: true }).selectOption(streets.id);
  await clerk.getByLabel('Вид на проблема', { exact: true }).locator('option', { hasText: pothole.name.bg }).waitFor({ state: 'attached' });
  await clerk.getByLabel('Вид на проблема', { exact: true }).selectOption(pothole.id);
  const search = clerk.getByLabel('Търсене по номер или думи');
  await search.fill(word);
  const rows = clerk.locator('#staff-queue tbody tr');
  const queueStatus = clerk.locator('#staff-queue-status');
  for (let attempt = 0; attempt < 30 && (await rows.count()) !== 10; attempt += 1) {
    if (attempt) await clerk.waitForTimeout(1000);
    await search.press('Enter');
    await until('the view loaded', async () => !/Зареждане/.test(await queueStatus.textContent()));
  }
  assert.equal(await rows.count(), 10, 'the ten signals are listed');
  for (const number of numbers) await clerk.getByRole('link', { name: number, exact: true }).waitFor();
  assert.match(clerk.url(), /status=new/);
  assert.match(clerk.url(), /category=streets/);
  await s.audit(clerk, 'filtered');

  // Select all on this page: the bulk bar appears and counts them.
  await clerk.getByLabel('Избор на всички на тази страница').check();
  const bar = clerk.getByRole('form', { name: 'Действие с избраните' });
  await expectText(bar, 'Избрани са 10 документа.');
  for (const number of numbers) assert.ok(await clerk.getByLabel(`Избор на № ${number}`).isChecked(), `${number} ticked`);
  await expectSelected(bar.getByLabel(/^Действие/), 'Смяна на състоянието');
  const status = bar.getByLabel(/^Състояние за всички избрани/);
  await status.locator('option', { hasText: statusName('registered') }).waitFor({ state: 'attached' });
  await status.selectOption({ label: statusName('registered') });
  await bar.getByLabel('Публична бележка към всички избрани').fill(note);
  await s.audit(clerk, 'bulk bar');
  await s.screenshot(clerk, 'bulk-bar');
  await bar.getByRole('button', { name: 'Прилагане' }).click();

  // Ten "done", the focus on the results, and the view (status new) no longer lists them.
  const results = clerk.getByRole('region', { name: /^Изпълнено за 10 документа\. Отказано за 0 документа\.$/ });
  await results.waitFor();
  await until('the focus on the results', () => results.evaluate((node) => node === document.activeElement));
  const items = results.getByRole('listitem');
  assert.equal(await items.count(), 10);
  for (const number of numbers) await expectText(results.getByRole('listitem').filter({ hasText: number }), `${number}: изпълнено.`);
  await expectText(clerk.locator('#staff-queue-status'), 'Няма документи, които отговарят на избора.');
  assert.equal(await rows.count(), 0, 'the view of new signals lists none of them');
  assert.ok(await bar.isHidden(), 'the bulk bar goes with the selection');
  await s.audit(clerk, 'done');
  await s.screenshot(clerk, 'done');

  // The most followed first, and only what citizens follow: both kept in the address; none of these is followed.
  await clerk.getByLabel('Подреждане').selectOption({ label: 'По абонати, най-следените първи' });
  await until('the order in the address', () => /sort=followers/.test(clerk.url()));
  await clerk.getByLabel('Само следени от граждани').check();
  await until('the filter in the address', () => /followed=true/.test(clerk.url()));
  await expectText(clerk.locator('#staff-queue-status'), 'Няма документи, които отговарят на избора.');
  await clerk.getByLabel('Само следени от граждани').uncheck();

  // One of them is given to the clerk from the document: the assignee shows, and the staff history says so.
  await s.goto(clerk, `/staff.html?status=registered&number=${numbers[0]}`);
  await expectText(clerk.locator('#staff-doc-heading'), numbers[0]);
  await expectText(clerk.locator('#staff-doc-details'), /Отговорник\s*Никой/);
  const assign = clerk.getByRole('form', { name: 'Възлагане на служител' });
  await assign.getByLabel(/^Възложи на/).selectOption({ label: 'Мен' });
  await assign.getByRole('button', { name: 'Възлагане' }).click();
  await expectText(clerk.locator('#action-result'), 'Записано: възлагането.');
  await expectText(clerk.locator('#staff-doc-details'), new RegExp(`Отговорник\\s*${DEMO.unit.email}`));
  await expectText(clerk.locator('#staff-history-list'), `Възлагане на: ${DEMO.unit.email}`);
  await s.audit(clerk, 'assigned');

  // The statistics: what the unit received this month, by channel is the operators'; open by age.
  await clerk.getByRole('button', { name: 'Показване' }).click();
  await expectText(clerk.locator('#stats-units-caption'), 'По звена');
  await expectText(clerk.locator('#stats-units'), 'Лозенец');
  await s.audit(clerk, 'statistics');

  // Each got the status and the public note.
  const token = await apiSignIn(DEMO.unit);
  for (const number of numbers) {
    const view = await api('GET', `/api/staff/documents/${number}`, undefined, { token });
    assert.equal(view.document.status, 'registered', number);
  }
  const shown = await api('GET', `/api/documents/${numbers[0]}`);
  assert.ok(JSON.stringify(shown).includes(note), 'the public note is on the signal');
});
