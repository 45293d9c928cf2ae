// The toolkit's layers and TensorFlow.js: toTfjs loaded by tf.loadLayersModel predicts what model.predict does; models TensorFlow.js builds and saves with BatchNormalization, Dropout and softmax import and predict what it predicts; round trips; refusals.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, init } from '../../../src/backend/index.js';
import { fromTfjs, parseTfjs, toTfjs } from '../../../src/interop/tfjs/index.js';
import { adam, batchNorm, dense, dropout, normalize, relu, sequential, softmax, tanh, type Layer, type Sequential } from '../../../src/index.js';
import { Random } from '../../../src/random.js';
import { maxRelDiff, randomRows } from '../compare.js';
import { loadInTfjs, saveFromTfjs, tf, tfjsReady, tfl } from './runtime.js';

beforeAll(async () => { await init(); await tfjsReady(); });

/** TensorFlow.js's prediction on rows `x` for samples of `shape`, as rows. */
function predictRows(model: tfl.LayersModel, x: number[][], shape: number[]): number[][] {
  return tf.tidy(() => {
    const out = model.predict(tf.tensor(x.flat(), [x.length, ...shape])) as tf.Tensor;
    return tf.reshape(out, [x.length, -1]).arraySync() as number[][];
  });
}

const scaled = (rows: number, seed: number) => randomRows(rows, 4, seed).map((r) => r.map((v, j) => 10 * j + v * (j + 1)));

async function trained(layers: Layer[]): Promise<Sequential> {
  const model = sequential(layers, { seed: 4 });
  const x = scaled(64, 1);
  await model.fit(x, x.map((r) => (r[0] > 0 ? 1 : 0) + (r[1] > 10 ? 1 : 0)), { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.02 }), epochs: 5, batchSize: 16 });
  return model;
}

describe('toTfjs with the toolkit layers loads in TensorFlow.js and predicts what model.predict does', () => {
  it('normalize → dense → batchNorm → relu → dropout → dense → softmax, trained', async () => {
    const model = await trained([normalize.fit(scaled(20, 2)), dense(8), batchNorm(), relu(), dropout(0.3), dense(3), softmax()]);
    const artifacts = toTfjs(model);
    const layers = artifacts.modelJson.modelTopology.config.layers;
    expect(layers.map((l) => `${l.class_name} ${l.config.name}${l.config.activation ? ` ${l.config.activation}` : ''}`)).toEqual([
      'BatchNormalization normalize', 'Dense dense linear', 'BatchNormalization batch_normalization', 'Activation activation relu',
      'Dropout dropout', 'Dense dense_1 softmax']);
    expect(layers[0].config).toMatchObject({ trainable: false, epsilon: 1e-3, batch_input_shape: [null, 4] });
    const tfModel = await loadInTfjs(artifacts);
    for (const rows of [1, 3, 17]) {
      const x = scaled(rows, rows + 10);
      expect(maxRelDiff(predictRows(tfModel, x, [4]), model.predict(x))).toBeLessThanOrEqual(1e-5);
    }
    tfModel.dispose();
    model.dispose();
  });

  it('batchNorm without γ and β, over [h, w, c] samples, and softmax as an Activation layer', async () => {
    const a = sequential([dense(5, 4), batchNorm({ center: false, scale: false, epsilon: 0.01 }), tanh()], { seed: 1 });
    const b = sequential([batchNorm({ momentum: 0.9 }), softmax()], { inputShape: [2, 3, 4] });
    b.setWeights([{ gamma: [1, -2, 0.5, 3], beta: [0, 1, -1, 0.5], movingMean: [0.1, -0.3, 2, 0], movingVariance: [0.5, 2, 1, 0.1] }]);
    for (const [model, shape] of [[a, [5]], [b, [2, 3, 4]]] as const) {
      const tfModel = await loadInTfjs(toTfjs(model));
      const x = randomRows(5, shape.reduce((p, q) => p * q, 1), 3);
      expect(maxRelDiff(predictRows(tfModel, x, [...shape]), model.predict(x)), String(model)).toBeLessThanOrEqual(1e-5);
      tfModel.dispose();
      model.dispose();
    }
  });

  it('toTfjs → fromTfjs gives back the same layers (normalize as standard) and bit-identical weights', async () => {
    const model = await trained([normalize.fit(scaled(20, 2)), dense(8), batchNorm({ momentum: 0.9, epsilon: 1e-4, center: false }), relu(), dropout(0.5), dense(3), softmax()]);
    const { modelJson, weightData } = toTfjs(model);
    const again = fromTfjs(modelJson, weightData);
    expect(again.layers.map((l) => l.config())).toEqual(model.layers.map((l) => l.config()));
    expect(again.getWeights()).toEqual(model.getWeights());
    model.dispose();
    again.dispose();
  });

  it('normalize over image samples is refused by name (no Keras layer holds per-value statistics of [h, w, c])', () => {
    const model = sequential([normalize({ mean: [0, 1, 2, 3], std: [1, 1, 1, 1], inputShape: [1, 2, 2] })]);
    expect(() => toTfjs(model)).toThrow(/^toTfjs: layer 0 \(normalize\(standard, \[1, 2, 2\]\)\): normalize over \[1, 2, 2\] samples has no Keras equivalent/);
    model.dispose();
  });
});

