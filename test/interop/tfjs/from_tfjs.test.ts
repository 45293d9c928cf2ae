// fromTfjs: models built and saved by TensorFlow.js itself (and a Keras-converter-style model.json) import and predict what TensorFlow.js predicts.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, init } from '../../../src/backend/index.js';
import { fromTfjs, parseTfjs, toTfjs, type TfjsModelJson } from '../../../src/interop/tfjs/index.js';
import { leakyRelu, relu, sigmoid, tanh } from '../../../src/nn/activations.js';
import { dense } from '../../../src/nn/dense.js';
import { sequential } from '../../../src/model/sequential.js';
import { maxRelDiff, randomRows } from '../compare.js';
import { loadInTfjs, saveFromTfjs, tf, tfjsReady, tfl, tfPredict } from './runtime.js';

beforeAll(async () => { await init(); await tfjsReady(); });

/** Saves a tfjs model, imports it, and compares both runtimes on seeded rows; returns the imported layers as text. */
async function importedMatches(tfModel: tfl.LayersModel, features: number): Promise<string> {
  const { modelJson, weightData } = await saveFromTfjs(tfModel);
  const model = fromTfjs(modelJson, weightData);
  const x = randomRows(7, features, 4);
  expect(maxRelDiff(model.predict(x), tfPredict(tfModel, x))).toBeLessThanOrEqual(1e-5);
  const text = String(model);
  model.dispose();
  return text;
}

describe('models saved by TensorFlow.js', () => {
  it('Dense with each activation: the activation becomes a layer after the dense', async () => {
    const m = tfl.sequential({ layers: [
      tfl.layers.dense({ units: 6, inputShape: [3], activation: 'relu' }), tfl.layers.dense({ units: 5, activation: 'tanh' }),
      tfl.layers.dense({ units: 4, activation: 'sigmoid' }), tfl.layers.dense({ units: 2 }),
    ] });
    expect(await importedMatches(m, 3)).toBe('dense(3→6) → relu → dense(6→5) → tanh → dense(5→4) → sigmoid → dense(4→2)');
  });

  it('Activation, LeakyReLU and ReLU layers, and a Dense without bias', async () => {
    const m = tfl.sequential({ layers: [
      tfl.layers.dense({ units: 6, inputShape: [3], useBias: false }), tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.activation({ activation: 'tanh' }), tfl.layers.dense({ units: 4 }), tfl.layers.reLU(), tfl.layers.leakyReLU(),
    ] });
    expect(await importedMatches(m, 3)).toBe('dense(3→6) → leakyRelu(0.2) → tanh → dense(6→4) → relu → leakyRelu(0.3)');
  });

  it('an InputLayer first; Keras’s Flatten of [features] (which tfjs cannot build) and optimizer weights (skipped) change nothing', async () => {
    const m = tfl.sequential({ layers: [tfl.layers.inputLayer({ inputShape: [4] }), tfl.layers.dense({ units: 2, activation: 'sigmoid' })] });
    expect(await importedMatches(m, 4)).toBe('dense(4→2) → sigmoid');
    const { modelJson, weightData } = await saveFromTfjs(m);
    modelJson.modelTopology.config.layers.splice(1, 0, { class_name: 'Flatten', config: { name: 'flatten', data_format: 'channels_last' } });
    modelJson.weightsManifest[0].weights.push({ name: 'iter', shape: [], dtype: 'float32', group: 'optimizer' });
    const more = new Uint8Array(weightData.length + 4);
    more.set(weightData);
    const model = fromTfjs(modelJson, [more.subarray(0, 8).slice(), more.subarray(8).slice()]);
    expect(String(model)).toBe('dense(4→2) → sigmoid');
    const x = randomRows(3, 4, 1);
    expect(maxRelDiff(model.predict(x), tfPredict(m, x))).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });

  it('the model.json of the Keras converter (model_config wrapper, InputLayer with batch_input_shape, keras names) loads in both', async () => {
    const modelJson = {
      format: 'layers-model', generatedBy: 'keras v2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: { keras_version: '2.15.0', backend: 'tensorflow', model_config: { class_name: 'Sequential', config: { name: 'sequential', layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], dtype: 'float32', sparse: false, ragged: false, name: 'dense_input' } },
        { class_name: 'Dense', config: { name: 'dense', trainable: true, dtype: 'float32', units: 2, activation: 'tanh', use_bias: true } },
      ] } } },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'dense/kernel', shape: [3, 2], dtype: 'float32' }, { name: 'dense/bias', shape: [2], dtype: 'float32' }] }],
    } as unknown as TfjsModelJson;
    const weightData = new Uint8Array(Float32Array.of(0.5, -1, 0.25, 2, -0.75, 1.5, 0.1, -0.2).buffer);
    const model = fromTfjs(modelJson, weightData);
    const tfModel = await loadInTfjs({ modelJson, weightData });
    const x = randomRows(5, 3, 8);
    expect(maxRelDiff(model.predict(x), tfPredict(tfModel, x))).toBeLessThanOrEqual(1e-5);
    expect(String(model)).toBe('dense(3→2) → tanh');
    model.dispose();
  });
});

