/** The TensorFlow.js (Keras) importers: one table entry per Keras class, and the conventions they follow. */

import type { KerasImport } from './import_graph.js';
import { TFJS_TOOLKIT_IMPORTERS } from './import_toolkit.js';
import { TFJS_RECURRENT_IMPORTERS } from './import_recurrent.js';
import { TFJS_CONV_IMPORTERS } from './import_conv.js';
import type { KerasLayerJson } from './tfjs_types.js';

/** Reads one Keras layer into simdnet layers. */
export type KerasImporter = (layer: KerasLayerJson, index: number, s: KerasImport) => void;

/** Dense { units, activation, use_bias }: dense W = kernel [in, units], b = bias or zeros; then the activation. */
function importDense(layer: KerasLayerJson, index: number, s: KerasImport): void {
  const c = layer.config;
  if (s.shape.length !== 1) throw s.bad(layer, index, `expects [features] input, got [${s.shape.join(', ')}]; simdnet's dense needs a Flatten before it`);
  const units = c.units;
  if (!Number.isSafeInteger(units) || (units as number) < 1) throw s.bad(layer, index, `units must be a positive integer, got ${JSON.stringify(units)}`);
  const [k, n] = [s.shape[0], units as number];
  const useBias = c.use_bias ?? true;
  if (typeof useBias !== 'boolean') throw s.unsupported(layer, index, `use_bias must be true or false, got ${JSON.stringify(useBias)}`);
  const W = s.weight(layer, index, 'kernel', [k, n])!;
  const b = useBias ? s.weight(layer, index, 'bias', [n])! : new Float32Array(n);
  s.push(layer, index, { kind: 'dense', units: n }, { W, b });
  s.shape = [n];
  s.activation(layer, index, c.activation);
}

/** LeakyReLU { alpha } (Keras 3: negative_slope), Keras's default 0.3; simdnet needs alpha ≥ 0. */
function importLeakyRelu(layer: KerasLayerJson, index: number, s: KerasImport): void {
  const alpha = layer.config.alpha ?? layer.config.negative_slope ?? 0.3;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) throw s.bad(layer, index, `alpha must be a finite number ≥ 0, got ${JSON.stringify(alpha)}`);
  s.push(layer, index, { kind: 'leakyRelu', alpha });
}

/** ReLU { max_value null, negative_slope 0, threshold 0 } → relu; a capped or shifted ReLU is refused. */
function importRelu(layer: KerasLayerJson, index: number, s: KerasImport): void {
  const { max_value: max, negative_slope: slope, threshold } = layer.config;
  if ((max ?? null) !== null || (slope ?? 0) !== 0 || (threshold ?? 0) !== 0) {
    throw s.unsupported(layer, index, `only the plain ReLU is supported (max_value ${JSON.stringify(max ?? null)}, negative_slope ${JSON.stringify(slope ?? 0)}, threshold ${JSON.stringify(threshold ?? 0)})`);
  }
  s.push(layer, index, { kind: 'relu' });
}

/**
 * The TensorFlow.js (Keras) importers, one entry per Keras class_name: each reads its layer's config and weights and
 * pushes simdnet layers, leaving `s.shape` after them.
 *
 * Conventions every entry follows:
 * - Keras and simdnet agree on NHWC and on row order, so weights are read in Keras's shapes and never transposed:
 *   Dense's kernel [in, units] is dense W [in × out] as is.
 * - A layer's `activation` field becomes a separate simdnet activation layer after it ('linear' adds none).
 * - Weights are found by name (`${layerName}/kernel`) and shape-checked; a config value simdnet cannot compute is a
 *   RangeError naming the layer, an unsupported class, activation or option a TypeError.
 * - The toolkit's layers (import_toolkit.ts): Dropout, BatchNormalization (toTfjs's frozen `normalize` form back to
 *   normalize), Softmax; the 'softmax' activation becomes softmax() like the others.
 * - The sequence layers (import_recurrent.ts): SimpleRNN / LSTM / GRU → simpleRnn / lstm / gru with kernel,
 *   recurrent_kernel, bias as W, U, b (also under Keras 2's `${layer}/lstm_cell/…` names; GRU's reset_after read,
 *   with its [2, 3·units] bias); recurrent_activation must be written 'sigmoid'; dropout inside, return_state,
 *   go_backwards and stateful are refused. TimeDistributed(Dense | Activation | ReLU | LeakyReLU) → timeDistributed.
 * - The image layers (import_conv.ts): Conv2D → conv2d (kernel [kh, kw, cin, cout] as W, no transpose; bias zeros when
 *   use_bias is false; its activation a layer after it), MaxPooling2D / AveragePooling2D → maxPool2d / avgPool2d
 *   (strides null → pool_size), GlobalAveragePooling2D → globalAvgPool2d, Flatten of an image → flatten() (Keras's
 *   order is simdnet's: the next Dense keeps its kernel) and of [features] nothing; channels_last, dilation 1 only.
 */
export const TFJS_IMPORTERS: Readonly<Record<string, KerasImporter>> = {
  Dense: importDense,
  Activation: (layer, index, s) => s.activation(layer, index, layer.config.activation),
  LeakyReLU: importLeakyRelu,
  ReLU: importRelu,
  ...TFJS_TOOLKIT_IMPORTERS,
  ...TFJS_RECURRENT_IMPORTERS,
  ...TFJS_CONV_IMPORTERS,
};
