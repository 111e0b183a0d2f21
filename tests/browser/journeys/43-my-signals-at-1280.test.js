// Journey 43: "Моите сигнали" on a 1280 px screen shows every column, the due date last: its header and its cells
// are within the window and within the table's box, with nothing to scroll sideways to.
import assert from 'node:assert/strict';
import { journey, api, apiSignIn, createAccount, getCatalogue, signIn } from '../lib/harness.js';

/** Whether `locator`'s box lies inside the window and inside the visible part of the box `frame`. */
async function fullyShown(page, locator, frame) {
  const [box, outer] = [await locator.boundingBox(), await frame.boundingBox()];
  const width = page.viewportSize().width;
  return box.x >= 0 && box.x + box.width <= width && box.x >= outer.x - 0.5 && box.x + box.width <= outer.x + outer.width + 0.5;
}

journey('My signals shows the due date column at 1280 px', async (s) => {
  const account = await createAccount('wide', 'Дора Широка');
  const token = await apiSignIn(account);
  const request = await api('POST', '/api/me/documents', {
    kind: 'access_request',
    title: 'Договори за почистване на района през 2026 г.',
    description: 'Моля за копия от договорите за почистване на улиците в район Лозенец, сключени през 2026 г.',
  }, { token });
  const category = (await getCatalogue()).signal_categories[0];
  await api('POST', '/api/me/signals', {
    category: category.id,
    type: category.types[0].id,
    location: { lat: 42.6797, lon: 23.3225, address: 'ул. Орфей 12, вход Б, до детската площадка' },
    description: 'Счупена плочка на тротоара пред входа, на която хората се спъват.',
  }, { token });

  const page = await s.newPage({ width: 1280, height: 900 });
  await signIn(s, page, account);
  await page.waitForURL(/my\.html/);
  const table = page.locator('#my-documents');
  await table.waitFor();
  const frame = page.locator('#my-documents-box .table-wrap');
  const header = table.getByRole('columnheader', { name: 'Срок за решение' });
  await header.waitFor();
  const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: request.number }) });
  const due = row.locator('td').last();
  await due.locator('time').waitFor();

  assert.ok(await fullyShown(page, header, frame), 'the due date header is on the screen');
  assert.ok(await fullyShown(page, due, frame), 'the due date of the ЗДОИ request is on the screen');
  const sideways = await frame.evaluate((el) => el.scrollWidth - el.clientWidth);
  assert.ok(sideways <= 1, `nothing to scroll sideways at 1280 px (${sideways} px)`);
  await s.audit(page, 'at 1280 px');
  await s.screenshot(page);
});
