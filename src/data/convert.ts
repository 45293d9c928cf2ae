/** Conversions between plain arrays and Matrix: toMatrix, toRows, oneHot, oneHotMatrix. */

import { checkIntRange, checkTotal, typeError, rangeError } from '../errors.js';
import { MAX_F32, MAX_VALUES } from './limits.js';
import { readMatrix, rowsOf, type Matrix } from '../matrix.js';

/**
 * Packs rows of numbers into a row-major f32 Matrix. Every row must have the same length and every
 * value must be finite; the error names the first bad row.
 *
 * ```ts
 * toMatrix([[1, 2], [3, 4], [5, 6]]).shape; // [3, 2]
 * ```
 */
export function toMatrix(rows: readonly (readonly number[])[], op = 'toMatrix'): Matrix {
  if (!Array.isArray(rows)) throw typeError(op, `expected an array of rows, got ${typeof rows}`);
  return readMatrix(op, 'rows', rows);
}

/**
 * Unpacks a Matrix into plain rows (copies).
 *
 * ```ts
 * toRows(toMatrix([[1, 2], [3, 4]])); // [[1, 2], [3, 4]]
 * ```
 */
export function toRows(m: Matrix): number[][] {
  const [rows, cols] = m.shape;
  if (m.data.length !== rows * cols) throw rangeError('toRows', `data has ${m.data.length} values, shape ${rows}×${cols} needs ${rows * cols}`);
  return rowsOf(m.data, rows, cols);
}

/** Checks classes and the labels; `max` bounds the output's labels × classes numbers. */
function checkLabels(op: string, labels: ArrayLike<number>, classes: number, max: number): void {
  checkIntRange(op, 'classes', classes, 1, max);
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw typeError(op, `labels must be an array of class indices, got ${typeof labels}`);
  }
  checkTotal(op, 'labels × classes', labels.length * classes, max);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw rangeError(op, `label ${i} is ${v}, expected an integer in [0, ${classes})`);
    }
  }
}

/**
 * One-hot rows (labels × classes ≤ 10⁷): label k becomes a row of `classes` zeros with a 1 at position k.
 *
 * ```ts
 * oneHot([2, 0], 3); // [[0, 0, 1], [1, 0, 0]]
 * ```
 */
export function oneHot(labels: ArrayLike<number>, classes: number): number[][] {
  checkLabels('oneHot', labels, classes, MAX_VALUES);
  return Array.from({ length: labels.length }, (_, i) => {
    const row = new Array<number>(classes).fill(0);
    row[labels[i]] = 1;
    return row;
  });
}

/**
 * One-hot rows packed in a Matrix (labels.length × classes ≤ 10⁸), for large label sets such as MNIST.
 *
 * ```ts
 * oneHotMatrix(new Uint8Array([7, 2]), 10).shape; // [2, 10]
 * ```
 */
export function oneHotMatrix(labels: ArrayLike<number>, classes: number): Matrix {
  checkLabels('oneHotMatrix', labels, classes, MAX_F32);
  const data = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) data[i * classes + labels[i]] = 1;
  return { data, shape: [labels.length, classes] };
}
