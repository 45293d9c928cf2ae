/** makeBlobs: isotropic gaussian clusters, like scikit-learn's make_blobs, from an explicit seed. */

import { checkIntRange, checkNumber, checkTotal, typeError, rangeError, checkOptions } from '../errors.js';
import { MAX_ROWS, MAX_VALUES } from './limits.js';
import { Random } from '../random.js';
import { shuffleTogether } from './split.js';

export interface BlobsOptions {
  /** Number of clusters (centers drawn uniformly in `box`), or the centers themselves (default 3). */
  centers?: number | number[][];
  /** Dimension of each point when `centers` is a number (default 2). */
  features?: number;
  /** Standard deviation of each cluster: one number, or one per cluster (default 1). */
  std?: number | number[];
  /** Range [lo, hi) for randomly drawn centers (default [-10, 10]). */
  box?: [number, number];
  /** Seed of the generator (default 0). */
  seed?: number;
  /** Shuffle the points (default true); unshuffled, cluster 0 comes first. */
  shuffle?: boolean;
}

/**
 * Gaussian blobs (n ≤ 10⁶, n × features ≤ 10⁷). The `n` points are split as evenly as possible between the clusters (the first
 * `n mod k` clusters get one more); the label of a point is the index of its cluster.
 * Returns the centers too, so tests and plots can use them.
 *
 * ```ts
 * const { x, y, centers } = makeBlobs(300, { centers: 3, std: 1, seed: 0 });
 * ```
 */
export function makeBlobs(n: number, opts: BlobsOptions = {}): { x: number[][]; y: number[]; centers: number[][] } {
  const op = 'makeBlobs';
  checkOptions('makeBlobs', opts, ['centers', 'features', 'std', 'box', 'seed', 'shuffle']);
  checkIntRange(op, 'n', n, 1, MAX_ROWS);
  const seed = checkNumber(op, 'seed', opts.seed ?? 0);
  const rng = new Random(seed);

  let centers: number[][];
  const c = opts.centers ?? 3;
  if (typeof c === 'number') {
    checkIntRange(op, 'centers', c, 1, MAX_ROWS);
    const features = checkIntRange(op, 'features', opts.features ?? 2, 1, MAX_VALUES);
    checkTotal(op, 'centers × features', c * features, MAX_VALUES);
    checkTotal(op, 'n × features', n * features, MAX_VALUES);
    const [lo, hi] = opts.box ?? [-10, 10];
    checkNumber(op, 'box[0]', lo);
    checkNumber(op, 'box[1]', hi);
    if (!(hi > lo)) throw rangeError(op, `box must be [lo, hi] with lo < hi, got [${lo}, ${hi}]`);
    centers = [];
    for (let k = 0; k < c; k++) {
      const row: number[] = [];
      for (let j = 0; j < features; j++) row.push(rng.uniform(lo, hi));
      centers.push(row);
    }
  } else if (Array.isArray(c)) {
    if (c.length === 0) throw rangeError(op, 'centers is an empty array');
    const d = c[0].length;
    c.forEach((row, k) => {
      if (!Array.isArray(row) || row.length !== d) {
        throw rangeError(op, `centers[${k}] has ${Array.isArray(row) ? row.length : 'no'} coordinates, expected ${d}`);
      }
      row.forEach((v, j) => checkNumber(op, `centers[${k}][${j}]`, v));
    });
    checkTotal(op, 'n × features', n * d, MAX_VALUES);
    centers = c.map((row) => row.slice());
  } else {
    throw typeError(op, `centers must be a number or an array of points, got ${typeof c}`);
  }

  const k = centers.length;
  const stds = Array.isArray(opts.std) ? opts.std : new Array<number>(k).fill(opts.std ?? 1);
  if (stds.length !== k) throw rangeError(op, `std has ${stds.length} entries for ${k} centers`);
  stds.forEach((s, i) => checkNumber(op, `std[${i}]`, s, { min: 0 }));

  const x: number[][] = [];
  const y: number[] = [];
  for (let ci = 0; ci < k; ci++) {
    const count = Math.floor(n / k) + (ci < n % k ? 1 : 0);
    for (let i = 0; i < count; i++) {
      x.push(centers[ci].map((m) => rng.normal(m, stds[ci])));
      y.push(ci);
    }
  }
  if (opts.shuffle ?? true) shuffleTogether(rng, x, y);
  return { x, y, centers };
}
