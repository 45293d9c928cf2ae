/** The optimizer updates split by runs of elements across the calling thread and the pool (same signatures as the exports). */

import type { ThreadsExports } from '../abi.js';
import type { WorkerPool } from './pool.js';
import { F64_COUNT } from './protocol.js';
import { rowBounds } from './split_gemm.js';

type N = number;
type Update = (...args: N[]) => void;

/** Each split optimizer with its count of state buffers (after w and g): its arguments are (w, g, …state, n, …scalars). */
const STATE = { sgd: 0, momentum: 1, nesterov: 1, adam: 2, adamw: 2, rmsprop: 2, adagrad: 1 } as const;
export type OptimizerName = keyof typeof STATE;

/**
 * Smallest update worth splitting, in elements: sgd over 32 K floats takes about 5 µs on one thread, a hand-off
 * a fraction of a µs to a polling worker (bench/results/threads.md).
 */
export const MIN_SPLIT_ELEMENTS = 1 << 15;

/**
 * The in-place optimizer updates over `pool` plus the calling thread, each taking a run of elements (a multiple of 4
 * long, the kernels' vector width). An element's update reads and writes that element alone, so the result is the
 * same bits on any split. The runs fall where (or, when the rows do not halve into multiples of 4, near where)
 * matmulTransA's split of the weight gradient falls, so a thread mostly updates the rows whose gradient it has just
 * written, while they are in its cache.
 *
 * ```ts
 * const opt = splitOptimizers(exports, pool);
 * opt.sgd(w, g, 784 * 128, 0.1, 0); // elements 0..50175 here, the rest in the worker
 * ```
 */
export function splitOptimizers(k: ThreadsExports, pool: WorkerPool, minElements = MIN_SPLIT_ELEMENTS): Record<OptimizerName, Update> {
  const out = {} as Record<OptimizerName, Update>;
  for (const [op, state] of Object.entries(STATE) as [OptimizerName, number][]) {
    const bufs = 2 + state;
    const kernel = k[op] as Update;
    out[op] = (...x: N[]) => {
      const n = x[bufs];
      if (pool.size === 0 || n < minElements) { kernel(...x); return; }
      // the bindings may pass trailing undefineds past the scalars (fixed-arity closures)
      const scalars = x.slice(bufs + 1, bufs + 1 + F64_COUNT[op]!);
      pool.runParts(rowBounds(n, pool.size + 1), (w, i0, count) => {
        const ints = x.slice(0, bufs).map((p) => p + i0 * 4);
        ints.push(count);
        if (w < 0) kernel(...ints, ...scalars);
        else pool.post(w, op, ints, scalars);
      });
    };
  }
  return out;
}
