// The harness of the browser journeys: Debian's chromium driven by playwright-core against a running local
// stack (BASE_URL, default http://127.0.0.1:3000), axe-core on every page a journey visits, a full-page
// screenshot per journey in test-artifacts/browser/, and the developer mailbox (/_dev/mail) read like a person
// would. No fixed sleeps: every wait is for a condition, with a timeout.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { readFileSync, mkdirSync, writeFileSync, existsSync, appendFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:3000').replace(/\/$/, '');
export const ARTIFACTS = resolve(here, '../../../test-artifacts/browser');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** Impacts that fail a journey. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);
/** How long a condition may take to come true (the API on moto answers in well under a second). */
export const TIMEOUT = Number(process.env.BROWSER_TIMEOUT_MS || 30_000);
/** Mail goes through the DynamoDB stream poller: allow it a minute. */
export const MAIL_TIMEOUT = 60_000;

export const DEMO = {
  operator: { email: 'operator@kc.sofia.bg', password: 'demo-operator-2026' },
  unit: { email: 'lozenets@kc.sofia.bg', password: 'demo-unit-2026' },
  admin: { email: 'admin@kc.sofia.bg', password: 'demo-admin-2026' },
  citizen: { email: 'citizen@example.bg', password: 'demo-citizen-2026' },
};

/** A fresh e-mail address: the API limits anonymous filing per address, and each journey is its own person. */
export function uniqueEmail(label) {
  return `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@example.bg`;
}

/** A password the template's Cognito policy accepts (at least 10 characters, lower-case letters and digits). */
export function uniquePassword() {
  return `pw${randomBytes(6).toString('hex')}2026`;
}

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Runs one journey as a node:test test: a fresh browser (Playwright gives every launch its own temporary
 * user-data-dir), the journey body, then a full-page screenshot of the last page (also on failure), and finally
 * the verdict on accessibility, page errors and CSP violations collected on the way.
 */
export function journey(name, body, { timeout = 600_000 } = {}) {
  test(name, { timeout }, async () => {
    // One more try, on a fresh browser, after a failure: a journey that fails twice fails the run, and the first
    // failure is printed either way, so a flaky step shows in the output instead of deciding the run.
    for (let attempt = 1; ; attempt += 1) {
      const session = await Session.start(name);
      let failure;
      try {
        await body(session);
      } catch (error) {
        failure = error;
      }
      try {
        await session.finish(failure);
        return;
      } catch (error) {
        if (attempt >= 2) throw error;
        console.log(`journey "${name}" failed on its first try, trying once more:\n${String(error?.message ?? error).slice(0, 2000)}`);
      }
    }
  });
}

/** The page a URL shows: `/` is `/index.html`. */
function pagePath(url) {
  return url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
}

