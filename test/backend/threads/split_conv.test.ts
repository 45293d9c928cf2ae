/** The convolution kernels split across 2 and 3 threads (forward and dX by samples, dW by taps) against one thread, bit for bit. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { runBounds } from '../../../src/backend/wasm/threads/split_conv.js';
import type { WasmBackend } from '../../../src/backend/wasm/wasm_backend.js';
import { Random } from '../../../src/random.js';
import { randn } from '../conv_cases.js';

// batch, h, w, c, kh, kw, sh, sw, cout (valid windows: the direct kernels take a padded input): one sample (no
// forward split), odd batches, fewer than 8 taps (no dW split), tap counts that are not multiples of 4, the MNIST layers
const SHAPES = [
  [1, 9, 9, 3, 3, 3, 1, 1, 5], [3, 7, 6, 2, 2, 2, 1, 1, 8], [5, 10, 9, 1, 5, 5, 2, 1, 13], [2, 6, 6, 1, 2, 2, 1, 1, 3],
  [7, 28, 28, 1, 5, 5, 1, 1, 8], [6, 12, 12, 8, 5, 5, 1, 1, 16], [4, 11, 13, 7, 3, 3, 2, 2, 17],
];
const FORWARD = ['conv2d', 'conv2dRelu', 'conv2dLeakyRelu'] as const;

let one: Backend;
const pools: WasmBackend[] = [];

beforeAll(async () => {
  one = await createWasmBackend(undefined, { simd: 'baseline' });
  for (const threads of [2, 3]) pools.push(await createWasmBackend(undefined, { simd: 'baseline', threads, minSplitWork: 0 }));
});
afterAll(() => pools.forEach((p) => p.stopThreads()));

/** Runs `kernel` on `be` over copies of `data`; returns the output buffer's bits. */
function bits(be: Backend, kernel: string, data: Float32Array[], out: number, rest: number[]): Uint32Array {
  const bufs = data.map((d) => { const b = be.alloc(d.length); be.write(b, d); return b; });
  (be as unknown as Record<string, (...a: unknown[]) => void>)[kernel](...bufs, ...rest);
  const r = new Uint32Array(be.read(bufs[out]).buffer);
  bufs.forEach((b) => be.free(b));
  return r;
}

it('runBounds: contiguous runs covering every item, starting at multiples of the unit, at most `parts` of them', () => {
  for (const n of [1, 2, 3, 7, 25, 64, 200]) {
    for (const parts of [1, 2, 3, 5]) {
      for (const unit of [1, 4]) {
        const b = runBounds(n, parts, unit);
        expect(b[0]).toBe(0);
        expect(b.at(-1)).toBe(n);
        expect(b.length - 1).toBeLessThanOrEqual(parts);
        for (let i = 1; i < b.length; i++) expect(b[i]).toBeGreaterThan(b[i - 1]);
        for (let i = 1; i < b.length - 1; i++) expect(b[i] % unit).toBe(0);
      }
    }
  }
});

describe.each([2, 3])('%i threads', (threads) => {
  const rng = new Random(60 + threads);
  for (const [batch, h, w, c, kh, kw, sh, sw, cout] of SHAPES) {
    it(`${batch}×${h}×${w}×${c}, ${kh}×${kw}/${sh}×${sw} → ${cout}`, () => {
      const be = pools[threads - 2];
      expect(be.threadInfo().threads).toBe(threads);
      const ho = Math.floor((h - kh) / sh) + 1, wo = Math.floor((w - kw) / sw) + 1;
      const geo = [batch, h, w, c, kh, kw, sh, sw, ho, wo, cout];
      const x = randn(rng, batch * h * w * c), W = randn(rng, kh * kw * c * cout, 0.3), b = randn(rng, cout);
      const y = new Float32Array(batch * ho * wo * cout), dy = randn(rng, y.length);
      for (const kernel of FORWARD) {
        const rest = kernel === 'conv2dLeakyRelu' ? [...geo, 0.1] : geo;
        expect(bits(be, kernel, [x, W, b, y], 3, rest), kernel).toEqual(bits(one, kernel, [x, W, b, y], 3, rest));
      }
      const dW = new Float32Array(kh * kw * c * cout);
      expect(bits(be, 'conv2dBackwardFilter', [x, dy, dW], 2, geo)).toEqual(bits(one, 'conv2dBackwardFilter', [x, dy, dW], 2, geo));
      const dx = new Float32Array(x.length);
      expect(bits(be, 'conv2dBackwardInput', [dy, W, dx], 2, geo)).toEqual(bits(one, 'conv2dBackwardInput', [dy, W, dx], 2, geo));
    });
  }
});