describe('models TensorFlow.js builds and saves', () => {
  /** Random weights for every weight of the model, variances positive (a freshly built BatchNormalization is the identity). */
  function randomize(m: tfl.LayersModel, seed: number): void {
    const rng = new Random(seed);
    for (const layer of m.layers) {
      const names = layer.weights.map((v) => v.name);
      layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(Array.from({ length: w.size }, () => (names[i].includes('variance') ? 0.2 + rng.uniform(0, 2) : rng.normal())), w.shape)));
    }
  }
  async function importedMatches(tfModel: tfl.LayersModel, features: number): Promise<string> {
    const { modelJson, weightData } = await saveFromTfjs(tfModel);
    const model = fromTfjs(modelJson, weightData);
    const x = randomRows(7, features, 5);
    expect(maxRelDiff(model.predict(x), predictRows(tfModel, x, [features]))).toBeLessThanOrEqual(1e-5);
    const text = String(model);
    model.dispose();
    return text;
  }

  it('BatchNormalization (Keras defaults, and center: false), Dropout, Dense with softmax, a Softmax layer', async () => {
    const m = tfl.sequential({ layers: [
      tfl.layers.dense({ units: 6, inputShape: [3] }), tfl.layers.batchNormalization(), tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.dropout({ rate: 0.4 }), tfl.layers.dense({ units: 5 }), tfl.layers.batchNormalization({ center: false, momentum: 0.5, epsilon: 0.01 }),
      tfl.layers.dense({ units: 4, activation: 'softmax' }), tfl.layers.softmax(),
    ] });
    randomize(m, 1);
    expect(await importedMatches(m, 3)).toBe('dense(3→6) → batchNorm(6) → relu → dropout(0.4) → dense(6→5) → batchNorm(5) → dense(5→4) → softmax → softmax');
    const { modelJson, weightData } = await saveFromTfjs(m);
    expect(parseTfjs(modelJson, weightData).layers[5].config).toEqual({ kind: 'batchNorm', momentum: 0.5, epsilon: 0.01, center: false, scale: true });
    m.dispose();
  });

  it('a BatchNormalization that only looks like normalize (trainable, or another name) stays a batchNorm', async () => {
    const m = tfl.sequential({ layers: [tfl.layers.batchNormalization({ inputShape: [3], name: 'normalize', epsilon: 1e-3 })] });
    m.layers[0].setWeights([tf.tensor([2, 3, 4]), tf.zeros([3]), tf.tensor([1, 2, 3]), tf.fill([3], 1 - 1e-3)]);
    expect(await importedMatches(m, 3)).toBe('batchNorm(3)');
    m.dispose();
  });
});

describe('what fromTfjs refuses in the toolkit layers, naming the layer', () => {
  const base = () => toTfjs(sequential([dense(3, 4), batchNorm(), dropout(0.2)], { seed: 0 }));
  const cases: [string, (a: ReturnType<typeof base>) => void, ErrorConstructor, RegExp][] = [
    ['BatchNormalization over axis 1 of images', (a) => { a.modelJson.modelTopology.config.layers[1].config.axis = 0; }, TypeError, /^fromTfjs: layer "batch_normalization" \(BatchNormalization\): axis 0 is not supported/],
    ['a negative moving variance', (a) => { new DataView(a.weightData.buffer).setFloat32(4 * (12 + 4 + 4 + 4 + 4 + 1), -1, true); }, RangeError, /layer "batch_normalization" \(BatchNormalization\): moving_variance\[1\] is -1; a variance is ≥ 0/],
    ['a missing moving mean', (a) => { a.modelJson.weightsManifest[0].weights[4].name = 'x/y'; }, RangeError, /layer "batch_normalization" \(BatchNormalization\): the weights manifest has no "batch_normalization\/moving_mean"/],
    ['epsilon 0', (a) => { a.modelJson.modelTopology.config.layers[1].config.epsilon = 0; }, RangeError, /BatchNormalization\): epsilon must be a finite number > 0, got 0/],
    ['Dropout with a noise shape', (a) => { a.modelJson.modelTopology.config.layers[2].config.noise_shape = [1, 4]; }, TypeError, /^fromTfjs: layer "dropout" \(Dropout\): noise_shape \[1,4\] is not supported/],
    ['Dropout rate 1', (a) => { a.modelJson.modelTopology.config.layers[2].config.rate = 1; }, RangeError, /layer "dropout" \(Dropout\): rate must be a number in \[0, 1\), got 1/],
  ];
  it.each(cases)('%s', (_, edit, kind, message) => {
    const a = base();
    edit(a);
    const live = getBackend().liveBuffers();
    expect(() => fromTfjs(a.modelJson, a.weightData)).toThrow(kind);
    expect(() => fromTfjs(a.modelJson, a.weightData)).toThrow(message);
    expect(getBackend().liveBuffers()).toBe(live);
  });
});
