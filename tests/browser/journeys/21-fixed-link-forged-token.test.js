// Journey 21: the "is it fixed?" page (fixed.html) opened with a forged token, as a mail link would open it
// (…?number=…&answer=fixed#token=…): it shows the signal's number and the answer, sends it once, and says the link is
// not valid; the token leaves the address bar and goes nowhere but that one request; nothing is recorded. Opened
// without a token, it sends nothing.
import assert from 'node:assert/strict';
import { journey, expectText, fileSignal, api } from '../lib/harness.js';

journey('an "is it fixed?" link with a forged token is refused as not valid, and the token goes nowhere else', async (s) => {
  const { number } = await fileSignal({ description: 'Сигнал за проверка на връзката „Отстранен ли е проблемът?“.' });
  const token = `forged${Date.now().toString(36)}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
  const page = await s.newPage();
  const requests = [];
  page.on('request', (request) => requests.push({ url: request.url(), method: request.method(), body: request.postData() || '' }));

  await s.goto(page, `/fixed.html?number=${number}&answer=fixed#token=${token}`);
  await expectText(page.getByRole('alert'), /Връзката не е валидна/);
  await expectText(page.locator('#fixed-number'), number);
  await expectText(page.locator('#fixed-answer'), /проблемът е отстранен/);
  // The token left the address bar (and so the history), the rest of the link stayed.
  const url = new URL(page.url());
  assert.equal(url.hash, '');
  assert.equal(url.searchParams.get('number'), number);
  // It went in the body of exactly one request, the answer's, and in no address.
  const carrying = requests.filter((r) => r.url.includes(token) || r.body.includes(token));
  assert.equal(carrying.length, 1, 'one request carries the token');
  assert.equal(carrying[0].method, 'POST');
  assert.equal(new URL(carrying[0].url).pathname, `/api/documents/${number}/fixed-check`);
  assert.deepEqual(JSON.parse(carrying[0].body), { answer: 'fixed', token });
  // The signal's page is a link away.
  assert.equal(await page.getByRole('link', { name: `Вижте сигнал № ${number}` }).getAttribute('href'), `track.html?number=${number}`);
  await s.audit(page);

  // Nothing was recorded.
  const doc = await api('GET', `/api/documents/${number}`);
  const types = (doc.history || []).map((e) => e.change && e.change.type);
  assert.ok(!types.includes('fixed_confirmed') && !types.includes('not_fixed'), `history: ${types.join(', ')}`);

  // Without a token (a link cut short, say) nothing is sent.
  const before = requests.filter((r) => r.url.includes('/fixed-check')).length;
  await s.goto(page, `/fixed.html?number=${number}&answer=not_fixed`);
  await expectText(page.getByRole('alert'), /Връзката не е валидна/);
  await expectText(page.locator('#fixed-answer'), /проблемът не е отстранен/);
  assert.equal(requests.filter((r) => r.url.includes('/fixed-check')).length, before, 'no answer sent without a token');
  await s.audit(page, 'no token');
  await s.screenshot(page);
});
