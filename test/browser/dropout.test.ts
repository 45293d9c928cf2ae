// Dropout masks are integer arithmetic: Chromium's default WASM build (relaxed SIMD where it has it) draws the same bits as Node's baseline build and the TS specification.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as spec from '../../src/backend/ts/spec.js';
import { createWasmBackend } from '../../src/backend/wasm/create.js';
import { Random } from '../../src/random.js';
import { openSession, type Session } from './harness.js';

let session: Session;
let page: Page;

beforeAll(async () => {
  session = await openSession();
  page = await session.browser.newPage();
  await page.goto(`${session.url}test/browser/fixtures/blank.html`);
  await page.addScriptTag({ type: 'module', content: `import * as s from '${session.url}dist/browser/simdnet.js'; await s.init(); window.simdnet = s;` });
  await page.waitForFunction(() => 'simdnet' in window, null, { timeout: 10_000 });
});

afterAll(async () => { await session?.close(); });

declare global {
  // eslint-disable-next-line no-var
  var simdnet: any;
}

it('the same (seed, rate, n) gives the same mask and output bits in Chromium, in Node and in the specification', async () => {
  const rng = new Random(5);
  // seeds as the layer will draw them (32-bit unsigned), plus the edges of the i32 ABI
  const cases = [[0, 0.5, 1], [2 ** 32 - 1, 0.1, 5], [2 ** 31, 0.9, 63], [rng.nextUint32(), 0.5, 4099], [rng.nextUint32(), 0.25, 64 * 128 + 3]];
  const x = Array.from({ length: 64 * 128 + 3 }, () => rng.normal());
  const browser = await page.evaluate(({ cases, x }) => {
    const be = window.simdnet.getBackend();
    return {
      build: be.build as string,
      outs: cases.map(([seed, rate, n]) => {
        const [bx, by, bm] = [be.alloc(n), be.alloc(n), be.alloc(n)];
        be.write(bx, x.slice(0, n));
        be.dropout(bx, by, bm, n, rate, seed);
        const out = { y: Array.from(be.read(by) as Float32Array), mask: Array.from(be.read(bm) as Float32Array) };
        for (const b of [bx, by, bm]) be.free(b);
        return out;
      }),
    };
  }, { cases, x });
  const node = await createWasmBackend(undefined, { simd: 'baseline' });
  const bits = (a: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
  cases.forEach(([seed, rate, n], k) => {
    const [bx, by, bm] = [node.alloc(n), node.alloc(n), node.alloc(n)];
    node.write(bx, x.slice(0, n));
    node.dropout(bx, by, bm, n, rate, seed);
    const y = new Float32Array(n), mask = new Float32Array(n);
    spec.dropout(Float32Array.from(x.slice(0, n)), y, mask, n, rate, seed);
    expect(bits(browser.outs[k].mask), `mask, case ${k} (Chromium ${browser.build} vs Node baseline)`).toEqual(bits(node.read(bm)));
    expect(bits(browser.outs[k].y), `y, case ${k}`).toEqual(bits(node.read(by)));
    expect(bits(node.read(bm)), `mask, case ${k} (Node vs specification)`).toEqual(bits(mask));
    for (const b of [bx, by, bm]) node.free(b);
  });
  expect(['relaxed', 'baseline']).toContain(browser.build);
});
