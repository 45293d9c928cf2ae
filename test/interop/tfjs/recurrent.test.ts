// toTfjs / fromTfjs of the sequence layers against TensorFlow.js 4.22 itself: our exports loaded by tf.loadLayersModel, models TensorFlow.js built and saved, a Keras GRU with reset_after against ONNX Runtime, round trips, refusals.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, init } from '../../../src/backend/index.js';
import { toOnnx } from '../../../src/interop/onnx/index.js';
import { fromTfjs, parseTfjs, toTfjs, type TfjsModelJson } from '../../../src/interop/tfjs/index.js';
import { leakyRelu, relu, sigmoid, tanh } from '../../../src/nn/activations.js';
import { dense } from '../../../src/nn/dense.js';
import { gru } from '../../../src/nn/gru.js';
import type { Layer } from '../../../src/nn/layer.js';
import { lstm } from '../../../src/nn/lstm.js';
import { simpleRnn } from '../../../src/nn/rnn.js';
import { timeDistributed } from '../../../src/nn/time_distributed.js';
import { sequential, type Sequential } from '../../../src/model/sequential.js';
import { Random } from '../../../src/random.js';
import { maxRelDiff, randomRows, runOrt } from '../compare.js';
import { loadInTfjs, saveFromTfjs, tf, tfjsReady, tfl } from './runtime.js';

beforeAll(async () => { await init(); await tfjsReady(); });

const [S, F] = [6, 3];
/** TensorFlow.js's prediction on simdnet rows of [steps, features] samples, as rows. */
function tfPredictSeq(model: tfl.LayersModel, x: number[][], steps: number, features: number): number[][] {
  return tf.tidy(() => {
    const out = model.predict(tf.tensor3d(x.flat(), [x.length, steps, features])) as tf.Tensor;
    return tf.reshape(out, [x.length, -1]).arraySync() as number[][];
  });
}

/** Every bias non-zero, so its place is tested too. */
function randomBiases(model: Sequential, seed: number): Sequential {
  const rng = new Random(seed);
  model.setWeights(model.getWeights().map((w) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, k !== 'b' ? v : (v as number[]).map((b) => (Array.isArray(b) ? b.map(() => rng.normal(0, 0.4)) : rng.normal(0, 0.4)))]))));
  return model;
}

const stacks: [string, () => Layer[], string[]][] = [
  ['LSTM (last step) → Dense', () => [lstm({ units: 5, inputShape: [S, F] }), dense(2)], ['LSTM', 'Dense']],
  ['LSTM (every step) → TimeDistributed(Dense) + activations', () => [lstm({ units: 4, inputShape: [S, F], returnSequences: true }), timeDistributed(dense(3)), timeDistributed(tanh()), timeDistributed(leakyRelu(0.2))], ['LSTM', 'TimeDistributed', 'TimeDistributed', 'TimeDistributed']],
  ['GRU (reset before, TF.js’s only kind), both ways', () => [gru({ units: 5, inputShape: [S, F], resetAfter: false, returnSequences: true }), gru({ units: 3, resetAfter: false }), sigmoid()], ['GRU', 'GRU', 'Activation']],
  ['SimpleRNN tanh and relu', () => [simpleRnn({ units: 4, inputShape: [S, F], returnSequences: true, activation: 'relu' }), relu(), simpleRnn({ units: 2 })], ['SimpleRNN', 'Activation', 'SimpleRNN']],
];

