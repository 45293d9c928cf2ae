/** The TensorFlow.js (Keras) exporters: one table entry per simdnet layer kind, and the conventions they follow. */

import type { LayerKind } from '../../nn/layer.js';
import { unsupported } from '../imported.js';
import type { LayerView } from '../layer_view.js';
import { TFJS_TOOLKIT_EXPORTERS } from './export_toolkit.js';
import { TFJS_RECURRENT_EXPORTERS } from './export_recurrent.js';
import { TFJS_CONV_EXPORTERS } from './export_conv.js';
import type { KerasBuilder } from './keras_builder.js';

/** Adds one layer's Keras layer(s). */
export type TfjsExporter = (k: KerasBuilder, layer: LayerView) => void;

/**
 * The TensorFlow.js (Keras) exporters, one entry per simdnet layer kind: each adds its Keras layer(s) to the builder.
 *
 * Conventions every entry follows:
 * - Keras is NHWC like simdnet, so nothing is ever transposed: a sample is the same row in both, and weights go in
 *   with simdnet's layout reshaped to Keras's shape (dense W [in × out] = Keras's kernel [in, units]).
 * - Weights are listed in Keras's order for the layer and named `${layerName}/${weight}`, as TensorFlow.js matches
 *   them when it loads (dense/kernel, dense/bias).
 * - An activation after a Dense (or Conv2D) is folded into that layer's `activation` field — the way Keras models are
 *   usually written, and what fromTfjs splits back into two simdnet layers, so a round trip gives the same layers. An
 *   activation anywhere else is an `Activation` layer; leakyRelu is a `LeakyReLU` layer (Keras activations take no
 *   alpha). step has no Keras equivalent and is refused.
 * - The toolkit's layers (export_toolkit.ts): dropout → Dropout, batchNorm → BatchNormalization, softmax → the
 *   'softmax' activation, normalize → a frozen BatchNormalization named `normalize`.
 * - The sequence layers (export_recurrent.ts): simpleRnn / lstm / gru → SimpleRNN / LSTM / GRU with kernel, recurrent_kernel
 *   and bias = W, U, b unchanged and recurrent_activation 'sigmoid' written (TensorFlow.js defaults to hard_sigmoid);
 *   gru with resetAfter: true is refused (TensorFlow.js's GRU has no reset_after); timeDistributed → TimeDistributed
 *   around a Dense (weights `${wrapper}/kernel`, `${wrapper}/bias`) or an activation layer.
 * - The image layers (export_conv.ts): conv2d → Conv2D (kernel [kh, kw, cin, cout] = W as is, foldable like Dense),
 *   maxPool2d / avgPool2d → MaxPooling2D / AveragePooling2D, globalAvgPool2d → GlobalAveragePooling2D, flatten →
 *   Flatten, all channels_last: Keras flattens NHWC in simdnet's order, so no weight is permuted.
 */
export const TFJS_EXPORTERS: Partial<Record<LayerKind, TfjsExporter>> = {
  dense: (k, l) => {
    const [n, m] = [l.inputShape[0], l.outputShape[0]];
    k.layer('Dense', { units: m, activation: 'linear', use_bias: true }, [['kernel', [n, m], l.weights.W], ['bias', [m], l.weights.b]], true);
  },
  relu: (k) => k.activation('relu'),
  tanh: (k) => k.activation('tanh'),
  sigmoid: (k) => k.activation('sigmoid'),
  leakyRelu: (k, l) => { k.layer('LeakyReLU', { alpha: l.config.alpha }); },
  step: (_k, l) => {
    throw unsupported('toTfjs', l.label, 'Keras has no step activation (export this model with toOnnx instead)');
  },
  ...TFJS_TOOLKIT_EXPORTERS,
  ...TFJS_RECURRENT_EXPORTERS,
  ...TFJS_CONV_EXPORTERS,
};
