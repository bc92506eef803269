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
 * Debian's Chromium, headless, kept off the network but for the page under
 * test: no background requests, no updates, no sync.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
