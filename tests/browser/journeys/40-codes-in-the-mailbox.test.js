// Journey 40: the codes a new user waits for. Registering says a code was sent: it is on the local mailbox, as
// Cognito's mail reads. A wrong code is refused; "send a new code" sends another, and only the newest confirms.
// The same on the page of a forgotten password.
import assert from 'node:assert/strict';
import { journey, expectText, signIn, uniqueEmail, uniquePassword, BASE_URL, COGNITO_SENDER } from '../lib/harness.js';

/** Opens the mailbox in `tab` and reads the codes Cognito mailed to `to`, newest first, as a person sees them. */
async function codesOnTheMailbox(tab, to, count) {
  for (let tries = 0; ; tries++) {
    await tab.goto(`${BASE_URL}/_dev/mail`, { waitUntil: 'load' });
    const mails = tab
      .locator('article')
      .filter({ has: tab.locator('dd.to', { hasText: to }) })
      .filter({ has: tab.locator('dd.from', { hasText: COGNITO_SENDER }) });
    if ((await mails.count()) >= count || tries > 60) {
      await expectText(mails.first().getByRole('heading'), 'Your verification code');
      return mails.locator('dd.code output').allTextContents();
    }
    await tab.waitForTimeout(500);
  }
}

/** Another six digits than `code`. */
function wrong(code) {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

journey('the confirmation and reset codes arrive in the mailbox; a new one can be asked for', async (s) => {
  const page = await s.newPage();
  const mailbox = await s.newTabBeside(page);
  const email = uniqueEmail('codes');
  const password = uniquePassword();

  await s.goto(page, '/register.html');
  await s.audit(page);
  await page.getByLabel(/^Име и фамилия/).fill('Нина Русева');
  await page.getByLabel(/^Електронна поща/).fill(email);
  await page.getByLabel(/^Парола/).fill(password);
  await page.getByLabel(/^Приемам общите условия/).check();
  await page.getByRole('button', { name: 'Регистрация', exact: true }).click();
  await page.waitForURL(/confirm\.html/);
  await expectText(page.locator('#confirm-sent'), /Изпратихме код за потвърждение/);
  await s.audit(page);

  // The code is on the mailbox.
  const [first] = await codesOnTheMailbox(mailbox, email, 1);
  assert.match(first, /^\d{6}$/);
  await s.screenshot(mailbox, 'mailbox');

  // A wrong code: refused, said at the field.
  await page.getByLabel(/^Код за потвърждение/).fill(wrong(first));
  await page.getByRole('button', { name: 'Потвърждаване' }).click();
  await expectText(page.locator('#confirm-code-error'), /Кодът е грешен или е изтекъл/);
  await s.audit(page, 'wrong code');

  // "Send a new code": a second code arrives; the page says the first no longer works.
  await page.getByRole('button', { name: 'Изпращане на нов код' }).click();
  await expectText(page.getByRole('status').filter({ hasText: /нов код/ }), /Предишният код вече не важи/);
  await s.audit(page, 'new code sent');
  const codes = await codesOnTheMailbox(mailbox, email, 2);
  assert.equal(codes.length, 2, 'two codes on the mailbox');
  const [newest, older] = codes;
  if (newest !== older) {
    await page.getByLabel(/^Код за потвърждение/).fill(older);
    await page.getByRole('button', { name: 'Потвърждаване' }).click();
    await expectText(page.locator('#confirm-code-error'), /Кодът е грешен или е изтекъл/);
  }
  await page.getByLabel(/^Код за потвърждение/).fill(newest);
  await page.getByRole('button', { name: 'Потвърждаване' }).click();
  await page.getByRole('heading', { name: 'Профилът е потвърден' }).waitFor();
  await s.audit(page, 'confirmed');

  // A forgotten password: the code on the mailbox, a new one on request, and only that one sets the password.
  await s.goto(page, '/forgot.html');
  await s.audit(page);
  await page.getByLabel(/^Електронна поща/).fill(email);
  await page.getByRole('button', { name: 'Изпращане на код' }).click();
  await page.waitForURL(/reset\.html/);
  await page.getByRole('heading', { name: 'Нова парола', level: 1 }).waitFor();
  await s.audit(page);
  const [reset] = await codesOnTheMailbox(mailbox, email, 3);
  await page.getByRole('button', { name: 'Изпращане на нов код' }).click();
  await expectText(page.getByRole('status').filter({ hasText: /нов код/ }), /Предишният код вече не важи/);
  const [resetAgain] = await codesOnTheMailbox(mailbox, email, 4);
  const newPassword = uniquePassword();
  if (reset !== resetAgain) {
    await page.getByLabel(/^Код от писмото/).fill(reset);
    await page.getByLabel(/^Нова парола/).fill(newPassword);
    await page.getByRole('button', { name: 'Запазване на новата парола' }).click();
    await expectText(page.locator('#reset-code-error'), /Кодът е грешен или е изтекъл/);
    await s.audit(page, 'old reset code');
  }
  await page.getByLabel(/^Код от писмото/).fill(resetAgain);
  await page.getByLabel(/^Нова парола/).fill(newPassword);
  await page.getByRole('button', { name: 'Запазване на новата парола' }).click();
  await page.getByRole('heading', { name: 'Паролата е сменена' }).waitFor();
  await s.audit(page, 'password reset');

  await signIn(s, page, { email, password: newPassword });
  await expectText(page.locator('#account-name'), 'Нина Русева');
  await s.screenshot(page);
});
