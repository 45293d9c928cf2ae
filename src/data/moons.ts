/** makeMoons: two interleaving half circles, like scikit-learn's make_moons, from an explicit seed. */

import { checkIntRange, checkNumber, typeError, checkOptions } from '../errors.js';
import { MAX_ROWS } from './limits.js';
import { Random } from '../random.js';
import { shuffleTogether } from './split.js';

/** A labelled 2-D dataset: `x[i]` is a point, `y[i]` its class index. */
export interface Dataset2D {
  x: number[][];
  y: number[];
}

export interface MoonsOptions {
  /** Standard deviation of the gaussian noise added to every coordinate (default 0). */
  noise?: number;
  /** Seed of the generator used for shuffling and noise (default 0). */
  seed?: number;
  /** Shuffle the points (default true); unshuffled, the outer moon comes first. */
  shuffle?: boolean;
}

/** `count` evenly spaced values from 0 to π inclusive (numpy's linspace; one value → [0]). */
function linspacePi(count: number): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = count === 1 ? 0 : (Math.PI * i) / (count - 1);
  return out;
}

/**
 * Two interleaving half circles (n in [1, 10⁶]). The outer moon (label 0) has ⌊n/2⌋ points (cos t, sin t);
 * the inner moon (label 1) has the rest, (1 − cos t, 1 − sin t − 0.5), for t evenly spaced in [0, π].
 * Then the points are shuffled (optional) and gaussian noise of std `noise` is added.
 *
 * ```ts
 * const { x, y } = makeMoons(100, { noise: 0.1, seed: 0 });
 * x.length; // 100, each [x1, x2]; y[i] ∈ {0, 1}
 * ```
 */
export function makeMoons(n: number, opts: MoonsOptions = {}): Dataset2D {
  const op = 'makeMoons';
  checkOptions('makeMoons', opts, ['noise', 'seed', 'shuffle']);
  checkIntRange(op, 'n', n, 1, MAX_ROWS);
  const noise = checkNumber(op, 'noise', opts.noise ?? 0, { min: 0 });
  const seed = checkNumber(op, 'seed', opts.seed ?? 0);
  const shuffle = opts.shuffle ?? true;
  if (typeof shuffle !== 'boolean') throw typeError(op, `shuffle must be a boolean, got ${typeof shuffle}`);

  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const x: number[][] = [];
  const y: number[] = [];
  for (const t of linspacePi(nOut)) {
    x.push([Math.cos(t), Math.sin(t)]);
    y.push(0);
  }
  for (const t of linspacePi(nIn)) {
    x.push([1 - Math.cos(t), 1 - Math.sin(t) - 0.5]);
    y.push(1);
  }

  const rng = new Random(seed);
  if (shuffle) shuffleTogether(rng, x, y);
  if (noise > 0) {
    for (const p of x) {
      p[0] += rng.normal(0, noise);
      p[1] += rng.normal(0, noise);
    }
  }
  return { x, y };
}
