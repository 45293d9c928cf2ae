/** Threads in Chromium: a cross-origin-isolated page runs 2 threads (Web Workers, polling main thread); a plain page falls back and says why. */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../../../scripts/build-browser.mjs';
import { launchChromium } from '../../browser/harness.js';

let server: Server;
let base = '';
let browser: Browser;

beforeAll(async () => {
  // the backend's entry alone, bundled for the browser (Node builtins stay external: the page never reaches them)
  const out = await build({
    stdin: { contents: "export { init, getBackend, threadInfo, stopThreads } from './src/backend/index.ts';", resolveDir: repoRoot, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent', external: ['node:*'],
  });
  const js = out.outputFiles[0].text;
  server = createServer((req, res) => {
    // /coi/…: cross-origin isolated (SharedArrayBuffer exists); /plain/…: an ordinary page
    const isolated = req.url!.startsWith('/coi/');
    const headers: Record<string, string> = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
    if (req.url!.endsWith('/lib.js')) res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(js);
    else res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end('<!doctype html><title>threads</title>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

/** Loads the bundle in a page under `prefix`, inits with 2 threads, runs a 64×96×40 product of ones; returns what it saw. */
async function runPage(prefix: string) {
  const page = await browser.newPage();
  try {
    await page.goto(`${base}/${prefix}/page.html`);
    // a string, not a function: vitest would rewrite the import() inside a function it transforms
    return (await page.evaluate(`(async () => {
      const s = await import('${base}/${prefix}/lib.js');
      await s.init({ threads: 2 });
      const be = s.getBackend();
      const [m, k, n] = [64, 96, 40];
      const a = be.alloc(m * k), b = be.alloc(k * n), c = be.alloc(m * n);
      be.fill(a, 1); be.fill(b, 1);
      be.matmul(a, b, c, m, k, n); // 245 760 multiply-adds: below the split threshold
      const small = Array.from(be.read(c)).every((v) => v === k);
      const [M, K, N] = [256, 128, 64];
      const A = be.alloc(M * K), B = be.alloc(K * N), C = be.alloc(M * N);
      be.write(A, Float32Array.from({ length: M * K }, (_, i) => i % K));
      be.fill(B, 1);
      be.matmul(A, B, C, M, K, N); // 2 M multiply-adds: split with the worker; each element is the sum of 0..127
      const big = Array.from(be.read(C)).every((v) => v === (K * (K - 1)) / 2);
      const info = s.threadInfo();
      s.stopThreads();
      return { info, small, big, isolated: globalThis.crossOriginIsolated };
    })()`)) as { info: unknown; small: boolean; big: boolean; isolated: boolean };
  } finally {
    await page.close();
  }
}

it('a cross-origin-isolated page runs 2 threads over shared memory and computes the split product exactly', async () => {
  const r = await runPage('coi');
  expect(r.isolated).toBe(true);
  expect(r.info).toMatchObject({ threads: 2, shared: true });
  expect(r.small).toBe(true);
  expect(r.big).toBe(true);
});

it('a page without cross-origin isolation falls back to one thread and says why', async () => {
  const r = await runPage('plain');
  expect(r.isolated).toBe(false);
  expect(r.info).toEqual({ threads: 1, shared: false, reason: expect.stringMatching(/SharedArrayBuffer is unavailable.*cross-origin isolated/) });
  expect(r.small && r.big).toBe(true);
});
