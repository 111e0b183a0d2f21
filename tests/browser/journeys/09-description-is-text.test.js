// Journey 9: a description that looks like HTML renders as text (no dialog fires, no element is created) on the
// signal's public page and in the staff console.
import assert from 'node:assert/strict';
import { journey, expectText, signIn, fileSignal, DEMO } from '../lib/harness.js';

const PAYLOAD = '<img src=x onerror=alert(1)>';

journey('a description with HTML renders as text', async (s) => {
  const { number } = await fileSignal({ description: PAYLOAD });
  const page = await s.newPage();

  await s.goto(page, `/track.html?number=${number}`);
  await expectText(page.locator('#signal-number'), number);
  assert.equal((await page.locator('#signal-description').textContent()).trim(), PAYLOAD);
  assert.equal(await page.locator('main img[src="x"]').count(), 0, 'no image element was made from the text');
  await s.audit(page);
  await s.screenshot(page);

  const clerk = await s.newPage();
  await signIn(s, clerk, DEMO.operator);
  await s.goto(clerk, '/staff.html');
  await clerk.getByLabel('Отваряне по регистров номер').fill(number);
  await clerk.getByRole('button', { name: 'Отваряне', exact: true }).click();
  await expectText(clerk.locator('#staff-doc-heading'), number);
  await expectText(clerk.locator('#staff-doc-body'), PAYLOAD);
  assert.equal(await clerk.locator('main img[src="x"]').count(), 0, 'no image element in the staff console');
  await s.audit(clerk, 'staff console');

  assert.deepEqual(s.dialogs, [], 'no dialog was opened');
});
