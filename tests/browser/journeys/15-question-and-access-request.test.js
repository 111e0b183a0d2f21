// Journey 15: an anonymous question, tracked by its number; a signed-in user's request for access to public
// information (ЗДОИ), with its 14-day decision date shown in "My signals".
import assert from 'node:assert/strict';
import { journey, expectText, signIn, createAccount, uniqueEmail, REGISTRY_NUMBER } from '../lib/harness.js';

/** Parses dd.mm.yyyy. */
function bulgarianDate(text) {
  const [, d, m, y] = text.match(/(\d{2})\.(\d{2})\.(\d{4})/);
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
}

journey('a question tracked by number; an access request with its decision date in My signals', async (s) => {
  const page = await s.newPage();
  const question = 'Какви документи са нужни за разрешение за ремонт на фасада в Лозенец?';

  await s.goto(page, '/question.html');
  const topic = page.getByLabel(/^Тема/);
  await topic.locator('option:not([value=""])').first().waitFor({ state: 'attached' });
  await topic.selectOption({ index: 1 });
  await page.getByLabel(/^Вашият въпрос/).fill(question);
  await page.getByLabel(/^Електронна поща за отговор/).fill(uniqueEmail('question'));
  await s.audit(page, 'filled in');
  await page.getByRole('button', { name: 'Изпращане на въпроса' }).click();
  await page.getByRole('heading', { name: 'Искането за информация е регистрирано' }).waitFor();
  const number = (await expectText(page.locator('#confirmation-number'), REGISTRY_NUMBER)).match(REGISTRY_NUMBER)[0];
  await s.audit(page, 'confirmation');

  // Anyone tracks it by number; the question's text is not public.
  await s.goto(page, '/');
  await page.waitForLoadState('networkidle');
  await s.audit(page);
  await page.getByRole('textbox', { name: 'Регистров номер' }).fill(number);
  await page.getByRole('button', { name: 'Търсене' }).click();
  await page.waitForURL(/track\.html/);
  await expectText(page.locator('#signal-number'), number);
  assert.ok(!(await page.locator('main').innerText()).includes(question), 'the question is not shown publicly');
  await s.audit(page, 'a question, public view');

  // An access request, signed in.
  const user = await createAccount('zdoi');
  await signIn(s, page, user);
  await s.goto(page, '/letter.html');
  await page.getByLabel(/^Вид/).selectOption({ label: 'Заявление за достъп до обществена информация' });
  await page.getByLabel(/^Относно/).fill('Договори за ремонт на улици през 2026 г.');
  await page.getByLabel(/^Текст/).fill('Моля за копия от договорите за ремонт на улици в район Лозенец, сключени през 2026 г.');
  await s.audit(page, 'filled in');
  await page.getByRole('button', { name: 'Изпращане', exact: true }).click();
  await page.getByRole('heading', { name: 'Документът е регистриран' }).waitFor();
  const request = (await expectText(page.locator('#letter-confirmation-number'), REGISTRY_NUMBER)).match(REGISTRY_NUMBER)[0];
  const registered = bulgarianDate(await expectText(page.locator('#letter-confirmation-date'), /\d{2}\.\d{2}\.\d{4}/));
  await expectText(page.locator('#letter-access-note'), /14-дневен срок/);
  await s.audit(page, 'confirmation');

  await s.goto(page, '/my.html');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: new RegExp(request) }) });
  await row.waitFor();
  const due = bulgarianDate(await expectText(row.locator('.due'), /\d{2}\.\d{2}\.\d{4}/));
  const days = Math.round((due - registered) / 86_400_000);
  assert.ok(days >= 14 && days <= 16, `the decision is due 14 days after registration (shown: ${days} days)`);
  await s.audit(page);
  await s.screenshot(page);
});
