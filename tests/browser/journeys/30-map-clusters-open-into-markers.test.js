// Journey 30: the home map of the whole city shows clusters (each a cell's signals counted by the server, split
// open / resolved / other); opening one, by keyboard and by click, zooms into its cell until the map shows its
// signals as markers, one of them the journey's own. Panning away and back asks for no tile twice (the page keeps
// the tiles it has), and the list under the map names the signals in view. axe checks every view.
import assert from 'node:assert/strict';
import { journey, expectText, fileSignal, api, until } from '../lib/harness.js';

const [LAT, LON] = [42.7052, 23.3648]; // Poduyane

/** The cluster of the map's answer `path` whose cell holds the journey's point (the stream counts it first). */
async function clusterAt(path) {
  let found = null;
  await until(`a cluster at the signal in ${path}`, async () => {
    const answer = await api('GET', path);
    found = (answer.clusters || []).find((c) => {
      const [w, s, e, n] = c.bbox;
      return w <= LON && LON < e && s <= LAT && LAT < n;
    });
    return Boolean(found);
  }, { timeout: 60_000, interval: 500 });
  return found;
}

journey('the home map opens clusters into markers as one zooms and pans', async (s) => {
  const description = 'Разбита настилка на тротоара пред входа на училището, опасно за децата.';
  const { number } = await fileSignal({ description, lat: LAT, lon: LON });
  const city = await clusterAt('/api/map?days=30&zoom=12');
  const page = await s.newPage();
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/map?')) asked.push(r.url()); });

  await s.goto(page, '/');
  // The whole city: clusters, each a button with its counts in words.
  const first = page.locator(`.map-cluster:has([data-cell="${city.cell}"])`);
  await first.waitFor();
  const title = await first.getAttribute('title');
  assert.match(title, /^Сигнали тук: [\d\s]+ \([\d\s]+ отворени, [\d\s]+ решени, [\d\s]+ други\)/, title);
  await expectText(page.locator('#recent-status'), /^Общо: [\d\s]+\..*увеличете картата/);
  await s.audit(page, 'the city in clusters');
  await s.screenshot(page, 'map-clusters');

  // By keyboard: Tab reaches the cluster (Leaflet's markers are focusable), Enter opens it into its cell.
  await first.focus();
  await page.keyboard.press('Enter');
  const district = await clusterAt(`/api/map?days=30&zoom=14&bbox=${city.bbox.join(',')}`);
  const second = page.locator(`.map-cluster:has([data-cell="${district.cell}"])`);
  await second.waitFor();
  await s.audit(page, 'a district in clusters');

  // By click: finer cells (a cell small enough on screen opens straight into markers), then the signals themselves.
  await second.click();
  const marker = page.locator(`.leaflet-marker-icon[title*="${number}"]`);
  await page.locator(`.leaflet-marker-icon[title*="${number}"], .map-cluster:has([data-cell^="${district.cell}"]:not([data-cell="${district.cell}"]))`).first().waitFor();
  if (!(await marker.count())) {
    const street = await clusterAt(`/api/map?days=30&zoom=15&bbox=${district.bbox.join(',')}`);
    await page.locator(`.map-cluster:has([data-cell="${street.cell}"])`).click();
  }
  await marker.waitFor();
  assert.equal(await page.locator('.map-cluster').count(), 0, 'markers, no clusters, at this zoom');
  await page.locator('#recent-list li').getByRole('link', { name: new RegExp(number) }).waitFor();
  await s.audit(page, 'the signals as markers');
  await s.screenshot(page, 'map-markers');

  // Pan away and back with the keyboard: the tiles already seen are not asked for again.
  const before = asked.length;
  const map = page.locator('#signal-map');
  await map.focus();
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowLeft', 'ArrowLeft']) {
    await page.keyboard.press(key);
    await until('the map to settle', async () => !(await page.locator('#recent-list[aria-busy]').count()));
  }
  await marker.waitFor();
  const again = asked.slice(before);
  assert.equal(new Set(again).size, again.length, `no tile asked twice while panning: ${again.join('\n')}`);
  assert.ok(asked.length === new Set(asked).size, 'every tile asked once in the whole journey');
  // The address says where the map is, so the view can be shared.
  assert.match(new URL(page.url()).hash, /^#map=1[6-8]\/42\.\d+\/23\.\d+$/);

  await marker.click();
  await page.locator('.leaflet-popup').getByRole('link', { name: new RegExp(number) }).click();
  await page.waitForURL(new RegExp(`track\\.html\\?number=${number}`));
  await expectText(page.locator('#signal-description'), description);
  await s.audit(page, 'the signal opened from its marker');
});
