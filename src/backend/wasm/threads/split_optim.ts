/** The optimizer updates split by runs of elements across the calling thread and the pool (same signatures as the exports). */

import type { ThreadsExports } from '../abi.js';
import type { WorkerPool } from './pool.js';
import { chunkCount, rowBounds } from './split_gemm.js';

type N = number;
type Update = (...args: N[]) => void;

/** Each split optimizer's state buffers (after w and g) and scalars: its arguments are (w, g, …state, n, …scalars). */
const STATE = { sgd: [0, 2], momentum: [1, 3], nesterov: [1, 3], adam: [2, 5], adamw: [2, 6], rmsprop: [2, 5], adagrad: [1, 3] } as const;
export type OptimizerName = keyof typeof STATE;

/**
 * Smallest update worth splitting, in elements: sgd over 32 K floats takes about 5 µs on one thread, a hand-off
 * a fraction of a µs to a polling worker (bench/results/threads.md).
 */
export const MIN_SPLIT_ELEMENTS = 1 << 15;

/**
 * The in-place optimizer updates over `pool` plus the calling thread, in runs of elements (each a multiple of 4 long,
 * the kernels' vector width) that the threads claim. An element's update reads and writes that element alone, so the
 * result is the same bits on any split. The runs fall where (or, when the rows do not divide into multiples of 4, near
 * where) matmulTransA's chunks of the weight gradient fall, and the threads claim both the same way, so a thread
 * mostly updates rows whose gradient it has just written, while they are in its cache.
 *
 * ```ts
 * const opt = splitOptimizers(exports, pool);
 * opt.sgd(w, g, 784 * 128, 0.1, 0); // 4 runs of 25088 elements, claimed by this thread from the front, the worker from the back
 * ```
 */
export function splitOptimizers(k: ThreadsExports, pool: WorkerPool, minElements = MIN_SPLIT_ELEMENTS): Record<OptimizerName, Update> {
  const out = {} as Record<OptimizerName, Update>;
  for (const [op, [state, scalars]] of Object.entries(STATE) as [OptimizerName, readonly [number, number]][]) {
    const bufs = 2 + state;
    const kernel = k[op] as Update;
    out[op] = (...x: N[]) => {
      const n = x[bufs];
      if (pool.size === 0 || n < minElements) { kernel(...x); return; }
      const bounds = rowBounds(n, chunkCount(pool.size + 1, n, minElements));
      const chunks = bounds.slice(0, -1).map((i0, p) => [...x.slice(0, bufs).map((ptr) => ptr + i0 * 4), bounds[p + 1] - i0]);
      // the bindings may pass trailing undefineds past the scalars (fixed-arity closures)
      pool.run(op, kernel, chunks, x.slice(bufs + 1, bufs + 1 + scalars));
    };
  }
  return out;
}
