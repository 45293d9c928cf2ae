/** The optimizer updates split across 2 and 3 threads against one thread, bit for bit, at awkward sizes. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import type { WasmBackend } from '../../../src/backend/wasm/wasm_backend.js';
import { Random } from '../../../src/random.js';

/** Each optimizer's state buffers and scalars (values a training run would pass, lrT for Adam's bias-corrected rate). */
const CASES = {
  sgd: { state: 0, scalars: [0.05, 1e-3] },
  momentum: { state: 1, scalars: [0.05, 0.9, 1e-3] },
  nesterov: { state: 1, scalars: [0.05, 0.9, 1e-3] },
  adam: { state: 2, scalars: [0.01, 0.9, 0.999, 1e-8, 1e-3] },
  adamw: { state: 2, scalars: [0.01, 0.9, 0.999, 1e-8, 1e-3, 1e-4] },
  rmsprop: { state: 2, scalars: [0.01, 0.9, 1e-7, 0.5, 1e-3] },
  adagrad: { state: 1, scalars: [0.1, 1e-7, 1e-3] },
} as const;
type Op = keyof typeof CASES;

/** Runs `op` from the same starting buffers on `be`; returns every buffer afterwards (w and the state). */
function update(be: Backend, op: Op, data: Float32Array[], n: number): Float32Array[] {
  const bufs = data.map((d) => { const b = be.alloc(d.length); be.write(b, d); return b; });
  (be[op] as unknown as (...a: unknown[]) => void)(...bufs, n, ...CASES[op].scalars);
  const out = bufs.map((b) => be.read(b));
  for (const b of bufs) be.free(b);
  return out;
}

describe.each([2, 3])('%i threads', (threads) => {
  let one: WasmBackend, many: WasmBackend;
  beforeAll(async () => {
    one = await createWasmBackend(undefined, { simd: 'baseline' });
    // minSplitElements 0: every update with a worker's share is split, however small
    many = await createWasmBackend(undefined, { simd: 'baseline', threads, minSplitElements: 0 });
  });
  afterAll(() => many.stopThreads());

  it.each(Object.keys(CASES) as Op[])('%s: the same weights and state as one thread', (op) => {
    const rng = new Random(5);
    for (const n of [1, 3, 4, 5, 17, 63, 257, 1000, 784 * 128 + 3]) {
      const data = Array.from({ length: 2 + CASES[op].state }, (_, i) =>
        Float32Array.from({ length: n }, () => (i >= 2 && op !== 'momentum' && op !== 'nesterov' ? Math.abs(rng.normal(0, 0.1)) : rng.normal(0, 1))));
      expect(update(many, op, data, n), `${op} n = ${n}`).toEqual(update(one, op, data, n));
    }
  });
});
