import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, chromium } from 'playwright-core';

/** Screenshots and other things a person may want to look at after a run (not committed). */
export const ARTIFACTS = resolve(__dirname, '../../../test-artifacts');

export const artifact = (name: string) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
};

/**
 * A host name that is not loopback to the browser (so not a "potentially
 * trustworthy" origin, as a server reached by its name is) but that Chromium
 * resolves to 127.0.0.1 itself: no DNS, no traffic off the machine.
 */
export const PLAIN_HOST = 'oliver.test';

/** `url` (http://127.0.0.1:port/…) as reached through {@link PLAIN_HOST}. */
export const throughPlainHost = (url: string) => url.replace('//127.0.0.1:', `//${PLAIN_HOST}:`);

/**
 * Debian's Chromium, headless, kept off the network but for the page under
 * test: no background requests, no updates, no sync. {@link PLAIN_HOST}
 * resolves to 127.0.0.1.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${PLAIN_HOST} 127.0.0.1`,
    ],
  });
}
