// toOnnx of the sequence layers in ONNX Runtime (opsets 13 and 17, batches 1 and 3) against model.predict, the nodes it writes, and toOnnx → fromOnnx bit for bit.
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../../src/backend/index.js';
import { decodeModel, fromOnnx, toOnnx, toOnnxModel } from '../../../src/interop/onnx/index.js';
import { tensorToFloat32 } from '../../../src/interop/onnx/onnx_tensor.js';
import { leakyRelu, relu, sigmoid, step, tanh } from '../../../src/nn/activations.js';
import { dense } from '../../../src/nn/dense.js';
import { gru } from '../../../src/nn/gru.js';
import type { Layer } from '../../../src/nn/layer.js';
import { lstm } from '../../../src/nn/lstm.js';
import { adam } from '../../../src/nn/optimizers.js';
import { simpleRnn } from '../../../src/nn/rnn.js';
import { timeDistributed } from '../../../src/nn/time_distributed.js';
import { sequential, type Sequential } from '../../../src/model/sequential.js';
import { maxRelDiff, randomRows, runOrt } from '../compare.js';

beforeAll(async () => { await init(); });

const [S, F] = [5, 3];
const stacks: [string, () => Layer[]][] = [
  ['lstm, last step', () => [lstm({ units: 6, inputShape: [S, F] }), dense(2)]],
  ['lstm, every step', () => [lstm({ units: 4, inputShape: [S, F], returnSequences: true })]],
  ['gru resetAfter: true, last step', () => [gru({ units: 7, inputShape: [S, F] }), tanh(), dense(3)]],
  ['gru resetAfter: true, every step', () => [gru({ units: 5, inputShape: [S, F], returnSequences: true }), timeDistributed(dense(2))]],
  ['gru resetAfter: false, both', () => [gru({ units: 4, inputShape: [S, F], resetAfter: false, returnSequences: true }), gru({ units: 3, resetAfter: false })]],
  ['simpleRnn tanh and relu', () => [simpleRnn({ units: 5, inputShape: [S, F], returnSequences: true }), simpleRnn({ units: 4, activation: 'relu' }), dense(1)]],
  ['a stack through an activation, timeDistributed heads', () => [
    lstm({ units: 8, inputShape: [S, F], returnSequences: true }), relu(), gru({ units: 6, returnSequences: true }),
    timeDistributed(dense(4)), timeDistributed(leakyRelu(0.1)), timeDistributed(dense(2)), timeDistributed(sigmoid()),
  ]],
  ['timeDistributed first, then a recurrent layer', () => [timeDistributed(dense(4), { inputShape: [S, F] }), timeDistributed(tanh()), lstm({ units: 3 })]],
  ['one step, one unit', () => [lstm({ units: 1, inputShape: [1, 1], returnSequences: true }), gru({ units: 1 })]],
];

/** Non-zero biases everywhere (fresh layers have zero or unit biases), so that every bias's place is tested. */
function withRandomBiases(model: Sequential, seed: number): Sequential {
  const rows = randomRows(1, 4096, seed)[0];
  let k = 0;
  model.setWeights(model.getWeights().map((w) => Object.fromEntries(Object.entries(w).map(([name, v]) => {
    if (name !== 'b') return [name, v];
    return [name, (v as number[] | number[][]).map((x) => (Array.isArray(x) ? x.map(() => 0.3 * rows[k++ % rows.length]) : 0.3 * rows[k++ % rows.length]))];
  }))));
  return model;
}

describe('toOnnx of sequence models runs in ONNX Runtime with the outputs of model.predict', () => {
  it.each(stacks)('%s: opsets 13 and 17, batches 1 and 3', async (_, make) => {
    const model = withRandomBiases(sequential(make(), { seed: 11 }), 7);
    const cols = model.inputSize;
    for (const opset of [13, 17] as const) {
      const bytes = toOnnx(model, { opset });
      for (const rows of [1, 3]) {
        const x = randomRows(rows, cols, rows * 100 + opset);
        expect(maxRelDiff(await runOrt(bytes, x), model.predict(x))).toBeLessThanOrEqual(1e-5);
      }
    }
    model.dispose();
  });

  it('a trained LSTM forecaster (Adam, 20 epochs) exports its trained weights', async () => {
    const x = randomRows(48, 8, 3);
    const y = x.map((r) => [r[6] - r[7]]);
    const model = sequential([lstm({ units: 8, inputShape: [4, 2] }), dense(1)], { seed: 2 });
    await model.fit(x, y, { loss: 'mse', optimizer: adam({ lr: 0.02 }), epochs: 20, batchSize: 16 });
    expect(maxRelDiff(await runOrt(toOnnx(model), x), model.predict(x))).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });
});

