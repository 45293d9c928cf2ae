// The demo's "Download ONNX" in Chromium: the file the page downloads runs in ONNX Runtime with the page model's own predictions.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { maxRelDiff, randomRows, runOrt } from '../interop/compare.js';
import { openSession, pageErrors, type Session } from './harness.js';
import type {} from '../../demo/main.js'; // window.simdnetDemo's type

let session: Session;
let page: Page;
let errors: string[];

beforeAll(async () => {
  session = await openSession();
  page = await session.browser.newPage({ viewport: { width: 1400, height: 800 }, acceptDownloads: true });
  errors = pageErrors(page);
  await page.goto(`${session.url}demo/`);
  const started = await page.waitForFunction(() => window.simdnetDemo?.ready || window.simdnetDemo?.error, null, { timeout: 20_000 });
  expect(await started.jsonValue(), errors.join('\n')).toBe(true);
});

afterAll(async () => { await session?.close(); });

describe('demo: Download ONNX', () => {
  it('is disabled until a model has trained', async () => {
    expect(await page.isDisabled('#download-onnx')).toBe(true);
  });

  it('downloads the trained model, which ONNX Runtime runs with the predictions the page shows', async () => {
    for (const [id, v] of Object.entries({ points: '200', hidden: '12, 8', lr: '0.02', epochs: '150', batch: '32' })) await page.fill(`#${id}`, v);
    await page.selectOption('#dataset', 'spirals');
    await page.selectOption('#activation', 'tanh');
    await page.click('#train');
    await page.waitForFunction(() => window.simdnetDemo.playground!.status === 'done', null, { timeout: 60_000, polling: 50 });
    expect(await page.isDisabled('#download-onnx')).toBe(false);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-onnx')]);
    expect(download.suggestedFilename()).toBe('simdnet-spirals.onnx');
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    expect(await page.evaluate(() => window.simdnetDemo.playground!.download)).toMatchObject({ downloads: 1, lastBytes: bytes.length });
    const x = randomRows(50, 2, 3);
    const inPage = await page.evaluate((rows) => window.simdnetDemo.playground!.pageModel()!.predict(rows), x);
    expect(maxRelDiff(await runOrt(bytes, x), inPage)).toBeLessThanOrEqual(1e-5);
  });

  it('is disabled again while the next training runs', async () => {
    await page.fill('#epochs', '100000');
    await page.click('#train');
    await page.waitForFunction(() => window.simdnetDemo.playground!.epoch >= 2, null, { timeout: 30_000, polling: 20 });
    expect(await page.isDisabled('#download-onnx')).toBe(true);
    await page.click('#stop');
    await page.waitForFunction(() => window.simdnetDemo.playground!.status === 'stopped', null, { timeout: 30_000, polling: 50 });
    expect(await page.isDisabled('#download-onnx')).toBe(false);
  });

  it('logged no page errors', () => {
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });
});
