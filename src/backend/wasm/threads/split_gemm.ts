/** The GEMM kernels split by output rows across the calling thread and the pool (same signatures as the exports). */

import type { ThreadsExports } from '../abi.js';
import type { WorkerPool } from './pool.js';
import { MAX_CHUNKS } from './protocol.js';

type N = number;

/** The GEMM kernels the pool splits, with the exports' signatures (pointers, sizes, scratch). */
export interface GemmKernels {
  matmul(a: N, b: N, c: N, m: N, k: N, n: N, scratch: N): void;
  matmulAcc(a: N, b: N, c: N, m: N, k: N, n: N, scratch: N): void;
  matmulBias(a: N, b: N, bias: N, c: N, m: N, k: N, n: N, scratch: N): void;
  matmulBiasRelu(a: N, b: N, bias: N, c: N, m: N, k: N, n: N, scratch: N): void;
  matmulBiasTanh(a: N, b: N, bias: N, c: N, m: N, k: N, n: N, scratch: N): void;
  matmulBiasSigmoid(a: N, b: N, bias: N, c: N, m: N, k: N, n: N, scratch: N): void;
  matmulTransA(a: N, b: N, c: N, m: N, k: N, n: N, scratch: N): void;
  matmulTransAColSum(a: N, b: N, c: N, colsum: N, m: N, k: N, n: N, scratch: N): void;
  matmulTransB(a: N, b: N, c: N, m: N, k: N, n: N, scratch: N): void;
  matmulTransBReluBackward(a: N, b: N, saved: N, c: N, m: N, k: N, n: N, scratch: N): void;
  matmulTransBTanhBackward(a: N, b: N, saved: N, c: N, m: N, k: N, n: N, scratch: N): void;
  matmulTransBSigmoidBackward(a: N, b: N, saved: N, c: N, m: N, k: N, n: N, scratch: N): void;
}

/**
 * Smallest m·k·n worth splitting. bench/threads.ts on the 2-core VM (bench/results/threads.md): with the worker
 * polling (jobs in a steady stream) a split pays from 32³ (1.10×; 64³ 1.14×, 96³ 1.48×, 128³ 1.86×); a worker that
 * has gone to sleep takes tens of µs to wake, which 64³ (13 µs on one thread) cannot repay. Hence ~0.5 M.
 */
export const MIN_SPLIT_WORK = 1 << 19;

/**
 * Row boundaries of `rows` split into `parts` near-equal runs, each a multiple of 4 rows (the kernels' panel
 * height: a row is then computed by the same panel code, in the same order, as in the unsplit call).
 */
export function rowBounds(rows: number, parts: number): number[] {
  const per = Math.ceil(rows / parts / 4) * 4;
  const bounds = [0];
  for (let p = 1; p < parts && bounds[p - 1] + per < rows; p++) bounds.push(bounds[p - 1] + per);
  bounds.push(rows);
  return bounds;
}

/**
 * How many chunks to cut a job of `work` into: one per thread near the smallest split worth making, two per thread
 * from 4× that, so a thread that starts late (a worker waking up) or runs slow leaves the last chunks to the others.
 */
export function chunkCount(threads: number, work: number, minWork: number): number {
  return Math.min(MAX_CHUNKS, work >= 4 * minWork ? 2 * threads : threads);
}

/** Floats a pointer argument advances per row of the split, from the call's m, k, n. */
type PerRow = (m: N, k: N, n: N) => N;
const K: PerRow = (_m, k) => k;
const Nn: PerRow = (_m, _k, n) => n;

/**
 * The kernels split by rows of A and C (m): each one's buffer count (the row count m is the argument after the
 * buffers; the scratch pointer is the last), and the pointer arguments that advance with the rows (argument index,
 * floats per row).
 */
