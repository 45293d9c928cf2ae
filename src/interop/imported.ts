/** What every importer produces (input shape, layer configs, weights by name), checked whole before one builder turns it into a Sequential. */

import { getBackend } from '../backend/index.js';
import { rangeError, typeError } from '../errors.js';
import { fmtSampleShape, type Layer, type LayerConfig, type Shape } from '../nn/layer.js';
import { configureLayers } from '../nn/network.js';
import { layerFromConfig } from '../nn/registry.js';
import { MAX_LAYERS } from '../io/format.js';
import { Sequential } from '../model/sequential.js';

/** One simdnet layer read from a foreign file: its config, its weights by name in simdnet's layouts, and where it came from. */
export interface ImportedLayer {
  readonly config: LayerConfig;
  /** By the layer's weight names: dense `{ W: [in × out] row-major, b: [out] }`; none for activations. */
  readonly weights: Readonly<Record<string, Float32Array>>;
  /** The node or layer it came from, for messages and `simdnet info`: `node "fc1" (Gemm)`, `layer "dense" (Dense)`. */
  readonly source: string;
}

/** A foreign model as plain data: what `fromOnnx` and `fromTfjs` build, after `checkImported` has accepted it. */
export interface ImportedModel {
  /** One sample's shape, as simdnet takes it: `[features]`, or `[height, width, channels]` for NHWC image rows. */
  readonly inputShape: Shape;
  readonly layers: readonly ImportedLayer[];
}

/** The largest input a file may declare (values per sample), as the model format allows. */
export const MAX_INPUT_SIZE = 2 ** 31 - 1;

/**
 * Checks everything `buildImported` will need, allocating nothing on a backend: every config builds a layer, each
 * layer takes the shape the one before gives, each has exactly its weights with the right sizes, all finite.
 * Returns the configured (unbuilt) layers. Errors are RangeErrors (TypeErrors for an unknown kind) naming `op`
 * and the layer's source.
 */
export function checkImported(op: string, m: ImportedModel): Layer[] {
  const size = m.inputShape.reduce((a, b) => a * b, 1);
  if (m.inputShape.length < 1 || !m.inputShape.every((d) => Number.isInteger(d) && d >= 1) || size > MAX_INPUT_SIZE) {
    throw rangeError(op, `the input shape ${fmtSampleShape(m.inputShape)} is not 1 to 4 positive integers of at most 2^31 − 1 values`);
  }
  if (m.layers.length === 0) throw rangeError(op, 'the model has no layers');
  if (m.layers.length > MAX_LAYERS) throw rangeError(op, `the model has ${m.layers.length} layers; simdnet's model files hold at most ${MAX_LAYERS}`);
  const layers = m.layers.map((l) => {
    try {
      return layerFromConfig(l.config);
    } catch (e) {
      throw retag(op, l.source, e);
    }
  });
  try {
    configureLayers(layers, m.inputShape);
  } catch (e) {
    throw retag(op, '', e);
  }
  layers.forEach((layer, i) => checkWeights(op, m.layers[i], layer));
  return layers;
}

/** The same error class with the message re-prefixed: `fromOnnx: node "fc1" (Gemm): …`. */
function retag(op: string, source: string, e: unknown): Error {
  const message = (e as Error).message;
  const text = `${op}: ${source ? `${source}: ` : ''}${message}`;
  return e instanceof TypeError ? new TypeError(text) : new RangeError(text);
}

function checkWeights(op: string, l: ImportedLayer, layer: Layer): void {
  const shapes = layer.weightShapes();
  const names = shapes.map((w) => w.name);
  const extra = Object.keys(l.weights).find((k) => !names.includes(k));
  if (extra !== undefined) throw rangeError(op, `${l.source}: ${layer} has no weight '${extra}' (its weights: ${names.join(', ') || 'none'})`);
  for (const w of shapes) {
    const v = l.weights[w.name];
    if (!(v instanceof Float32Array)) throw rangeError(op, `${l.source}: ${layer} is missing its weight '${w.name}'`);
    if (v.length !== w.size) throw rangeError(op, `${l.source}: ${layer} weight '${w.name}' has ${v.length} values, expected ${w.size} (${w.rows}×${w.cols})`);
    const bad = v.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw rangeError(op, `${l.source}: weight '${w.name}' has a non-finite value (${v[bad]}) at index ${bad}`);
  }
}

/**
 * Builds a checked description on the current backend (a StateError when none is selected): the layers from their
 * configs, then every weight written. Nothing is allocated unless `checkImported` accepts the whole description.
 */
export function buildImported(op: string, m: ImportedModel): Sequential {
  const layers = checkImported(op, m);
  getBackend();
  const model = new Sequential(layers, { inputShape: m.inputShape });
  const be = model.backend;
  layers.forEach((layer, i) => {
    for (const w of layer.weights()) be.write(w.value, m.layers[i].weights[w.name]);
  });
  return model;
}

/**
 * The shortest decimal that rounds to the same f32 as `v` (an attribute stored as float: LeakyRelu's alpha 0.01 is
 * 0.009999999776 in f32, and reads back as 0.01). Keeps configs readable; the kernels see the same f32 either way.
 */
export function f32Decimal(v: number): number {
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return f;
}

/** A TypeError for something the reader does not support, naming the node or layer: `fromOnnx: node "s" (Softmax): …`. */
export function unsupported(op: string, source: string, message: string): TypeError {
  return typeError(op, `${source}: ${message}`);
}

/** A RangeError for a wrong size or value in the node or layer named. */
export function badValue(op: string, source: string, message: string): RangeError {
  return rangeError(op, `${source}: ${message}`);
}
