// Journey 6: filing a signal without the map, with the keyboard only (Tab, typing, Enter): category, type,
// district and address, description, e-mail. No mouse, no map.
import assert from 'node:assert/strict';
import { journey, expectText, expectSelected, until, uniqueEmail, REGISTRY_NUMBER, tabTo, typeKeys } from '../lib/harness.js';

journey('filing a signal with the keyboard only, by district and address', async (s) => {
  const page = await s.newPage();
  const email = uniqueEmail('keyboard');
  const address = 'бул. „Черни връх“ 47';
  const description = 'Паднал клон препречва тротоара, хората минават по платното.';

  await s.goto(page, '/report.html');
  const form = page.locator('form#report-form');
  await page.getByLabel(/^Категория/).locator('option', { hasText: 'Улици и тротоари' }).waitFor({ state: 'attached' });
  await s.audit(page);

  // Sending the empty form: the errors are listed in an alert, each tied to its field, and the focus goes to the
  // first field in error.
  await tabTo(page, form.getByRole('button', { name: 'Изпращане на сигнала' }));
  await page.keyboard.press('Enter');
  await page.getByRole('alert').getByRole('link').first().waitFor();
  const category = form.getByLabel(/^Категория/);
  await until('the focus on the first field in error', () => category.evaluate((node) => node === document.activeElement));
  assert.equal(await category.getAttribute('aria-invalid'), 'true');
  const describedBy = (await category.getAttribute('aria-describedby')).split(/\s+/);
  const errorText = await page.evaluate(
    (ids) => ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim(),
    describedBy.filter((id) => id.endsWith('error')),
  );
  assert.ok(errorText.length > 0, 'the category field is described by its error message');
  await s.audit(page, 'errors');
  await s.screenshot(page, 'errors');

  // Category and type: focus by Tab, choose by typing the option's name.
  await tabTo(page, form.getByLabel(/^Категория/));
  await typeKeys(page, 'Улици и тротоари');
  await expectSelected(form.getByLabel(/^Категория/), 'Улици и тротоари');
  await tabTo(page, form.getByLabel(/^Вид на проблема/));
  await typeKeys(page, 'Разбит тротоар');
  await expectSelected(form.getByLabel(/^Вид на проблема/), 'Разбит тротоар');

  // District and address, no map.
  await tabTo(page, form.getByLabel(/^Район/));
  await typeKeys(page, 'Лозенец');
  await expectSelected(form.getByLabel(/^Район/), 'Лозенец');
  await tabTo(page, form.getByLabel(/^Адрес/));
  await typeKeys(page, address);

  await tabTo(page, form.getByLabel(/^Описание на проблема/));
  await typeKeys(page, description);
  await tabTo(page, form.getByLabel(/^Електронна поща за известяване/));
  await typeKeys(page, email);
  await s.audit(page, 'filled in');
  await page.keyboard.press('Enter');

  // The confirmation takes the focus, so a screen reader announces it.
  const confirmation = page.getByRole('region', { name: 'Сигналът е регистриран' });
  await confirmation.waitFor();
  const number = (await expectText(page.locator('#confirmation-number'), REGISTRY_NUMBER)).match(REGISTRY_NUMBER)[0];
  assert.ok(
    await confirmation.evaluate((node) => node.contains(document.activeElement)),
    'the focus moves to the confirmation',
  );
  await s.audit(page, 'confirmation');
  await s.screenshot(page, 'confirmation');

  // Follow it with the keyboard: Tab to the link, Enter.
  const follow = page.locator('#follow-link');
  await tabTo(page, follow);
  await page.keyboard.press('Enter');
  await page.waitForURL(/track\.html/);
  await expectText(page.locator('#signal-number'), number);
  await expectText(page.locator('#signal-location'), address);
  await expectText(page.locator('main'), /Лозенец/);
  await s.audit(page);
  await s.screenshot(page);
});
