// Journey 2: a person registers, confirms with the code Cognito mailed (on the local mailbox), signs in, files a
// complaint and finds it under "My signals"; another user (the demo citizen) cannot open it.
import assert from 'node:assert/strict';
import { journey, expectText, signIn, cognitoCode, uniqueEmail, uniquePassword, DEMO, REGISTRY_NUMBER } from '../lib/harness.js';

journey('a new user registers, files a complaint, finds it in My signals; another user cannot open it', async (s) => {
  const page = await s.newPage();
  const email = uniqueEmail('register');
  const password = uniquePassword();
  const title = `Жалба за нередовен транспорт ${Date.now()}`;

  // Register.
  await s.goto(page, '/register.html');
  await page.getByLabel(/^Име и фамилия/).fill('Петър Георгиев');
  await page.getByLabel(/^Електронна поща/).fill(email);
  await page.getByLabel(/^Парола/).fill(password);
  await page.getByLabel(/^Приемам общите условия/).check();
  await s.audit(page, 'filled in');
  await page.getByRole('button', { name: 'Регистрация', exact: true }).click();

  // Confirm with the code from the mail.
  await page.waitForURL(/confirm\.html/);
  await page.getByRole('heading', { name: 'Потвърждаване на регистрацията' }).waitFor();
  const confirmEmail = page.getByLabel(/^Електронна поща/);
  if ((await confirmEmail.inputValue()) === '') await confirmEmail.fill(email);
  await page.getByLabel(/^Код за потвърждение/).fill(await cognitoCode(email));
  await s.audit(page);
  await page.getByRole('button', { name: 'Потвърждаване' }).click();
  await page.getByRole('heading', { name: 'Профилът е потвърден' }).waitFor();
  await s.audit(page, 'confirmed');

  // Sign in.
  await signIn(s, page, { email, password });
  await s.audit(page, 'signed in');

  // File a complaint.
  await s.goto(page, '/letter.html');
  await page.getByLabel(/^Вид/).selectOption({ label: 'Жалба' });
  await page.getByLabel(/^Относно/).fill(title);
  await page.getByLabel(/^Текст/).fill('Автобус 94 не спира на спирката от три седмици насам, моля за проверка.');
  await s.audit(page, 'filled in');
  await page.getByRole('button', { name: 'Изпращане', exact: true }).click();
  await page.getByRole('heading', { name: 'Документът е регистриран' }).waitFor();
  const number = (await expectText(page.locator('#letter-confirmation-number'), REGISTRY_NUMBER)).match(REGISTRY_NUMBER)[0];
  await s.audit(page, 'confirmation');

  // My signals lists it; it opens.
  await page.getByRole('navigation', { name: /Профил/ }).getByRole('link', { name: 'Моите сигнали' }).click();
  await page.getByRole('heading', { name: 'Моите сигнали', level: 1 }).waitFor();
  const row = page.getByRole('link', { name: new RegExp(number) });
  await row.waitFor();
  await s.audit(page);
  await s.screenshot(page, 'my-signals');
  await row.click();
  await page.waitForURL(/mydoc\.html/);
  await expectText(page.locator('main'), title);
  await expectText(page.locator('main'), /Жалба/);
  await s.audit(page);

  // Another user gets "not found", the same as a number never issued.
  const other = await s.newPage();
  await signIn(s, other, DEMO.citizen);
  await s.goto(other, `/mydoc.html?number=${number}`);
  await expectText(other.getByRole('alert'), 'Няма такъв документ сред подадените от вас.');
  assert.ok(!(await other.locator('main').innerText()).includes('Автобус 94'), 'nothing of the complaint is shown');
  await s.audit(other, 'someone else’s document');
  // And the public tracking page does not show it either.
  await s.goto(other, `/track.html?number=${number}`);
  await expectText(other.getByRole('alert'), 'Няма сигнал или искане с този номер.');
  await s.audit(other, 'private document');
  await s.screenshot(other);
});
