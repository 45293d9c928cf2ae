/** toTfjs: a simdnet model → a TensorFlow.js layers model (model.json's object and the weight bytes) that tf.loadLayersModel reads. */

import type { Sequential } from '../../model/sequential.js';
import { checkExportable, layerViews } from '../layer_view.js';
import { TFJS_EXPORTERS } from './export_layers.js';
import { KerasBuilder } from './keras_builder.js';
import { TFJS_WEIGHTS_FILE, type TfjsArtifacts } from './tfjs_types.js';

/** f32 little-endian bytes of every value, in order. */
function packFloats(values: readonly Float32Array[]): Uint8Array {
  const out = new Uint8Array(4 * values.reduce((s, v) => s + v.length, 0));
  const dv = new DataView(out.buffer);
  let o = 0;
  for (const v of values) for (let i = 0; i < v.length; i++, o += 4) dv.setFloat32(o, v[i], true);
  return out;
}

/**
 * The model as a TensorFlow.js layers model: `modelJson` is model.json (format 'layers-model', a Keras Sequential
 * topology, a weights manifest naming one file, `group1-shard1of1.bin`) and `weightData` that file's bytes. dense →
 * Dense (the activation after it folded into its `activation`, softmax too), relu / tanh / sigmoid / softmax
 * elsewhere → Activation, leakyRelu → LeakyReLU, dropout → Dropout, batchNorm → BatchNormalization, normalize → a
 * frozen BatchNormalization named `normalize` (tfjs-layers has no Normalization layer). A layer kind Keras cannot
 * express (step) is refused with a TypeError naming the layer.
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * const { modelJson, weightData } = toTfjs(model);
 * const tfModel = await tf.loadLayersModel(tf.io.fromMemory({
 *   modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: weightData.buffer,
 * }));
 * ```
 */
export function toTfjs(model: Sequential): TfjsArtifacts {
  const op = 'toTfjs';
  const views = layerViews(op, model);
  checkExportable(op, views, TFJS_EXPORTERS, 'TensorFlow.js');
  const k = new KerasBuilder(views[0].inputShape);
  for (const v of views) TFJS_EXPORTERS[v.kind]!(k, v);
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: 'simdnet',
      convertedBy: null,
      modelTopology: { class_name: 'Sequential', config: { name: 'sequential', layers: k.layers }, backend: 'tensor_flow.js' },
      weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: k.specs }],
    },
    weightData: packFloats(k.values),
  };
}
