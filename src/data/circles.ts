/** makeCircles: a small circle inside a large one, like scikit-learn's make_circles, from an explicit seed. */

import { checkIntRange, checkNumber, rangeError, checkOptions } from '../errors.js';
import { MAX_ROWS } from './limits.js';
import { Random } from '../random.js';
import { shuffleTogether } from './split.js';
import type { Dataset2D } from './moons.js';

export interface CirclesOptions {
  /** Standard deviation of the gaussian noise added to every coordinate (default 0). */
  noise?: number;
  /** Radius of the inner circle relative to the outer one, in [0, 1) (default 0.8). */
  factor?: number;
  /** Seed of the generator (default 0). */
  seed?: number;
  /** Shuffle the points (default true); unshuffled, the outer circle comes first. */
  shuffle?: boolean;
}

/**
 * Two concentric circles (n in [1, 10⁶]): ⌊n/2⌋ points on the unit circle (label 0), the rest on the circle of radius
 * `factor` (label 1), at angles 2π·i/m (end point excluded), then shuffled and noised.
 *
 * ```ts
 * const { x, y } = makeCircles(200, { noise: 0.05, factor: 0.5, seed: 1 });
 * ```
 */
export function makeCircles(n: number, opts: CirclesOptions = {}): Dataset2D {
  const op = 'makeCircles';
  checkOptions('makeCircles', opts, ['noise', 'factor', 'seed', 'shuffle']);
  checkIntRange(op, 'n', n, 1, MAX_ROWS);
  const noise = checkNumber(op, 'noise', opts.noise ?? 0, { min: 0 });
  const factor = checkNumber(op, 'factor', opts.factor ?? 0.8);
  if (factor < 0 || factor >= 1) throw rangeError(op, `factor must be in [0, 1), got ${factor}`);
  const rng = new Random(checkNumber(op, 'seed', opts.seed ?? 0));

  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < nOut; i++) {
    const t = (2 * Math.PI * i) / nOut;
    x.push([Math.cos(t), Math.sin(t)]);
    y.push(0);
  }
  for (let i = 0; i < nIn; i++) {
    const t = (2 * Math.PI * i) / nIn;
    x.push([factor * Math.cos(t), factor * Math.sin(t)]);
    y.push(1);
  }
  if (opts.shuffle ?? true) shuffleTogether(rng, x, y);
  if (noise > 0) for (const p of x) { p[0] += rng.normal(0, noise); p[1] += rng.normal(0, noise); }
  return { x, y };
}
