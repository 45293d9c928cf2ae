/** makeSpirals: K interleaved spiral arms (the classic hard 2-D demo), from an explicit seed. */

import { checkIntRange, checkNumber, checkOptions } from '../errors.js';
import { MAX_ROWS } from './limits.js';
import { Random } from '../random.js';
import { shuffleTogether } from './split.js';
import type { Dataset2D } from './moons.js';

export interface SpiralsOptions {
  /** Number of arms, one class each (default 2). */
  classes?: number;
  /** Standard deviation of the gaussian noise added to every coordinate (default 0). */
  noise?: number;
  /** How many full turns each arm makes from the centre to radius 1 (default 1). */
  turns?: number;
  /** Seed of the generator (default 0). */
  seed?: number;
  /** Shuffle the points (default true); unshuffled, arm 0 comes first. */
  shuffle?: boolean;
}

/**
 * Spiral arms (n and classes in [1, 10⁶]). Arm k holds ⌊n/K⌋ points (the first `n mod K` arms one more) at radius r evenly spaced
 * in (0, 1] and angle 2π·(k/K + turns·r): the arms are rotated copies of each other.
 *
 * ```ts
 * const { x, y } = makeSpirals(300, { classes: 3, noise: 0.02, seed: 0 });
 * ```
 */
export function makeSpirals(n: number, opts: SpiralsOptions = {}): Dataset2D {
  const op = 'makeSpirals';
  checkOptions('makeSpirals', opts, ['classes', 'noise', 'turns', 'seed', 'shuffle']);
  checkIntRange(op, 'n', n, 1, MAX_ROWS);
  const classes = checkIntRange(op, 'classes', opts.classes ?? 2, 1, MAX_ROWS);
  const noise = checkNumber(op, 'noise', opts.noise ?? 0, { min: 0 });
  const turns = checkNumber(op, 'turns', opts.turns ?? 1, { min: 0 });
  const rng = new Random(checkNumber(op, 'seed', opts.seed ?? 0));

  const x: number[][] = [];
  const y: number[] = [];
  for (let k = 0; k < classes; k++) {
    const m = Math.floor(n / classes) + (k < n % classes ? 1 : 0);
    for (let i = 0; i < m; i++) {
      const r = (i + 1) / m;
      const t = 2 * Math.PI * (k / classes + turns * r);
      x.push([r * Math.cos(t), r * Math.sin(t)]);
      y.push(k);
    }
  }
  if (opts.shuffle ?? true) shuffleTogether(rng, x, y);
  if (noise > 0) for (const p of x) { p[0] += rng.normal(0, noise); p[1] += rng.normal(0, noise); }
  return { x, y };
}
