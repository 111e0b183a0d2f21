// Journey 99: follow-through. A citizen's signal shows its due date and how it was computed, in "My signals" and
// on its page; a clerk (the demo operator) closes another signal as outside the municipality's competence, naming
// the competent body and where to turn, and that signal's public page shows the outcome; then the stack's clock
// passes the first signal's due date, the morning run reminds the unit, and the citizen's page, list and the map
// label the signal overdue.
//
// The clock (POST /_dev/clock?days=N) moves the whole local stack forward and never back. infra/browser-test runs
// the journeys one at a time (--test-concurrency 1 unless BROWSER_TEST_JOBS says otherwise), in the order of their
// names, on one stack: this one is numbered 99 to run after all the others (keep it last), moves the clock only at
// its end, and by the fewest days that make its signal overdue (a signal of the category with the shortest target:
// a few days), which leaves every other journey's dates as they were (30-day map, 30 days to reopen, 14-day terms
// counted from registration). Run in parallel with others it could move the clock under them: the map reads its
// days by the real date while signals are registered on the stack's clock, so a signal filed after the move is not
// on the map (journey 5 would fail). For the same reason this journey wants a stack whose clock has not moved yet (a
// fresh one), and says so otherwise.
import assert from 'node:assert/strict';
import { journey, expectText, signIn, createAccount, apiSignIn, api, fileSignal, getCatalogue, BASE_URL, DEMO, freePlace } from '../lib/harness.js';

const COMPETENT_BODY = 'Регионална здравна инспекция — София';
const WHERE_TO_TURN = 'Обадете се на телефон 02 832 71 00 или подайте жалба на сайта на инспекцията.';

// Places in the map's first view, away from the other journeys' signals (Lozenets; journey 5's places), so the
// marker is not grouped with others and can be clicked.
const PLACES = [
  [42.655, 23.285],
  [42.725, 23.4],
  [42.745, 23.26],
  [42.65, 23.43],
  [42.72, 23.2],
  [42.69, 23.45],
];


/** The Sofia date (yyyy-mm-dd) of the stack's clock, as GET or POST /_dev/clock answers it. */
async function clock(method = 'GET', days) {
  const response = await fetch(`${BASE_URL}/_dev/clock${days === undefined ? '' : `?days=${days}`}`, { method });
  const text = (await response.text()).trim();
  assert.ok(response.ok, `/_dev/clock answered ${response.status}: ${text}`);
  // A timestamp with nanoseconds, e.g. 2026-12-06T02:51:10.689409572Z.
  const at = new Date(text.replace(/(\.\d{3})\d*/, '$1'));
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Sofia' }).format(at);
}

