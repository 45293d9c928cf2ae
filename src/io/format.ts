/**
 * simdnet's binary model format, version 1. All integers are u32 and all floats f32, little-endian.
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 8 | magic `SIMDNET\0` |
 * | 8 | 4 | version (1) |
 * | 12 | 4 | total file length in bytes, checksum included |
 * | 16 | 4 | input size |
 * | 20 | 4 | layer count L |
 * | 24 | 4 | loss of the last fit (0 none, 1 mse, 2 softmaxCrossEntropy, 3 sigmoidCrossEntropy, 4 hinge) |
 * | 28 | 4 | reserved, 0 |
 * | 32 | 24·L | per layer: kind (0 dense, 1 relu, 2 leakyRelu, 3 tanh, 4 sigmoid, 5 step), input size, output size, reserved 0, f64 alpha (leakyRelu, else 0; f64 so the user's value survives exactly) |
 * | … | 4·Σ(in·out + out) | per dense layer in order: W row-major [in × out], then b [out] |
 * | end − 4 | 4 | CRC-32 of every byte before it |
 */

import type { LossName } from '../nn/losses.js';
import { LAYER_KINDS } from '../nn/module.js';

export const MAGIC = new Uint8Array([0x53, 0x49, 0x4d, 0x44, 0x4e, 0x45, 0x54, 0x00]); // "SIMDNET\0"
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 32;
export const LAYER_BYTES = 24;
export const CRC_BYTES = 4;
/** Sanity bound on the layer count read from a file, so a corrupt count cannot make us allocate wildly. */
export const MAX_LAYERS = 1 << 16;

/** Loss codes; index 0 means "no loss recorded". */
export const LOSS_CODES: readonly (LossName | null)[] = [null, 'mse', 'softmaxCrossEntropy', 'sigmoidCrossEntropy', 'hinge'];

export { LAYER_KINDS };
