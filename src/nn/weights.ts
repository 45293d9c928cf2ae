/** Reading and writing a model's weights as plain arrays by layer and name, with every shape checked before anything is written. */

import type { Backend } from '../backend/index.js';
import { checkFinite, fmtShape, rangeError, typeError } from '../errors.js';
import { rowsOf } from '../matrix.js';
import type { Layer, Weight } from './layer.js';

/**
 * One layer's weights, by name: `{ W: [in × out] rows, b: [out] }` for dense and conv2d (W is the HWIO kernel
 * flattened to [kh·kw·cin × cout]); other layers name theirs: batchNorm `{ gamma, beta, movingMean, movingVariance }`
 * (each [features]; gamma or beta absent without `scale` or `center`), normalize `{ shift, scale }` with
 * y = (x − shift)·scale. Layers without weights (activations, dropout, softmax) have no entry.
 */
export interface LayerWeights {
  W: number[][];
  b: number[];
  [name: string]: number[][] | number[];
}

/** What `setWeights` accepts per weight: rows, a flat row-major array, or `{ data, shape }`. */
export type WeightInput = ArrayLike<number>[] | ArrayLike<number> | { data: ArrayLike<number>; shape: readonly number[] };

/**
 * What `setWeights` accepts per layer: an object with every weight of the layer by name (`{ W, b }` for dense), each
 * as a `WeightInput`, as `getWeights` gives them. Typed as any object so that interfaces of the caller's own fit;
 * every name, shape and value is checked when it is written.
 */
export type LayerWeightsInput = object;

/** The layers that own weights, in order: the entries of `getWeights()`. */
export function weightedLayers(layers: readonly Layer[]): Layer[] {
  return layers.filter((l) => l.weights().length > 0);
}

/** A copy of every weighted layer's weights, matrices as rows. */
export function readWeights(be: Backend, layers: readonly Layer[]): LayerWeights[] {
  return weightedLayers(layers).map((layer) => {
    const out: Record<string, number[][] | number[]> = {};
    for (const w of layer.weights()) {
      const v = be.read(w.value);
      out[w.name] = w.matrix ? rowsOf(v, w.rows, w.cols) : Array.from(v);
    }
    return out as LayerWeights;
  });
}

/** A flat Float32Array of `w`'s size from any accepted form, or a RangeError/TypeError naming the layer and weight. */
function flatten(op: string, what: string, input: unknown, w: Omit<Weight, 'value'>): Float32Array {
  const { rows, cols } = w;
  const expected = w.matrix ? fmtShape([rows, cols]) : `${w.size}`; // vectors are printed as a length
  let data: Float32Array;
  if (input && typeof input === 'object' && 'data' in input && 'shape' in input) {
    const { data: d, shape } = input as { data: ArrayLike<number>; shape: number[] };
    const asVector = (sh: number[]) => (sh.length === 1 && sh[0] === w.size) || (sh.length === 2 && sh[0] === 1 && sh[1] === w.size);
    const ok = Array.isArray(shape) && (w.matrix ? shape.length === 2 && shape[0] === rows && shape[1] === cols : asVector(shape));
    if (!ok) throw rangeError(op, `${what} has shape ${Array.isArray(shape) ? fmtShape(shape) : String(shape)}, expected ${expected}`);
    data = Float32Array.from(d);
    if (data.length !== w.size) throw rangeError(op, `${what} has ${data.length} values, expected ${w.size}`);
  } else if (Array.isArray(input) && input.length > 0 && (Array.isArray(input[0]) || ArrayBuffer.isView(input[0]))) {
    if (input.length !== rows) throw rangeError(op, `${what} has ${input.length} rows, expected ${expected}`);
    data = new Float32Array(rows * cols);
    input.forEach((row: ArrayLike<number>, r: number) => {
      if (!row || row.length !== cols) throw rangeError(op, `${what} row ${r} has ${row?.length} values, expected ${cols} (shape ${expected})`);
      for (let j = 0; j < cols; j++) data[r * cols + j] = row[j];
    });
  } else if (Array.isArray(input) || (ArrayBuffer.isView(input) && !(input instanceof DataView))) {
    const arr = input as ArrayLike<number>;
    if (arr.length !== w.size) throw rangeError(op, `${what} has ${arr.length} values, expected ${w.size} (${expected})`);
    data = Float32Array.from(arr);
  } else {
    throw typeError(op, `${what} must be an array, a Float32Array or { data, shape }, got ${input === null ? 'null' : typeof input}`);
  }
  checkFinite(op, what, data);
  return data;
}

/** Every value of `ws` for the weighted layers, checked (names, shapes, finiteness) before anything is written. */
export function checkWeights(op: string, layers: readonly Layer[], ws: unknown): Float32Array[][] {
  const targets = weightedLayers(layers);
  if (!Array.isArray(ws)) throw typeError(op, `expected an array of per-layer weights ({ W, b } for dense layers), got ${ws === null ? 'null' : typeof ws}`);
  if (ws.length !== targets.length) throw rangeError(op, `got ${ws.length} layers of weights, the model has ${targets.length} layers with weights`);
  return targets.map((layer, i) => {
    const entry = ws[i] as Record<string, unknown>;
    if (!entry || typeof entry !== 'object') throw typeError(op, `entry ${i} must be an object of weights (${layer.weights().map((w) => w.name).join(', ')})`);
    const names = layer.weights().map((w) => w.name);
    const extra = Object.keys(entry).find((k) => !names.includes(k));
    if (extra) throw typeError(op, `layer ${i} (${layer}) has no weight '${extra}'; its weights are ${names.join(', ')}`);
    return layer.weights().map((w) => {
      if (!(w.name in entry)) throw typeError(op, `layer ${i} (${layer}) is missing ${w.name}`);
      return flatten(op, `layer ${i} (${layer}) ${w.name}`, entry[w.name], w);
    });
  });
}

/** Checks every layer's weights, then writes them all (nothing is written if anything is wrong). */
export function writeWeights(be: Backend, layers: readonly Layer[], ws: unknown): void {
  const values = checkWeights('setWeights', layers, ws);
  weightedLayers(layers).forEach((layer, i) => layer.weights().forEach((w, j) => be.write(w.value, values[i][j])));
}
