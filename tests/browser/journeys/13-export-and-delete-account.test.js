// Journey 13: a user downloads everything held about them (JSON) from the profile, then deletes the account;
// signing in no longer works, and the signal they filed stays public without their name.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { journey, expectText, signIn, createAccount, api, getCatalogue } from '../lib/harness.js';

journey('exporting my data, then deleting my account', async (s) => {
  const user = await createAccount('delete-me', 'Стоян Изтрийсков');
  const login = await api('POST', '/api/account/login', { email: user.email, password: user.password });
  const description = 'Разбита пейка в парка, сигнал от профил, който ще бъде изтрит.';
  const cat = await getCatalogue();
  const category = cat.signal_categories[0];
  const signal = await api(
    'POST',
    '/api/me/signals',
    { category: category.id, type: category.types[0].id, location: { lat: 42.6797, lon: 23.3225 }, description },
    { token: login.access_token },
  );

  const page = await s.newPage();
  await signIn(s, page, user);
  await s.goto(page, '/profile.html');
  await page.getByRole('heading', { name: 'Вашите данни' }).waitFor();
  await s.audit(page);

  // The export: a JSON file with the profile and the signal.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /Изтегляне на данните ми/ }).click(),
  ]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  const text = JSON.stringify(exported);
  assert.ok(text.includes(user.email), 'the export holds the e-mail');
  assert.ok(text.includes(signal.number), 'the export holds the signal');

  // Deleting the account: the password, then the in-page confirmation (a checkbox, not a browser dialog).
  await page.getByLabel(/^Парола за потвърждение/).fill(user.password);
  await page.getByRole('checkbox', { name: /Разбирам, че профилът ще бъде изтрит окончателно/ }).check();
  await s.audit(page, 'about to delete');
  await page.getByRole('button', { name: 'Изтриване на профила' }).click();
  await expectText(page.locator('#delete-done'), 'Профилът е изтрит.');
  await page.locator('#nav-login').waitFor();
  await s.audit(page, 'deleted');
  await s.screenshot(page, 'deleted');

  // Signing in fails; the signal stays public, without the name.
  await s.goto(page, '/login.html');
  await page.getByLabel(/^Електронна поща/).fill(user.email);
  await page.getByLabel(/^Парола/).fill(user.password);
  await page.getByRole('button', { name: 'Вход', exact: true }).click();
  await expectText(page.locator('#error-summary'), 'Грешна електронна поща или парола.');
  await s.audit(page, 'deleted account');
  await s.goto(page, `/track.html?number=${signal.number}`);
  await expectText(page.locator('#signal-description'), description);
  assert.ok(!(await page.locator('main').innerText()).includes('Изтрийсков'), 'no name on the public page');
  await s.audit(page);
  await s.screenshot(page);
});
