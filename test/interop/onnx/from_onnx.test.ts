// fromOnnx: PyTorch's exports and hand-built Gemm / MatMul + Add graphs, each compared with ONNX Runtime on the same file; round trips through toOnnx.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, init } from '../../../src/backend/index.js';
import { floatAttr, intAttr, parseOnnx, fromOnnx, toOnnx, tensorAttr } from '../../../src/interop/onnx/index.js';
import { leakyRelu, relu, sigmoid, step, tanh } from '../../../src/nn/activations.js';
import { dense } from '../../../src/nn/dense.js';
import { adam } from '../../../src/nn/optimizers.js';
import { sequential } from '../../../src/model/sequential.js';
import { maxRelDiff, randomRows, runOrt } from '../compare.js';
import { graphBytes, node, weights } from './graphs.js';

interface Case { name: string; file: string; inputShape: number[]; x: number[][]; y: number[][] }
const dir = new URL('../../fixtures/onnx/', import.meta.url);
const cases: Case[] = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8'));
const fixture = (name: string) => ({ c: cases.find((c) => c.name === name)!, bytes: new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir))) });

beforeAll(async () => { await init(); });

describe("PyTorch's exports (torch.onnx.export, opsets 13 and 17)", () => {
  it.each([
    ['mlp_tanh', 'dense(3→7) → tanh → dense(7→2)'],
    ['mlp_relu_sigmoid', 'dense(5→9) → relu → dense(9→4) → sigmoid'],
  ])('%s imports as %s and predicts what torch and ONNX Runtime computed', async (name, layers) => {
    const { c, bytes } = fixture(name);
    const model = fromOnnx(bytes);
    expect(String(model)).toBe(layers);
    expect(model.inputShape).toEqual(c.inputShape);
    const y = model.predict(c.x);
    expect(maxRelDiff(y, c.y)).toBeLessThanOrEqual(1e-5);
    expect(maxRelDiff(y, await runOrt(bytes, c.x))).toBeLessThanOrEqual(1e-5);
    expect(parseOnnx(bytes).layers.map((l) => l.source)).toEqual(
      name === 'mlp_tanh' ? ['node "/0/Gemm" (Gemm)', 'node "/1/Tanh" (Tanh)', 'node "/2/Gemm" (Gemm)'] : ['node "/0/Gemm" (Gemm)', 'node "/1/Relu" (Relu)', 'node "/2/Gemm" (Gemm)', 'node "/3/Sigmoid" (Sigmoid)'],
    );
    model.dispose();
  });

  it('an imported model fine-tunes like any other (the loss goes down, the weights move)', async () => {
    const { c, bytes } = fixture('mlp_tanh');
    const model = fromOnnx(bytes);
    const x = randomRows(64, 3, 5);
    const y = x.map((r) => [r[0] - r[1], r[2] * 0.5]);
    const before = model.evaluate(x, y, { loss: 'mse' }).loss;
    await model.fit(x, y, { loss: 'mse', optimizer: adam({ lr: 0.01 }), epochs: 40, batchSize: 16 });
    expect(model.evaluate(x, y, { loss: 'mse' }).loss).toBeLessThan(before / 2);
    expect(maxRelDiff(model.predict(c.x), c.y)).toBeGreaterThan(1e-3);
    model.dispose();
  });

  it('cnn_small (Conv 3×3 padding 1, MaxPool 2, Flatten, Linear) imports with NHWC rows in and predicts what torch computed', async () => {
    const { c, bytes } = fixture('cnn_small');
    const model = fromOnnx(bytes);
    expect(String(model)).toBe('conv2d(3 3×3, same) → relu → maxPool2d(2×2) → flatten → dense(48→5)');
    expect(model.inputShape).toEqual([8, 8, 2]);
    expect(c.inputShape).toEqual([8, 8, 2]);
    expect(maxRelDiff(model.predict(c.x), c.y)).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });
});

describe('toOnnx → fromOnnx', () => {
  it.each([
    ['relu / leakyRelu / tanh', () => [dense(4, 8), relu(), dense(8, 6), leakyRelu(0.01), dense(6, 5), tanh(), dense(5, 2)]],
    ['sigmoid output, leakyRelu(0.3)', () => [dense(4, 6), leakyRelu(0.3), dense(6, 3), sigmoid()]],
    ['step', () => [dense(4, 3), step(), dense(3, 2)]],
  ])('%s: the same layers, bit-identical weights and predictions', (_, make) => {
    const model = sequential(make(), { seed: 7 });
    const again = fromOnnx(toOnnx(model));
    expect(again.layers.map((l) => l.config())).toEqual(model.layers.map((l) => l.config()));
    expect(again.getWeights()).toEqual(model.getWeights());
    const x = randomRows(9, 4, 1);
    expect(again.predict(x)).toEqual(model.predict(x));
    model.dispose();
    again.dispose();
  });
});

