/** Reading and writing a model's dense weights as plain arrays, with every shape checked before anything is written. */

import type { Backend } from '../backend/index.js';
import { fmtShape, typeError, rangeError } from '../errors.js';
import type { Layer, Param } from './module.js';

/** One dense layer's parameters: W is [in × out] (rows = inputs), b is [out]. */
export interface LayerWeights {
  W: number[][];
  b: number[];
}

/** What `setWeights` accepts per dense layer: W as rows, a flat row-major array, or `{ data, shape }`; b flat. */
export interface LayerWeightsInput {
  W: ArrayLike<number>[] | ArrayLike<number> | { data: ArrayLike<number>; shape: readonly number[] };
  b: ArrayLike<number>;
}

/** Dense layers' [W, b] params in order. */
export function denseParams(layers: readonly Layer[]): { layer: Layer; W: Param; b: Param }[] {
  const out: { layer: Layer; W: Param; b: Param }[] = [];
  for (const layer of layers) {
    const ps = layer.params();
    if (ps.length === 2) out.push({ layer, W: ps[0], b: ps[1] });
  }
  return out;
}

function toRows(flat: Float32Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from(flat.subarray(r * cols, (r + 1) * cols)));
  return out;
}

/** A copy of every dense layer's W and b. */
export function readWeights(be: Backend, layers: readonly Layer[]): LayerWeights[] {
  return denseParams(layers).map(({ W, b }) => ({ W: toRows(be.read(W.value), W.rows, W.cols), b: Array.from(be.read(b.value)) }));
}

/** A flat Float32Array of `rows × cols` from any accepted W form, or a RangeError/TypeError naming the layer. */
function flatten(op: string, what: string, input: unknown, rows: number, cols: number): Float32Array {
  const expected = rows === 1 ? `${cols}` : fmtShape([rows, cols]); // biases are printed as a length
  let data: Float32Array;
  if (input && typeof input === 'object' && 'data' in input && 'shape' in input) {
    const { data: d, shape } = input as { data: ArrayLike<number>; shape: number[] };
    if (!Array.isArray(shape) || shape[0] !== rows || shape[1] !== cols) {
      throw rangeError(op, `${what} has shape ${Array.isArray(shape) ? fmtShape(shape) : String(shape)}, expected ${expected}`);
    }
    data = Float32Array.from(d);
  } else if (Array.isArray(input) && input.length > 0 && (Array.isArray(input[0]) || ArrayBuffer.isView(input[0]))) {
    if (input.length !== rows) throw rangeError(op, `${what} has ${input.length} rows, expected ${expected}`);
    data = new Float32Array(rows * cols);
    input.forEach((row: ArrayLike<number>, r: number) => {
      if (!row || row.length !== cols) throw rangeError(op, `${what} row ${r} has ${row?.length} values, expected ${cols} (shape ${expected})`);
      for (let j = 0; j < cols; j++) data[r * cols + j] = row[j];
    });
  } else if (Array.isArray(input) || (ArrayBuffer.isView(input) && !(input instanceof DataView))) {
    const arr = input as ArrayLike<number>;
    if (arr.length !== rows * cols) throw rangeError(op, `${what} has ${arr.length} values, expected ${rows * cols} (${expected})`);
    data = Float32Array.from(arr);
  } else {
    throw typeError(op, `${what} must be an array, a Float32Array or { data, shape }, got ${input === null ? 'null' : typeof input}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw rangeError(op, `${what} has a non-finite value (${data[i]}) at index ${i}`);
  }
  return data;
}

/** Checks every layer's W and b, then writes them all (nothing is written if anything is wrong). */
export function writeWeights(be: Backend, layers: readonly Layer[], ws: unknown): void {
  const op = 'setWeights';
  const targets = denseParams(layers);
  if (!Array.isArray(ws)) throw typeError(op, `expected an array of { W, b } (one per dense layer), got ${ws === null ? 'null' : typeof ws}`);
  if (ws.length !== targets.length) throw rangeError(op, `got ${ws.length} layers of weights, the model has ${targets.length} dense layers`);
  const flat = targets.map(({ layer, W, b }, i) => {
    const w = ws[i] as LayerWeightsInput;
    if (!w || typeof w !== 'object') throw typeError(op, `entry ${i} must be { W, b }`);
    return {
      W: flatten(op, `layer ${i} (${layer}) W`, w.W, W.rows, W.cols),
      b: flatten(op, `layer ${i} (${layer}) b`, w.b, 1, b.cols),
    };
  });
  targets.forEach(({ W, b }, i) => {
    be.write(W.value, flat[i].W);
    be.write(b.value, flat[i].b);
  });
}
