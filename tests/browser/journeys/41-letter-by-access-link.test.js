// Journey 41: a letter opened through its access link shows the fields of a letter (subject, text, the sender's
// data), not a signal's empty "Категория", "Вид на проблема" and "Местоположение"; a signal's page still has them.
import assert from 'node:assert/strict';
import { journey, expectText, api, apiSignIn, createAccount, fileSignal, uniqueEmail } from '../lib/harness.js';

journey("a letter through its access link shows a letter's fields only", async (s) => {
  const account = await createAccount('letter');
  const token = await apiSignIn(account);
  const title = `Писмо за осветлението ${Date.now()}`;
  const letter = await api('POST', '/api/me/documents', {
    kind: 'letter',
    title,
    description: 'Моля за информация кога ще бъде подменено уличното осветление на ул. Фритьоф Нансен.',
  }, { token });

  const page = await s.newPage();
  await page.goto(letter.follow_url);
  await expectText(page.locator('#signal-number'), letter.number);
  await expectText(page.locator('#signal-kind'), 'Писмо');
  await expectText(page.locator('#signal-title'), title);
  await expectText(page.locator('#sender-email'), account.email);
  const details = page.locator('#signal dl.details');
  for (const label of ['Категория', 'Вид на проблема', 'Местоположение']) {
    assert.equal(await details.getByText(label, { exact: true }).isVisible(), false, `a letter has no "${label}"`);
  }
  // Every label shown has its value.
  const rows = details.locator(':scope > div:visible');
  for (let i = 0; i < (await rows.count()); i += 1) {
    const value = (await rows.nth(i).locator('dd').innerText()).trim();
    const label = (await rows.nth(i).locator('dt').innerText()).trim();
    assert.notEqual(value, '', `"${label}" is shown with no value`);
  }
  await s.audit(page, 'letter');
  await s.screenshot(page, 'letter');

  // A signal keeps its category, type and place.
  const signal = await fileSignal({ email: uniqueEmail('signal') });
  await page.goto(signal.follow_url);
  await expectText(page.locator('#signal-number'), signal.number);
  for (const label of ['Категория', 'Вид на проблема', 'Местоположение']) {
    await details.getByText(label, { exact: true }).waitFor();
  }
  await s.audit(page, 'signal');
  await s.screenshot(page);
});
