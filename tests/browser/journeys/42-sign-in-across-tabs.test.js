// Journey 42: one sign-in for every tab of the site. A new tab opens "My signals" without asking for the password;
// signing out in one tab signs out the others: a page of the user's own data leaves for the login page, a public
// page shows "Вход" again.
import { journey, expectText, signIn, createAccount } from '../lib/harness.js';

journey('a sign-in is shared by the tabs, and so is signing out', async (s) => {
  const account = await createAccount('tabs', 'Яна Табова');
  const first = await s.newPage();
  await signIn(s, first, account);
  await first.waitForURL(/my\.html/);

  // A second tab: already signed in.
  const second = await s.newTabBeside(first);
  await s.goto(second, '/subscriptions.html');
  await second.getByRole('heading', { name: 'Моите абонаменти', level: 1 }).waitFor();
  await expectText(second.locator('#account-name'), account.name);
  await s.audit(second, 'second tab, signed in');
  const third = await s.newTabBeside(first);
  await s.goto(third, '/help.html');
  await expectText(third.locator('#account-name'), account.name);
  await s.audit(third, 'a public page, signed in');

  // Signing out in the second tab signs out the first (on My signals) and the third (a public page).
  await second.getByRole('button', { name: 'Изход' }).click();
  await second.waitForURL(/login\.html/);
  await first.waitForURL(/login\.html\?signed_out=1/);
  await expectText(first.locator('#login-notice'), 'Излязохте от профила си.');
  await s.audit(first, 'signed out from another tab');
  await third.locator('#nav-login').waitFor();
  await s.audit(third, 'a public page, signed out');
  await s.screenshot(first);
});
