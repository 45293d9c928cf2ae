/** Split GEMMs and their fused forms (2 and 3 threads) against the single-threaded kernels, bit for bit, and the plain ones against an f64 reference. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { rowBounds } from '../../../src/backend/wasm/threads/split_gemm.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import type { WasmBackend } from '../../../src/backend/wasm/wasm_backend.js';
import { Random } from '../../../src/random.js';

// m×k×n: sizes that leave partial 4-row panels and 8-column panels in both halves, depths past the 256-deep
// k-blocks, fewer rows than threads, and the MNIST layer shapes
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [3, 5, 7], [8, 3, 2], [9, 17, 5], [17, 63, 33], [63, 4, 257], [257, 13, 9],
  [13, 513, 11], [300, 7, 9], [256, 784, 128], [256, 128, 64], [256, 64, 10],
];
const GEMMS = ['matmul', 'matmulAcc', 'matmulBias', 'matmulTransA', 'matmulTransB'] as const;
// the fused forms: dense + activation, dW + db, dX ⊙ the activation's derivative (4 buffers each)
const FUSED = ['matmulBiasRelu', 'matmulBiasTanh', 'matmulBiasSigmoid', 'matmulTransAColSum', 'matmulTransBReluBackward', 'matmulTransBTanhBackward', 'matmulTransBSigmoidBackward'] as const;
type Gemm = (typeof GEMMS)[number];

/** Element counts of A, B, C (and the bias) for each kernel's m, k, n (Backend's conventions). */
function sizes(op: Gemm, m: number, k: number, n: number): number[] {
  if (op === 'matmulTransA') return [m * k, m * n, k * n];
  if (op === 'matmulTransB') return [m * n, k * n, m * k];
  return [m * k, k * n, m * n, n];
}

/** f64 reference of C for the kernel, and Σ|a||b| per element (the scale of its rounding error). */
function reference(op: Gemm, x: Float32Array[], m: number, k: number, n: number): { c: Float64Array; scale: Float64Array } {
  const [a, b, c0, bias] = x;
  const rows = op === 'matmulTransA' ? k : m, cols = op === 'matmulTransB' ? k : n, depth = op === 'matmulTransA' ? m : op === 'matmulTransB' ? n : k;
  const A = (i: number, q: number) => (op === 'matmulTransA' ? a[q * k + i] : op === 'matmulTransB' ? a[i * n + q] : a[i * k + q]);
  const B = (q: number, j: number) => (op === 'matmulTransB' ? b[j * n + q] : b[q * n + j]);
  const c = new Float64Array(rows * cols), scale = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = op === 'matmulAcc' ? c0[i * cols + j] : op === 'matmulBias' ? bias[j] : 0;
      let t = Math.abs(s);
      for (let q = 0; q < depth; q++) { s += A(i, q) * B(q, j); t += Math.abs(A(i, q) * B(q, j)); }
      c[i * cols + j] = s;
      scale[i * cols + j] = t;
    }
  }
  return { c, scale };
}

function call(be: Backend, op: Gemm, data: Float32Array[], m: number, k: number, n: number): Float32Array {
  const bufs = data.map((d) => { const b = be.alloc(d.length); be.write(b, d); return b; });
  const [a, b, c, bias] = bufs;
  if (op === 'matmulBias') be.matmulBias(a, b, bias, c, m, k, n);
  else be[op](a, b, c, m, k, n);
  const out = be.read(c);
  for (const x of bufs) be.free(x);
  return out;
}

it('rowBounds: contiguous runs covering every row, each starting at a multiple of 4, at most `parts` of them', () => {
  for (const rows of [1, 3, 4, 5, 8, 9, 17, 63, 257, 784]) {
    for (const parts of [1, 2, 3, 4, 7]) {
      const b = rowBounds(rows, parts);
      expect(b[0]).toBe(0);
      expect(b[b.length - 1]).toBe(rows);
      expect(b.length - 1).toBeLessThanOrEqual(parts);
      for (let i = 1; i < b.length; i++) expect(b[i]).toBeGreaterThan(b[i - 1]);
      for (let i = 0; i < b.length - 1; i++) expect(b[i] % 4).toBe(0);
    }
  }
  expect(rowBounds(256, 2)).toEqual([0, 128, 256]);
  expect(rowBounds(9, 2)).toEqual([0, 8, 9]);
});

describe.each([2, 3])('%i threads', (threads) => {
  let one: WasmBackend, many: WasmBackend;
  beforeAll(async () => {
    one = await createWasmBackend(undefined, { simd: 'baseline' });
    // minSplitWork 0: split every GEMM with ≥ 8 rows, however small, so the awkward shapes take the threaded path
    many = await createWasmBackend(undefined, { simd: 'baseline', threads, minSplitWork: 0 });
  });
  afterAll(() => many.stopThreads());

  it('runs the pool over shared memory', () => {
    expect(many.threadInfo()).toMatchObject({ threads, shared: true });
  });

  it.each(GEMMS)('%s: bit-identical to one thread, and within the f32 error bound of an f64 reference', (op) => {
    const rng = new Random(7);
    for (const [m, k, n] of SHAPES) {
      const data = sizes(op, m, k, n).map((len) => Float32Array.from({ length: len }, () => rng.normal(0, 1)));
      const expected = call(one, op, data, m, k, n);
      const actual = call(many, op, data, m, k, n);
      expect(actual, `${op} ${m}×${k}×${n}`).toEqual(expected);
      if (m * k * n > 1e6) continue; // the f64 loops in JS would dominate the suite's time; the small shapes cover every edge
      const depth = op === 'matmulTransA' ? m : op === 'matmulTransB' ? n : k;
      const { c, scale } = reference(op, data, m, k, n);
      for (let i = 0; i < c.length; i++) {
        if (Math.abs(actual[i] - c[i]) > 2 * (depth + 2) * 2 ** -24 * scale[i]) {
          throw new Error(`${op} ${m}×${k}×${n}: element ${i} is ${actual[i]}, f64 reference ${c[i]}`);
        }
      }
    }
  });

  it.each(FUSED)('%s: bit-identical to one thread', (op) => {
    const rng = new Random(11);
    for (const [m, k, n] of SHAPES) {
      const lens = op === 'matmulTransAColSum' ? [m * k, m * n, k * n, n] : op.startsWith('matmulBias') ? [m * k, k * n, n, m * n] : [m * n, k * n, m * k, m * k];
      const data = lens.map((len) => Float32Array.from({ length: len }, () => rng.normal(0, 1)));
      const [one1, many1] = [one, many].map((be) => {
        const bufs = data.map((d) => { const b = be.alloc(d.length); be.write(b, d); return b; });
        be[op](bufs[0], bufs[1], bufs[2], bufs[3], m, k, n);
        const outs = bufs.map((b) => be.read(b));
        for (const b of bufs) be.free(b);
        return outs;
      });
      expect(many1, `${op} ${m}×${k}×${n}`).toEqual(one1);
    }
  });

  it('workers see memory the main heap grew after they started', () => {
    const big = many.alloc(64 << 20 >> 2); // 64 MiB: past the memory the workers were started with
    const rng = new Random(3);
    const [m, k, n] = [64, 96, 40];
    const data = sizes('matmul', m, k, n).map((len) => Float32Array.from({ length: len }, () => rng.normal(0, 1)));
    expect(call(many, 'matmul', data, m, k, n)).toEqual(call(one, 'matmul', data, m, k, n));
    many.free(big);
  });
});