describe('toTfjs of sequence models loads in TensorFlow.js and predicts what model.predict does', () => {
  it.each(stacks)('%s', async (_, make, classes) => {
    const model = randomBiases(sequential(make(), { seed: 4 }), 1);
    const artifacts = toTfjs(model);
    expect(artifacts.modelJson.modelTopology.config.layers.map((l) => l.class_name)).toEqual(classes);
    const tfModel = await loadInTfjs(artifacts);
    for (const rows of [1, 3]) {
      const x = randomRows(rows, S * F, rows + 20);
      expect(maxRelDiff(tfPredictSeq(tfModel, x, S, F), model.predict(x))).toBeLessThanOrEqual(1e-5);
    }
    tfModel.dispose();
    const again = fromTfjs(artifacts.modelJson, artifacts.weightData);
    expect(again.layers.map((l) => l.config())).toEqual(model.layers.map((l) => l.config()));
    expect(again.getWeights()).toEqual(model.getWeights());
    const x = randomRows(3, S * F, 5);
    expect(again.predict(x)).toEqual(model.predict(x));
    again.dispose();
    model.dispose();
  });

  it('writes Keras’s names and options: recurrent_activation sigmoid, kernel / recurrent_kernel / bias unchanged', () => {
    const model = sequential([lstm({ units: 2, inputShape: [3, 1], returnSequences: true }), timeDistributed(dense(1))], { seed: 0 });
    const { modelJson } = toTfjs(model);
    const [a, b] = modelJson.modelTopology.config.layers;
    expect(a.config).toMatchObject({ name: 'lstm', units: 2, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, unit_forget_bias: true, return_sequences: true, dropout: 0, recurrent_dropout: 0, stateful: false, go_backwards: false, return_state: false, batch_input_shape: [null, 3, 1] });
    expect(b.config).toMatchObject({ name: 'time_distributed', layer: { class_name: 'Dense', config: { units: 1, activation: 'linear', use_bias: true } } });
    expect(modelJson.weightsManifest[0].weights).toEqual([
      { name: 'lstm/kernel', shape: [1, 8], dtype: 'float32' }, { name: 'lstm/recurrent_kernel', shape: [2, 8], dtype: 'float32' }, { name: 'lstm/bias', shape: [8], dtype: 'float32' },
      { name: 'time_distributed/kernel', shape: [2, 1], dtype: 'float32' }, { name: 'time_distributed/bias', shape: [1], dtype: 'float32' },
    ]);
    model.dispose();
  });

  it('refuses gru({ resetAfter: true }) by name (TensorFlow.js’s GRU throws on reset_after)', () => {
    const model = sequential([gru({ units: 2, inputShape: [3, 1] })], { seed: 0 });
    expect(() => toTfjs(model)).toThrow(TypeError);
    expect(() => toTfjs(model)).toThrow(/^toTfjs: layer 0 \(gru\(2\)\): resetAfter: true cannot go to TensorFlow.js/);
    expect(() => tfl.layers.gru({ units: 2, resetAfter: true } as never)).toThrow(/reset_after/);
    model.dispose();
  });
});

const SIG = { recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' } as const;
const built: [string, () => tfl.layers.Layer[], string][] = [
  ['LSTM → Dense', () => [tfl.layers.lstm({ units: 5, inputShape: [S, F], ...SIG }), tfl.layers.dense({ units: 2, activation: 'tanh' })], 'lstm(5) → dense(5→2) → tanh'],
  ['GRU (sequences) → TimeDistributed(Dense relu)', () => [tfl.layers.gru({ units: 4, inputShape: [S, F], returnSequences: true, ...SIG }), tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 2, activation: 'relu' }) })], 'gru(4) → timeDistributed(dense(4→2)) → timeDistributed(relu)'],
  ['SimpleRNN relu → SimpleRNN, no bias', () => [tfl.layers.simpleRNN({ units: 3, inputShape: [S, F], activation: 'relu', returnSequences: true, recurrentInitializer: 'glorotUniform' }), tfl.layers.simpleRNN({ units: 2, useBias: false, recurrentInitializer: 'glorotUniform' })], 'simpleRnn(3) → simpleRnn(2)'],
];

describe('models TensorFlow.js built and saved import and predict what TensorFlow.js predicts', () => {
  it.each(built)('%s', async (_, layers, text) => {
    const rng = new Random(3);
    const m = tfl.sequential({ layers: layers() });
    m.setWeights(m.getWeights().map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => rng.normal(0, 0.5)), w.shape)));
    const { modelJson, weightData } = await saveFromTfjs(m);
    const model = fromTfjs(modelJson, weightData);
    expect(String(model)).toBe(text);
    const x = randomRows(4, S * F, 8);
    expect(maxRelDiff(model.predict(x), tfPredictSeq(m, x, S, F))).toBeLessThanOrEqual(1e-5);
    model.dispose();
    m.dispose();
  });
});

