// The toolkit's layers and ONNX: toOnnx run in ONNX Runtime against model.predict; PyTorch's BatchNorm / Dropout / Softmax / standardization exports against torch's outputs; hand-built graphs against ONNX Runtime; refusals.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, init } from '../../../src/backend/index.js';
import { floatAttr, fromOnnx, intAttr, parseOnnx, toOnnx, toOnnxModel } from '../../../src/interop/onnx/index.js';
import { adam, batchNorm, dense, dropout, normalize, relu, sequential, softmax, tanh, type Layer, type Sequential } from '../../../src/index.js';
import { maxRelDiff, randomRows, runOrt } from '../compare.js';
import { graphBytes, node, weights } from './graphs.js';

interface Case { name: string; file: string; inputShape: number[]; x: number[][]; y: number[][] }
const dir = new URL('../../fixtures/onnx/', import.meta.url);
const cases: Case[] = JSON.parse(readFileSync(new URL('toolkit_cases.json', dir), 'utf8'));
const fixture = (name: string) => ({ c: cases.find((c) => c.name === name)!, bytes: new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir))) });

beforeAll(async () => { await init(); });

/** A model trained a few epochs, so that batch norm's moving statistics and every weight are away from their initial values. */
async function trained(layers: Layer[], features: number): Promise<Sequential> {
  const model = sequential(layers, { seed: 3 });
  const x = randomRows(64, features, 1).map((r) => r.map((v, j) => 10 * j + v * (j + 1)));
  const y = x.map((r) => (r[0] > 0 ? 1 : 0) + (r[1] > 10 ? 1 : 0));
  await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.02 }), epochs: 5, batchSize: 16 });
  return model;
}

describe('toOnnx with the toolkit layers runs in ONNX Runtime with the outputs of model.predict', () => {
  it('normalize → dense → batchNorm → relu → dropout → dense → softmax, trained, at opsets 13 and 17, batches 1, 3 and 17', async () => {
    const x0 = randomRows(64, 4, 1).map((r) => r.map((v, j) => 10 * j + v * (j + 1)));
    const model = await trained([normalize.fit(x0), dense(8), batchNorm(), relu(), dropout(0.3), dense(3), softmax()], 4);
    expect(toOnnxModel(model).graph.node.map((n) => n.opType)).toEqual(['Sub', 'Mul', 'Gemm', 'BatchNormalization', 'Relu', 'Gemm', 'Softmax']);
    for (const opset of [13, 17] as const) {
      const bytes = toOnnx(model, { opset });
      for (const rows of [1, 3, 17]) {
        const x = randomRows(rows, 4, rows).map((r) => r.map((v, j) => 10 * j + v * (j + 1)));
        expect(maxRelDiff(await runOrt(bytes, x), model.predict(x))).toBeLessThanOrEqual(1e-5);
      }
    }
    model.dispose();
  });

  it('batchNorm without γ and β; over [h, w, c] samples (NCHW around it); softmax over [steps, features]; dropout alone (Identity)', async () => {
    const models: [Sequential, number][] = [
      [sequential([dense(5, 4), batchNorm({ center: false, scale: false, epsilon: 0.01 }), tanh()], { seed: 1 }), 5],
      [sequential([batchNorm()], { inputShape: [2, 3, 4] }), 24],
      [sequential([dense(6, 6), softmax()], { inputShape: [6], seed: 2 }), 6],
      [sequential([softmax()], { inputShape: [2, 3] }), 6],
      [sequential([dropout(0.5)], { inputShape: [3] }), 3],
    ];
    const image = models[1][0];
    image.setWeights([{ gamma: [1, -2, 0.5, 3], beta: [0, 1, -1, 0.5], movingMean: [0.1, -0.3, 2, 0], movingVariance: [0.5, 2, 1, 0.1] }]);
    for (const [model, features] of models) {
      const x = randomRows(5, features, features);
      expect(maxRelDiff(await runOrt(toOnnx(model), x), model.predict(x)), String(model)).toBeLessThanOrEqual(1e-5);
      model.dispose();
    }
  });

  it('toOnnx → fromOnnx gives back the layers (dropout omitted, normalize as standard) and their weights bit for bit', async () => {
    const model = await trained([normalize.fit(randomRows(10, 4, 2)), dense(8), batchNorm({ momentum: 0.9, epsilon: 1e-4 }), relu(), dropout(0.5), dense(3), softmax()], 4);
    const again = fromOnnx(toOnnx(model));
    expect(again.layers.map((l) => l.config())).toEqual(model.layers.filter((l) => l.kind !== 'dropout').map((l) => l.config()));
    expect(again.getWeights()).toEqual(model.getWeights());
    const x = randomRows(7, 4, 3);
    expect(again.predict(x)).toEqual(model.predict(x));
    model.dispose();
    again.dispose();
  });
});

