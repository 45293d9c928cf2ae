/** Version 1 of the model format (fixed-size layer records, dense layers only): its topology as the version-2 description. */

import { LAYER_KINDS, type LayerConfig } from '../nn/layer.js';
import { CRC_BYTES, fileError, MAX_LAYERS, type Topology } from './format.js';

const HEADER_BYTES = 32;
const LAYER_BYTES = 24;
/** Loss codes of version 1; 0 means "no loss recorded". */
const LOSS_CODES = [null, 'mse', 'softmaxCrossEntropy', 'sigmoidCrossEntropy', 'hinge'] as const;

/**
 * | 16 | input size | 20 | layer count L | 24 | loss code | 28 | reserved |, then per layer 24 bytes: kind code
 * (0 dense, 1 relu, 2 leakyRelu, 3 tanh, 4 sigmoid, 5 step), input size, output size, reserved 0, f64 alpha.
 */
export function parseTopologyV1(dv: DataView, total: number): Topology {
  if (total < HEADER_BYTES + CRC_BYTES) throw fileError(`truncated: ${total} bytes, a version-1 model has at least ${HEADER_BYTES + CRC_BYTES}`);
  const inputSize = dv.getUint32(16, true);
  const count = dv.getUint32(20, true);
  const lossCode = dv.getUint32(24, true);
  if (count < 1 || count > MAX_LAYERS) throw fileError(`layer count ${count} is out of range`);
  if (lossCode >= LOSS_CODES.length) throw fileError(`unknown loss code ${lossCode}`);
  if (HEADER_BYTES + LAYER_BYTES * count + CRC_BYTES > total) throw fileError(`${count} layers do not fit in ${total} bytes`);
  const layers: LayerConfig[] = [];
  let width = inputSize;
  for (let i = 0, o = HEADER_BYTES; i < count; i++, o += LAYER_BYTES) {
    const code = dv.getUint32(o, true);
    const kind = LAYER_KINDS.slice(0, 6)[code];
    if (kind === undefined) throw fileError(`layer ${i} has unknown kind code ${code}`);
    const [inputs, outputs, alpha] = [dv.getUint32(o + 4, true), dv.getUint32(o + 8, true), dv.getFloat64(o + 16, true)];
    if (dv.getUint32(o + 12, true) !== 0) throw fileError(`layer ${i} has a non-zero reserved field`);
    if (inputs !== width) throw fileError(`layer ${i} (${kind}) takes ${inputs} inputs but receives ${width}`);
    if (outputs < 1) throw fileError(`layer ${i} (${kind}) has ${outputs} outputs`);
    if (kind !== 'dense' && outputs !== inputs) throw fileError(`layer ${i} (${kind}) maps ${inputs} to ${outputs} values; activations keep the width`);
    if (kind === 'leakyRelu' ? !(alpha >= 0 && Number.isFinite(alpha)) : alpha !== 0) throw fileError(`layer ${i} (${kind}) has alpha ${alpha}`);
    layers.push(kind === 'dense' ? { kind, units: outputs } : kind === 'leakyRelu' ? { kind, alpha } : { kind });
    width = outputs;
  }
  if (!layers.some((l) => l.kind === 'dense')) throw fileError('the model has no dense layer');
  return { inputShape: [inputSize], layers, loss: LOSS_CODES[lossCode], weightsAt: HEADER_BYTES + LAYER_BYTES * count };
}