const BY_ROWS = {
  matmul: { bufs: 3, advance: [[0, K], [2, Nn]] },
  matmulAcc: { bufs: 3, advance: [[0, K], [2, Nn]] },
  matmulBias: { bufs: 4, advance: [[0, K], [3, Nn]] },
  matmulBiasRelu: { bufs: 4, advance: [[0, K], [3, Nn]] },
  matmulBiasTanh: { bufs: 4, advance: [[0, K], [3, Nn]] },
  matmulBiasSigmoid: { bufs: 4, advance: [[0, K], [3, Nn]] },
  matmulTransB: { bufs: 3, advance: [[0, Nn], [2, K]] },
  matmulTransBReluBackward: { bufs: 4, advance: [[0, Nn], [2, K], [3, K]] },
  matmulTransBTanhBackward: { bufs: 4, advance: [[0, Nn], [2, K], [3, K]] },
  matmulTransBSigmoidBackward: { bufs: 4, advance: [[0, Nn], [2, K], [3, K]] },
} as const satisfies Record<string, { bufs: number; advance: readonly (readonly [number, PerRow])[] }>;

/**
 * GEMMs over `pool` plus the calling thread, in chunks of output rows (rows of C; for matmulTransA, rows of the k×n
 * result, i.e. columns of A) that the threads claim as they come free (pool.ts), so every element is computed by one
 * thread exactly as the single-threaded kernel computes it: results are bit-identical. Work below `minWork` (m·k·n)
 * stays on the calling thread. The fused kernels (dense + activation, dX + the activation's derivative) run whole on
 * each chunk: their second pass is elementwise.
 *
 * ```ts
 * const g = splitGemms(exports, pool);
 * g.matmul(a, b, c, 256, 784, 128, scratch); // 4 chunks of 64 rows: 0..63 here first, 192..255 in the worker, …
 * ```
 */
export function splitGemms(k: ThreadsExports, pool: WorkerPool, minWork = MIN_SPLIT_WORK): GemmKernels {
  /** Row runs of an m-row output, or null when the product stays on this thread. */
  const runs = (rows: number, work: number): number[] | null =>
    pool.size === 0 || work < minWork || rows < 8 ? null : rowBounds(rows, chunkCount(pool.size + 1, work, minWork));
  const out: Record<string, unknown> = {};
  for (const [op, { bufs: at, advance }] of Object.entries(BY_ROWS) as [keyof typeof BY_ROWS, { bufs: number; advance: readonly (readonly [number, PerRow])[] }][]) {
    const fn = k[op] as (...a: N[]) => void;
    out[op] = (...x: N[]) => {
      const [m, kk, n] = [x[at], x[at + 1], x[at + 2]];
      const bounds = runs(m, m * kk * n);
      if (!bounds) { fn(...x); return; }
      const chunks: number[][] = [];
      for (let p = 0; p + 1 < bounds.length; p++) {
        const y = x.slice(0, at + 4); // buffers, m, k, n, scratch
        for (const [i, per] of advance) y[i] += bounds[p] * per(m, kk, n) * 4;
        y[at] = bounds[p + 1] - bounds[p];
        chunks.push(y);
      }
      pool.run(op, fn, chunks, [], at + 3);
    };
  }
  // C[kk×n] = Aᵀ·B: split C's rows (columns of A) through the strided slice export; the column sums of B, when
  // asked for, go to the first chunk
  const transA = (a: N, b: N, c: N, colsum: N, m: N, kk: N, n: N, s: N) => {
    const bounds = runs(kk, m * kk * n);
    if (!bounds) {
      if (colsum) k.matmulTransAColSum(a, b, c, colsum, m, kk, n, s);
      else k.matmulTransA(a, b, c, m, kk, n, s);
      return;
    }
    const chunks = bounds.slice(0, -1).map((r0, p) => [a, b, c, p === 0 ? colsum : 0, m, kk, n, r0, bounds[p + 1] - r0, s]);
    pool.run('matmulTransARows', k.matmulTransARows, chunks, [], 9);
  };
  out.matmulTransA = (a: N, b: N, c: N, m: N, kk: N, n: N, s: N) => transA(a, b, c, 0, m, kk, n, s);
  out.matmulTransAColSum = transA;
  return out as unknown as GemmKernels;
}