describe('the nodes toOnnx writes for sequences', () => {
  it('lstm: Reshape, Transpose [1, 0, 2], LSTM (W, R, B) in layout 0, then Squeeze of Y_h; every step: Squeeze, Transpose, Reshape of Y', () => {
    const model = sequential([lstm({ units: 2, inputShape: [3, 1], returnSequences: true }), lstm({ units: 2 })], { seed: 0 });
    const g = toOnnxModel(model).graph;
    expect(g.node.map((n) => n.opType)).toEqual([
      'Reshape', 'Transpose', 'LSTM', 'Squeeze', 'Transpose', 'Reshape', 'Reshape', 'Transpose', 'LSTM', 'Squeeze',
    ]);
    const [first, second] = g.node.filter((n) => n.opType === 'LSTM');
    expect(first.output).toEqual(['lstm_0/LSTM:0']);
    expect(second.output).toEqual(['', 'lstm_1/LSTM:0']);
    expect(first.attribute.map((a) => a.name)).toEqual(['hidden_size']);
    expect(Object.fromEntries(g.initializer.filter((t) => t.name.startsWith('lstm_0')).map((t) => [t.name, t.dims]))).toEqual({
      'lstm_0.steps': [3], 'lstm_0.W': [1, 8, 1], 'lstm_0.R': [1, 8, 2], 'lstm_0.B': [1, 16], 'lstm_0.num_directions': [1], 'lstm_0.rows': [2],
    });
    model.dispose();
  });

  it('gate blocks: ONNX i, o, f, c rows are Keras i, f, c, o columns transposed; B = [b reordered, zeros]', () => {
    const model = sequential([lstm({ units: 1, inputShape: [1, 2] })], { seed: 0 });
    // W [2 × 4]: column j is gate j (i, f, c, o); U [1 × 4]; b [4]
    model.setWeights([{ W: [[1, 2, 3, 4], [5, 6, 7, 8]], U: [[10, 20, 30, 40]], b: [0.1, 0.2, 0.3, 0.4] }]);
    const inits = new Map(toOnnxModel(model).graph.initializer.filter((t) => t.dataType === 1).map((t) => [t.name, Array.from(tensorToFloat32(t))]));
    expect(inits.get('lstm_0.W')).toEqual([1, 5, 4, 8, 2, 6, 3, 7]);
    expect(inits.get('lstm_0.R')).toEqual([10, 40, 20, 30]);
    expect(inits.get('lstm_0.B')).toEqual([0.1, 0.4, 0.2, 0.3, 0, 0, 0, 0].map(Math.fround));
    model.dispose();
  });

  it('gru: linear_before_reset 1 with b\'s two rows as B (resetAfter), 0 with [b, 0]; simpleRnn writes its activation', () => {
    const after = sequential([gru({ units: 1, inputShape: [1, 1] })], { seed: 0 });
    after.setWeights([{ W: [[1, 2, 3]], U: [[4, 5, 6]], b: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]] }]);
    const m = toOnnxModel(after);
    const node = m.graph.node.find((n) => n.opType === 'GRU')!;
    expect(node.attribute.find((a) => a.name === 'linear_before_reset')?.i).toBe(1);
    expect(Array.from(tensorToFloat32(m.graph.initializer.find((t) => t.name === 'gru_0.B')!))).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map(Math.fround));
    const before = sequential([gru({ units: 1, inputShape: [1, 1], resetAfter: false })], { seed: 0 });
    before.setWeights([{ W: [[1, 2, 3]], U: [[4, 5, 6]], b: [0.1, 0.2, 0.3] }]);
    const b = toOnnxModel(before);
    expect(b.graph.node.find((n) => n.opType === 'GRU')!.attribute.find((a) => a.name === 'linear_before_reset')?.i).toBe(0);
    expect(Array.from(tensorToFloat32(b.graph.initializer.find((t) => t.name === 'gru_0.B')!))).toEqual([0.1, 0.2, 0.3, 0, 0, 0].map(Math.fround));
    const rnn = sequential([simpleRnn({ units: 2, inputShape: [2, 2], activation: 'relu' })], { seed: 0 });
    expect(toOnnxModel(rnn).graph.node.find((n) => n.opType === 'RNN')!.attribute.find((a) => a.name === 'activations')?.strings).toEqual(['Relu']);
    [after, before, rnn].forEach((x) => x.dispose());
  });

  it('timeDistributed(dense): Reshape to one step per row, Gemm with W as is, Reshape back', () => {
    const model = sequential([timeDistributed(dense(2), { inputShape: [4, 3] })], { seed: 0 });
    const g = toOnnxModel(model, { opset: 17 }).graph;
    expect(g.node.map((n) => n.opType)).toEqual(['Reshape', 'Gemm', 'Reshape']);
    expect(g.initializer.map((t) => [t.name, t.dims])).toEqual([['timeDistributed_0.step_rows', [2]], ['timeDistributed_0.W', [3, 2]], ['timeDistributed_0.b', [2]], ['timeDistributed_0.rows', [2]]]);
    model.dispose();
  });

  it('timeDistributed of anything but dense and the activations is refused by name before anything is written', () => {
    const model = sequential([timeDistributed(lstm({ units: 2 }), { inputShape: [3, 2, 2] })], { seed: 0 });
    expect(() => toOnnx(model)).toThrow(TypeError);
    expect(() => toOnnx(model)).toThrow(/^toOnnx: layer 0 \(timeDistributed\(lstm\(2\)\)\): timeDistributed\(lstm\) is not supported/);
    model.dispose();
  });
});

describe('toOnnx → fromOnnx gives the same model, bit for bit', () => {
  it.each([...stacks, ['step inside timeDistributed', () => [timeDistributed(dense(2), { inputShape: [3, 2] }), timeDistributed(step())]] as [string, () => Layer[]]])('%s', (_, make) => {
    const model = withRandomBiases(sequential(make(), { seed: 5 }), 3);
    for (const opset of [13, 17] as const) {
      const again = fromOnnx(toOnnx(model, { opset }));
      expect(again.layers.map((l) => l.config())).toEqual(model.layers.map((l) => l.config()));
      expect(again.inputShape).toEqual(model.inputShape);
      expect(again.getWeights()).toEqual(model.getWeights());
      const x = randomRows(3, model.inputSize, 9);
      expect(again.predict(x)).toEqual(model.predict(x));
      again.dispose();
    }
    expect(decodeModel(toOnnx(model)).graph.input[0].name).toBe('x');
    model.dispose();
  });
});
