/** Shared set-up of the browser tests: Debian's Chromium via playwright-core, the static server, fresh builds. */

import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildDemo, buildLibrary, repoRoot } from '../../scripts/build-browser.mjs';
import { startServer } from '../../scripts/serve-demo.mjs';

/** The browser the tests drive: Debian's package (`apt-get install -y chromium`), or $SIMDNET_CHROMIUM. */
export const CHROMIUM = process.env.SIMDNET_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Launches Chromium, or fails with what to install: these tests must not pass by skipping. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `browser tests: no Chromium at ${CHROMIUM}. Install Debian's package with ` +
        '`apt-get update && apt-get install -y chromium` (or set SIMDNET_CHROMIUM to a Chromium binary). ' +
        'Do not use `npx playwright install`: it downloads a browser, which this project does not do.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** The library entry the browser bundle is built from. */
export function libraryEntry(): string {
  return 'src/index.ts';
}

let built: Promise<void> | null = null;

/** Builds dist/browser/ and demo/dist/ once per test process. */
export function buildAll(): Promise<void> {
  built ??= (async () => {
    await buildLibrary({ entry: libraryEntry() });
    await buildDemo();
  })();
  return built;
}

export interface Session {
  browser: Browser;
  /** Base URL of the repository root served over HTTP (the demo is at `${url}demo/`). */
  url: string;
  close(): Promise<void>;
}

/** Builds, serves the repository root on a free port, and launches Chromium. */
export async function openSession(): Promise<Session> {
  await buildAll();
  const server = await startServer({ root: repoRoot, port: 0 });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    browser,
    url: server.url,
    close: async () => { await browser.close(); await server.close(); },
  };
}

/** Collects the page's console errors and uncaught exceptions, so a failing test can say what the page said. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  return errors;
}
