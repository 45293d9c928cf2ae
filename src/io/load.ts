/** loadModel: bytes → Sequential, after checking magic, version, length, checksum and topology (nothing half-loaded). */

import { getBackend } from '../backend/index.js';
import { typeError } from '../errors.js';
import { leakyRelu, relu, sigmoid, step, tanh } from '../nn/activations.js';
import { dense } from '../nn/dense.js';
import type { Layer, LayerConfig } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';
import { denseParams } from '../nn/weights.js';
import { crc32 } from './crc32.js';
import { CRC_BYTES, FORMAT_VERSION, HEADER_BYTES, LAYER_BYTES, LAYER_KINDS, LOSS_CODES, MAGIC, MAX_LAYERS } from './format.js';

const OP = 'loadModel';

function fail(message: string): RangeError {
  return new RangeError(`${OP}: ${message}`);
}

function asBytes(input: unknown): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw typeError(OP, `expected a Uint8Array or ArrayBuffer, got ${input === null ? 'null' : typeof input}`);
}

/** The parsed, fully validated content of a file. */
export interface ParsedModel {
  inputSize: number;
  layers: LayerConfig[];
  loss: (typeof LOSS_CODES)[number];
  /** Per dense layer: W then b. */
  weights: Float32Array[];
}

/** Reads and checks every field; throws a RangeError naming the first problem. */
export function parseModel(input: unknown): ParsedModel {
  const bytes = asBytes(input);
  if (bytes.length < HEADER_BYTES + CRC_BYTES) {
    throw fail(`truncated: ${bytes.length} bytes, a simdnet model has at least ${HEADER_BYTES + CRC_BYTES}`);
  }
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw fail('not a simdnet model (the file does not start with "SIMDNET\\0")');
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(8, true);
  if (version !== FORMAT_VERSION) throw fail(`unsupported format version ${version}; this simdnet reads version ${FORMAT_VERSION}`);
  const total = dv.getUint32(12, true);
  if (bytes.length < total) throw fail(`truncated: ${bytes.length} bytes, the header says ${total}`);
  if (bytes.length > total) throw fail(`${bytes.length - total} unexpected bytes after the end of the model (${total} bytes)`);
  const stored = dv.getUint32(total - CRC_BYTES, true);
  const actual = crc32(bytes, 0, total - CRC_BYTES);
  if (stored !== actual) {
    throw fail(`checksum mismatch (stored 0x${stored.toString(16).padStart(8, '0')}, computed 0x${actual.toString(16).padStart(8, '0')}): the file is corrupt`);
  }
  const inputSize = dv.getUint32(16, true);
  const count = dv.getUint32(20, true);
  const lossCode = dv.getUint32(24, true);
  if (count < 1 || count > MAX_LAYERS) throw fail(`layer count ${count} is out of range`);
  if (lossCode >= LOSS_CODES.length) throw fail(`unknown loss code ${lossCode}`);
  if (HEADER_BYTES + LAYER_BYTES * count + CRC_BYTES > total) throw fail(`${count} layers do not fit in ${total} bytes`);
  const layers: LayerConfig[] = [];
  let width = inputSize;
  let weightCount = 0;
  for (let i = 0, o = HEADER_BYTES; i < count; i++, o += LAYER_BYTES) {
    const code = dv.getUint32(o, true);
    const kind = LAYER_KINDS[code];
    if (kind === undefined) throw fail(`layer ${i} has unknown kind code ${code}`);
    const c: LayerConfig = { kind, inputSize: dv.getUint32(o + 4, true), outputSize: dv.getUint32(o + 8, true), alpha: dv.getFloat64(o + 16, true) };
    if (dv.getUint32(o + 12, true) !== 0) throw fail(`layer ${i} has a non-zero reserved field`);
    if (c.inputSize !== width) throw fail(`layer ${i} (${kind}) takes ${c.inputSize} inputs but receives ${width}`);
    if (c.outputSize < 1) throw fail(`layer ${i} (${kind}) has ${c.outputSize} outputs`);
    if (kind === 'dense') weightCount += c.inputSize * c.outputSize + c.outputSize;
    else if (c.outputSize !== c.inputSize) throw fail(`layer ${i} (${kind}) maps ${c.inputSize} to ${c.outputSize} values; activations keep the width`);
    if (kind === 'leakyRelu' ? !(c.alpha >= 0 && Number.isFinite(c.alpha)) : c.alpha !== 0) throw fail(`layer ${i} (${kind}) has alpha ${c.alpha}`);
    layers.push(c);
    width = c.outputSize;
  }
  if (!layers.some((l) => l.kind === 'dense')) throw fail('the model has no dense layer');
  const expected = HEADER_BYTES + LAYER_BYTES * count + 4 * weightCount + CRC_BYTES;
  if (expected !== total) throw fail(`the layers need ${expected} bytes but the file has ${total}`);
  const weights: Float32Array[] = [];
  let o = HEADER_BYTES + LAYER_BYTES * count;
  for (const c of layers) {
    if (c.kind !== 'dense') continue;
    for (const n of [c.inputSize * c.outputSize, c.outputSize]) {
      const w = new Float32Array(n);
      for (let i = 0; i < n; i++, o += 4) {
        w[i] = dv.getFloat32(o, true);
        if (!Number.isFinite(w[i])) throw fail(`layer ${layers.indexOf(c)} (dense) has a non-finite weight (${w[i]})`);
      }
      weights.push(w);
    }
  }
  return { inputSize, layers, loss: LOSS_CODES[lossCode], weights };
}

function makeLayer(c: LayerConfig): Layer {
  switch (c.kind) {
    case 'dense': return dense(c.inputSize, c.outputSize, { init: 'uniform' });
    case 'relu': return relu();
    case 'leakyRelu': return leakyRelu(c.alpha);
    case 'tanh': return tanh();
    case 'sigmoid': return sigmoid();
    case 'step': return step();
  }
}

/**
 * Reads a model written by `model.save()`, on the current backend. Truncated, corrupt (checksum),
 * foreign (magic), newer (version) or inconsistent files are refused with a RangeError; nothing is
 * built until every byte has been checked.
 *
 * ```ts
 * const again = loadModel(model.save());
 * again.predict([[0, 1]]); // bit-for-bit the same as model.predict([[0, 1]])
 * ```
 */
export function loadModel(bytes: Uint8Array | ArrayBuffer): Sequential {
  const parsed = parseModel(bytes);
  getBackend();
  const model = new Sequential(parsed.layers.map(makeLayer));
  const be = model.backend;
  denseParams(model.layers).forEach(({ W, b }, i) => {
    be.write(W.value, parsed.weights[2 * i]);
    be.write(b.value, parsed.weights[2 * i + 1]);
  });
  model.lastLoss = parsed.loss;
  return model;
}
