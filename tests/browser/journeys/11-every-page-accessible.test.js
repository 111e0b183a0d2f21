// Journey 11: every page of the site (each site/*.html, so a new page is covered when it is added), signed out,
// signed in as a citizen and as staff, in Bulgarian and in English, once its data has arrived: axe-core finds no
// serious or critical violation, and no script error or CSP violation happens. On a phone 360 px wide no page
// scrolls sideways.
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { journey, signIn, api, fileSignal, DEMO } from '../lib/harness.js';

const SITE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../site');
const PAGES = readdirSync(SITE).filter((name) => name.endsWith('.html')).sort();
const SIGNED_IN = ['my.html', 'mydoc.html', 'profile.html', 'subscriptions.html', 'letter.html', 'report.html', 'track.html'];

async function sweep(s, page, pages, query, label, { narrow = false } = {}) {
  const tooWide = [];
  for (const name of pages) {
    await s.goto(page, `/${name}${query[name] ?? ''}`);
    await page.waitForLoadState('networkidle');
    await s.audit(page, label);
    if (narrow && !(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth))) {
      tooWide.push(name);
    }
  }
  assert.deepEqual(tooWide, [], `pages wider than the screen (${label})`);
}

journey('every page passes axe, signed out, signed in and as staff, in both languages, and fits 360 px', async (s) => {
  const { number } = await fileSignal({ description: 'Сигнал за проверка на достъпността на страниците.' });
  const login = await api('POST', '/api/account/login', DEMO.citizen);
  const own = await api('POST', '/api/me/documents', { kind: 'complaint', title: 'Проверка на достъпността', description: 'Текст на жалбата за проверка на страниците.' }, { token: login.access_token });
  const query = { 'track.html': `?number=${number}`, 'mydoc.html': `?number=${own.number}`, 'unsubscribe.html': '?token=invalid' };

  // Four people at once, each in their own browser context.
  const english = async (page) => {
    await page.getByRole('button', { name: /English/ }).click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
  };
  const [citizen, admin, visitorBg, visitorEn] = [await s.newPage(), await s.newPage(), await s.newPage(), await s.newPage()];
  const phone = await s.newPage({ width: 360, height: 740 });
  await Promise.all([
    (async () => {
      await signIn(s, citizen, DEMO.citizen);
      await sweep(s, citizen, SIGNED_IN, query, 'citizen, bg');
      await english(citizen);
      await sweep(s, citizen, SIGNED_IN, query, 'citizen, en');
    })(),
    (async () => {
      await signIn(s, admin, DEMO.admin);
      await s.goto(admin, '/staff.html');
      await admin.getByLabel('Отваряне по регистров номер').fill(number);
      await admin.getByRole('button', { name: 'Отваряне', exact: true }).click();
      await admin.locator('#staff-doc-heading', { hasText: number }).waitFor();
      await admin.waitForLoadState('networkidle');
      await s.audit(admin, 'admin, a signal open, bg');
      await english(admin);
      await s.audit(admin, 'admin, a signal open, en');
    })(),
    sweep(s, visitorBg, PAGES, query, 'signed out, bg'),
    // On a phone 360 px wide nothing scrolls sideways (the staff console is for desktops).
    sweep(s, phone, PAGES.filter((name) => name !== 'staff.html'), query, 'signed out, bg, 360 px', { narrow: true }),
    (async () => {
      await s.goto(visitorEn, '/');
      await english(visitorEn);
      await sweep(s, visitorEn, PAGES, query, 'signed out, en');
    })(),
  ]);
  await s.screenshot(visitorEn);
});
