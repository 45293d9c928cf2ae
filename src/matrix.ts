/** The plain matrix shared by datasets, tensors and models (f32, row-major, [rows, cols]), and the one converter from user data into it. */

import { checkFinite, fmtShape, rangeError, typeError } from './errors.js';

/** `rows × cols` f32 values in row-major order. Used for data too large for `number[][]` (MNIST). */
export interface Matrix {
  readonly data: Float32Array;
  readonly shape: readonly [number, number];
}

function isRow(r: unknown): r is ArrayLike<unknown> {
  return Array.isArray(r) || (ArrayBuffer.isView(r) && !(r instanceof DataView));
}

/** Nested rows packed row-major, every row checked for kind and length. */
function packRows(op: string, name: string, input: readonly unknown[]): Matrix {
  const rows = input.length;
  if (rows === 0) throw rangeError(op, `${name} is empty (no rows)`);
  if (!isRow(input[0])) throw typeError(op, `${name} must be a 2-D array (rows of numbers), got an array of ${typeof input[0]}`);
  const cols = input[0].length;
  if (cols === 0) throw rangeError(op, `${name} has rows of length 0`);
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = input[r];
    if (!isRow(row)) throw typeError(op, `${name} row ${r} is not an array (got ${typeof row})`);
    if (row.length !== cols) throw rangeError(op, `${name} is ragged: row ${r} has ${row.length} values, row 0 has ${cols}`);
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') throw typeError(op, `${name} row ${r}, column ${j} is ${typeof v}, expected a number`);
      data[r * cols + j] = v;
    }
  }
  return { data, shape: [rows, cols] };
}

/** `{ data, shape }` checked: a 2-D shape of positive integers and exactly that many values. */
function checkShaped(op: string, name: string, input: { data: unknown; shape: unknown }): Matrix {
  const { data: d, shape } = input;
  if (!Array.isArray(shape) || shape.length !== 2) throw typeError(op, `${name}.shape must be [rows, cols]`);
  const [rows, cols] = shape as [number, number];
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw rangeError(op, `${name}.shape must be two positive integers, got ${fmtShape(shape)}`);
  }
  let data: Float32Array;
  if (d instanceof Float32Array) data = d;
  else if (Array.isArray(d) || (ArrayBuffer.isView(d) && !(d instanceof DataView))) data = Float32Array.from(d as ArrayLike<number>);
  else throw typeError(op, `${name}.data must be a Float32Array or an array of numbers`);
  if (data.length !== rows * cols) throw rangeError(op, `${name} has ${data.length} values, shape ${fmtShape([rows, cols])} needs ${rows * cols}`);
  return { data, shape: [rows, cols] };
}

/**
 * User data as a checked Matrix: nested rows (`number[][]` or typed-array rows) or `{ data, shape }`. Names the
 * operation and the argument in every message (`fit: x is ragged: row 3 has 2 values, row 0 has 3`); refuses
 * non-finite values unless `allowNonFinite`. `{ data: Float32Array }` is used as it is, without a copy.
 *
 * ```ts
 * readMatrix('fit', 'x', [[1, 2], [3, 4]]).shape; // [2, 2]
 * ```
 */
export function readMatrix(op: string, name: string, input: unknown, opts: { allowNonFinite?: boolean } = {}): Matrix {
  let m: Matrix;
  if (Array.isArray(input)) m = packRows(op, name, input);
  else if (input && typeof input === 'object' && 'data' in input && 'shape' in input) m = checkShaped(op, name, input as { data: unknown; shape: unknown });
  else throw typeError(op, `${name} must be number[][], { data, shape } or a Tensor, got ${input === null ? 'null' : typeof input}`);
  if (!opts.allowNonFinite) checkFinite(op, name, m.data, m.shape[1]);
  return m;
}

/** Rows of `cols` values from row-major `data` (copies): the inverse of packing. */
export function rowsOf(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.prototype.slice.call(data, r * cols, (r + 1) * cols) as number[]);
  return out;
}
