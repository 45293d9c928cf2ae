// TensorFlow.js interop of the image layers: convnets exported by toTfjs load in TensorFlow.js and predict what model.predict does; convnets built and saved by TensorFlow.js import and predict what it does; round trips; refusals.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, init } from '../../../src/backend/index.js';
import { fromTfjs, toTfjs } from '../../../src/interop/tfjs/index.js';
import { avgPool2d, conv2d, dense, flatten, globalAvgPool2d, leakyRelu, maxPool2d, relu, sequential, sigmoid, tanh, type Layer } from '../../../src/index.js';
import { maxRelDiff, randomRows } from '../compare.js';
import { loadInTfjs, saveFromTfjs, tf, tfjsReady, tfl } from './runtime.js';

beforeAll(async () => { await init(); await tfjsReady(); });

/** TensorFlow.js's prediction on NHWC rows of [h, w, c] samples (the same rows simdnet takes, as a 4-D tensor). */
function tfPredictImages(model: tfl.LayersModel, x: number[][], shape: number[]): number[][] {
  return tf.tidy(() => {
    const out = model.predict(tf.tensor4d(x.flat(), [x.length, shape[0], shape[1], shape[2]])) as tf.Tensor;
    return tf.reshape(out, [x.length, -1]).arraySync() as number[][];
  });
}

const stacks: [string, [number, number, number], () => Layer[], string[]][] = [
  ['conv → relu (folded) → maxPool → flatten → dense', [12, 10, 1], () => [conv2d({ inputShape: [12, 10, 1], filters: 4, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }), flatten(), dense(3)],
    ['Conv2D relu', 'MaxPooling2D', 'Flatten', 'Dense linear']],
  ["'same' and strided convs, leakyRelu, tanh, avgPool 'same'", [7, 6, 2], () => [
    conv2d({ inputShape: [7, 6, 2], filters: 3, kernelSize: 3, strides: [2, 1], padding: 'same', bias: 'init' }), leakyRelu(0.1),
    conv2d({ filters: 4, kernelSize: [2, 3], bias: 'init' }), tanh(), avgPool2d({ poolSize: 3, strides: 1, padding: 'same' }), maxPool2d({ poolSize: 2, padding: 'same' }), flatten(), dense(5), sigmoid()],
    ['Conv2D linear', 'LeakyReLU', 'Conv2D tanh', 'AveragePooling2D', 'MaxPooling2D', 'Flatten', 'Dense sigmoid']],
  ['globalAvgPool2d → dense', [5, 5, 3], () => [conv2d({ inputShape: [5, 5, 3], filters: 6, kernelSize: 3, bias: 'init' }), relu(), globalAvgPool2d(), dense(2)],
    ['Conv2D relu', 'GlobalAveragePooling2D', 'Dense linear']],
];

describe('toTfjs of image models, loaded in TensorFlow.js', () => {
  it.each(stacks)('%s', async (_, shape, make, classes) => {
    const model = sequential(make(), { seed: 6 });
    const artifacts = toTfjs(model);
    expect(artifacts.modelJson.modelTopology.config.layers.map((l) => `${l.class_name}${l.config.activation ? ` ${l.config.activation}` : ''}`)).toEqual(classes);
    expect(artifacts.modelJson.modelTopology.config.layers[0].config.batch_input_shape).toEqual([null, ...shape]);
    const tfModel = await loadInTfjs(artifacts);
    for (const rows of [1, 4]) {
      const x = randomRows(rows, model.inputSize, rows);
      expect(maxRelDiff(tfPredictImages(tfModel, x, shape), model.predict(x)), `${rows} rows`).toBeLessThanOrEqual(1e-5);
    }
    // and back: the same layers and the same bits
    const back = fromTfjs(artifacts.modelJson, artifacts.weightData);
    expect(String(back)).toBe(String(model));
    const x = randomRows(3, model.inputSize, 8);
    expect(back.predict(x).flat()).toEqual(model.predict(x).flat());
    back.dispose();
    tfModel.dispose();
    model.dispose();
  });

  it("Conv2D's kernel is simdnet's W as is ([kh, kw, cin, cout] = [kh·kw·cin × cout])", () => {
    const model = sequential([conv2d({ inputShape: [4, 4, 2], filters: 3, kernelSize: [3, 2] })], { seed: 1 });
    const { modelJson, weightData } = toTfjs(model);
    expect(modelJson.weightsManifest[0].weights[0]).toEqual({ name: 'conv2d/kernel', shape: [3, 2, 2, 3], dtype: 'float32' });
    expect(Array.from(new Float32Array(weightData.slice().buffer, 0, 36))).toEqual(model.getWeights()[0].W.flat());
    model.dispose();
  });
});

