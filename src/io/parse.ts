/** parseModel: bytes → a fully checked description of the model (topology, loss, weights), for every format version; nothing is built. */

import { typeError } from '../errors.js';
import type { Layer, LayerConfig, Shape } from '../nn/layer.js';
import type { LossName } from '../nn/losses.js';
import { configureLayers } from '../nn/network.js';
import { layerFromConfig } from '../nn/registry.js';
import { crc32 } from './crc32.js';
import { CRC_BYTES, fileError, FORMAT_VERSION, MAGIC, MAX_LAYERS, PREAMBLE_BYTES, SAVED_LOSSES, type Topology } from './format.js';
import { parseTopologyV1 } from './parse_v1.js';

const OP = 'loadModel';

/** The parsed, fully validated content of a file. */
export interface ParsedModel {
  version: number;
  inputShape: Shape;
  layers: LayerConfig[];
  loss: LossName | null;
  /** Every layer's weights in order (dense: W then b). */
  weights: Float32Array[];
}


function asBytes(input: unknown): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw typeError(OP, `expected a Uint8Array or ArrayBuffer, got ${input === null ? 'null' : typeof input}`);
}

/** Magic, version, length and checksum; returns the version and the file's length. */
function checkEnvelope(bytes: Uint8Array, dv: DataView): { version: number; total: number } {
  if (bytes.length < PREAMBLE_BYTES + CRC_BYTES) throw fileError(`truncated: ${bytes.length} bytes, a simdnet model has at least ${PREAMBLE_BYTES + CRC_BYTES}`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw fileError('not a simdnet model (the file does not start with "SIMDNET\\0")');
  }
  const version = dv.getUint32(8, true);
  if (version < 1 || version > FORMAT_VERSION) throw fileError(`unsupported format version ${version}; this simdnet reads versions 1 to ${FORMAT_VERSION}`);
  const total = dv.getUint32(12, true);
  if (bytes.length < total) throw fileError(`truncated: ${bytes.length} bytes, the header says ${total}`);
  if (bytes.length > total) throw fileError(`${bytes.length - total} unexpected bytes after the end of the model (${total} bytes)`);
  if (total < PREAMBLE_BYTES + CRC_BYTES) throw fileError(`the header says ${total} bytes, too few for a model`);
  const stored = dv.getUint32(total - CRC_BYTES, true);
  const actual = crc32(bytes, 0, total - CRC_BYTES);
  if (stored !== actual) {
    throw fileError(`checksum mismatch (stored 0x${stored.toString(16).padStart(8, '0')}, computed 0x${actual.toString(16).padStart(8, '0')}): the file is corrupt`);
  }
  return { version, total };
}

/** Version 2's JSON topology, every field checked. */
function parseTopologyV2(bytes: Uint8Array, dv: DataView, total: number): Topology {
  const length = dv.getUint32(16, true);
  if (20 + length > total - CRC_BYTES) throw fileError(`a topology of ${length} bytes does not fit in ${total} bytes`);
  let t: unknown;
  try {
    t = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(20, 20 + length)));
  } catch (e) {
    throw fileError(`the topology is not valid JSON (${(e as Error).message})`);
  }
  if (!t || typeof t !== 'object' || Array.isArray(t)) throw fileError('the topology is not an object');
  const { inputShape, loss, layers } = t as Record<string, unknown>;
  const okShape = Array.isArray(inputShape) && inputShape.length >= 1 && inputShape.length <= 4 && inputShape.every((v) => Number.isInteger(v) && v >= 1 && v <= 2 ** 31);
  if (!okShape) throw fileError(`the input shape ${JSON.stringify(inputShape)} is not 1 to 4 positive integers`);
  if (!SAVED_LOSSES.includes(loss as LossName | null)) throw fileError(`unknown loss ${JSON.stringify(loss)}`);
  if (!Array.isArray(layers) || layers.length < 1 || layers.length > MAX_LAYERS) throw fileError(`the layer list is not an array of 1 to ${MAX_LAYERS} layers`);
  return { inputShape: inputShape as number[], layers: layers as LayerConfig[], loss: loss as LossName | null, weightsAt: 20 + length + ((4 - (length % 4)) % 4) };
}

/** The layers a topology describes, unbuilt but configured (shapes checked), or a RangeError naming the layer. */
export function layersOf(topology: Pick<Topology, 'inputShape' | 'layers'>): Layer[] {
  const layers = topology.layers.map((c, i) => {
    try {
      return layerFromConfig(c);
    } catch (e) {
      throw fileError(`layer ${i}: ${(e as Error).message}`);
    }
  });
  try {
    configureLayers(layers, topology.inputShape);
  } catch (e) {
    throw fileError((e as Error).message);
  }
  return layers;
}

/** Reads and checks every field; throws a RangeError naming the first problem (TypeError for a non-bytes argument). */
export function parseModel(input: unknown): ParsedModel {
  const bytes = asBytes(input);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { version, total } = checkEnvelope(bytes, dv);
  const topology = version === 1 ? parseTopologyV1(dv, total) : parseTopologyV2(bytes, dv, total);
  const shapes = layersOf(topology).flatMap((l, i) => l.weightShapes().map((w) => ({ ...w, layer: i })));
  const count = shapes.reduce((s, w) => s + w.size, 0);
  const expected = topology.weightsAt + 4 * count + CRC_BYTES;
  if (expected !== total) throw fileError(`the layers need ${expected} bytes but the file has ${total}`);
  let o = topology.weightsAt;
  const weights = shapes.map((w) => {
    const values = new Float32Array(w.size);
    for (let i = 0; i < w.size; i++, o += 4) {
      values[i] = dv.getFloat32(o, true);
      if (!Number.isFinite(values[i])) throw fileError(`layer ${w.layer} (${topology.layers[w.layer].kind}) has a non-finite weight (${values[i]}) in ${w.name}`);
    }
    return values;
  });
  return { version, inputShape: topology.inputShape, layers: topology.layers, loss: topology.loss, weights };
}