function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export class Session {
  static async start(name) {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run infra/browser-test, which installs it`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    return new Session(name, browser);
  }

  constructor(name, browser) {
    this.name = name;
    this.slug = slug(name);
    this.browser = browser;
    this.pages = [];
    this.problems = []; // page errors and CSP violations
    this.violations = []; // axe: serious or critical
    this.navigated = new Map(); // path -> first URL seen, for the "axe on every page" check
    this.audited = new Set();
    this.screenshots = 0;
    this.dialogs = [];
    this.warm = new WeakSet(); // browser contexts that have loaded a page of the site (their cache is warm)
  }

  /** A new tab in a new browser context (its own storage: another person). */
  async newPage({ width = 1280, height = 900, locale = 'bg-BG' } = {}) {
    const context = await this.browser.newContext({ viewport: { width, height }, locale, timezoneId: 'Europe/Sofia' });
    context.setDefaultTimeout(TIMEOUT);
    context.setDefaultNavigationTimeout(TIMEOUT);
    // A closed network, as the site must work on one: only this machine answers (the stack and, for photo
    // uploads, its emulator); anything else (map tiles, say) is refused, so markers must show without tiles.
    await context.route(
      (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
      (route) => route.abort('internetdisconnected'),
    );
    return this.watch(await context.newPage());
  }

  /** Another tab of the same browser context as `page` (the same person: storage shared, as between real tabs). */
  async newTabBeside(page) {
    return this.watch(await page.context().newPage());
  }

  /** Collects a tab's page errors, CSP violations, dialogs and visited pages. */
  watch(page) {
    page.on('pageerror', (error) => this.problems.push(`uncaught error on ${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      // The developer mailbox (/_dev/mail) is tooling of the local stack, not the site: its styles are inline.
      if (new URL(page.url()).pathname.startsWith('/_dev/')) return;
      if (message.type() === 'error' && /Content Security Policy/i.test(text)) {
        this.problems.push(`CSP violation on ${page.url()}: ${text}`);
      }
    });
    page.on('dialog', async (dialog) => {
      this.dialogs.push(`${dialog.type()}: ${dialog.message()} on ${page.url()}`);
      await dialog.dismiss().catch(() => {});
    });
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) return;
      if (frame.url().startsWith(BASE_URL)) this.warm.add(page.context());
      const url = new URL(frame.url());
      if (url.origin !== BASE_URL || url.pathname.startsWith('/_dev/')) return;
      const path = pagePath(url);
      if (!this.navigated.has(path)) this.navigated.set(path, frame.url());
    });
    this.pages.push(page);
    return page;
  }

  /** Opens a path of the site and waits for its main landmark. Run `audit` once the content is there. */
  async goto(page, path) {
    // The home page in a browser context that has loaded nothing yet: its weight on a cold load is recorded.
    const weighing = HOME_PATHS.has(path) && !this.warm.has(page.context()) ? await weighLoad(page) : null;
    await page.goto(BASE_URL + path, { waitUntil: 'load' });
    await page.locator('main').first().waitFor();
    if (weighing) await this.recordHomeLoad(page, weighing);
  }

  /**
   * Records (never asserts) what the home page's cold load cost: the bytes transferred (headers and bodies, as
   * they came over the wire, compressed or not) by the time its first map marker is shown and the network has
   * gone quiet, the requests and their encodings, and the time from navigation to the first marker. One line per
   * load, printed and appended to test-artifacts/browser/home-load.jsonl (what BENCHMARKS.md's figure comes from).
   */
  async recordHomeLoad(page, weighing) {
    const firstMarker = await page
      .waitForFunction(() => window.__firstMarkerAt ?? false, null, { timeout: TIMEOUT })
      .then((handle) => handle.jsonValue())
      .catch(() => null);
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
    const record = { journey: this.name, at: new Date().toISOString(), ...weighing.totals(), firstMarkerMs: firstMarker === null ? null : Math.round(firstMarker) };
    await weighing.stop();
    mkdirSync(ARTIFACTS, { recursive: true });
    appendFileSync(join(ARTIFACTS, 'home-load.jsonl'), JSON.stringify(record) + '\n');
    const encodings = Object.entries(record.encodings).map(([name, n]) => `${n} ${name}`).join(', ');
    console.log(
      `home page, cold: ${(record.bytes / 1024).toFixed(1)} KB transferred in ${record.requests} requests (${encodings}); ` +
        `first marker ${record.firstMarkerMs === null ? 'not shown' : `at ${record.firstMarkerMs} ms`} [${this.name}]`,
    );
  }

  /**
   * axe-core on the page as it is now. The script is evaluated through the DevTools protocol, which the page's
   * CSP (script-src 'self') does not govern, so the site is tested under its real policy (no bypassCSP).
   */
  async audit(page, label = '') {
    const url = new URL(page.url());
    await page.waitForLoadState('load');
    const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
    if (!hasAxe) await page.evaluate(AXE_SOURCE);
    const results = await page.evaluate(() =>
      window.axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
    );
    this.audited.add(pagePath(url));
    for (const violation of results.violations) {
      if (!FAILING_IMPACTS.has(violation.impact)) continue;
      this.violations.push({
        page: `${url.pathname}${url.search}${label ? ` (${label})` : ''}`,
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.slice(0, 5).map((node) => ({ target: node.target.join(' '), summary: node.failureSummary })),
      });
    }
  }

  /** A full-page screenshot into test-artifacts/browser/<journey>[-<label>].png. */
  async screenshot(page, label = '') {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${this.slug}${label ? `-${slug(label)}` : ''}.png`);
    await page.screenshot({ path: file, fullPage: true });
    this.screenshots += 1;
    return file;
  }

  async finish(failure) {
    const last = this.pages.at(-1);
    if (last && !last.isClosed() && (failure || this.screenshots === 0)) {
      await this.screenshot(last, failure ? 'failure' : '').catch(() => {});
    }
    await this.browser.close().catch(() => {});
    const messages = [];
    if (failure) messages.push(`the journey failed: ${failure.stack || failure}`);
    if (this.violations.length) {
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, `${this.slug}-axe.json`), JSON.stringify(this.violations, null, 2));
      messages.push(
        `axe found ${this.violations.length} serious or critical violation(s):\n` +
          this.violations
            .map(
              (v) =>
                `  [${v.impact}] ${v.id} on ${v.page}: ${v.help}\n` +
                v.nodes.map((n) => `      ${n.target}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`).join('\n'),
            )
            .join('\n'),
      );
    }
    if (this.problems.length) messages.push(`problems in the page:\n  ${this.problems.join('\n  ')}`);
    if (!failure) {
      const unaudited = [...this.navigated.keys()].filter((path) => !this.audited.has(path));
      if (unaudited.length) messages.push(`pages visited without an axe check: ${unaudited.join(', ')}`);
    }
    if (messages.length) {
      const error = new Error(`${this.name}:\n${messages.join('\n')}`);
      if (failure) error.cause = failure;
      throw error;
    }
  }
}

// ------------------------------------------------------------------------------------------------ helpers

const HOME_PATHS = new Set(['/', '/index.html']);

/**
 * Starts counting what a page's next load transfers, through the DevTools protocol (as DevTools' "transferred"
 * column does: each finished request's encoded length, headers included; requests refused by the closed network
 * count nothing), and notes when the first map marker is added to the page.
 */
async function weighLoad(page) {
  const cdp = await page.context().newCDPSession(page);
  const encodingOf = new Map();
  const totals = { bytes: 0, requests: 0, encodings: {} };
  cdp.on('Network.responseReceived', (event) => {
    const headers = Object.fromEntries(Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    encodingOf.set(event.requestId, headers['content-encoding'] || 'identity');
  });
  cdp.on('Network.loadingFinished', (event) => {
    totals.bytes += event.encodedDataLength;
    totals.requests += 1;
    const encoding = encodingOf.get(event.requestId) || 'identity';
    totals.encodings[encoding] = (totals.encodings[encoding] || 0) + 1;
  });
  await cdp.send('Network.enable');
  // Evaluated through the protocol before the page's own scripts (the page's CSP does not govern it).
  await page.addInitScript(() => {
    if (!['/', '/index.html'].includes(window.location.pathname)) return;
    const observer = new MutationObserver(() => {
      if (!document.querySelector('.leaflet-marker-icon')) return;
      window.__firstMarkerAt = performance.now();
      observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  return {
    totals: () => ({ bytes: totals.bytes, requests: totals.requests, encodings: { ...totals.encodings } }),
    stop: () => cdp.detach().catch(() => {}),
  };
}

/** Polls `check` (async, returns a truthy value when done) until it succeeds or `timeout` passes. */
export async function until(description, check, { timeout = TIMEOUT, interval = 250 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${description}${last ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Waits until the locator is visible and its text matches `pattern`; returns the text. */
export async function expectText(locator, pattern, { timeout = TIMEOUT } = {}) {
  await locator.filter({ hasText: pattern }).first().waitFor({ state: 'visible', timeout }).catch(async (error) => {
    const actual = await locator
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => '(not found)');
    throw new Error(`expected ${locator} to show ${pattern}, it shows ${JSON.stringify(actual)}\n${error.message}`);
  });
  return (await locator.filter({ hasText: pattern }).first().textContent()).trim();
}

/** Waits until the <select> has the option named `label` selected. */
export async function expectSelected(select, label, { timeout = TIMEOUT } = {}) {
  let shown;
  await until(
    `${select} to have "${label}" selected`,
    async () => {
      shown = await select.evaluate((node) => node.selectedOptions[0]?.textContent.trim() ?? '');
      return shown === label;
    },
    { timeout },
  ).catch((error) => {
    throw new Error(`${error.message} (selected: ${JSON.stringify(shown)})`);
  });
}

export const REGISTRY_NUMBER = /\b\d{4}-\d{6}\b/;

/**
 * Presses Tab (or Shift+Tab, with `back`) until `locator` has the focus, at most `max` times; fails when it never
 * does: the keyboard-only journeys reach each field as a person would.
 */
export async function tabTo(page, locator, { max = 80, back = false } = {}) {
  const key = back ? 'Shift+Tab' : 'Tab';
  for (let i = 0; i < max; i += 1) {
    if (await locator.evaluate((node) => node === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${locator} never got the focus after ${max} presses of ${key}`);
}

