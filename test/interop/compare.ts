/** Helpers of the interop tests: seeded rows, ONNX Runtime runs, and the relative difference the issue bounds (≤ 1e-5). */
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { Random } from '../../src/random.js';

/** `rows × cols` values in [−2, 2) from a seeded generator, as nested rows. */
export function randomRows(rows: number, cols: number, seed: number): number[][] {
  const rng = new Random(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(-2, 2)));
}

/** Runs ONNX bytes in ONNX Runtime on rows `x` fed as `[rows, cols]` to input 'x' (or `dims` for another shape); returns output 'y' as rows. */
export async function runOrt(bytes: Uint8Array, x: number[][], dims?: number[], names = { input: 'x', output: 'y' }): Promise<number[][]> {
  const session = await ort.InferenceSession.create(bytes);
  const feed = new ort.Tensor('float32', Float32Array.from(x.flat()), dims ?? [x.length, x[0].length]);
  const out = (await session.run({ [names.input]: feed }))[names.output];
  await session.release();
  const data = out.data as Float32Array;
  const n = data.length / x.length;
  return Array.from({ length: x.length }, (_, r) => Array.from(data.subarray(r * n, (r + 1) * n)));
}

/** Largest |a − b| / (1 + |b|) over every value; the shapes must agree. */
export function maxRelDiff(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  a.forEach((row, r) => {
    expect(row.length).toBe(b[r].length);
    row.forEach((v, j) => { m = Math.max(m, Math.abs(v - b[r][j]) / (1 + Math.abs(b[r][j]))); });
  });
  return m;
}