function daysFrom(from, to) {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** yyyy-mm-dd → dd.mm.yyyy, as the registry writes dates. */
function registryDate(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

journey('a citizen sees the due date, explained, then overdue; a clerk closes a signal with its outcome', async (s) => {
  const ahead = daysFrom(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Sofia' }).format(new Date()), await clock());
  if (ahead > 0) throw new Error(`the stack's clock is ${ahead} day(s) ahead already: run this journey on a fresh stack (infra/browser-test)`);
  // ---- the citizen's signal, of the category with the shortest target (filed through the API: not the subject)
  const catalogue = await getCatalogue();
  const category = catalogue.signal_categories.reduce((a, b) => (b.target_days < a.target_days ? b : a));
  const citizen = await createAccount('due-date', 'Мария Георгиева');
  const [lat, lon] = await freePlace(PLACES);
  const { number } = await api(
    'POST',
    '/api/me/signals',
    { category: category.id, type: category.types[0].id, location: { lat, lon }, description: 'Заледен тротоар пред входа на училището, хората се подхлъзват.' },
    { token: await apiSignIn({ email: citizen.email, password: citizen.password }) },
  );
  const { due } = await api('GET', `/api/documents/${number}`);
  assert.equal(due.standing, 'on_time', 'a new signal is on time');
  assert.match(due.explanation.bg, /^\d+ дни от \d{2}\.\d{2}\.\d{4} \(/, 'the API explains the due date');

  // "My signals" shows the due date, without a label while it has not passed.
  const page = await s.newPage();
  await signIn(s, page, citizen);
  await page.getByRole('heading', { name: 'Моите сигнали', level: 1 }).waitFor();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: number }) });
  await expectText(row.locator('.due'), registryDate(due.date));
  assert.equal(await row.locator('.badge-overdue').count(), 0, 'no overdue label before the due date');

  // The signal's page: the date with the sentence that says how it was computed.
  await row.getByRole('link', { name: number }).click();
  await page.waitForURL(/mydoc\.html/);
  const dueRow = page.locator('#mydoc-details > div').filter({ has: page.locator('#mydoc-due-explanation') });
  await expectText(dueRow.locator('dt'), 'Срок за решение');
  await expectText(dueRow.locator('dd'), registryDate(due.date));
  await expectText(page.locator('#mydoc-due-explanation'), due.explanation.bg);
  assert.equal(await page.locator('main .badge-overdue').count(), 0, 'no overdue label before the due date');
  await s.audit(page, 'due date, on time');
  await s.screenshot(page, 'due-date');

  // ---- the clerk closes another signal as not the municipality's: the form asks for the body and where to turn
  const other = await fileSignal({ description: 'Силна миризма от заведение за бързо хранене, вероятно развалени продукти.' });
  const clerk = await s.newPage();
  await signIn(s, clerk, DEMO.operator);
  await s.goto(clerk, '/staff.html');
  await clerk.getByRole('heading', { name: 'Опашка за обработка' }).waitFor();
  await s.audit(clerk, 'queue');
  await clerk.getByLabel('Отваряне по регистров номер').fill(other.number);
  await clerk.getByRole('button', { name: 'Отваряне', exact: true }).click();
  await expectText(clerk.locator('#staff-doc-heading'), other.number);
  const status = clerk.getByLabel(/^Ново състояние/);
  await status.locator('option[value="not_competent"]').waitFor({ state: 'attached' });
  await status.selectOption({ label: 'Извън компетентността на общината' });
  const competentBody = clerk.getByLabel(/^Компетентен орган/);
  await competentBody.waitFor();
  const note = clerk.getByLabel(/^Бележка \(публична\) \(задължително\)/);
  await expectText(clerk.locator('#action-status-note-hint'), /къде да се обърне гражданинът/);
  await s.audit(clerk, 'not competent chosen');

  // Sent without them: each field says what is missing, and the focus goes to the first.
  await clerk.getByRole('button', { name: 'Смяна на състоянието' }).click();
  await expectText(clerk.locator('#action-competent-body-error'), 'Посочете компетентния орган.');
  await expectText(clerk.locator('#action-status-note-error'), 'Напишете къде да се обърне гражданинът.');
  assert.equal(await competentBody.getAttribute('aria-invalid'), 'true');
  assert.equal(await note.getAttribute('aria-invalid'), 'true');
  assert.ok(await competentBody.evaluate((node) => node === document.activeElement), 'the focus is on the competent body');
  await expectText(clerk.locator('#error-summary'), 'Компетентен орган: Посочете компетентния орган.');
  await s.audit(clerk, 'missing body and where to turn');

  await competentBody.fill(COMPETENT_BODY);
  await note.fill(WHERE_TO_TURN);
  await clerk.getByRole('button', { name: 'Смяна на състоянието' }).click();
  await expectText(clerk.locator('#action-result'), /Записано/);
  await expectText(clerk.locator('#staff-doc-outcome'), `компетентен орган: ${COMPETENT_BODY}`);
  await s.audit(clerk, 'closed as not competent');
  await s.screenshot(clerk, 'outcome-in-the-console');

  // Anyone reading the signal by its number sees how it ended.
  const visitor = await s.newPage();
  await s.goto(visitor, `/track.html?number=${other.number}`);
  await expectText(visitor.locator('#signal-number'), other.number);
  await expectText(visitor.locator('#signal-status'), 'Извън компетентността на общината');
  const outcome = visitor.locator('#signal-outcome');
  await expectText(outcome, `компетентен орган: ${COMPETENT_BODY}`);
  await expectText(outcome, WHERE_TO_TURN);
  await s.audit(visitor, 'outcome, public view');
  await s.screenshot(visitor, 'outcome-public');

  // ---- the clock reaches the due date; the morning run reminds the unit; a day later the signal is overdue
  const today = await clock();
  const toDue = daysFrom(today, due.date);
  assert.ok(toDue >= 1, `the due date ${due.date} is after the stack's today ${today}`);
  assert.equal(await clock('POST', toDue), due.date, 'the clock is on the due date');
  const run = await fetch(`${BASE_URL}/_dev/schedules/ScheduledEscalationFunction`, { method: 'POST' });
  assert.ok(run.ok, `the morning run answered ${run.status}: ${await run.text()}`);
  await clock('POST', 1);
  assert.equal((await api('GET', `/api/documents/${number}`)).due.standing, 'overdue');

  await page.reload();
  await expectText(dueRow.locator('dd'), registryDate(due.date));
  await expectText(dueRow.locator('.badge-overdue'), 'Просрочен');
  await expectText(page.locator('#mydoc-due-explanation'), due.explanation.bg);
  const history = page.locator('#mydoc-history-list');
  await expectText(history.locator('li').filter({ hasText: 'Системата' }), 'Напомняне до звеното: срокът изтича днес');
  await s.audit(page, 'overdue');
  await s.screenshot(page, 'overdue');

  // The same in English.
  await page.getByRole('button', { name: /English/ }).click();
  await expectText(dueRow.locator('.badge-overdue'), 'Overdue');
  await expectText(page.locator('#mydoc-due-explanation'), due.explanation.en);
  await expectText(history.locator('li').filter({ hasText: 'The system' }), 'Reminder to the unit: the term ends today');
  await s.audit(page, 'overdue, in English');
  await page.getByRole('button', { name: /български/i }).click();
  await expectText(dueRow.locator('.badge-overdue'), 'Просрочен');

  // "My signals" labels it too.
  await s.goto(page, '/my.html');
  await expectText(row.locator('.due'), registryDate(due.date));
  await expectText(row.locator('.badge-overdue'), 'Просрочен');
  await s.audit(page, 'overdue in the list');

  // And the map: the signal's popup, and the list under the map.
  await s.goto(page, `/#map=17/${lat}/${lon}`);
  const marker = page.locator(`.leaflet-marker-icon[title*="${number}"]`);
  await marker.waitFor();
  await expectText(page.locator('#recent-list li').filter({ has: page.getByRole('link', { name: new RegExp(number) }) }), 'Просрочен');
  await s.audit(page, 'overdue on the map');
  await marker.click();
  const popup = page.locator('.leaflet-popup');
  await popup.getByRole('link', { name: new RegExp(number) }).waitFor();
  await expectText(popup.locator('.badge-overdue'), 'Просрочен');
  await s.screenshot(page, 'overdue-on-the-map');
});