describe("PyTorch's exports with BatchNorm1d, Dropout, Softmax and a standardization", () => {
  it.each([
    ['toolkit_mlp_bn_softmax', 'dense(4→8) → batchNorm(8) → relu → dense(8→3) → softmax'],
    ['toolkit_fresh_bn', 'dense(3→5) → batchNorm(5) → tanh → dense(5→2)'],
    ['toolkit_standardize', 'normalize(standard, [4]) → dense(4→3)'],
  ])('%s imports as %s and predicts what torch and ONNX Runtime computed', async (name, layers) => {
    const { c, bytes } = fixture(name);
    const model = fromOnnx(bytes);
    expect(String(model)).toBe(layers);
    const y = model.predict(c.x);
    expect(maxRelDiff(y, c.y)).toBeLessThanOrEqual(1e-5);
    expect(maxRelDiff(y, await runOrt(bytes, c.x))).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });

  it("keeps torch's epsilon and momentum (PyTorch's momentum 0.01 is exported as ONNX's 0.99, Keras's meaning)", () => {
    const bn = parseOnnx(fixture('toolkit_fresh_bn').bytes).layers[1];
    expect(bn.config).toEqual({ kind: 'batchNorm', momentum: 0.99, epsilon: 0.001, center: true, scale: true });
    expect(Array.from(bn.weights.movingVariance)).toEqual([1, 1, 1, 1, 1]);
    expect(parseOnnx(fixture('toolkit_mlp_bn_softmax').bytes).layers[1].config).toMatchObject({ momentum: 0.9, epsilon: 1e-5 });
  });
});

/** Imports `bytes`, runs the same bytes in ONNX Runtime and compares on seeded rows; returns the model's layers. */
async function importedMatchesOrt(bytes: Uint8Array, features: number): Promise<string> {
  const model = fromOnnx(bytes);
  const x = randomRows(6, features, 2);
  expect(maxRelDiff(model.predict(x), await runOrt(bytes, x))).toBeLessThanOrEqual(1e-5);
  const s = String(model);
  model.dispose();
  return s;
}

/** A BOOL scalar initializer (Dropout's training_mode). */
const bool = (name: string, v: boolean) => ({ name, dims: [], dataType: 9, rawData: new Uint8Array([v ? 1 : 0]) });

describe('hand-built toolkit graphs, each checked against ONNX Runtime', () => {
  const bnInputs = (c: number) => [weights('s', [c], 1), weights('b', [c], 2), weights('m', [c], 3), weights('v', [c], 4, Array.from({ length: c }, (_, i) => 0.5 + i))];
  it('BatchNormalization with its default epsilon (1e-5), Dropout with a ratio input and training_mode false, Softmax along axis 1', async () => {
    const bytes = graphBytes(3, [
      node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['n'], 'bn'),
      node('Dropout', ['n', 'ratio', 'mode'], ['d', 'mask'], 'drop'),
      node('Softmax', ['d'], ['y'], 'sm', [intAttr('axis', 1)]),
    ], [...bnInputs(3), weights('ratio', [], 5, [0.25]), bool('mode', false)]);
    expect(await importedMatchesOrt(bytes, 3)).toBe('batchNorm(3) → dropout(0.25) → softmax');
    expect(parseOnnx(bytes).layers[0].config).toEqual({ kind: 'batchNorm', momentum: 0.9, epsilon: 0.00001, center: true, scale: true });
  });
  it('Dropout without a ratio (0.5), BatchNormalization with epsilon and momentum set, Sub + Div and Sub alone as normalize', async () => {
    const a = graphBytes(3, [node('Sub', ['x', 'mu'], ['c']), node('Div', ['c', 'sd'], ['n']), node('Dropout', ['n'], ['d']),
      node('BatchNormalization', ['d', 's', 'b', 'm', 'v'], ['y'], 'bn', [floatAttr('epsilon', 0.01), floatAttr('momentum', 0.8)])],
    [weights('mu', [3], 7), weights('sd', [1, 3], 8, [2, 0.5, 4]), ...bnInputs(3)]);
    expect(await importedMatchesOrt(a, 3)).toBe('normalize(standard, [3]) → dropout(0.5) → batchNorm(3)');
    expect(parseOnnx(a).layers[2].config).toEqual({ kind: 'batchNorm', momentum: 0.8, epsilon: 0.01, center: true, scale: true });
    const b = graphBytes(2, [node('Sub', ['x', 'mu'], ['c']), node('Relu', ['c'], ['y'])], [weights('mu', [], 9, [0.5])]);
    expect(await importedMatchesOrt(b, 2)).toBe('normalize(standard, [2]) → relu');
  });
});

