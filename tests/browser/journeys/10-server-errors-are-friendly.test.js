// Journey 10: when the server fails, the person sees a friendly message in their language, never raw JSON.
// The API's answers are replaced in the browser (a 503 with Retry-After when filing, a 500 when tracking).
import assert from 'node:assert/strict';
import { journey, expectText, fileSignal, uniqueEmail } from '../lib/harness.js';

const problem = (status, title) => ({
  status,
  contentType: 'application/problem+json',
  headers: status === 503 ? { 'retry-after': '30' } : {},
  body: JSON.stringify({ type: 'about:blank', title, status, detail: 'internal detail that must not be shown' }),
});

async function noRawJson(page) {
  const text = await page.locator('main').innerText();
  for (const leak of ['{', 'about:blank', 'internal detail', 'application/problem+json']) {
    assert.ok(!text.includes(leak), `the page shows ${JSON.stringify(leak)}`);
  }
}

journey('server errors are shown as friendly messages, not raw JSON', async (s) => {
  const page = await s.newPage();

  // Filing while the service is unavailable.
  await page.route('**/api/signals', (route) =>
    route.request().method() === 'POST' ? route.fulfill(problem(503, 'Service Unavailable')) : route.fallback(),
  );
  await s.goto(page, '/report.html');
  await page.getByLabel(/^Категория/).selectOption({ label: 'Улици и тротоари' });
  await page.getByLabel(/^Вид на проблема/).selectOption({ label: 'Дупка в пътното платно' });
  await page.getByLabel(/^Адрес или описание на мястото/).fill('ул. „Граф Игнатиев“ 10');
  await page.getByLabel(/^Описание на проблема/).fill('Липсва капак на шахта на тротоара, опасно е.');
  await page.getByLabel(/^Електронна поща за известяване/).fill(uniqueEmail('unavailable'));
  await page.getByRole('button', { name: 'Изпращане на сигнала' }).click();
  await expectText(page.getByRole('alert').filter({ hasText: /\S/ }), /временно недостъпна.*30 секунди/);
  await noRawJson(page);
  await s.audit(page, 'service unavailable');
  await s.screenshot(page, 'filing');

  // Tracking while the server fails.
  const { number } = await fileSignal();
  await page.route('**/api/documents/**', (route) => route.fulfill(problem(500, 'Internal Server Error')));
  await s.goto(page, `/track.html?number=${number}`);
  await expectText(page.getByRole('alert').filter({ hasText: /\S/ }), /Възникна грешка|Нещо се обърка/);
  await noRawJson(page);
  await s.audit(page, 'server error');
  await s.screenshot(page);
});
