// Journey 5: a marker on the home page's map opens its signal. Markers are Leaflet markers whose title holds
// the registry number; the popup links to the signal's page. Map tiles are not needed (closed network).
import assert from 'node:assert/strict';
import { journey, expectText, fileSignal, api, freePlace } from '../lib/harness.js';

// Places kilometres apart from each other and from the other journeys' signals (Lozenets), so the journey's
// marker stands where the map, opened zoomed in on it, has no other marker nearby.
const PLACES = [
  [42.715, 23.255], // Lyulin
  [42.665, 23.405], // Druzhba
  [42.74, 23.305], // Nadezhda
  [42.67, 23.235], // Ovcha kupel
  [42.64, 23.375], // Mladost
  [42.705, 23.365], // Poduyane
  [42.705, 23.145], // Bankya
];


journey('a marker on the home map opens its signal', async (s) => {
  const [lat, lon] = await freePlace(PLACES);
  const description = 'Преливащ контейнер за смет, боклукът е по тротоара от дни.';
  const { number } = await fileSignal({ description, lat, lon });
  const page = await s.newPage();

  // The map opens where the address says (#map=zoom/lat/lon): zoomed in, the signals are markers.
  await s.goto(page, `/#map=17/${lat}/${lon}`);
  const marker = page.locator(`.leaflet-marker-icon[title*="${number}"]`);
  await marker.waitFor();
  await s.audit(page, 'with the map');
  await s.screenshot(page, 'home-map');
  // The marker shows inside the map (not clipped by it): a person can see and click it.
  const [box, frame] = [await marker.boundingBox(), await page.locator('.leaflet-container').first().boundingBox()];
  const inside = (b, f) => b.x >= f.x && b.y >= f.y && b.x + b.width <= f.x + f.width && b.y + b.height <= f.y + f.height;
  assert.ok(inside(box, frame), `the marker ${JSON.stringify(box)} lies within the map ${JSON.stringify(frame)}`);
  await marker.click();
  const popup = page.locator('.leaflet-popup');
  await popup.waitFor();
  const link = popup.getByRole('link', { name: new RegExp(number) });
  await link.click();

  await page.waitForURL(new RegExp(`track\\.html\\?number=${number}`));
  await expectText(page.locator('#signal-number'), number);
  await expectText(page.locator('#signal-description'), description);
  await s.audit(page);
  await s.screenshot(page);
});
