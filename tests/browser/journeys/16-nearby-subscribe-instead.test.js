// Journey 16: before filing, a signed-in user is shown the open signal already reported at that spot and
// subscribes to it instead of filing a duplicate; it then appears under "My subscriptions".
import { journey, expectText, signIn, createAccount, fileSignal } from '../lib/harness.js';

journey('nearby signals before filing: subscribing instead of a duplicate', async (s) => {
  const lat = 42.6935 + Math.random() * 0.002;
  const lon = 23.3335 + Math.random() * 0.002;
  const { number } = await fileSignal({ description: 'Дупка на пешеходната пътека, колите подскачат.', lat, lon });
  const user = await createAccount('nearby');
  const page = await s.newPage();
  await signIn(s, page, user);

  await s.goto(page, '/report.html');
  await page.getByLabel(/^Категория/).selectOption({ label: 'Улици и тротоари' });
  await page.getByLabel(/^Вид на проблема/).selectOption({ label: 'Дупка в пътното платно' });
  await page.getByLabel(/^Географска ширина/).fill(String(lat + 0.0003));
  await page.getByLabel(/^Географска дължина/).fill(String(lon));
  await page.getByLabel(/^Географска дължина/).press('Tab');

  const nearby = page.getByRole('region', { name: 'Подобни сигнали наблизо' });
  const subscribe = nearby.getByRole('button', { name: `Абониране за № ${number} вместо нов сигнал` });
  await subscribe.waitFor();
  await s.audit(page, 'nearby shown');
  await subscribe.click();
  await expectText(nearby, new RegExp(`Абонирахте се за № ${number}`));
  await s.audit(page, 'subscribed instead');
  await s.screenshot(page, 'nearby');

  await page.getByRole('navigation', { name: /Профил/ }).getByRole('link', { name: 'Абонаменти' }).click();
  await page.getByRole('heading', { name: 'Моите абонаменти', level: 1 }).waitFor();
  await page.locator('#subs-signals').getByRole('link', { name: new RegExp(number) }).waitFor();
  await page.waitForLoadState('networkidle');
  await s.audit(page);
  await s.screenshot(page);
});
