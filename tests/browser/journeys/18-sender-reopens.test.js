// Journey 18: a signal is marked resolved, but the problem is still there: its sender, through the access link,
// reopens it (within 30 days), and it is back in progress.
import { journey, expectText, fileSignal, staffStatus, uniqueEmail, DEMO } from '../lib/harness.js';

journey('the sender reopens a resolved signal through the access link', async (s) => {
  const signal = await fileSignal({ description: 'Запушена шахта, водата залива тротоара.', email: uniqueEmail('reopen') });
  await staffStatus(DEMO.unit, signal.number, 'forwarded');
  await staffStatus(DEMO.unit, signal.number, 'resolved', 'Шахтата е почистена.');

  const page = await s.newPage();
  await page.goto(signal.follow_url);
  await expectText(page.locator('#signal-number'), signal.number);
  await expectText(page.locator('#signal-status'), /Решен/);
  await expectText(page.locator('#signal-history-list'), 'Шахтата е почистена.');
  const reopen = page.getByRole('region', { name: 'Проблемът не е решен?' });
  await reopen.waitFor();
  await s.audit(page, 'resolved');
  await reopen.getByRole('button', { name: 'Отвори отново' }).click();
  await expectText(page.getByRole('status'), 'Сигналът е отворен отново.');
  await expectText(page.locator('#signal-status'), /В процес/);
  await expectText(page.locator('#signal-history-list'), 'Отворен отново от подателя');
  await s.audit(page, 'reopened');
  await s.screenshot(page);
});
