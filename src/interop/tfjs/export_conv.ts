/** The TensorFlow.js (Keras) exporters of the image layers: Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D and Flatten, all channels_last. */

import type { LayerKind } from '../../nn/layer.js';
import type { LayerView } from '../layer_view.js';
import type { KerasBuilder } from './keras_builder.js';

/** Adds one layer's Keras layer(s) (the type of TFJS_EXPORTERS' entries). */
type Exporter = (k: KerasBuilder, layer: LayerView) => void;

/** pool_size, strides and padding of a pooling layer, as Keras writes them. */
function poolConfig(l: LayerView): Record<string, unknown> {
  return { pool_size: l.config.poolSize, strides: l.config.strides, padding: l.config.padding, data_format: 'channels_last' };
}

/**
 * The image layers' entries, following the conventions of TFJS_EXPORTERS: Keras is NHWC and flattens in simdnet's
 * order, so nothing is transposed; Conv2D's kernel [kh, kw, cin, cout] is simdnet's W [kh·kw·cin × cout] as is, and an
 * activation after it folds into its `activation` field like Dense's.
 */
export const TFJS_CONV_EXPORTERS: Partial<Record<LayerKind, Exporter>> = {
  conv2d: (k, l) => {
    const c = l.config, [kh, kw] = c.kernelSize as number[], cin = l.inputShape[2], cout = l.outputShape[2];
    k.layer('Conv2D', {
      filters: cout, kernel_size: [kh, kw], strides: c.strides, padding: c.padding, data_format: 'channels_last', dilation_rate: [1, 1],
      activation: 'linear', use_bias: true,
    }, [['kernel', [kh, kw, cin, cout], l.weights.W], ['bias', [cout], l.weights.b]], true);
  },
  maxPool2d: (k, l) => { k.layer('MaxPooling2D', poolConfig(l)); },
  avgPool2d: (k, l) => { k.layer('AveragePooling2D', poolConfig(l)); },
  globalAvgPool2d: (k) => { k.layer('GlobalAveragePooling2D', { data_format: 'channels_last' }); },
  flatten: (k) => { k.layer('Flatten', { data_format: 'channels_last' }); },
};
