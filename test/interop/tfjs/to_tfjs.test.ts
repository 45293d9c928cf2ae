// toTfjs against TensorFlow.js: MLPs with every activation, loaded by tf.loadLayersModel(tf.io.fromMemory(...)), predict what model.predict does.
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../../src/backend/index.js';
import { toTfjs, TFJS_WEIGHTS_FILE } from '../../../src/interop/tfjs/index.js';
import { TFJS_EXPORTERS } from '../../../src/interop/tfjs/export_layers.js';
import { leakyRelu, relu, sigmoid, step, tanh } from '../../../src/nn/activations.js';
import { dense } from '../../../src/nn/dense.js';
import { LAYER_KINDS, type Layer } from '../../../src/nn/layer.js';
import { adam } from '../../../src/nn/optimizers.js';
import { mlp, sequential, type Sequential } from '../../../src/model/sequential.js';
import { maxRelDiff, randomRows } from '../compare.js';
import { loadInTfjs, tfjsReady, tfPredict } from './runtime.js';

beforeAll(async () => { await init(); await tfjsReady(); });

const stacks: [string, () => Layer[], string[]][] = [
  ['relu folded into Dense', () => [dense(4, 16), relu(), dense(16, 3)], ['Dense relu', 'Dense linear']],
  ['tanh and a sigmoid output', () => [dense(4, 7), tanh(), dense(7, 2), sigmoid()], ['Dense tanh', 'Dense sigmoid']],
  ['leakyRelu as LeakyReLU layers', () => [dense(4, 8), leakyRelu(0.1), dense(8, 3), leakyRelu()], ['Dense linear', 'LeakyReLU', 'Dense linear', 'LeakyReLU']],
  ['activations not after a Dense: Activation layers', () => [tanh(), dense(4, 6), relu(), sigmoid(), dense(6, 2)], ['Activation tanh', 'Dense relu', 'Activation sigmoid', 'Dense linear']],
];

describe('toTfjs loads in TensorFlow.js and predicts what model.predict does', () => {
  it.each(stacks)('%s', async (_, make, classes) => {
    const model = sequential(make(), { seed: 5, inputShape: [4] });
    const artifacts = toTfjs(model);
    expect(artifacts.modelJson.modelTopology.config.layers.map((l) => `${l.class_name}${l.config.activation ? ` ${l.config.activation}` : ''}`)).toEqual(classes);
    const tfModel = await loadInTfjs(artifacts);
    for (const rows of [1, 3, 17]) {
      const x = randomRows(rows, 4, rows);
      expect(maxRelDiff(tfPredict(tfModel, x), model.predict(x))).toBeLessThanOrEqual(1e-5);
    }
    tfModel.dispose();
    model.dispose();
  });

  it('a trained model keeps its predictions in TensorFlow.js', async () => {
    const x = randomRows(64, 4, 3);
    const y = x.map((r) => (r[0] + r[2] > 0 ? 1 : 0));
    const model = mlp(4, [10, 2], { activation: 'relu', seed: 2 });
    await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.03 }), epochs: 20, batchSize: 16 });
    const tfModel = await loadInTfjs(toTfjs(model));
    expect(maxRelDiff(tfPredict(tfModel, x), model.predict(x))).toBeLessThanOrEqual(1e-5);
    tfModel.dispose();
    model.dispose();
  });
});

describe('the model.json toTfjs writes', () => {
  it('is a layers model with Keras names, batch_input_shape on the first layer, and a one-file manifest matching the bytes', () => {
    const model = sequential([dense(2, 3), relu(), dense(3, 1)], { seed: 0 });
    const { modelJson, weightData } = toTfjs(model);
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.modelTopology.class_name).toBe('Sequential');
    const [a, b] = modelJson.modelTopology.config.layers;
    expect(a.config).toMatchObject({ name: 'dense', units: 3, activation: 'relu', use_bias: true, batch_input_shape: [null, 2] });
    expect(b.config).toMatchObject({ name: 'dense_1', units: 1, activation: 'linear' });
    expect(b.config.batch_input_shape).toBeUndefined();
    expect(modelJson.weightsManifest).toEqual([{ paths: [TFJS_WEIGHTS_FILE], weights: [
      { name: 'dense/kernel', shape: [2, 3], dtype: 'float32' }, { name: 'dense/bias', shape: [3], dtype: 'float32' },
      { name: 'dense_1/kernel', shape: [3, 1], dtype: 'float32' }, { name: 'dense_1/bias', shape: [1], dtype: 'float32' },
    ] }]);
    expect(weightData.length).toBe(4 * (6 + 3 + 3 + 1));
    const { W } = model.getWeights()[0];
    expect(new DataView(weightData.buffer).getFloat32(4 * 4, true)).toBe(W[1][1]); // kernel [in, units] row-major = W
    expect(JSON.parse(JSON.stringify(modelJson))).toEqual(modelJson);
    model.dispose();
  });

  it('has an entry for every layer kind (step is refused by name: Keras has no step)', () => {
    expect(LAYER_KINDS.filter((k) => TFJS_EXPORTERS[k] === undefined)).toEqual([]);
    const model = sequential([dense(2, 1), step()], { seed: 0 });
    expect(() => toTfjs(model)).toThrow(TypeError);
    expect(() => toTfjs(model)).toThrow(/^toTfjs: layer 1 \(step\): Keras has no step activation/);
    model.dispose();
    expect(() => toTfjs(model)).toThrow(/toTfjs: the model was disposed/);
    expect(() => toTfjs({} as Sequential)).toThrow(/toTfjs: expected a simdnet model/);
  });
});
