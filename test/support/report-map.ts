import type { Page } from 'playwright-core';

/** Waits until the public report form's map has drawn the jurisdiction and stopped moving (two frames alike), so a tap lands where meant. */
export async function reportMapSettled(page: Page) {
  const map = page.getByTestId('report-pick-map');
  await map.waitFor();
  await page.waitForFunction("document.querySelectorAll('[data-testid=report-pick-map] .leaflet-overlay-pane path').length > 0");
  await page.waitForFunction(`(() => {
    const pane = document.querySelector('[data-testid=report-pick-map] .leaflet-map-pane');
    const now = pane ? pane.style.transform + '|' + document.querySelector('[data-testid=report-pick-map]').className : '';
    const same = window.__gzMapLast === now && !now.includes('leaflet-zoom-anim');
    window.__gzMapLast = now;
    return same && !document.querySelector('[data-testid=report-pick-map] .leaflet-zoom-animated.leaflet-zoom-anim');
  })()`);
}