describe('a Keras GRU with reset_after: true (Keras 2’s default, which TensorFlow.js cannot load)', () => {
  it('reads its [2, 3·units] bias under Keras 2’s gru_cell names and predicts what ONNX Runtime computes for the same GRU', async () => {
    const reference = randomBiases(sequential([gru({ units: 3, inputShape: [4, 2] }), dense(1)], { seed: 7 }), 2);
    const [g, d] = reference.getWeights() as unknown as { W: number[][]; U: number[][]; b: number[][] }[];
    const values = [g.W.flat(), g.U.flat(), g.b.flat(), d.W.flat(), (d.b as unknown as number[])];
    const modelJson = {
      format: 'layers-model', generatedBy: 'keras v2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: { keras_version: '2.15.0', backend: 'tensorflow', model_config: { class_name: 'Sequential', config: { name: 'sequential', layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, 4, 2], dtype: 'float32', name: 'gru_input' } },
        { class_name: 'GRU', config: { name: 'gru', units: 3, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, reset_after: true, return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, dropout: 0.0, recurrent_dropout: 0.0, time_major: false } },
        { class_name: 'Dense', config: { name: 'dense', units: 1, activation: 'linear', use_bias: true } },
      ] } } },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [
        { name: 'gru/gru_cell/kernel', shape: [2, 9], dtype: 'float32' }, { name: 'gru/gru_cell/recurrent_kernel', shape: [3, 9], dtype: 'float32' },
        { name: 'gru/gru_cell/bias', shape: [2, 9], dtype: 'float32' }, { name: 'dense/kernel', shape: [3, 1], dtype: 'float32' }, { name: 'dense/bias', shape: [1], dtype: 'float32' },
      ] }],
    } as unknown as TfjsModelJson;
    const model = fromTfjs(modelJson, new Uint8Array(Float32Array.from(values.flat()).buffer));
    expect(model.layers[0].config()).toEqual({ kind: 'gru', units: 3, returnSequences: false, resetAfter: true });
    const x = randomRows(5, 8, 6);
    // ONNX Runtime's GRU with linear_before_reset = 1 is the independent computation of Keras's reset_after
    expect(maxRelDiff(model.predict(x), await runOrt(toOnnx(reference), x))).toBeLessThanOrEqual(1e-5);
    model.dispose();
    reference.dispose();
  });
});

describe('what fromTfjs refuses in sequence models, naming the layer', () => {
  const base = () => {
    const model = sequential([lstm({ units: 2, inputShape: [3, 2], returnSequences: true }), timeDistributed(dense(1))], { seed: 0 });
    const a = toTfjs(model);
    model.dispose();
    return a;
  };
  type Edit = (c: Record<string, unknown>, a: ReturnType<typeof base>) => void;
  const refused: [string, Edit, ErrorConstructor, RegExp][] = [
    ['no recurrent_activation', (c) => { delete c.recurrent_activation; }, TypeError, /^fromTfjs: layer "lstm" \(LSTM\): recurrent_activation null is not supported: simdnet computes 'sigmoid'/],
    ['hard_sigmoid', (c) => { c.recurrent_activation = 'hard_sigmoid'; }, TypeError, /recurrent_activation "hard_sigmoid" is not supported/],
    ['dropout', (c) => { c.dropout = 0.2; }, TypeError, /layer "lstm" \(LSTM\): dropout 0.2 is not supported/],
    ['recurrent_dropout', (c) => { c.recurrent_dropout = 0.1; }, TypeError, /recurrent_dropout 0.1 is not supported/],
    ['stateful', (c) => { c.stateful = true; }, TypeError, /stateful true is not supported/],
    ['go_backwards', (c) => { c.go_backwards = true; }, TypeError, /go_backwards true is not supported/],
    ['return_state', (c) => { c.return_state = true; }, TypeError, /return_state true is not supported/],
    ['a relu LSTM', (c) => { c.activation = 'relu'; }, TypeError, /activation "relu" is not supported \(simdnet computes 'tanh'\)/],
    ['a wrapped Conv2D', (_c, a) => { (a.modelJson.modelTopology.config.layers[1].config.layer as { class_name: string }).class_name = 'Conv2D'; }, TypeError, /layer "time_distributed" \(TimeDistributed\): TimeDistributed\("Conv2D"\) is not supported/],
    ['a wrong kernel shape', (_c, a) => { a.modelJson.weightsManifest[0].weights[1].shape = [8, 2]; }, RangeError, /weight "lstm\/recurrent_kernel" has shape \[8, 2\], expected \[2, 8\]/],
    ['an LSTM after the last step', (_c, a) => { a.modelJson.modelTopology.config.layers[0].config.return_sequences = false; }, RangeError, /layer "time_distributed" \(TimeDistributed\): expects \[steps, features\] input, got \[2\]/],
  ];
  it.each(refused)('%s', (_, edit, kind, message) => {
    const a = base();
    edit(a.modelJson.modelTopology.config.layers[0].config, a);
    const live = getBackend().liveBuffers();
    expect(() => fromTfjs(a.modelJson, a.weightData)).toThrow(kind);
    expect(() => parseTfjs(a.modelJson, a.weightData)).toThrow(message);
    expect(getBackend().liveBuffers()).toBe(live);
  });
});
