// Journey 44: "Моите абонаменти" tells the followed signals apart without opening them: each shows its type
// (category and type), its place (the address given and the district) and its last change (when and what).
import { journey, expectText, api, apiSignIn, createAccount, getCatalogue, signIn, staffStatus, uniqueEmail, DEMO } from '../lib/harness.js';

journey('My subscriptions shows what, where and the last change of each followed signal', async (s) => {
  const category = (await getCatalogue()).signal_categories[0];
  const type = category.types[0];
  const address = `ул. Златовръх ${Date.now() % 90 + 10}`;
  const signal = await api('POST', '/api/signals', {
    category: category.id,
    type: type.id,
    location: { lat: 42.6797, lon: 23.3225, address },
    description: 'Паднал клон на тротоара пред блока пречи на минувачите.',
    email: uniqueEmail('sender'),
  });
  const follower = await createAccount('follower', 'Вера Следяща');
  const token = await apiSignIn(follower);
  await api('PUT', `/api/me/subscriptions/${signal.number}`, undefined, { token });

  const page = await s.newPage();
  await signIn(s, page, follower);
  await s.goto(page, '/subscriptions.html');
  const item = page.locator('#subs-signals li').filter({ has: page.getByRole('link', { name: new RegExp(signal.number) }) });
  await item.waitFor();
  await expectText(item.locator('dl'), new RegExp(`Вид.*${category.name.bg}.*${type.name.bg}`, 's'));
  await expectText(item.locator('dl'), new RegExp(`Място.*${address}.*район Лозенец`, 's'));
  await expectText(item.locator('dl'), /Последна промяна.*\d{2}\.\d{2}\.\d{4} — Регистриран, без промени оттогава/s);
  await s.audit(page, 'just filed');

  // A clerk's change is the last change now.
  await staffStatus(DEMO.operator, signal.number, 'forwarded', 'Изпратен на района.');
  await page.reload();
  await item.waitFor();
  await expectText(item.locator('dl'), /Последна промяна.*\d{2}\.\d{2}\.\d{4} — Състояние: .+ → .+/s);
  await s.audit(page, 'after a change');
  await s.screenshot(page);

  // In English too.
  await page.getByRole('button', { name: /English/ }).click();
  await expectText(item.locator('dl'), /Last change.*\d{2}\.\d{2}\.\d{4} — Status: .+ → .+/s);
  await expectText(item.locator('dl'), /Place.*Lozenets district/s);
  await s.audit(page, 'in English');
});