describe('what fromOnnx refuses in the toolkit ops, naming the node', () => {
  const bn = (attrs = [] as ReturnType<typeof intAttr>[], v = [1, 1]) => graphBytes(2, [node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['y'], 'bn', attrs)],
    [weights('s', [2], 1), weights('b', [2], 2), weights('m', [2], 3), weights('v', [2], 4, v)]);
  const refused: [string, () => Uint8Array, ErrorConstructor, RegExp][] = [
    ['BatchNormalization in training mode', () => bn([intAttr('training_mode', 1)]), TypeError, /^fromOnnx: node "bn" \(BatchNormalization\): training_mode must be 0/],
    ['a negative variance', () => bn([], [1, -0.5]), RangeError, /^fromOnnx: node "bn" \(BatchNormalization\): input_var\[1\] is -0.5; a variance is ≥ 0/],
    ['a per-channel constant of the wrong size', () => graphBytes(3, [node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['y'], 'bn')],
      [weights('s', [2], 1), weights('b', [3], 2), weights('m', [3], 3), weights('v', [3], 4)]), RangeError, /node "bn" \(BatchNormalization\): scale has dims \[2\], expected \[3\]/],
    ['Dropout with ratio 1', () => graphBytes(2, [node('Dropout', ['x', 'r'], ['y'], 'dr')], [weights('r', [], 1, [1])]), RangeError, /node "dr" \(Dropout\): ratio must be in \[0, 1\), got 1/],
    ['Div by zero', () => graphBytes(2, [node('Sub', ['x', 'm'], ['c']), node('Div', ['c', 'd'], ['y'], 'div')], [weights('m', [2], 1), weights('d', [2], 2, [1, 0])]), RangeError, /node "div" \(Div\): the divisor has a zero at index 1/],
    ['Sub of a data tensor from a constant', () => graphBytes(2, [node('Sub', ['m', 'x'], ['y'], 'sub')], [weights('m', [2], 1)]), RangeError, /node "sub" \(Sub\): input 1 \("x"\) must be a constant/],
    ['Dropout in training mode', () => graphBytes(2, [node('Dropout', ['x', '', 't'], ['y'], 'dr')], [bool('t', true)]), TypeError, /^fromOnnx: node "dr" \(Dropout\): training_mode must be false/],
    ['a Sub constant that does not broadcast per feature', () => graphBytes(2, [node('Sub', ['x', 'm'], ['y'], 'sub')], [weights('m', [3], 1)]), RangeError, /node "sub" \(Sub\): the subtrahend has dims \[3\]/],
    ['Softmax over one value', () => graphBytes(1, [node('Softmax', ['x'], ['y'], 'sm')], []), RangeError, /node "sm" \(Softmax\): a softmax over 1 value is always 1/],
  ];
  it.each(refused)('%s', (_, bytes, kind, message) => {
    const live = getBackend().liveBuffers();
    const b = bytes();
    expect(() => fromOnnx(b)).toThrow(kind);
    expect(() => fromOnnx(b)).toThrow(message);
    expect(getBackend().liveBuffers()).toBe(live);
  });
});
