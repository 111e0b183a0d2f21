// Journey 3: a signed-in user subscribes to a signal; a clerk (the demo operator) changes its status in the
// staff console; the subscriber's e-mail arrives on the developer mailbox. A document's changes within five minutes
// go out as one mail: the journey moves the stack's clock past that window and runs the minute's change mail, as
// EventBridge Scheduler would (the local stack also runs it every minute by itself).
import assert from 'node:assert/strict';
import {
  journey, expectText, signIn, openMail, countMail, fileSignal, createAccount, DEMO, sendChangeMail,
} from '../lib/harness.js';

journey('a subscriber gets an e-mail when a clerk changes the status in the staff console', async (s) => {
  const signal = await fileSignal({ description: 'Счупена пейка в градинката до блок 12, опасна за децата.' });
  const number = signal.number;
  const subscriber = await createAccount('subscriber');

  // Subscribe from the signal's page.
  const page = await s.newPage();
  await signIn(s, page, subscriber);
  await s.goto(page, `/track.html?number=${number}`);
  await expectText(page.locator('#signal-number'), number);
  await s.audit(page, 'before subscribing');
  await page.getByRole('button', { name: /^Абониране/ }).click();
  await page.getByRole('button', { name: /^Отказ от абонамента/ }).waitFor();
  await s.audit(page, 'subscribed');
  await s.screenshot(page, 'subscribed');
  // "My subscriptions" lists it.
  await page.getByRole('navigation', { name: /Профил/ }).getByRole('link', { name: 'Абонаменти' }).click();
  await page.getByRole('heading', { name: 'Моите абонаменти', level: 1 }).waitFor();
  await page.locator('#subs-signals').getByRole('link', { name: new RegExp(number) }).waitFor();
  await page.waitForLoadState('networkidle');
  await s.audit(page, 'one subscription');
  assert.equal(await countMail(page, subscriber.email), 0, 'no mail before the change');

  // The clerk changes the status.
  const clerk = await s.newPage();
  await signIn(s, clerk, DEMO.operator);
  await s.goto(clerk, '/staff.html');
  await clerk.getByRole('heading', { name: 'Опашка за обработка' }).waitFor();
  await s.audit(clerk, 'queue');
  await clerk.getByLabel('Отваряне по регистров номер').fill(number);
  await clerk.getByRole('button', { name: 'Отваряне', exact: true }).click();
  await expectText(clerk.locator('#staff-doc-heading'), number);
  // The document's own form (the queue above has a bulk one with the same labels).
  const form = clerk.getByRole('region', { name: new RegExp(`№ ${number}`) });
  const status = form.getByLabel(/^Ново състояние/);
  await status.locator('option[value]:not([value=""])').first().waitFor({ state: 'attached' });
  const chosen = await status.locator('option[value]:not([value=""])').first().textContent();
  await status.selectOption({ label: chosen.trim() });
  await form.getByLabel('Бележка (публична)').first().fill('Сигналът е приет за проверка на място.');
  await s.audit(clerk, 'document');
  await clerk.getByRole('button', { name: 'Смяна на състоянието' }).click();
  await expectText(clerk.locator('#action-result'), /Записано/);
  await s.audit(clerk, 'status changed');
  await s.screenshot(clerk, 'staff-console');

  // The subscriber's mail, once the change mail's window is over.
  await sendChangeMail(new RegExp(`Промяна по [^<]*№ ${number}`));
  const mail = await openMail(page, subscriber.email, { subject: new RegExp(`Промяна по .* № ${number}`) });
  await expectText(mail.locator('h2'), number);
  const pageLink = mail.locator('ul.links a', { hasText: `track.html?number=${number}` }).first();
  await pageLink.click();
  await expectText(page.locator('#signal-status'), chosen.trim());
  await s.audit(page, 'after the change');
  await s.screenshot(page);

  // The mail's own unsubscribe link works without signing in (a fresh browser).
  const stranger = await s.newPage();
  const mailAgain = await openMail(stranger, subscriber.email, { subject: new RegExp(`Промяна по .* № ${number}`) });
  await mailAgain.locator('ul.links a', { hasText: 'unsubscribe.html?token=' }).first().click();
  await stranger.getByRole('heading', { name: 'Отписване от известия' }).waitFor();
  await s.audit(stranger, 'unsubscribe');
  await stranger.getByRole('button', { name: 'Отписване', exact: true }).click();
  await expectText(stranger.locator('#unsub-done'), new RegExp(`Абонаментът за сигнал № ${number} е прекратен`));
  await s.audit(stranger, 'unsubscribed');
  await s.screenshot(stranger, 'unsubscribed');

  // And "My subscriptions" no longer lists it.
  await s.goto(page, '/subscriptions.html');
  await expectText(page.locator('#subs-signals-empty'), 'Не следите нито един сигнал.');
  await s.audit(page, 'no subscriptions');
});
