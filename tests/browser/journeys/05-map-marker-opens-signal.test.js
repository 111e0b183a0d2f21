// Journey 5: a marker on the home page's map opens its signal. Markers are Leaflet markers whose title holds
// the registry number; the popup links to the signal's page. Map tiles are not needed (closed network).
import { journey, expectText, fileSignal } from '../lib/harness.js';

journey('a marker on the home map opens its signal', async (s) => {
  // Far from the other journeys' signals (Lozenets), so the marker is not clustered with theirs.
  const lat = 42.715 + Math.random() * 0.01;
  const lon = 23.255 + Math.random() * 0.01;
  const description = 'Преливащ контейнер за смет, боклукът е по тротоара от дни.';
  const { number } = await fileSignal({ description, lat, lon });
  const page = await s.newPage();

  await s.goto(page, '/');
  const marker = page.locator(`.leaflet-marker-icon[title*="${number}"]`);
  await marker.waitFor();
  await s.audit(page, 'with the map');
  await s.screenshot(page, 'home-map');
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
