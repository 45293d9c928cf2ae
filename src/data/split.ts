/** Shuffling and train/test splits that keep inputs and labels aligned, from an explicit seed. */

import { checkNumber, typeError, rangeError, checkOptions } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { Random } from '../random.js';

/** Applies one random permutation to both arrays, in place. */
export function shuffleTogether<A, B>(rng: Random, a: A[], b: B[]): void {
  const order = rng.permutation(a.length);
  const a0 = a.slice();
  const b0 = b.slice();
  for (let i = 0; i < a.length; i++) {
    a[i] = a0[order[i]];
    b[i] = b0[order[i]];
  }
}

type TypedRows = Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array;
/** What can be split: an array of rows or labels, a typed array of labels, or a Matrix (split by rows). */
export type Splittable = readonly unknown[] | TypedRows | Matrix;

export interface SplitOptions {
  /** Fraction of the rows that go to the test set, in (0, 1); the count is rounded up (default 0.25). */
  testFraction?: number;
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** Shuffle before splitting (default true); unshuffled, the test set is the last rows. */
  shuffle?: boolean;
}

function isMatrix(v: unknown): v is Matrix {
  return typeof v === 'object' && v !== null && 'data' in v && 'shape' in v && (v as Matrix).data instanceof Float32Array;
}

function rowCount(op: string, name: string, v: Splittable): number {
  if (isMatrix(v)) return v.shape[0];
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return (v as ArrayLike<unknown>).length;
  throw typeError(op, `${name} must be an array, a typed array or a Matrix, got ${typeof v}`);
}

function takeRows<T extends Splittable>(v: T, idx: ArrayLike<number>): T {
  if (isMatrix(v)) {
    const cols = v.shape[1];
    const data = new Float32Array(idx.length * cols);
    for (let i = 0; i < idx.length; i++) data.set(v.data.subarray(idx[i] * cols, (idx[i] + 1) * cols), i * cols);
    return { data, shape: [idx.length, cols] } as unknown as T;
  }
  if (Array.isArray(v)) return Array.from(idx, (i) => v[i]) as unknown as T;
  const typed = v as TypedRows;
  const out = new (typed.constructor as { new (n: number): TypedRows })(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = typed[idx[i]];
  return out as T;
}

/**
 * Splits inputs and labels into a training and a test part, with the same row order for both.
 * Each part has the kind of its input (array, typed array or Matrix).
 *
 * ```ts
 * const { x, y } = makeMoons(200, { noise: 0.1, seed: 0 });
 * const { xTrain, yTrain, xTest, yTest } = trainTestSplit(x, y, { testFraction: 0.2, seed: 1 });
 * xTest.length; // 40
 * ```
 */
export function trainTestSplit<X extends Splittable, Y extends Splittable>(
  x: X,
  y: Y,
  opts: SplitOptions = {},
): { xTrain: X; yTrain: Y; xTest: X; yTest: Y } {
  const op = 'trainTestSplit';
  checkOptions('trainTestSplit', opts, ['testFraction', 'seed', 'shuffle']);
  const n = rowCount(op, 'x', x);
  const ny = rowCount(op, 'y', y);
  if (n !== ny) throw rangeError(op, `x has ${n} rows but y has ${ny}`);
  const frac = checkNumber(op, 'testFraction', opts.testFraction ?? 0.25);
  if (!(frac > 0 && frac < 1)) throw rangeError(op, `testFraction must be in (0, 1), got ${frac}`);
  const nTest = Math.ceil(n * frac);
  if (nTest >= n) throw rangeError(op, `${n} rows are too few to keep any for training with testFraction ${frac}`);
  const order = opts.shuffle ?? true
    ? new Random(checkNumber(op, 'seed', opts.seed ?? 0)).permutation(n)
    : Uint32Array.from({ length: n }, (_, i) => i);
  const train = order.subarray(0, n - nTest);
  const test = order.subarray(n - nTest);
  return { xTrain: takeRows(x, train), yTrain: takeRows(y, train), xTest: takeRows(x, test), yTest: takeRows(y, test) };
}
