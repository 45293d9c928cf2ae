/** The batch gather with a thread pool: the same rows as the one-thread copy loop, at awkward sizes; bad indices still refused. */

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import type { WasmBackend } from '../../../src/backend/wasm/wasm_backend.js';
import { Random } from '../../../src/random.js';

let one: WasmBackend, two: WasmBackend;
beforeAll(async () => {
  one = await createWasmBackend(undefined, { simd: 'baseline' });
  two = await createWasmBackend(undefined, { simd: 'baseline', threads: 3 });
});
afterAll(() => two.stopThreads());

/** Gathers `count` rows from `start` of a seeded permutation out of a rows×cols source on `be`. */
function gather(be: WasmBackend, rows: number, cols: number, start: number, count: number, asArray: boolean): Float32Array {
  const rng = new Random(rows + cols);
  const src = be.alloc(rows * cols), dst = be.alloc(count * cols);
  be.write(src, Float32Array.from({ length: rows * cols }, () => rng.normal(0, 1)));
  const perm = rng.permutation(rows);
  be.gatherRows(src, asArray ? perm : Int32Array.from(perm), dst, start, count, cols);
  const out = be.read(dst);
  be.free(src); be.free(dst);
  return out;
}

it('copies exactly the rows the one-thread loop copies (small batches stay on this thread, large ones are split)', () => {
  // [rows, cols, start, count]: below and above the split size (64 K floats), odd counts, one column, a batch of 1
  for (const [rows, cols, start, count] of [[300, 5, 7, 17], [2000, 784, 3, 257], [2000, 784, 0, 255], [70000, 1, 5, 66000], [500, 784, 499 - 300, 300], [1000, 333, 999, 1]]) {
    for (const asArray of [true, false]) {
      expect(gather(two, rows, cols, start, count, asArray), `${rows}×${cols} from ${start}, ${count} rows`).toEqual(gather(one, rows, cols, start, count, asArray));
    }
  }
});

it('checks every index before copying, as on one thread', () => {
  const src = two.alloc(400 * 784), dst = two.alloc(300 * 784);
  const idx = Array.from({ length: 300 }, (_, i) => i);
  idx[299] = 400;
  expect(() => two.gatherRows(src, idx, dst, 0, 300, 784)).toThrow(/gatherRows: index 400 at position 299 is not a row of a 400×784 source/);
  two.free(src); two.free(dst);
});

it('many threads: the gather is cut into at most as many chunks as a pool job holds', async () => {
  const many = await createWasmBackend(undefined, { simd: 'baseline', threads: 20 });
  try {
    expect(many.threadInfo().threads).toBe(20);
    expect(gather(many, 2000, 784, 0, 255, false)).toEqual(gather(one, 2000, 784, 0, 255, false));
  } finally {
    many.stopThreads();
  }
}, 30_000);
