// Journey 8: switching to English: the texts change, the choice persists across pages and reloads, and no
// Bulgarian is left on the page (except what is marked lang="bg", such as the switch back).
import assert from 'node:assert/strict';
import { journey, expectText } from '../lib/harness.js';

/** Visible text in Cyrillic outside elements marked lang="bg" (proper names of places are allowed to stay). */
async function bulgarianLeft(page) {
  return page.evaluate(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      if (!/[А-Яа-я]/.test(text)) continue;
      const element = node.parentElement;
      if (!element || element.closest('[lang="bg"], [hidden], script, style, .leaflet-container')) continue;
      if (!element.getClientRects().length) continue;
      found.push(text.slice(0, 80));
    }
    return found;
  });
}

/** The UI strings' chunks the page has loaded so far (src/strings/bg.ts → chunks/bg-HASH.js, en.ts → en-…). */
async function stringsLoaded(page) {
  return page.evaluate(() =>
    [...new Set(performance.getEntriesByType('resource').map((e) => /\/chunks\/(bg|en)-[^/]*\.js$/.exec(new URL(e.name).pathname)?.[1]).filter(Boolean))].sort(),
  );
}

journey('switching to English changes the texts and persists across pages', async (s) => {
  const page = await s.newPage();
  await s.goto(page, '/');
  await page.getByRole('heading', { name: 'Контактен център на Столична община', level: 1 }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'bg');
  // A page loads its own language's strings only; the switch loads the other's.
  assert.deepEqual(await stringsLoaded(page), ['bg'], 'the Bulgarian page loads the Bulgarian strings only');

  await page.getByRole('button', { name: /English/ }).click();
  await page.getByRole('heading', { name: 'Sofia Municipality Contact Center', level: 1 }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.deepEqual(await stringsLoaded(page), ['bg', 'en'], 'the switch loads the English strings');
  await expectText(page.getByRole('link', { name: 'Report a problem' }).first(), 'Report a problem');
  await page.getByRole('heading', { name: 'Track a signal or information request' }).waitFor();
  await s.audit(page, 'English');
  assert.deepEqual(await bulgarianLeft(page), [], 'the home page is all in English');
  await s.screenshot(page, 'home-en');

  // Another page: still English.
  await page.getByRole('link', { name: 'Report a problem' }).first().click();
  await page.waitForURL(/report\.html/);
  await page.getByRole('heading', { name: 'Report a problem', level: 1 }).waitFor();
  assert.deepEqual(await stringsLoaded(page), ['en'], 'the English page loads the English strings only');
  await page.getByLabel(/^Category/).locator('option', { hasText: 'Streets and pavements' }).waitFor({ state: 'attached' });
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await s.audit(page, 'English');
  assert.deepEqual(await bulgarianLeft(page), [], 'the report form is all in English');

  // A reload keeps it; switching back works.
  await page.reload();
  await page.getByRole('heading', { name: 'Report a problem', level: 1 }).waitFor();
  await s.screenshot(page);
  await page.getByRole('button', { name: /български/i }).click();
  await page.getByRole('heading', { name: 'Подайте сигнал', level: 1 }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'bg');
  await s.audit(page, 'back to Bulgarian');
});