/**
 * Types text as key presses, one key event per character with its text, as a keyboard with a Bulgarian layout
 * would send them (Playwright's keyboard.type inserts characters outside the US layout as text, which a
 * <select> ignores; key events with text drive its type-ahead, as they do for a person).
 */
export async function typeKeys(page, text) {
  const cdp = await page.context().newCDPSession(page);
  for (const character of text) {
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: character, text: character, unmodifiedText: character });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: character });
  }
  await cdp.detach();
}

/**
 * A document's changes within five minutes go out as one mail: moves the stack's clock past that window and runs
 * the minute's change mail (as EventBridge Scheduler would; the stack also runs it every minute by itself) until
 * the mailbox holds a mail whose subject matches `subject` (the stream gathers a change a moment after the click).
 */
export async function sendChangeMail(subject, { attempts = 30 } = {}) {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    for (const path of ['/_dev/clock?minutes=6', '/_dev/schedules/ScheduledChangeMailFunction']) {
      const response = await fetch(`${BASE_URL}${path}`, { method: 'POST' });
      if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    }
    if (subject.test(await (await fetch(`${BASE_URL}/_dev/mail`)).text())) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`no change mail ${subject} after ${attempts} runs`);
}

/**
 * Opens the developer mailbox in `page` and waits (reloading, up to a minute) for a message to `to` whose
 * subject matches `subject`; returns its <article> locator.
 */
