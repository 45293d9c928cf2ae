// toOnnx against ONNX Runtime: MLPs with every activation, exported and run in onnxruntime-node, match model.predict (≤ 1e-5 relative).
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../../src/backend/index.js';
import { leakyRelu, relu, sigmoid, step, tanh } from '../../../src/nn/activations.js';
import { dense } from '../../../src/nn/dense.js';
import type { Layer } from '../../../src/nn/layer.js';
import { adam } from '../../../src/nn/optimizers.js';
import { mlp, sequential, type Sequential } from '../../../src/model/sequential.js';
import { neuron } from '../../../src/model/neuron.js';
import { LAYER_KINDS } from '../../../src/nn/layer.js';
import { decodeModel, toOnnx, toOnnxModel, valueInfoShape } from '../../../src/interop/onnx/index.js';
import { ONNX_EXPORTERS } from '../../../src/interop/onnx/export_layers.js';
import { maxRelDiff, randomRows, runOrt } from '../compare.js';

beforeAll(async () => { await init(); });

const stacks: [string, () => Layer[]][] = [
  ['relu', () => [dense(4, 16), relu(), dense(16, 3)]],
  ['leakyRelu(0.1)', () => [dense(4, 8), leakyRelu(0.1), dense(8, 8), leakyRelu(), dense(8, 3)]],
  ['tanh', () => [dense(4, 7), tanh(), dense(7, 3)]],
  ['sigmoid hidden and output', () => [dense(4, 5), sigmoid(), dense(5, 2), sigmoid()]],
  ['step (Greater + Cast)', () => [dense(4, 6), step(), dense(6, 1)]],
  ['activations back to back, one at the start', () => [relu(), dense(4, 9), tanh(), leakyRelu(0.2), dense(9, 3), sigmoid()]],
  ['one dense layer, no activation', () => [dense(4, 3)]],
];

describe('toOnnx runs in ONNX Runtime with the outputs of model.predict', () => {
  it.each(stacks)('%s: batches of 1, 3 and 17 at opsets 13 and 17', async (_, make) => {
    const model = sequential(make(), { seed: 3, inputShape: [4] });
    for (const opset of [13, 17] as const) {
      const bytes = toOnnx(model, { opset });
      for (const rows of [1, 3, 17]) {
        const x = randomRows(rows, 4, rows + opset);
        expect(maxRelDiff(await runOrt(bytes, x), model.predict(x))).toBeLessThanOrEqual(1e-5);
      }
    }
    model.dispose();
  });

  it('a trained model (Adam, 30 epochs) exports its trained weights', async () => {
    const x = randomRows(64, 4, 9);
    const y = x.map((r) => (r[0] * r[1] > 0 ? 1 : 0));
    const model = mlp(4, [12, 12, 2], { activation: 'tanh', seed: 1 });
    await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.02 }), epochs: 30, batchSize: 16 });
    expect(maxRelDiff(await runOrt(toOnnx(model), x), model.predict(x))).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });

  it('a perceptron (neuron with step) gives exactly 0 and 1, with inputs right at the threshold', async () => {
    const p = neuron(2, { activation: 'step', seed: 4 });
    p.setWeights([{ W: [[1], [1]], b: [-1] }]);
    const x = [[0.5, 0.5], [0.5, 0.25], [1, 0.5], [0, 0]];
    const out = await runOrt(toOnnx(p), x);
    expect(out).toEqual(p.predict(x));
    expect(out.flat()).toEqual([0, 0, 1, 0]);
    p.dispose();
  });
});

describe('the graph toOnnx writes', () => {
  it('is IR 7 + opset 13 by default, IR 8 + opset 17 on request, with a symbolic batch that ONNX Runtime reports', async () => {
    const model = mlp(3, [5, 2], { seed: 0 });
    for (const [opset, ir] of [[undefined, 7], [13, 7], [17, 8]] as const) {
      const m = decodeModel(toOnnx(model, opset ? { opset } : {}));
      expect([m.irVersion, m.opsetImport]).toEqual([ir, [{ domain: '', version: opset ?? 13 }]]);
      expect(m.producerName).toBe('simdnet');
    }
    const session = await ort.InferenceSession.create(toOnnx(model));
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    const [i, o] = [session.inputMetadata[0], session.outputMetadata[0]];
    expect(i.isTensor && i.shape).toEqual(['batch', 3]);
    expect(o.isTensor && o.shape).toEqual(['batch', 2]);
    await session.release();
    model.dispose();
  });

  it('writes dense as Gemm with W as simdnet stores it ([in × out], transB = 0) and names everything by layer', () => {
    const model = sequential([dense(2, 3), relu(), dense(3, 1)], { seed: 2 });
    const g = toOnnxModel(model).graph;
    expect(g.node.map((n) => [n.name, n.opType, n.input, n.output])).toEqual([
      ['dense_0/Gemm', 'Gemm', ['x', 'dense_0.W', 'dense_0.b'], ['dense_0/Gemm:0']],
      ['relu_1/Relu', 'Relu', ['dense_0/Gemm:0'], ['relu_1/Relu:0']],
      ['dense_2/Gemm', 'Gemm', ['relu_1/Relu:0', 'dense_2.W', 'dense_2.b'], ['y']],
    ]);
    expect(g.node[0].attribute).toEqual([]);
    expect(g.initializer.map((t) => [t.name, t.dims])).toEqual([['dense_0.W', [2, 3]], ['dense_0.b', [3]], ['dense_2.W', [3, 1]], ['dense_2.b', [1]]]);
    expect(valueInfoShape(g.input[0])).toEqual(['batch', 2]);
    model.dispose();
  });

  it('has an exporter for every layer kind simdnet has (a new kind needs its table entry)', () => {
    expect(LAYER_KINDS.filter((k) => ONNX_EXPORTERS[k] === undefined)).toEqual([]);
  });

  it('refuses what is not a live model, and bad options, with typed errors', () => {
    const model = mlp(2, [2], { seed: 0 });
    expect(() => toOnnx({} as Sequential)).toThrow(TypeError);
    expect(() => toOnnx(null as unknown as Sequential)).toThrow(/toOnnx: expected a simdnet model/);
    expect(() => toOnnx(model, { opset: 11 as 13 })).toThrow(RangeError);
    expect(() => toOnnx(model, { opset: '13' as unknown as 13 })).toThrow(TypeError);
    expect(() => toOnnx(model, { irVersion: 7 } as object)).toThrow(/toOnnx: unknown option 'irVersion'/);
    model.dispose();
    expect(() => toOnnx(model)).toThrow(/toOnnx: the model was disposed/);
  });
});
