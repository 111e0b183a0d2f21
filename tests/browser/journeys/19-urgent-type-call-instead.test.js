// Journey 19: an urgent type is not a signal. A citizen who picks one (parts of a building falling; a burst water
// main) sees a prominent notice to call 112, or the service the catalogue names, as a tel: link, in Bulgarian and
// English; the submit is disabled with the reason tied to it, nothing is sent, and an ordinary type can be filed again.
import assert from 'node:assert/strict';
import { journey, expectText, until } from '../lib/harness.js';

/** The text of the elements an element's aria-describedby names. */
async function description(locator) {
  return locator.evaluate((node) =>
    (node.getAttribute('aria-describedby') || '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
}

journey('an urgent type shows whom to call and cannot be filed', async (s) => {
  const page = await s.newPage();
  const filings = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && /\/api\/(me\/)?signals$/.test(new URL(request.url()).pathname)) filings.push(request.url());
  });

  await s.goto(page, '/report.html');
  const form = page.locator('form#report-form');
  const category = form.getByLabel(/^Категория/);
  const type = form.getByLabel(/^Вид на проблема/);
  await category.locator('option', { hasText: 'Строителство и ремонти' }).waitFor({ state: 'attached' });

  // Parts of a building falling: 112.
  await category.selectOption({ label: 'Строителство и ремонти' });
  const falling = type.locator('option[value="falling-elements"]');
  // The option says so before it is chosen (an option is never "visible": its text is read).
  await until('the option marked urgent', async () => /\(спешно: 112\)$/.test(await falling.textContent()));
  await type.selectOption('falling-elements');
  const notice = page.locator('#urgent-notice');
  await notice.getByRole('heading', { name: 'Спешно: обадете се на 112', level: 2 }).waitFor();
  const call = notice.getByRole('link', { name: '112', exact: true });
  assert.equal(await call.getAttribute('href'), 'tel:112');
  await expectText(notice, /Единен европейски номер за спешни повиквания/);
  assert.equal(await notice.getAttribute('aria-live'), 'assertive', 'the notice is announced when it appears');
  assert.match(await description(type), /Спешно: обадете се на 112/, 'the type field is described by the notice');

  const submit = form.getByRole('button', { name: 'Изпращане на сигнала' });
  assert.ok(await submit.isDisabled(), 'no submit for an urgent type');
  assert.match(await description(submit), /не се подава като сигнал\. Обадете се на 112/);
  await expectText(page.locator('#submit-urgent'), /не се подава като сигнал/);
  await s.audit(page, 'urgent 112');
  await s.screenshot(page, 'urgent-112');

  // Enter in a text field sends nothing either (the default button is disabled); a submit by script is stopped
  // by the form itself, whose summary says why and marks the type.
  await form.getByLabel(/^Адрес/).fill('ул. Граф Игнатиев 15');
  await form.getByLabel(/^Описание на проблема/).fill('Пада мазилка от корниза над тротоара.');
  await form.getByLabel(/^Адрес/).press('Enter');
  await page.waitForLoadState('networkidle');
  assert.equal((await page.locator('#error-summary').textContent()).trim(), '');
  await form.evaluate((node) => node.requestSubmit());
  await expectText(page.locator('#error-summary'), /Спешен случай: не се подава като сигнал/);
  assert.equal(await type.getAttribute('aria-invalid'), 'true');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(filings, [], 'nothing was sent to the API');
  assert.ok(await page.locator('#confirmation').isHidden());

  // A burst water main: Sofiyska Voda's emergency line, named, with its number to call.
  await category.selectOption({ label: 'Води и канализация' });
  await type.selectOption('main-burst');
  await notice.getByRole('heading', { name: 'Спешно: обадете се на 0800 121 21' }).waitFor();
  assert.equal(await notice.getByRole('link', { name: '0800 121 21' }).getAttribute('href'), 'tel:080012121');
  await expectText(notice, /Аварийна служба на „Софийска вода“/);
  assert.ok(await submit.isDisabled());
  await s.audit(page, 'urgent named service');

  // In English, the same.
  await page.getByRole('button', { name: /English/ }).click();
  await notice.getByRole('heading', { name: 'Urgent: call 0800 121 21' }).waitFor();
  await expectText(notice, /Sofiyska Voda emergency service/);
  await expectText(page.locator('#submit-urgent'), 'Urgent: not filed as a signal. Call 0800 121 21.');
  const burst = page.locator('#type option[value="main-burst"]'); // labelled in English now
  await until('the option marked urgent in English', async () => /\(urgent: 0800 121 21\)$/.test(await burst.textContent()));
  await s.audit(page, 'urgent in English');
  await s.screenshot(page, 'urgent-en');
  await page.getByRole('button', { name: /български/i }).click();
  await notice.getByRole('heading', { name: 'Спешно: обадете се на 0800 121 21' }).waitFor();

  // An ordinary leak is a signal: the notice goes, the submit comes back.
  await type.selectOption('leak');
  await until('the notice gone', async () => (await notice.textContent()).trim() === '');
  assert.ok(await submit.isEnabled(), 'an ordinary type can be filed');
  assert.ok(await page.locator('#submit-urgent').isHidden());
  assert.equal(await submit.getAttribute('aria-describedby'), null);
  await s.audit(page, 'ordinary type');
  assert.deepEqual(filings, [], 'nothing was filed on the way');
});