export async function openMail(page, to, { subject = /./, timeout = MAIL_TIMEOUT } = {}) {
  return until(
    `an e-mail to ${to} (${subject}) on /_dev/mail`,
    async () => {
      await page.goto(`${BASE_URL}/_dev/mail`, { waitUntil: 'load' });
      const article = page
        .locator('article')
        .filter({ has: page.locator('dd.to', { hasText: to }) })
        .filter({ has: page.getByRole('heading', { name: subject }) })
        .first();
      return (await article.count()) > 0 ? article : null;
    },
    { timeout, interval: 1000 },
  );
}

/** The sender of Cognito's own mail (its codes), as the local stack's emulator sends it. */
export const COGNITO_SENDER = 'no-reply@verificationemail.com';

/** How many messages the system's functions sent to `to` (Cognito's codes left out). */
export async function countMail(page, to) {
  await page.goto(`${BASE_URL}/_dev/mail`, { waitUntil: 'load' });
  return page
    .locator('article')
    .filter({ has: page.locator('dd.to', { hasText: to }) })
    .filter({ hasNot: page.locator('dd.from', { hasText: COGNITO_SENDER }) })
    .count();
}

/**
 * The code of the newest of Cognito's mails to `to` on /_dev/mail (sign-up, new e-mail or password reset),
 * waiting until there are `count` of them; read over HTTP, for journeys whose subject is not the mailbox.
 */
export async function cognitoCode(to, count = 1) {
  return until(`Cognito's code number ${count} to ${to} on /_dev/mail`, async () => {
    const html = await (await fetch(`${BASE_URL}/_dev/mail`)).text();
    const codes = html
      .split('<article>')
      .filter((article) => article.includes(`<dd class="to">${to}</dd>`))
      .map((article) => /<dd class="code"><output>(\d{6})<\/output>/.exec(article))
      .filter(Boolean)
      .map((match) => match[1]);
    // Newest first on the page.
    return codes.length >= count ? codes[0] : null;
  }, { interval: 250 });
}

/** A small JPEG made by the browser itself (a canvas), so the suite needs no image tooling or binary fixture. */
export async function makeJpeg(page) {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const g = canvas.getContext('2d');
    g.fillStyle = '#6b6b6b';
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#2b2b2b';
    g.beginPath();
    g.ellipse(160, 130, 90, 45, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#ffffff';
    g.font = '20px sans-serif';
    g.fillText('дупка / pothole', 90, 40);
    return canvas.toDataURL('image/jpeg', 0.85);
  });
  return { name: 'pothole.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(dataUrl.split(',')[1], 'base64') };
}

