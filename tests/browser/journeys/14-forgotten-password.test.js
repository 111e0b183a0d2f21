// Journey 14: a forgotten password: the login page's link, a code by e-mail (read from the local mailbox), a new
// password, then signing in with it.
import { journey, expectText, signIn, cognitoCode, createAccount, uniquePassword } from '../lib/harness.js';

journey('resetting a forgotten password, then signing in with the new one', async (s) => {
  const account = await createAccount('forgot');
  const newPassword = uniquePassword();
  const page = await s.newPage();

  await s.goto(page, '/login.html');
  await s.audit(page);
  await page.getByRole('link', { name: 'Забравена парола?' }).click();
  await page.getByRole('heading', { name: 'Забравена парола', level: 1 }).waitFor();
  await page.getByLabel(/^Електронна поща/).fill(account.email);
  await s.audit(page);
  await page.getByRole('button', { name: 'Изпращане на код' }).click();

  await page.waitForURL(/reset\.html/);
  await page.getByRole('heading', { name: 'Нова парола', level: 1 }).waitFor();
  const email = page.getByLabel(/^Електронна поща/);
  if ((await email.inputValue()) === '') await email.fill(account.email);
  // The sign-up code was the first of Cognito's mails to this address; the reset code is the second.
  await page.getByLabel(/^Код от писмото/).fill(await cognitoCode(account.email, 2));
  await page.getByLabel(/^Нова парола/).fill(newPassword);
  await s.audit(page, 'filled in');
  await page.getByRole('button', { name: 'Запазване на новата парола' }).click();
  await page.getByRole('heading', { name: 'Паролата е сменена' }).waitFor();
  await s.audit(page, 'done');
  await s.screenshot(page, 'reset');

  await page.getByRole('link', { name: 'Вход', exact: true }).last().click();
  await page.waitForURL(/login\.html/);
  await expectText(page.getByRole('status').filter({ hasText: /\S/ }), 'Паролата е сменена. Влезте с новата парола.');
  await s.audit(page, 'after the reset');
  await signIn(s, page, { email: account.email, password: newPassword });
  await expectText(page.locator('#account-name'), account.name);
  await s.screenshot(page);
});
