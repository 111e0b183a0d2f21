// Journey 17: a signal in Lozenets goes straight to the district's queue; the district's clerk finds it there
// (tab counts, oldest first), sends a public reply; the anonymous sender gets the reply by e-mail and sees it in the
// history through the access link (once the change mail's five minutes are over).
import assert from 'node:assert/strict';
import {
  journey, expectText, signIn, openMail, fileSignal, uniqueEmail, DEMO, sendChangeMail,
} from '../lib/harness.js';

journey('a unit clerk replies from the queue; the sender reads the reply through the access link', async (s) => {
  const email = uniqueEmail('sender');
  const { number } = await fileSignal({ description: 'Повредена пейка и липсващо кошче на спирката.', email });
  const reply = `Екип на района ще отстрани повредата до края на седмицата (${number}).`;

  const clerk = await s.newPage();
  await signIn(s, clerk, DEMO.unit);
  await clerk.getByRole('heading', { name: 'Опашка за обработка' }).waitFor();
  const newTab = clerk.getByRole('tab', { name: /^Приет \(\d+\)$/ });
  const count = Number((await expectText(newTab, /^Приет \(\d+\)$/)).match(/\((\d+)\)/)[1]);
  assert.ok(count >= 1, 'the tab counts the new signal');
  await newTab.click();
  // The queue is oldest first: page on until the signal shows.
  const row = clerk.getByRole('row').filter({ has: clerk.getByRole('link', { name: number }) });
  for (let page = 0; !(await row.count()) && page < 20; page += 1) {
    const more = clerk.getByRole('button', { name: 'Още' });
    await Promise.race([row.waitFor(), more.waitFor()]);
    if (await row.count()) break;
    await more.click();
  }
  await s.audit(clerk, 'queue');
  await s.screenshot(clerk, 'queue');
  await row.getByRole('link', { name: number }).click();
  await expectText(clerk.locator('#staff-doc-heading'), number);
  await clerk.getByLabel(/^Текст на отговора/).fill(reply);
  await clerk.getByRole('button', { name: 'Изпращане на отговора' }).click();
  await expectText(clerk.locator('#action-result'), /Записано/);
  await expectText(clerk.locator('#staff-history-list'), reply);
  await s.audit(clerk, 'replied');

  // The reply reaches the sender in the one mail of the document's changes within five minutes.
  await sendChangeMail(new RegExp(`Отговор по [^<]*№ ${number}`));
  const sender = await s.newPage();
  const mail = await openMail(sender, email, { subject: new RegExp(`Отговор по .* № ${number}`) });
  await mail.locator('ul.links a', { hasText: '#token=' }).first().click();
  await sender.waitForURL(/track\.html/);
  await expectText(sender.locator('#signal-number'), number);
  await expectText(sender.locator('#signal-history-list'), reply);
  await expectText(sender.locator('#sender-email'), email);
  await s.audit(sender, 'the reply, sender view');
  await s.screenshot(sender);
});
