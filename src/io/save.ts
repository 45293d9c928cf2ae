/** saveModel: a model to bytes in the format of format.ts, version 2 (DataView, little-endian; no Buffer, same bytes everywhere). */

import type { Network } from '../nn/network.js';
import { crc32 } from './crc32.js';
import { CRC_BYTES, FORMAT_VERSION, MAGIC } from './format.js';

/**
 * The model's topology, f32 weights and moving statistics, checksummed. `loadModel(bytes)` restores it exactly.
 *
 * ```ts
 * const bytes = saveModel(model);          // or model.save()
 * fs.writeFileSync('moons.simdnet', bytes);
 * ```
 */
export function saveModel(model: Network): Uint8Array {
  const topology = new TextEncoder().encode(JSON.stringify({
    inputShape: model.inputShape,
    loss: model.lastLoss,
    layers: model.layers.map((l) => l.config()),
  }));
  const weightsAt = 20 + topology.length + ((4 - (topology.length % 4)) % 4);
  const weights = model.allWeights().map((w) => model.backend.read(w.value));
  const total = weightsAt + 4 * weights.reduce((s, w) => s + w.length, 0) + CRC_BYTES;
  const bytes = new Uint8Array(total);
  const dv = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  dv.setUint32(8, FORMAT_VERSION, true);
  dv.setUint32(12, total, true);
  dv.setUint32(16, topology.length, true);
  bytes.set(topology, 20);
  let o = weightsAt;
  for (const w of weights) {
    for (let i = 0; i < w.length; i++, o += 4) dv.setFloat32(o, w[i], true);
  }
  dv.setUint32(o, crc32(bytes, 0, o), true);
  return bytes;
}
