/** fromTfjs: model.json + weight bytes → a Sequential; parseTfjs checks the whole topology and every weight into a plain description first. */

import { describe, typeError } from '../../errors.js';
import type { Sequential } from '../../model/sequential.js';
import { buildImported, checkImported, MAX_INPUT_SIZE, type ImportedModel } from '../imported.js';
import { checkSpec, KerasImport, kerasLabel, OP, type KerasWeight } from './import_graph.js';
import { TFJS_IMPORTERS } from './import_layers.js';
import type { KerasLayerJson, TfjsWeightSpec } from './tfjs_types.js';

/** What fromTfjs accepts as weights: the bytes of the weight files, concatenated in manifest order, or the files in order. */
export type TfjsWeightBytes = Uint8Array | ArrayBuffer | readonly (Uint8Array | ArrayBuffer)[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function concatBytes(input: unknown): Uint8Array {
  const one = (b: unknown): Uint8Array => {
    if (b instanceof Uint8Array) return b;
    if (b instanceof ArrayBuffer) return new Uint8Array(b);
    throw typeError(OP, `weight data must be a Uint8Array, an ArrayBuffer or an array of them, got ${describe(b)}`);
  };
  if (!Array.isArray(input)) return one(input);
  const parts = input.map(one);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** The manifest's weights by name, with their values cut from `bytes` (whose length is checked first). */
function readWeights(manifest: unknown, bytes: Uint8Array): Map<string, KerasWeight> {
  if (!Array.isArray(manifest)) throw typeError(OP, `weightsManifest must be an array of { paths, weights }, got ${describe(manifest)}`);
  const specs: { spec: TfjsWeightSpec; count: number }[] = [];
  manifest.forEach((group: unknown, g) => {
    if (!isObject(group) || !Array.isArray(group.weights)) throw typeError(OP, `weightsManifest[${g}] has no weights list`);
    group.weights.forEach((spec: unknown, i) => specs.push({ spec: spec as TfjsWeightSpec, count: checkSpec(spec, `weightsManifest[${g}].weights[${i}]`) }));
  });
  const need = 4 * specs.reduce((s, w) => s + w.count, 0);
  if (need !== bytes.length) throw new RangeError(`${OP}: the weights manifest needs ${need} bytes of float32, the weight data has ${bytes.length}`);
  const out = new Map<string, KerasWeight>();
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  for (const { spec, count } of specs) {
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++, o += 4) data[i] = dv.getFloat32(o, true);
    if (spec.group === 'optimizer') continue;
    if (out.has(spec.name)) throw new RangeError(`${OP}: the weights manifest lists ${JSON.stringify(spec.name)} twice`);
    out.set(spec.name, { shape: spec.shape, data });
  }
  return out;
}

/** The Keras layers of a Sequential topology (TensorFlow.js's form, or Keras's model_config wrapper). */
function kerasLayers(json: Record<string, unknown>): KerasLayerJson[] {
  let topology = json.modelTopology;
  if (isObject(topology) && isObject(topology.model_config)) topology = topology.model_config;
  if (!isObject(topology)) throw typeError(OP, 'model.json has no modelTopology object');
  if (topology.class_name !== 'Sequential') {
    throw typeError(OP, `the model is a ${JSON.stringify(topology.class_name)}; simdnet reads Keras Sequential models`);
  }
  const config = topology.config;
  const layers = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(layers) || layers.length === 0) throw new RangeError(`${OP}: the Sequential topology has no layers`);
  layers.forEach((l: unknown, i) => {
    if (!isObject(l) || typeof l.class_name !== 'string' || !isObject(l.config)) throw typeError(OP, `layer ${i} is not { class_name, config }`);
  });
  return layers as KerasLayerJson[];
}

