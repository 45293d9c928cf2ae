/** The TensorFlow.js (Keras) exporters: one table entry per simdnet layer kind, and the conventions the entries to come follow. */

import type { LayerKind } from '../../nn/layer.js';
import { unsupported } from '../imported.js';
import type { LayerView } from '../layer_view.js';
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
 * - The image layers (export_conv.ts): conv2d → Conv2D (kernel [kh, kw, cin, cout] = W as is, foldable like Dense),
 *   maxPool2d / avgPool2d → MaxPooling2D / AveragePooling2D, globalAvgPool2d → GlobalAveragePooling2D, flatten →
 *   Flatten, all channels_last: Keras flattens NHWC in simdnet's order, so no weight is permuted.
 *
 * The conventions of the entries still to come:
 * - dropout → Dropout { rate } (TensorFlow.js applies it only while training, as simdnet does).
 * - batchNorm → BatchNormalization { axis −1, epsilon (the layer's), momentum (Keras's meaning: moving =
 *   momentum·moving + (1 − momentum)·batch), center true, scale true } with weights in Keras's order gamma, beta,
 *   moving_mean, moving_variance (named `${name}/gamma` …), each [channels].
 * - softmax → the 'softmax' activation, folded into the Dense before it like the others.
 * - normalize → tfjs-layers 4.22 has no Normalization layer: either a non-trainable BatchNormalization with
 *   moving_mean = shift, moving_variance = 1 − epsilon, gamma = 1 / scale, beta = 0 (exact to f32 rounding), or refuse
 *   with a TypeError; a reader cannot tell the first from a real batchNorm, so decide with the import side.
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
  ...TFJS_CONV_EXPORTERS,
};
