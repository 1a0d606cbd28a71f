/**
 * Debian's Chromium driven by playwright-core, set up for this machine's closed network.
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian installs Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why browser tests must be skipped here (false when they can run). CI never skips. */
export const chromiumSkip: string | false =
  !existsSync(CHROMIUM) && !process.env.CI
    ? `${CHROMIUM} is not installed (apt-get install chromium); CI would fail here instead`
    : false;

/** A headless browser with a fresh profile in `profileDir`, without background networking. */
export function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