/** A Keras batch shape [null, …sizes] → the sample shape: [features], [steps, features] or [h, w, c]. */
function sampleShape(shape: unknown, where: string): number[] {
  const ok = Array.isArray(shape) && shape.length >= 2 && shape.length <= 4 && shape.slice(1).every((d) => Number.isSafeInteger(d) && d >= 1);
  if (!ok) throw new RangeError(`${OP}: ${where} has batch input shape ${JSON.stringify(shape)}; simdnet reads [null, features], [null, steps, features] or [null, height, width, channels]`);
  const sizes = (shape as number[]).slice(1);
  if (sizes.reduce((a, b) => a * b, 1) > MAX_INPUT_SIZE) throw new RangeError(`${OP}: ${where} has more than 2^31 − 1 values per sample`);
  return sizes;
}

/**
 * Checks a TensorFlow.js layers model (model.json's object or text, and its weight bytes) into the plain description
 * fromTfjs builds: the topology must be a Keras Sequential of supported layers (others are TypeErrors naming the
 * layer and its class), every weight present with its shape, the bytes exactly what the manifest needs.
 *
 * ```ts
 * parseTfjs(modelJson, weightData).layers.map((l) => l.config.kind); // ['dense', 'relu', 'dense']
 * ```
 */
export function parseTfjs(modelJson: unknown, weightData: TfjsWeightBytes): ImportedModel {
  let json = modelJson;
  if (typeof json === 'string') {
    try { json = JSON.parse(json); } catch (e) { throw new RangeError(`${OP}: model.json is not valid JSON (${(e as Error).message})`); }
  }
  if (!isObject(json)) throw typeError(OP, `expected model.json's object, got ${describe(json)}`);
  if (json.format !== undefined && json.format !== 'layers-model') throw typeError(OP, `format ${JSON.stringify(json.format)} is not a layers model (a graph model has no Keras topology)`);
  const layers = kerasLayers(json);
  const s = new KerasImport(readWeights(json.weightsManifest, concatBytes(weightData)));
  const first = layers[0];
  const rest = first.class_name === 'InputLayer' ? layers.slice(1) : layers;
  const declared = first.config.batch_input_shape ?? first.config.batch_shape;
  if (declared === undefined) throw new RangeError(`${OP}: ${kerasLabel(first, 0)} declares no batch_input_shape; simdnet needs the input shape`);
  s.shape = sampleShape(declared, kerasLabel(first, 0));
  s.inputShape = s.shape.slice();
  rest.forEach((layer) => {
    const index = layers.indexOf(layer);
    const importer = Object.hasOwn(TFJS_IMPORTERS, layer.class_name) ? TFJS_IMPORTERS[layer.class_name] : undefined;
    if (!importer) {
      throw typeError(OP, `${kerasLabel(layer, index)}: class ${JSON.stringify(layer.class_name)} is not supported; simdnet reads Dense, Activation, LeakyReLU, ReLU, Softmax, Dropout, BatchNormalization, Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, Flatten, SimpleRNN, LSTM, GRU, TimeDistributed and InputLayer`);
    }
    importer(layer, index, s);
  });
  const unused = s.unused();
  if (unused.length > 0) throw new RangeError(`${OP}: the weights ${unused.map((n) => JSON.stringify(n)).join(', ')} belong to no layer of the topology`);
  const imported: ImportedModel = { inputShape: s.inputShape, layers: s.layers };
  checkImported(OP, imported);
  return imported;
}

/**
 * Reads a TensorFlow.js layers model (what `model.save()` in TensorFlow.js, `tensorflowjs_converter` or `toTfjs`
 * writes) into a Sequential on the current backend: Dense → dense plus its activation as a layer (softmax too),
 * Activation, LeakyReLU, ReLU, Softmax → the activation layers, Dropout → dropout, BatchNormalization → batchNorm
 * (toTfjs's frozen `normalize` form → normalize). Everything is checked before anything is built.
 *
 * ```ts
 * const model = fromTfjs(JSON.parse(readFileSync('model.json', 'utf8')), readFileSync('group1-shard1of1.bin'));
 * ```
 */
export function fromTfjs(modelJson: unknown, weightData: TfjsWeightBytes): Sequential {
  return buildImported(OP, parseTfjs(modelJson, weightData));
}