describe('convnets built and saved by TensorFlow.js', () => {
  it('Conv2D (with and without bias, activations), pools, Flatten and Dense import and predict what TensorFlow.js does', async () => {
    const m = tfl.sequential({ layers: [
      tfl.layers.conv2d({ inputShape: [9, 8, 2], filters: 4, kernelSize: 3, activation: 'relu', padding: 'same', strides: [2, 1] }),
      tfl.layers.maxPooling2d({ poolSize: [2, 2] }),
      tfl.layers.conv2d({ filters: 3, kernelSize: [2, 1], useBias: false, activation: 'tanh' }),
      tfl.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same' }),
      tfl.layers.flatten(), tfl.layers.dense({ units: 3, activation: 'sigmoid' }),
    ] });
    const { modelJson, weightData } = await saveFromTfjs(m);
    const model = fromTfjs(modelJson, weightData);
    expect(String(model)).toBe('conv2d(4 3×3, stride 2×1, same) → relu → maxPool2d(2×2) → conv2d(3 2×1) → tanh → avgPool2d(2×2, stride 1, same) → flatten → dense(12→3) → sigmoid');
    const x = randomRows(5, 9 * 8 * 2, 3);
    expect(maxRelDiff(model.predict(x), tfPredictImages(m, x, [9, 8, 2]))).toBeLessThanOrEqual(1e-5);
    model.dispose();
    const g = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [6, 6, 1], filters: 5, kernelSize: 3 }), tfl.layers.globalAveragePooling2d({}), tfl.layers.dense({ units: 2 })] });
    const saved = await saveFromTfjs(g);
    const gm = fromTfjs(saved.modelJson, saved.weightData);
    expect(String(gm)).toBe('conv2d(5 3×3) → globalAvgPool2d → dense(5→2)');
    const gx = randomRows(3, 36, 5);
    expect(maxRelDiff(gm.predict(gx), tfPredictImages(g, gx, [6, 6, 1]))).toBeLessThanOrEqual(1e-5);
    gm.dispose();
  });

  it('refuses channels_first, dilation and grouped convolutions by layer, before anything is allocated', async () => {
    const m = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 2, kernelSize: 3 }), tfl.layers.flatten(), tfl.layers.dense({ units: 2 })] });
    const { modelJson, weightData } = await saveFromTfjs(m);
    const live = getBackend().liveBuffers();
    const edited = (edit: (c: Record<string, unknown>) => void) => {
      const j = structuredClone(modelJson);
      edit(j.modelTopology.config.layers[0].config);
      return () => fromTfjs(j, weightData);
    };
    expect(edited((c) => { c.data_format = 'channels_first'; })).toThrow(/^fromTfjs: layer "conv2d_\w*" \(Conv2D\): data_format "channels_first" is not supported/);
    expect(edited((c) => { c.dilation_rate = [2, 2]; })).toThrow(/\(Conv2D\): dilation_rate \[2, 2\] is not supported/);
    expect(edited((c) => { c.kernel_size = [7, 7]; })).toThrow(RangeError);
    expect(edited((c) => { c.padding = 'causal'; })).toThrow(TypeError);
    expect(getBackend().liveBuffers()).toBe(live);
    m.dispose();
  });
});
