/** The TensorFlow.js (Keras) exporters of the training-toolkit layers: Dropout, BatchNormalization, the softmax activation, and normalize as a frozen BatchNormalization. */

import { fmtSampleShape, type LayerKind } from '../../nn/layer.js';
import { unsupported } from '../imported.js';
import type { LayerView } from '../layer_view.js';
import type { KerasBuilder } from './keras_builder.js';

/** The epsilon of normalize's BatchNormalization: 1 − ε + ε is exactly 1 in f32, so the deviation it divides by is 1. */
export const NORMALIZE_EPSILON = 1e-3;

/**
 * batchNorm → BatchNormalization { axis −1, momentum (Keras's meaning, simdnet's too), epsilon, center, scale } with
 * the weights in Keras's order gamma, beta, moving_mean, moving_variance, each [channels] (gamma or beta absent when
 * the layer has none, as Keras leaves them out).
 */
function exportBatchNorm(k: KerasBuilder, l: LayerView): void {
  const c = l.inputShape[l.inputShape.length - 1];
  const { center, scale, momentum, epsilon } = l.config;
  const w = l.weights;
  k.layer('BatchNormalization', { axis: -1, momentum, epsilon, center, scale }, [
    ...(scale ? [['gamma', [c], w.gamma] as [string, number[], Float32Array]] : []),
    ...(center ? [['beta', [c], w.beta] as [string, number[], Float32Array]] : []),
    ['moving_mean', [c], w.movingMean], ['moving_variance', [c], w.movingVariance],
  ]);
}

/**
 * normalize: tfjs-layers 4.22 has no Normalization layer, so y = (x − shift)·scale goes out as a BatchNormalization
 * that computes the same: moving_mean = shift, gamma = scale, beta = 0, moving_variance = 1 − ε with ε = 1e-3 (so
 * √(moving_variance + ε) is exactly 1 and TensorFlow.js multiplies by the same f32 scale simdnet does), named
 * `normalize` and not trainable (it stays fixed if the model is trained in TensorFlow.js). fromTfjs reads a layer of
 * that form back as normalize. Only [features] samples: the per-value statistics of an [h, w, c] sample do not fit a
 * BatchNormalization over one axis (a TypeError names the layer).
 */
function exportNormalize(k: KerasBuilder, l: LayerView): void {
  if (l.inputShape.length !== 1) throw unsupported('toTfjs', l.label, `normalize over ${fmtSampleShape(l.inputShape)} samples has no Keras equivalent (only [features])`);
  const n = l.weights.shift.length;
  k.layer('BatchNormalization', { axis: -1, momentum: 0.99, epsilon: NORMALIZE_EPSILON, center: true, scale: true, trainable: false }, [
    ['gamma', [n], l.weights.scale], ['beta', [n], new Float32Array(n)], ['moving_mean', [n], l.weights.shift],
    ['moving_variance', [n], new Float32Array(n).fill(1 - NORMALIZE_EPSILON)],
  ], false, 'normalize');
}

/** The entries of TFJS_EXPORTERS for the toolkit's layers. */
export const TFJS_TOOLKIT_EXPORTERS: Partial<Record<LayerKind, (k: KerasBuilder, layer: LayerView) => void>> = {
  /** Dropout { rate }: TensorFlow.js drops only while training, as simdnet does. */
  dropout: (k, l) => { k.layer('Dropout', { rate: l.config.rate, noise_shape: null, seed: null }); },
  batchNorm: exportBatchNorm,
  /** The 'softmax' activation, folded into the Dense before it like the others (Keras's softmax is over the last axis). */
  softmax: (k) => k.activation('softmax'),
  normalize: exportNormalize,
};
