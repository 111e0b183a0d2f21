// Journey 12: a user asks, on "My subscriptions", for an alert about new signals in a district; a new signal is
// filed there; the alert's e-mail arrives, and its link opens the signal.
import { journey, expectText, signIn, openMail, createAccount, fileSignal } from '../lib/harness.js';

journey('an area alert: a new signal in the chosen district is e-mailed', async (s) => {
  const user = await createAccount('alerts');
  const page = await s.newPage();
  await signIn(s, page, user);
  await s.goto(page, '/subscriptions.html');
  await page.getByRole('heading', { name: 'Известия за нови сигнали' }).waitFor();
  await expectText(page.locator('#subs-alerts-empty'), 'Нямате известия за нови сигнали.');
  const alertForm = page.locator('#alert-form');
  await alertForm.getByLabel('Район').locator('option', { hasText: 'Лозенец' }).waitFor({ state: 'attached' });
  await alertForm.getByLabel('Район').selectOption({ label: 'Лозенец' });
  await s.audit(page, 'filled in');
  await page.getByRole('button', { name: 'Добавяне на известието' }).click();
  await expectText(page.getByRole('status'), 'Известието е добавено.');
  await page.locator('#subs-alerts').getByRole('button', { name: /Премахване на известието: район Лозенец/ }).waitFor();
  await s.audit(page, 'one alert');
  await s.screenshot(page, 'alert');

  // Someone files a signal in Lozenets.
  const description = 'Изоставен автомобил без номера от месец заема паркомясто.';
  const { number } = await fileSignal({ description });

  const mail = await openMail(page, user.email, { subject: /Нов сигнал/ });
  await mail.locator('ul.links a', { hasText: `track.html?number=${number}` }).first().click();
  await expectText(page.locator('#signal-number'), number);
  await expectText(page.locator('#signal-description'), description);
  await s.audit(page);
  await s.screenshot(page);
});