/** Signs in through the login page; waits until the header shows the account. */
export async function signIn(session, page, { email, password }) {
  await session.goto(page, '/login.html');
  await page.getByLabel(/Електронна поща|E-mail/i).first().fill(email);
  await page.getByLabel(/^(Парола|Password)/i).first().fill(password);
  await session.audit(page, 'login form filled');
  await page.getByRole('button', { name: /^(Вход|Sign in)$/ }).click();
  // Operators and admins are asked for their authenticator code: the emulator's is at /_dev/totp.
  const code = page.locator('#login-code');
  await Promise.race([
    page.waitForURL((url) => !url.pathname.endsWith('/login.html')),
    code.waitFor({ state: 'visible' }),
  ]);
  if (await code.isVisible()) {
    await session.audit(page, 'asked for the authenticator code');
    await code.fill(await (await fetch(BASE_URL + '/_dev/totp')).text());
    await page.getByRole('button', { name: /^(Вход|Sign in)$/ }).click();
  }
  await page.waitForURL((url) => !url.pathname.endsWith('/login.html'));
  await page.locator('#nav-signout, #account-name').first().waitFor();
  // The page signing in leads to (My signals, or the staff console for staff), once its data has arrived.
  await page.waitForLoadState('networkidle');
  await session.audit(page, 'after signing in');
}

// ------------------------------------------------------------------------------------- setup through the API
// Journeys set up what is not their subject (a signal to subscribe to, a second account) through the API, so
// each journey exercises its own pages only.

export async function api(method, path, body, { token, headers = {} } = {}) {
  const response = await fetch(BASE_URL + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return data;
}

let catalogue;
export async function getCatalogue() {
  catalogue ??= await api('GET', '/api/catalogue');
  return catalogue;
}

/** Files a public signal with a point in Lozenets (so it is on the map); returns {number, access_token?, ...}. */
export async function fileSignal({ description, email = uniqueEmail('setup'), lat = 42.6797, lon = 23.3225 } = {}) {
  const cat = await getCatalogue();
  const category = cat.signal_categories[0];
  return api('POST', '/api/signals', {
    category: category.id,
    type: category.types[0].id,
    location: { lat, lon },
    description: description ?? `Browser journey setup signal ${Date.now()}`,
    email,
  });
}

/** Registers and confirms an account with the code Cognito mailed; returns {email, password, name}. */
export async function createAccount(label, name = 'Иван Петров') {
  const email = uniqueEmail(label);
  const password = uniquePassword();
  await api('POST', '/api/account/register', { email, password, name, accept_terms: true });
  await api('POST', '/api/account/confirm', { email, code: await cognitoCode(email) });
  return { email, password, name };
}

/** Signs in through the API, answering the authenticator step with the emulator's code; the access token. */
export async function apiSignIn(who) {
  let answer = await api('POST', '/api/account/login', { email: who.email, password: who.password });
  if (answer && answer.mfa === 'code_required') {
    const code = await (await fetch(BASE_URL + '/_dev/totp')).text();
    answer = await api('POST', '/api/account/login', { email: who.email, session: answer.session, code });
  }
  return answer.access_token;
}

/** A staff action through the API (setup): signs in as `who`, reads the version, changes the status. */
export async function staffStatus(who, number, status, note) {
  const token = await apiSignIn(who);
  const { version } = await api('GET', `/api/staff/documents/${number}`, undefined, { token });
  return api('POST', `/api/staff/documents/${number}/status`, { status, version, ...(note ? { note } : {}) }, { token });
}

function kilometres([lat1, lon1], [lat2, lon2]) {
  const rad = Math.PI / 180;
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  const y = (lat2 - lat1) * rad;
  return Math.hypot(x, y) * 6371;
}

/** The first of `places` ([lat, lon]) with no marker of the 30-day map within 3 km, so a journey finds its own. */
export async function freePlace(places) {
  const map = await api('GET', '/api/map?days=30');
  const taken = map.features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
  const place = places.find((p) => taken.every((t) => kilometres(p, t) > 3));
  if (!place) throw new Error('every place of this journey has a marker nearby: run it on a fresh stack (infra/browser-test)');
  return place;
}
