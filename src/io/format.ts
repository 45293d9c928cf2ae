/**
 * simdnet's binary model format. All integers are u32 and all floats f32, little-endian; the file ends in a CRC-32 of
 * every byte before it. Version 2 (written now):
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 8 | magic `SIMDNET\0` |
 * | 8 | 4 | version (2) |
 * | 12 | 4 | total file length in bytes, checksum included |
 * | 16 | 4 | length J of the topology in bytes |
 * | 20 | J | topology, UTF-8 JSON: `{ "inputShape": [784], "loss": "softmaxCrossEntropy" \| null, "layers": [{ "kind": "dense", "units": 128 }, …] }`, each layer as `layer.config()` gives it |
 * | 20 + J | 0–3 | zero padding to a multiple of 4 |
 * | … | 4·W | every layer's weights in order, each as `layer.weights()` lists them (dense: W row-major [in × out], then b; batch norm: γ, β, then the moving mean and variance) |
 * | end − 4 | 4 | CRC-32 |
 *
 * Version 1 (still read): a fixed header (input size, layer count, loss code) and 24-byte layer records (kind code
 * 0 dense … 5 step, input size, output size, reserved, f64 alpha), then the dense weights; see parse_v1.ts.
 */

import type { LayerConfig, Shape } from '../nn/layer.js';
import { LOSS_NAMES, type LossName } from '../nn/losses.js';

export const MAGIC = new Uint8Array([0x53, 0x49, 0x4d, 0x44, 0x4e, 0x45, 0x54, 0x00]); // "SIMDNET\0"
export const FORMAT_VERSION = 2;
/** Magic, version, total length: what every version starts with. */
export const PREAMBLE_BYTES = 16;
export const CRC_BYTES = 4;
/** Sanity bounds on what a file may declare, so that a forged count cannot make the reader allocate wildly. */
export const MAX_LAYERS = 1 << 16;

/** The losses a file may record (null: never trained). */
export const SAVED_LOSSES: readonly (LossName | null)[] = [null, ...LOSS_NAMES];

/** What a version's header gives: the topology, and where the weights start. */
export interface Topology {
  inputShape: Shape;
  layers: LayerConfig[];
  loss: LossName | null;
  weightsAt: number;
}

/** A RangeError naming the reader: every problem with a file's content is one. */
export function fileError(message: string): RangeError {
  return new RangeError(`loadModel: ${message}`);
}
