// Journey 7: changing the password on the profile page, then signing in with the new one (the old one fails).
import { journey, expectText, signIn, createAccount, uniquePassword } from '../lib/harness.js';

journey('changing the password, then signing in with the new one', async (s) => {
  const account = await createAccount('password');
  const newPassword = uniquePassword();
  const page = await s.newPage();

  await signIn(s, page, account);
  await page.getByRole('navigation', { name: /Профил/ }).getByRole('link', { name: 'Профил' }).click();
  await page.getByRole('heading', { name: 'Смяна на паролата', level: 2 }).waitFor();
  await expectText(page.locator('#profile-email'), account.email);
  await s.audit(page);

  // A wrong current password is refused with a message.
  await page.getByLabel(/^Текуща парола/).fill('wrong-password-1');
  await page.getByLabel(/^Нова парола/).fill(newPassword);
  await page.getByRole('button', { name: 'Смяна на паролата' }).click();
  await page.locator('#change-password-summary').filter({ hasText: /\S/ }).waitFor();
  await s.audit(page, 'wrong current password');

  await page.getByLabel(/^Текуща парола/).fill(account.password);
  await page.getByLabel(/^Нова парола/).fill(newPassword);
  await page.getByRole('button', { name: 'Смяна на паролата' }).click();
  await expectText(page.locator('#change-password-status'), 'Паролата е сменена.');
  await s.audit(page, 'changed');
  await s.screenshot(page, 'changed');

  // Sign out; the old password no longer works, the new one does.
  await page.getByRole('button', { name: 'Изход', exact: true }).first().click();
  await page.waitForURL(/login\.html/);
  await page.getByLabel(/^Електронна поща/).fill(account.email);
  await page.getByLabel(/^Парола/).fill(account.password);
  await page.getByRole('button', { name: 'Вход', exact: true }).click();
  await expectText(page.locator('#error-summary'), 'Грешна електронна поща или парола.');
  await s.audit(page, 'old password refused');

  await signIn(s, page, { email: account.email, password: newPassword });
  await expectText(page.locator('#account-name'), account.name);
  await s.audit(page, 'signed in with the new password');
  await s.screenshot(page);
});