describe('toTfjs → fromTfjs', () => {
  it('gives the same layers and bit-identical weights (folded activations split back)', () => {
    const model = sequential([dense(4, 8), relu(), dense(8, 6), leakyRelu(0.05), tanh(), dense(6, 2), sigmoid()], { seed: 3 });
    const { modelJson, weightData } = toTfjs(model);
    const again = fromTfjs(JSON.stringify(modelJson), weightData.buffer as ArrayBuffer);
    expect(again.layers.map((l) => l.config())).toEqual(model.layers.map((l) => l.config()));
    expect(again.getWeights()).toEqual(model.getWeights());
    model.dispose();
    again.dispose();
  });
});

describe('what fromTfjs refuses, naming the layer and its class', () => {
  const base = () => {
    const model = sequential([dense(3, 2), relu()], { seed: 0 });
    const a = toTfjs(model);
    model.dispose();
    return a;
  };
  type Edit = (a: { modelJson: TfjsModelJson; weightData: Uint8Array }) => unknown[];
  const refused: [string, Edit, ErrorConstructor, RegExp][] = [
    ['softmax of one unit', (a) => { a.modelJson.modelTopology.config.layers.push({ class_name: 'Dense', config: { name: 'd1', units: 1, activation: 'softmax' } }); a.modelJson.weightsManifest[0].weights.push({ name: 'd1/kernel', shape: [2, 1], dtype: 'float32' }, { name: 'd1/bias', shape: [1], dtype: 'float32' }); return [a.modelJson, [a.weightData, new Uint8Array(12)]]; }, RangeError, /layer 3 \(softmax\) a softmax over 1 value is always 1/],
    ['an unknown activation', (a) => { a.modelJson.modelTopology.config.layers[0].config.activation = 'elu'; return [a.modelJson, a.weightData]; }, TypeError, /activation "elu" is not supported/],
    ['an unknown class', (a) => { a.modelJson.modelTopology.config.layers.push({ class_name: 'Bidirectional', config: {} }); return [a.modelJson, a.weightData]; }, TypeError, /layer 1 \(Bidirectional\): class "Bidirectional" is not supported/],
    ['a functional model', (a) => { a.modelJson.modelTopology.class_name = 'Model'; return [a.modelJson, a.weightData]; }, TypeError, /the model is a "Model"; simdnet reads Keras Sequential models/],
    ['a graph model', (a) => { (a.modelJson as { format: string }).format = 'graph-model'; return [a.modelJson, a.weightData]; }, TypeError, /format "graph-model" is not a layers model/],
    ['one byte short', (a) => [a.modelJson, a.weightData.subarray(1)], RangeError, /the weights manifest needs 32 bytes of float32, the weight data has 31/],
    ['int32 weights', (a) => { a.modelJson.weightsManifest[0].weights[1].dtype = 'int32'; return [a.modelJson, a.weightData]; }, TypeError, /weight "dense\/bias" has dtype "int32"/],
    ['quantized weights', (a) => { a.modelJson.weightsManifest[0].weights[0].quantization = { dtype: 'uint8' }; return [a.modelJson, a.weightData]; }, TypeError, /weight "dense\/kernel" is quantized/],
    ['a kernel of the wrong shape', (a) => { a.modelJson.weightsManifest[0].weights[0].shape = [2, 3]; return [a.modelJson, a.weightData]; }, RangeError, /layer "dense" \(Dense\): weight "dense\/kernel" has shape \[2, 3\], expected \[3, 2\]/],
    ['a missing weight', (a) => { a.modelJson.weightsManifest[0].weights[1].name = 'other/bias'; return [a.modelJson, a.weightData]; }, RangeError, /the weights manifest has no "dense\/bias"/],
    ['a weight no layer takes', (a) => { a.modelJson.modelTopology.config.layers[0].config.use_bias = false; return [a.modelJson, a.weightData]; }, RangeError, /the weights "dense\/bias" belong to no layer/],
    ['no input shape', (a) => { delete a.modelJson.modelTopology.config.layers[0].config.batch_input_shape; return [a.modelJson, a.weightData]; }, RangeError, /declares no batch_input_shape/],
    ['a capped ReLU', (a) => { a.modelJson.modelTopology.config.layers.push({ class_name: 'ReLU', config: { name: 're_lu', max_value: 6 } }); return [a.modelJson, a.weightData]; }, TypeError, /layer "re_lu" \(ReLU\): only the plain ReLU is supported/],
    ['text that is not JSON', (a) => ['{"format":', a.weightData], RangeError, /^fromTfjs: model.json is not valid JSON/],
    ['weights that are not bytes', (a) => [a.modelJson, [1, 2, 3]], TypeError, /weight data must be a Uint8Array/],
  ];
  it.each(refused)('%s', (_, edit, kind, message) => {
    const args = edit(base()) as [unknown, Uint8Array];
    const live = getBackend().liveBuffers();
    expect(() => fromTfjs(...args)).toThrow(kind);
    expect(() => parseTfjs(...args)).toThrow(message);
    expect(getBackend().liveBuffers()).toBe(live);
  });
});
