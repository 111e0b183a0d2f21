// Journey 4: tracking by number from the home page, on a phone-sized screen.
import assert from 'node:assert/strict';
import { journey, expectText, fileSignal } from '../lib/harness.js';

journey('tracking a signal by its number from the home page (360 px wide)', async (s) => {
  const description = 'Не свети уличната лампа на ъгъла, вечер е напълно тъмно.';
  const { number } = await fileSignal({ description });
  const page = await s.newPage({ width: 360, height: 740 });

  await s.goto(page, '/');
  await page.getByRole('heading', { name: 'Проследете сигнал или искане за информация' }).waitFor();
  await s.audit(page);
  // A wrong number is refused with a message tied to the field.
  const field = page.getByRole('textbox', { name: 'Регистров номер' });
  await field.fill('12345');
  await page.getByRole('button', { name: 'Търсене' }).click();
  await expectText(page.locator('#track-number-error'), /Невалиден номер/);
  // The error is tied to its field, so a screen reader reads it with the field.
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.ok((await field.getAttribute('aria-describedby')).split(/\s+/).includes('track-number-error'));
  await s.audit(page, 'invalid number');
  await field.fill(number);
  await page.getByRole('button', { name: 'Търсене' }).click();

  await page.waitForURL(/track\.html/);
  await expectText(page.locator('#signal-number'), number);
  await expectText(page.locator('#signal-description'), description);
  await expectText(page.locator('#signal-date'), /\d{2}\.\d{2}\.\d{4}/);
  // The public view never shows the sender's data.
  await page.locator('#sender-data').waitFor({ state: 'hidden' });
  // Nothing is wider than the phone's screen.
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'no horizontal scrolling at 360 px',
  );
  await s.audit(page);
  await s.screenshot(page);
});
