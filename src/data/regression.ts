/** Regression data from tutorial 004 ("deep learning in 100 lines"): a linear map to recover, and y = x1·x2. */

import { checkIntRange, checkNumber, checkTotal, checkOptions } from '../errors.js';
import { MAX_ROWS, MAX_VALUES } from './limits.js';
import { Random } from '../random.js';

export interface LinearDataOptions {
  /** Columns of X (default 10). */
  inFeatures?: number;
  /** Columns of Y (default 1). */
  outFeatures?: number;
  /** Standard deviation of gaussian noise added to Y (default 0: Y = X·W + b exactly, in f64). */
  noise?: number;
  /** Seed (default 0). */
  seed?: number;
}

/**
 * The tutorial's linear-regression set: X = randn(n, in), W = randn(in, out), b = randn(out),
 * Y = X·W + b (+ noise); n ≤ 10⁶ and each of X, Y, W at most 10⁷ numbers. A linear layer trained on (x, y) should recover W and b.
 *
 * ```ts
 * const { x, y, W, b } = linearData(100, { inFeatures: 10, seed: 0 });
 * // x: 100×10, y: 100×1, W: 10×1, b: [b0]
 * ```
 */
export function linearData(
  n: number,
  opts: LinearDataOptions = {},
): { x: number[][]; y: number[][]; W: number[][]; b: number[] } {
  const op = 'linearData';
  checkOptions('linearData', opts, ['inFeatures', 'outFeatures', 'noise', 'seed']);
  checkIntRange(op, 'n', n, 1, MAX_ROWS);
  const inF = checkIntRange(op, 'inFeatures', opts.inFeatures ?? 10, 1, MAX_VALUES);
  const outF = checkIntRange(op, 'outFeatures', opts.outFeatures ?? 1, 1, MAX_VALUES);
  checkTotal(op, 'n × inFeatures', n * inF, MAX_VALUES);
  checkTotal(op, 'n × outFeatures', n * outF, MAX_VALUES);
  checkTotal(op, 'inFeatures × outFeatures', inF * outF, MAX_VALUES);
  const noise = checkNumber(op, 'noise', opts.noise ?? 0, { min: 0 });
  const rng = new Random(checkNumber(op, 'seed', opts.seed ?? 0));
  const x = Array.from({ length: n }, () => Array.from({ length: inF }, () => rng.normal()));
  const W = Array.from({ length: inF }, () => Array.from({ length: outF }, () => rng.normal()));
  const b = Array.from({ length: outF }, () => rng.normal());
  const y = x.map((row) =>
    b.map((bj, j) => {
      let s = bj;
      for (let k = 0; k < inF; k++) s += row[k] * W[k][j];
      return noise > 0 ? s + rng.normal(0, noise) : s;
    }),
  );
  return { x, y, W, b };
}

/**
 * The tutorial's non-linear set: x = randn(n, 2), y = x1·x2 (as n×1 rows). One linear layer cannot fit
 * it; Linear(2, 10) → Sigmoid → Linear(10, 1) can.
 *
 * ```ts
 * const { x, y } = productData(1000, { seed: 0 }); // y[i][0] === x[i][0] * x[i][1]
 * ```
 */
export function productData(n: number, opts: { seed?: number } = {}): { x: number[][]; y: number[][] } {
  const op = 'productData';
  checkIntRange(op, 'n', n, 1, MAX_ROWS);
  const rng = new Random(checkNumber(op, 'seed', opts.seed ?? 0));
  const x = Array.from({ length: n }, () => [rng.normal(), rng.normal()]);
  return { x, y: x.map(([a, b]) => [a * b]) };
}
