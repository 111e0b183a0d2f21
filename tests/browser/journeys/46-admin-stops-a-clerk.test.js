// Journey 46: an administrator manages staff accounts in the console: creates a clerk of Lyulin, finds the account
// in the list (invited), stops it once confirmed (a clerk who left: the list says it is stopped, the status line
// announces it, the focus stays on the account's button),
// lets it back in, and moves it to Lozenets. The administrator's own account cannot be changed there.
import assert from 'node:assert/strict';
import { journey, expectText, signIn, until, uniqueEmail, DEMO } from '../lib/harness.js';

journey('an administrator stops a clerk, lets them back in and moves them to another unit', async (s) => {
  const page = await s.newPage();
  await signIn(s, page, DEMO.admin);
  await s.goto(page, '/staff.html');
  const panel = page.getByRole('region', { name: 'Служебни профили' });
  await panel.getByRole('table', { name: /^Служебни профили: \d+$/ }).waitFor();

  // A new clerk of Lyulin: invited, in the list.
  const email = uniqueEmail('clerk');
  const create = page.getByRole('region', { name: 'Нов служебен профил' });
  await create.getByLabel(/^Електронна поща/).fill(email);
  await create.getByLabel(/^Име/).fill('Мария Служителева');
  await create.getByLabel(/^Роля/).selectOption('unit-district-lyulin');
  await create.getByRole('button', { name: 'Създаване на профила' }).click();
  await expectText(create.getByRole('status'), new RegExp(`Профилът на ${email} е създаден`));
  const row = panel.getByRole('row').filter({ has: page.getByRole('rowheader', { name: email, exact: true }) });
  await expectText(row, 'Поканен');
  await expectText(row, 'Люлин');
  await s.audit(page, 'the list');

  // Stopped, once confirmed: the row says so, the status line announces it, the focus stays on its button; then
  // let back in.
  await row.getByRole('button', { name: `Спиране на профила на ${email}` }).click();
  await expectText(row, `Да се спре ли профилът на ${email}?`);
  const yes = row.getByRole('button', { name: `Да, спиране на профила на ${email}` });
  await until('the focus on the confirmation', () => yes.evaluate((node) => node === document.activeElement));
  await s.audit(page, 'asked once more');
  await yes.click();
  await expectText(panel.locator('#staffacc-status'), `Профилът на ${email} е спрян: не може да влиза.`);
  await expectText(row, 'Спрян');
  await until('the focus on the account\'s button', () =>
    row.getByRole('button', { name: `Възстановяване на профила на ${email}` }).evaluate((node) => node === document.activeElement));
  await s.screenshot(page, 'stopped');
  await row.getByRole('button', { name: `Възстановяване на профила на ${email}` }).click();
  await expectText(panel.locator('#staffacc-status'), `Профилът на ${email} е възстановен.`);
  await expectText(row, 'Поканен');

  // Moved to Lozenets.
  const form = page.getByRole('form', { name: 'Смяна на роля' });
  await form.getByLabel(/^Профил/).selectOption(email);
  await form.getByLabel(/^Роля/).selectOption('unit-district-lozenets');
  await form.getByRole('button', { name: 'Запазване на ролята' }).click();
  await expectText(form.getByRole('status'), `${email} е с новата роля от следващото си влизане.`);
  await expectText(row, 'Лозенец');
  assert.ok(!/Люлин/.test(await row.textContent()), 'no longer a clerk of Lyulin');

  // One's own account is another administrator's to change.
  const own = panel.getByRole('row').filter({ has: page.getByRole('rowheader', { name: DEMO.admin.email, exact: true }) });
  await own.getByRole('button', { name: `Спиране на профила на ${DEMO.admin.email}` }).click();
  await own.getByRole('button', { name: `Да, спиране на профила на ${DEMO.admin.email}` }).click();
  await expectText(panel.locator('#staffacc-status'), 'Собствения си профил променя друг администратор.');
  await s.audit(page, 'moved');
});
