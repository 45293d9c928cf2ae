/** TensorFlow.js (tfjs-layers on the CPU backend) as the reference runtime of the TF.js interop tests: load, predict, save. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import type { TfjsArtifacts, TfjsModelJson } from '../../../src/interop/tfjs/index.js';

export { tf, tfl };

/** Selects tfjs's CPU backend (quietly). */
export async function tfjsReady(): Promise<void> {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
}

/** What toTfjs wrote, loaded by TensorFlow.js itself through tf.io.fromMemory. */
export function loadInTfjs(a: TfjsArtifacts): Promise<tfl.LayersModel> {
  const weightData = a.weightData.slice().buffer;
  return tfl.loadLayersModel(tf.io.fromMemory({
    modelTopology: a.modelJson.modelTopology as unknown as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: a.modelJson.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
    weightData,
  }));
}

/** TensorFlow.js's prediction on rows `x`, as rows. */
export function tfPredict(model: tfl.LayersModel, x: number[][]): number[][] {
  return tf.tidy(() => (model.predict(tf.tensor2d(x)) as tf.Tensor).arraySync() as number[][]);
}

/** What TensorFlow.js's own `model.save()` writes: model.json's object and the weight bytes. */
export async function saveFromTfjs(model: tfl.LayersModel): Promise<{ modelJson: TfjsModelJson; weightData: Uint8Array }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  const a = saved!;
  const modelJson = {
    format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy ?? null, modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }],
  } as unknown as TfjsModelJson;
  const data = a.weightData as ArrayBuffer;
  return { modelJson, weightData: new Uint8Array(data) };
}
