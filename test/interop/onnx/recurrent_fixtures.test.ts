// PyTorch's recurrent exports (test/fixtures/onnx/recurrent, made by scripts/make-torch-recurrent-fixtures.py): the graphs torch wrote, ONNX Runtime and fromOnnx against torch's outputs.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../../src/backend/index.js';
import { decodeModel, fromOnnx, parseOnnx, toOnnx, valueInfoShape } from '../../../src/interop/onnx/index.js';
import { adam } from '../../../src/nn/optimizers.js';
import { maxRelDiff, runOrt } from '../compare.js';

beforeAll(async () => { await init(); });

interface Case { name: string; file: string; opset: number; inputShape: [number, number]; x: number[][]; y: number[][] }
const dir = new URL('../../fixtures/onnx/recurrent/', import.meta.url);
const fixtures: { torch: string; cases: Case[] } = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8'));
const bytesOf = (c: Case) => new Uint8Array(readFileSync(new URL(c.file, dir)));
const byName = (name: string) => fixtures.cases.find((c) => c.name === name)!;

// What torch 2.13's exporter writes for each module, and the simdnet model each becomes.
const expected: Record<string, { ops: string[]; layers: string }> = {
  lstm_last: { ops: ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'ConstantOfShape', 'Transpose', 'LSTM', 'Squeeze', 'Transpose', 'Gather', 'Gemm'], layers: 'lstm(5) → dense(5→2)' },
  lstm_hn: { ops: ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'ConstantOfShape', 'Transpose', 'LSTM', 'Gather', 'Gemm'], layers: 'lstm(4) → dense(4→2)' },
  gru_seq: { ops: ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'ConstantOfShape', 'Transpose', 'GRU', 'Squeeze', 'Transpose', 'MatMul', 'Add'], layers: 'gru(6) → timeDistributed(dense(6→3))' },
  gru_last: { ops: ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'ConstantOfShape', 'Transpose', 'GRU', 'Squeeze', 'Transpose', 'Gather', 'Gemm'], layers: 'gru(3) → dense(3→1)' },
  rnn_tanh_last: { ops: ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'ConstantOfShape', 'Transpose', 'RNN', 'Squeeze', 'Transpose', 'Gather', 'Gemm'], layers: 'simpleRnn(4) → dense(4→2)' },
  rnn_relu_seq: { ops: ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'ConstantOfShape', 'Transpose', 'RNN', 'Squeeze', 'Transpose', 'MatMul', 'Add'], layers: 'simpleRnn(3) → timeDistributed(dense(3→2))' },
  lstm_gru_stack: {
    ops: ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'ConstantOfShape', 'Transpose', 'LSTM', 'Squeeze', 'Transpose', 'Shape', 'Gather', 'Unsqueeze', 'Concat', 'ConstantOfShape', 'GRU', 'Squeeze', 'Transpose', 'Gather', 'Gemm'],
    layers: 'lstm(4) → gru(5)',
  },
};

describe.each(fixtures.cases.map((c) => c.name))('%s.onnx (PyTorch)', (name) => {
  const c = byName(name);
  const [steps, features] = c.inputShape;
  const dims = (rows: number) => [rows, steps, features];

  it('is what torch wrote: its ops (Constants aside), a [batch, steps, features] input, layout 0', () => {
    expect(fixtures.torch).toBe('2.13.0+cpu');
    const m = decodeModel(bytesOf(c));
    expect(m.producerName).toBe('pytorch');
    expect(m.opsetImport).toEqual([{ domain: '', version: c.opset }]);
    expect(m.graph.node.map((n) => n.opType).filter((op) => op !== 'Constant')).toEqual(expected[name].ops);
    expect(valueInfoShape(m.graph.input[0])).toEqual(['batch', steps, features]);
  });

  it('ONNX Runtime gives torch’s outputs from torch’s bytes (the reference is sound)', async () => {
    expect(maxRelDiff(await runOrt(bytesOf(c), c.x, dims(c.x.length)), c.y)).toBeLessThanOrEqual(1e-5);
  });

  it('imports and predicts torch’s outputs on rows, at batches 1, 3 and 4', () => {
    const model = fromOnnx(bytesOf(c));
    expect(String(model).startsWith(expected[name].layers)).toBe(true);
    expect(model.inputShape).toEqual([steps, features]);
    for (const rows of [1, 3, 4]) expect(maxRelDiff(model.predict(c.x.slice(0, rows)), c.y.slice(0, rows))).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });

  it('exports again (toOnnx) to a file ONNX Runtime runs with the same outputs, and fine-tunes', async () => {
    const model = fromOnnx(bytesOf(c));
    for (const opset of [13, 17] as const) expect(maxRelDiff(await runOrt(toOnnx(model, { opset }), c.x), c.y)).toBeLessThanOrEqual(1e-5);
    const before = model.evaluate(c.x, c.y.map((r) => r.map((v) => v + 0.5)), { loss: 'mse' }).loss;
    await model.fit(c.x, c.y.map((r) => r.map((v) => v + 0.5)), { loss: 'mse', optimizer: adam({ lr: 0.01 }), epochs: 10 });
    expect(model.evaluate(c.x, c.y.map((r) => r.map((v) => v + 0.5)), { loss: 'mse' }).loss).toBeLessThan(before);
    model.dispose();
  });
});

describe('what parseOnnx makes of torch’s weights', () => {
  it('LSTM: W, R in ONNX’s i, o, f, c blocks come back in Keras’s i, f, c, o, transposed; b = Wb + Rb', () => {
    const c = byName('lstm_last');
    const m = decodeModel(bytesOf(c));
    const init = new Map(m.graph.initializer.map((t) => [t.name, t]));
    const lstmNode = m.graph.node.find((n) => n.opType === 'LSTM')!;
    const f32 = (name: string) => { const t = init.get(name)!; return new Float32Array(t.rawData!.slice().buffer); };
    const [W, R, B] = [f32(lstmNode.input[1]), f32(lstmNode.input[2]), f32(lstmNode.input[3])];
    const layer = parseOnnx(bytesOf(c)).layers[0];
    const h = 5;
    const onnxBlock = { i: 0, o: 1, f: 2, c: 3 };
    const kerasBlock = { i: 0, f: 1, c: 2, o: 3 };
    for (const gate of ['i', 'f', 'c', 'o'] as const) {
      for (let j = 0; j < h; j++) {
        const row = onnxBlock[gate] * h + j;
        const col = kerasBlock[gate] * h + j;
        for (let k = 0; k < 3; k++) expect(layer.weights.W[k * 4 * h + col]).toBe(W[row * 3 + k]);
        for (let k = 0; k < h; k++) expect(layer.weights.U[k * 4 * h + col]).toBe(R[row * h + k]);
        expect(layer.weights.b[col]).toBe(Math.fround(B[row] + B[4 * h + row]));
      }
    }
  });

  it('GRU (linear_before_reset = 1, torch’s form) is resetAfter with b = [Wb; Rb] as they are', () => {
    const c = byName('gru_last');
    const m = decodeModel(bytesOf(c));
    const gruNode = m.graph.node.find((n) => n.opType === 'GRU')!;
    const B = new Float32Array(m.graph.initializer.find((t) => t.name === gruNode.input[3])!.rawData!.slice().buffer);
    const layer = parseOnnx(bytesOf(c)).layers[0];
    expect(layer.config).toEqual({ kind: 'gru', units: 3, returnSequences: false, resetAfter: true });
    expect(Array.from(layer.weights.b)).toEqual(Array.from(B));
  });
});
