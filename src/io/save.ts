/** saveModel: a Sequential model to bytes in the format of format.ts (DataView, little-endian; no Buffer, same bytes everywhere). */

import { denseParams } from '../nn/weights.js';
import type { Sequential } from '../nn/sequential.js';
import { crc32 } from './crc32.js';
import { CRC_BYTES, FORMAT_VERSION, HEADER_BYTES, LAYER_BYTES, LAYER_KINDS, LOSS_CODES, MAGIC } from './format.js';

/**
 * The model's topology and f32 weights, checksummed. `loadModel(bytes)` restores it exactly.
 *
 * ```ts
 * const bytes = saveModel(model);          // or model.save()
 * fs.writeFileSync('moons.simdnet', bytes);
 * ```
 */
export function saveModel(model: Sequential): Uint8Array {
  const configs = model.layers.map((l) => l.config());
  const weights = denseParams(model.layers).flatMap(({ W, b }) => [model.backend.read(W.value), model.backend.read(b.value)]);
  const weightCount = weights.reduce((s, w) => s + w.length, 0);
  const total = HEADER_BYTES + LAYER_BYTES * configs.length + 4 * weightCount + CRC_BYTES;
  const bytes = new Uint8Array(total);
  const dv = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  dv.setUint32(8, FORMAT_VERSION, true);
  dv.setUint32(12, total, true);
  dv.setUint32(16, model.inputSize, true);
  dv.setUint32(20, configs.length, true);
  dv.setUint32(24, Math.max(0, LOSS_CODES.indexOf(model.lastLoss)), true);
  dv.setUint32(28, 0, true);
  let o = HEADER_BYTES;
  for (const c of configs) {
    dv.setUint32(o, LAYER_KINDS.indexOf(c.kind), true);
    dv.setUint32(o + 4, c.inputSize, true);
    dv.setUint32(o + 8, c.outputSize, true);
    dv.setUint32(o + 12, 0, true);
    dv.setFloat64(o + 16, c.alpha, true);
    o += LAYER_BYTES;
  }
  for (const w of weights) {
    for (let i = 0; i < w.length; i++, o += 4) dv.setFloat32(o, w[i], true);
  }
  dv.setUint32(o, crc32(bytes, 0, o), true);
  return bytes;
}