/** Imports `bytes`, runs the same bytes in ONNX Runtime, and compares on seeded rows; returns the model's layers. */
async function importedMatchesOrt(bytes: Uint8Array, features: number): Promise<string> {
  const model = fromOnnx(bytes);
  const x = randomRows(6, features, 2);
  expect(maxRelDiff(model.predict(x), await runOrt(bytes, x))).toBeLessThanOrEqual(1e-5);
  const s = String(model);
  model.dispose();
  return s;
}

describe('Gemm and MatMul forms, each checked against ONNX Runtime', () => {
  it('Gemm with transB = 0, alpha, beta and a [1, n] bias', async () => {
    const bytes = graphBytes(3, [node('Gemm', ['x', 'B', 'C'], ['y'], 'g', [intAttr('transB', 0), floatAttr('alpha', 0.5), floatAttr('beta', 2)])],
      [weights('B', [3, 4], 1), weights('C', [1, 4], 2)]);
    expect(await importedMatchesOrt(bytes, 3)).toBe('dense(3→4)');
  });
  it('Gemm with transB = 1 (PyTorch), a scalar bias, then no bias at all', async () => {
    const scalar = graphBytes(3, [node('Gemm', ['x', 'B', 'C'], ['y'], 'g', [intAttr('transB', 1)])], [weights('B', [4, 3], 3), weights('C', [], 4, [0.25])]);
    expect(await importedMatchesOrt(scalar, 3)).toBe('dense(3→4)');
    const none = graphBytes(3, [node('Gemm', ['x', 'B'], ['h'], 'g', [intAttr('transB', 1)]), node('Relu', ['h'], ['y'])], [weights('B', [2, 3], 5)]);
    expect(await importedMatchesOrt(none, 3)).toBe('dense(3→2) → relu');
  });
  it('MatMul + Add (bias on either side), and MatMul alone', async () => {
    const add = graphBytes(3, [node('MatMul', ['x', 'W'], ['h'], 'mm'), node('Add', ['b', 'h'], ['a'], 'add'), node('Tanh', ['a'], ['y'])],
      [weights('W', [3, 5], 6), weights('b', [5], 7)]);
    expect(await importedMatchesOrt(add, 3)).toBe('dense(3→5) → tanh');
    const alone = graphBytes(3, [node('MatMul', ['x', 'W'], ['h']), node('Sigmoid', ['h'], ['y'])], [weights('W', [3, 2], 8)]);
    expect(await importedMatchesOrt(alone, 3)).toBe('dense(3→2) → sigmoid');
  });
  it('weights in Constant nodes, initializers listed as graph inputs (IR 3 style), Flatten of rows, LeakyRelu with its default alpha', async () => {
    const bytes = graphBytes(3, [
      node('Constant', [], ['W'], 'w', [tensorAttr('value', weights('W', [3, 4], 9))]),
      node('Flatten', ['x'], ['f'], 'flat', [intAttr('axis', 1)]),
      node('MatMul', ['f', 'W'], ['h']), node('Add', ['h', 'b'], ['a']), node('LeakyRelu', ['a'], ['y'], 'lr'),
    ], [weights('b', [4], 10)], { extraInputs: ['b'], ir: 7 });
    expect(await importedMatchesOrt(bytes, 3)).toBe('dense(3→4) → leakyRelu(0.01)');
    expect(parseOnnx(bytes).layers[1].config).toEqual({ kind: 'leakyRelu', alpha: 0.01 });
  });
});

