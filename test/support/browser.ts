import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's Chromium, or CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests run wherever Chromium is installed. Under CI they always run,
 * so a missing Chromium fails there instead of passing unnoticed.
 */
export const browserAvailable = existsSync(chromiumPath) || process.env.CI === 'true';
if (!browserAvailable) {
  process.stderr.write(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)\n`);
}

export function launchChromium(): Promise<Browser> {
  if (!inject('webBuilt')) throw new Error('the web app did not build (npm run build:web); browser tests need it');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
