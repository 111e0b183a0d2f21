// Journey 45: the staff console speaks one language at a time and writes dates the registry's way. An internal
// note's badge reads "Вътрешна бележка" in Bulgarian and "Internal note" in English, never both; times are
// dd.mm.yyyy hh:mm in both languages; a letter (писмо, neuter) is "Регистрирано на", a complaint (жалба)
// "Регистрирана на", a signal "Регистриран на".
import assert from 'node:assert/strict';
import { journey, expectText, api, apiSignIn, createAccount, signIn, DEMO } from '../lib/harness.js';

const DATE_TIME = /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/;

journey('the staff console: one language per badge, dd.mm.yyyy dates, "Регистриран/о/а" by kind', async (s) => {
  const citizen = await createAccount('words');
  const token = await apiSignIn(citizen);
  const letter = await api('POST', '/api/me/documents', {
    kind: 'letter', title: 'Писмо за проверка на думите', description: 'Текст на писмото, с което се проверява конзолата.',
  }, { token });
  const complaint = await api('POST', '/api/me/documents', {
    kind: 'complaint', title: 'Жалба за проверка на думите', description: 'Текст на жалбата, с която се проверява конзолата.',
  }, { token });
  const operator = await apiSignIn(DEMO.operator);
  const { version } = await api('GET', `/api/staff/documents/${letter.number}`, undefined, { token: operator });
  const note = `Вътрешна проверка ${letter.number}`;
  await api('POST', `/api/staff/documents/${letter.number}/notes`, { text: note, version }, { token: operator });

  const page = await s.newPage();
  await signIn(s, page, DEMO.operator);
  const open = async (number) => {
    await s.goto(page, `/staff.html?unit=contact-center&status=new&number=${encodeURIComponent(number)}`);
    await expectText(page.locator('#staff-doc-heading'), number);
  };
  const registered = () => page.locator('#staff-doc-details dt').filter({ hasText: /^(Регистриран|Registered)/ });

  await open(letter.number);
  await expectText(page.locator('#staff-history-list'), note);
  await expectText(registered(), /^Регистрирано на$/);
  const badge = page.locator('#staff-history-list .badge-internal').first();
  await expectText(badge, /^Вътрешна бележка$/);
  for (const time of await page.locator('#staff-history-list time').allTextContents()) assert.match(time, DATE_TIME);
  await s.audit(page, 'a letter, in Bulgarian');

  await page.getByRole('button', { name: /English/ }).click();
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
  await expectText(badge, /^Internal note$/);
  await expectText(registered(), /^Registered on$/);
  const times = await page.locator('#staff-history-list time').allTextContents();
  assert.ok(times.length > 0, 'the history has times');
  for (const time of times) assert.match(time, DATE_TIME, 'English dates are dd.mm.yyyy too');
  await s.audit(page, 'a letter, in English');
  await s.screenshot(page, 'english');

  await page.locator('#lang-switch').click();
  await page.locator('html[lang="bg"]').waitFor({ state: 'attached' });
  await open(complaint.number);
  await expectText(registered(), /^Регистрирана на$/);
  await s.audit(page, 'a complaint');
  await s.screenshot(page);
});