describe('what fromOnnx refuses, naming the node and its op type', () => {
  const gemm = (attrs = [intAttr('transB', 1)]) => node('Gemm', ['x', 'B', 'C'], ['h'], 'fc', attrs);
  const inits = () => [weights('B', [2, 3], 1), weights('C', [2], 2)];
  const refused: [string, () => Uint8Array, ErrorConstructor, RegExp][] = [
    ['Softmax along the batch', () => graphBytes(3, [gemm(), node('Softmax', ['h'], ['y'], 'sm', [intAttr('axis', 0)])], inits()), TypeError, /^fromOnnx: node "sm" \(Softmax\): axis 0 is not supported/],
    ['an op outside the subset, unnamed', () => graphBytes(3, [gemm(), node('Elu', ['h'], ['y'])], inits()), TypeError, /^fromOnnx: node 1 \(Elu\): op type "Elu" is not supported/],
    ['another domain', () => graphBytes(3, [gemm(), node('Relu', ['h'], ['y'], 'r', [], 'com.microsoft')], inits()), TypeError, /node "r" \(Relu\): domain "com\.microsoft"/],
    ['Gemm with transA = 1', () => graphBytes(3, [gemm([intAttr('transA', 1), intAttr('transB', 1)]), node('Relu', ['h'], ['y'])], inits()), RangeError, /^fromOnnx: node "fc" \(Gemm\): transA = 1 is not supported/],
    ['B that does not fit the input', () => graphBytes(4, [gemm(), node('Relu', ['h'], ['y'])], inits()), RangeError, /node "fc" \(Gemm\): B has dims \[2, 3\] \(transB = 1\): 3 inputs, but the running tensor has 4 features/],
    ['a bias that is not a row', () => graphBytes(3, [gemm(), node('Relu', ['h'], ['y'])], [weights('B', [2, 3], 1), weights('C', [2, 2], 2)]), RangeError, /the bias has dims \[2, 2\], which do not broadcast to \[batch, 2\]/],
    ['a NaN weight', () => graphBytes(3, [gemm(), node('Relu', ['h'], ['y'])], [weights('B', [2, 3], 1, [1, 2, 3, 4, NaN, 6]), weights('C', [2], 2)]), RangeError, /node "fc" \(Gemm\): weight 'W' has a non-finite value \(NaN\)/],
    ['one constant feeding two layers', () => graphBytes(2, [node('Gemm', ['x', 'W'], ['h'], 'a'), node('Gemm', ['h', 'W'], ['y'], 'b')], [weights('W', [2, 2], 1)]), RangeError, /node "b" \(Gemm\): the constant "W" is read by an earlier node too; simdnet layers do not share weights/],
    ['an attribute of the wrong type', () => graphBytes(3, [node('Gemm', ['x', 'B', 'C'], ['h'], 'fc', [floatAttr('transB', 1)]), node('Relu', ['h'], ['y'])], inits()), RangeError, /node "fc" \(Gemm\): attribute "transB" has type FLOAT, expected INT/],
    ['an unknown attribute', () => graphBytes(3, [gemm(), node('Relu', ['h'], ['y'], 'r', [floatAttr('gamma', 2)])], inits()), TypeError, /node "r" \(Relu\): attribute "gamma" is not supported/],
    ['a branch (a node reading an earlier tensor)', () => graphBytes(3, [gemm(), node('Relu', ['h'], ['r']), node('Tanh', ['h'], ['y'], 't')], inits()), RangeError, /node "t" \(Tanh\): reads "h" as input 0; expected "r"/],
    ['an output that is not the end of the chain', () => graphBytes(3, [gemm(), node('Relu', ['h'], ['r'])], inits(), { outputName: 'h' }), RangeError, /the graph output "h" is not the end of the chain/],
    ['a second data input', () => graphBytes(3, [gemm(), node('Relu', ['h'], ['y'])], inits(), { extraInputs: ['z'] }), RangeError, /the graph has 2 data inputs \("x", "z"\)/],
    ['a DOUBLE input', () => graphBytes(3, [gemm(), node('Relu', ['h'], ['y'])], inits(), { inputType: 11 }), TypeError, /the graph input "x" has element type DOUBLE \(11\)/],
    ['an input of unknown width', () => graphBytes(3, [gemm(), node('Relu', ['h'], ['y'])], inits(), { inputShape: ['batch', 'features'] }), RangeError, /has shape \[batch, features\]/],
    ['opset 11', () => graphBytes(3, [gemm(), node('Relu', ['h'], ['y'])], inits(), { opset: 11 }), RangeError, /uses opset 11 of the default ONNX domain; simdnet reads opsets 13 to 17/],
    ['opset 18', () => graphBytes(3, [gemm(), node('Relu', ['h'], ['y'])], inits(), { opset: 18 }), RangeError, /uses opset 18/],
    ['Greater that is not step', () => graphBytes(3, [gemm(), node('Greater', ['h', 'two'], ['y'], 'gt')], [...inits(), weights('two', [], 0, [2])]), TypeError, /node "gt" \(Greater\): only Greater\(x, 0\) followed by Cast/],
  ];
  it.each(refused)('%s', (_, bytes, kind, message) => {
    const live = getBackend().liveBuffers();
    const b = bytes();
    expect(() => fromOnnx(b)).toThrow(kind);
    expect(() => fromOnnx(b)).toThrow(message);
    expect(getBackend().liveBuffers()).toBe(live);
  });

  it('a truncated or corrupt file: a RangeError from fromOnnx, never another kind', () => {
    const { bytes } = fixture('mlp_tanh');
    for (const cut of [0, 1, 10, 100, bytes.length - 1]) {
      expect(() => fromOnnx(bytes.subarray(0, cut))).toThrow(RangeError);
      expect(() => fromOnnx(bytes.subarray(0, cut))).toThrow(/^fromOnnx: /);
    }
    expect(() => fromOnnx('model.onnx' as unknown as Uint8Array)).toThrow(TypeError);
  });
});
