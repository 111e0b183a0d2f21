// Journey 1: an anonymous citizen files a signal with a photo, sees the registry number, opens the e-mail on the
// developer mailbox, follows the access link and sees their own data (the sender's view); the token leaves the
// address bar and a reload keeps the sender's view.
import assert from 'node:assert/strict';
import { journey, expectText, openMail, makeJpeg, uniqueEmail, REGISTRY_NUMBER } from '../lib/harness.js';

journey('anonymous citizen files a signal with a photo and follows the e-mailed access link', async (s) => {
  const page = await s.newPage();
  const email = uniqueEmail('anon');
  const name = 'Мария Иванова';
  const description = 'Дълбока дупка на платното пред входа, колите я заобикалят в насрещното.';

  await s.goto(page, '/report.html');
  await page.getByLabel(/^Категория/).selectOption({ label: 'Улици и тротоари' });
  await page.getByLabel(/^Вид на проблема/).selectOption({ label: 'Дупка в пътното платно' });
  await page.getByLabel(/^Адрес или описание на мястото/).fill('ул. „Шипка“ 6');
  await page.getByLabel(/^Описание на проблема/).fill(description);
  await page.getByLabel(/^Снимки/).setInputFiles(await makeJpeg(page));
  await page.getByLabel(/^Вашето име/).fill(name);
  await page.getByLabel(/^Електронна поща за известяване/).fill(email);
  await s.audit(page, 'filled in');
  await page.getByRole('button', { name: 'Изпращане на сигнала' }).click();

  // The confirmation: number and date, then the photo's own progress until it is uploaded.
  await page.getByRole('heading', { name: 'Сигналът е регистриран' }).waitFor();
  const number = (await expectText(page.locator('#confirmation-number'), REGISTRY_NUMBER)).match(REGISTRY_NUMBER)[0];
  await expectText(page.locator('#confirmation-date'), /\d{2}\.\d{2}\.\d{4}/);
  await expectText(page.locator('#photo-upload-status'), /Качени снимки: 1 от 1/, { timeout: 60_000 });
  // The photo had its own progress bar, labelled with the file's name, now full.
  const bar = page.getByRole('progressbar', { name: 'pothole.jpg' });
  assert.equal(await bar.getAttribute('value'), '100');
  await s.audit(page, 'confirmation');
  await s.screenshot(page, 'confirmation');

  // The e-mail with the access link.
  const mail = await openMail(page, email);
  const link = mail.locator('ul.links a', { hasText: '#token=' }).first();
  const href = await link.getAttribute('href');
  assert.match(href, new RegExp(`number=${number}`), 'the access link names the signal');
  await link.click();

  // The sender's view: the signal, the photo, and the data only the sender sees.
  await page.waitForURL(/track\.html/);
  await expectText(page.locator('#signal-number'), number);
  await expectText(page.locator('#signal-description'), description);
  await page.getByRole('heading', { name: 'Вашите данни' }).waitFor();
  await expectText(page.locator('#sender-email'), email);
  await expectText(page.locator('#sender-name'), name);
  await page.getByRole('img', { name: new RegExp(`Снимка 1 към сигнал № ${number}`) }).waitFor();
  await s.audit(page, 'sender view');
  await s.screenshot(page);

  // The access token leaves the address bar (history, bookmarks, a shared screen), and a reload of the tab still
  // shows the sender's view.
  assert.ok(!page.url().includes('token='), `the address keeps no token: ${page.url()}`);
  await page.reload();
  await expectText(page.locator('#sender-email'), email);
});
