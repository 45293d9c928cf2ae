/** The GEMM kernels split by output rows across the calling thread and the pool (same signatures as the exports). */

import type { ThreadsExports } from '../abi.js';
import type { WorkerPool } from './pool.js';

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
  matmulTransB(a: N, b: N, c: N, m: N, k: N, n: N): void;
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
 * A function that splits `rows` when worth it: runs `job(w, r0, rows)` on each worker w ≥ 0 and `job(-1, …)` here,
 * then collects every worker; false (nothing run) when the work is below `minWork` or there are no workers.
 */
function rowSplitter(pool: WorkerPool, minWork: number) {
  return function split(rows: number, work: number, job: (w: number, r0: number, count: number) => void): boolean {
    const workers = pool.size;
    if (workers === 0 || work < minWork || rows < 8) return false;
    const bounds = rowBounds(rows, workers + 1);
    const parts = bounds.length - 1;
    for (let p = 1; p < parts; p++) job(p - 1, bounds[p], bounds[p + 1] - bounds[p]);
    try {
      job(-1, 0, bounds[1]);
    } finally {
      // every posted job is collected before anything is thrown: no worker may still be writing when we return
      let failure: unknown = null;
      for (let p = 1; p < parts; p++) {
        try { pool.wait(p - 1); } catch (e) { failure ??= e; }
      }
      if (failure) throw failure;
    }
    return true;
  }
}

/**
 * GEMMs over `pool` plus the calling thread: each takes a run of output rows (rows of C; for matmulTransA, rows of
 * the k×n result, i.e. columns of A), so every element is computed by one thread exactly as the single-threaded
 * kernel computes it: results are bit-identical. Work below `minWork` (m·k·n) stays on the calling thread.
 *
 * ```ts
 * const g = splitGemms(exports, pool, scratchPerWorker);
 * g.matmul(a, b, c, 256, 784, 128, scratch); // rows 0..127 here, 128..255 in the worker
 * ```
 */
export function splitGemms(k: ThreadsExports, pool: WorkerPool, scratch: readonly number[], minWork = MIN_SPLIT_WORK): GemmKernels {
  const split = rowSplitter(pool, minWork);
  const kernels: GemmKernels = {
    matmul(a, b, c, m, kk, n, s) {
      const ok = split(m, m * kk * n, (w, r0, rows) => {
        const args = [a + r0 * kk * 4, b, c + r0 * n * 4, rows, kk, n] as const;
        if (w < 0) k.matmul(...args, s); else pool.post(w, 'matmul', [...args, scratch[w]]);
      });
      if (!ok) k.matmul(a, b, c, m, kk, n, s);
    },
    matmulAcc(a, b, c, m, kk, n, s) {
      const ok = split(m, m * kk * n, (w, r0, rows) => {
        const args = [a + r0 * kk * 4, b, c + r0 * n * 4, rows, kk, n] as const;
        if (w < 0) k.matmulAcc(...args, s); else pool.post(w, 'matmulAcc', [...args, scratch[w]]);
      });
      if (!ok) k.matmulAcc(a, b, c, m, kk, n, s);
    },
    matmulBias(a, b, bias, c, m, kk, n, s) {
      const ok = split(m, m * kk * n, (w, r0, rows) => {
        const args = [a + r0 * kk * 4, b, bias, c + r0 * n * 4, rows, kk, n] as const;
        if (w < 0) k.matmulBias(...args, s); else pool.post(w, 'matmulBias', [...args, scratch[w]]);
      });
      if (!ok) k.matmulBias(a, b, bias, c, m, kk, n, s);
    },
    // C[kk×n] = Aᵀ·B: split C's rows (columns of A) through the strided slice export
    matmulTransA(a, b, c, m, kk, n, s) {
      const ok = split(kk, m * kk * n, (w, r0, rows) => {
        if (w < 0) k.matmulTransARows(a, b, c, m, kk, n, r0, rows, s);
        else pool.post(w, 'matmulTransARows', [a, b, c, m, kk, n, r0, rows, scratch[w]]);
      });
      if (!ok) k.matmulTransA(a, b, c, m, kk, n, s);
    },
    // C[m×kk] = A[m×n]·B[kk×n]ᵀ: split rows of A and C
    matmulTransB(a, b, c, m, kk, n) {
      const ok = split(m, m * kk * n, (w, r0, rows) => {
        const args = [a + r0 * n * 4, b, c + r0 * kk * 4, rows, kk, n] as const;
        if (w < 0) k.matmulTransB(...args); else pool.post(w, 'matmulTransB', args);
      });
      if (!ok) k.matmulTransB(a, b, c, m, kk, n);
    },
    // dense + activation: the split matmulBias, then the activation pass here (the same bits: the fused kernels are
    // matmulBias followed by that pass)
    matmulBiasRelu(a, b, bias, c, m, kk, n, s) {
      kernels.matmulBias(a, b, bias, c, m, kk, n, s);
      k.relu(c, c, m * n);
    },
    matmulBiasTanh(a, b, bias, c, m, kk, n, s) {
      kernels.matmulBias(a, b, bias, c, m, kk, n, s);
      k.tanh(c, c, m * n);
    },
    matmulBiasSigmoid(a, b, bias, c, m, kk, n, s) {
      kernels.matmulBias(a, b, bias, c, m, kk, n, s);
      k.sigmoid(c, c, m * n);
    },
  };
  return kernels;
}
