// ONNX interop of the image layers: toOnnx of convnets run in ONNX Runtime against model.predict; PyTorch-style NCHW graphs (Conv, pools, Flatten in C·H·W order) imported and checked in ONNX Runtime; round trips; refusals.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, init } from '../../../src/backend/index.js';
import { fromOnnx, intAttr, intsAttr, stringAttr, toOnnx, toOnnxModel, int64Tensor, type OnnxNode, type OnnxTensor } from '../../../src/interop/onnx/index.js';
import {
  adam, avgPool2d, batchNorm, conv2d, dense, dropout, flatten, globalAvgPool2d, leakyRelu, maxPool2d, normalize, relu, sequential, sigmoid, softmax, tanh,
  type Layer,
} from '../../../src/index.js';
import { maxRelDiff, randomRows, runOrt } from '../compare.js';
import { graphBytes, node, weights } from './graphs.js';

beforeAll(async () => { await init(); });

/** NHWC rows of [h, w, c] samples → the NCHW batch ONNX Runtime takes for a PyTorch-style graph. */
function toNchw(x: number[][], [h, w, c]: number[]): number[][] {
  return x.map((row) => Array.from({ length: h * w * c }, (_, i) => {
    const ch = Math.floor(i / (h * w)), p = i % (h * w);
    return row[p * c + ch];
  }));
}

const stacks: [string, [number, number, number], () => Layer[], string[]][] = [
  ['conv 5×5 → relu (fused) → maxPool 2 → flatten → dense', [12, 10, 1], () => [conv2d({ inputShape: [12, 10, 1], filters: 4, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }), flatten(), dense(3)],
    ['Reshape', 'Transpose', 'Conv', 'Relu', 'MaxPool', 'Transpose', 'Reshape', 'Gemm']],
  ["'same' convs with strides [2, 1], leakyRelu, tanh, avgPool 'same'", [7, 6, 2], () => [
    conv2d({ inputShape: [7, 6, 2], filters: 3, kernelSize: 3, strides: [2, 1], padding: 'same', bias: 'init' }), leakyRelu(0.1),
    conv2d({ filters: 4, kernelSize: [2, 3], bias: 'init' }), tanh(), avgPool2d({ poolSize: 3, strides: 1, padding: 'same' }), maxPool2d({ poolSize: 2, padding: 'same' }), flatten(), dense(5), sigmoid()],
    ['Reshape', 'Transpose', 'Conv', 'LeakyRelu', 'Conv', 'Tanh', 'AveragePool', 'MaxPool', 'Transpose', 'Reshape', 'Gemm', 'Sigmoid']],
  ['globalAvgPool2d → dense', [5, 5, 3], () => [conv2d({ inputShape: [5, 5, 3], filters: 6, kernelSize: 3, bias: 'init' }), relu(), globalAvgPool2d(), dense(2)],
    ['Reshape', 'Transpose', 'Conv', 'Relu', 'GlobalAveragePool', 'Flatten', 'Gemm']],
  ['normalize of the image rows, batchNorm per channel, dropout and a softmax output', [6, 6, 2], () => [
    normalize({ mean: Array.from({ length: 72 }, (_, i) => (i % 7) / 10), std: Array.from({ length: 72 }, (_, i) => 0.5 + (i % 5) / 4), inputShape: [6, 6, 2] }),
    conv2d({ filters: 3, kernelSize: 3, padding: 'same', bias: 'init' }), batchNorm(), relu(), maxPool2d({ poolSize: 2 }), flatten(), dropout(0.3), dense(4), softmax()],
    ['Sub', 'Mul', 'Reshape', 'Transpose', 'Conv', 'BatchNormalization', 'Relu', 'MaxPool', 'Transpose', 'Reshape', 'Gemm', 'Softmax']],
  ['ending in an image (the graph gives NHWC rows back)', [6, 6, 2], () => [conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 2, bias: 'init' }), relu(), maxPool2d({ poolSize: 3, strides: 1 })],
    ['Reshape', 'Transpose', 'Conv', 'Relu', 'MaxPool', 'Transpose', 'Reshape']],
];

describe('toOnnx of image models, run in ONNX Runtime', () => {
  it.each(stacks)('%s', async (_, shape, make, ops) => {
    const model = sequential(make(), { seed: 4 });
    for (const opset of [13, 17] as const) {
      const bytes = toOnnx(model, { opset });
      expect(toOnnxModel(model, { opset }).graph.node.map((n) => n.opType)).toEqual(ops);
      for (const rows of [1, 5]) {
        const x = randomRows(rows, shape[0] * shape[1] * shape[2], rows);
        expect(maxRelDiff(await runOrt(bytes, x), model.predict(x)), `opset ${opset}, ${rows} rows`).toBeLessThanOrEqual(1e-5);
      }
    }
    // and back: the same layers (a model ending in an image gets a flatten, which changes nothing; dropout, the
    // identity at inference, is not in the graph), the same bits
    const back = fromOnnx(toOnnx(model));
    expect(String(back)).toBe(String(model).replace(/ → dropout\([\d.]+\)/g, '') + (model.outputShape.length === 3 ? ' → flatten' : ''));
    const x = randomRows(3, model.inputSize, 9);
    expect(back.predict(x).flat()).toEqual(model.predict(x).flat());
    back.dispose();
    model.dispose();
  });

  it('a trained convnet keeps its predictions', async () => {
    const x = randomRows(32, 64, 3);
    const y = x.map((r) => (r[0] + r[9] - r[63] > 0 ? 1 : 0));
    const model = sequential([conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3 }), relu(), maxPool2d({ poolSize: 2 }), flatten(), dense(2)], { seed: 1 });
    await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.01 }), epochs: 5, batchSize: 8 });
    expect(maxRelDiff(await runOrt(toOnnx(model), x), model.predict(x))).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });

  it('W goes in as [cout, cin, kh, kw] and the pads as TensorFlow puts them', () => {
    const model = sequential([conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: [3, 2], strides: 2, padding: 'same' })]);
    const W = Float32Array.from(model.getWeights()[0].W.flat());
    const m = toOnnxModel(model);
    const conv = m.graph.node.find((n) => n.opType === 'Conv')!;
    expect(Object.fromEntries(conv.attribute.map((a) => [a.name, a.ints ?? a.i]))).toEqual({ kernel_shape: [3, 2], strides: [2, 2], pads: [0, 0, 1, 0], dilations: [1, 1], group: 1 });
    const w = m.graph.initializer.find((t) => t.name === 'conv2d_0.W')!;
    expect(w.dims).toEqual([3, 2, 3, 2]);
    const data = new Float32Array(w.rawData!.slice().buffer);
    // W'[o, i, y, x] = W[(y·kw + x)·cin + i, o]
    expect(data[((2 * 2 + 1) * 3 + 2) * 2 + 1]).toBe(W[((2 * 2 + 1) * 2 + 1) * 3 + 2]);
    model.dispose();
  });
});

/** A PyTorch-style NCHW graph: Conv(W [cout, cin, kh, kw]) → Relu → `tail` nodes, input [batch, c, h, w]. */
function nchwGraph(shape: [number, number, number], conv: { cout: number; k: number; attrs: ReturnType<typeof intsAttr>[] }, tail: OnnxNode[], tailInits: OnnxTensor[]): Uint8Array {
  const [h, w, c] = shape;
  const nodes = [node('Conv', ['x', 'W', 'B'], ['c'], 'conv', conv.attrs), node('Relu', ['c'], ['r'], 'relu'), ...tail];
  return graphBytes(0, nodes, [weights('W', [conv.cout, c, conv.k, conv.k], 1), weights('B', [conv.cout], 2), ...tailInits], { inputShape: ['batch', c, h, w] });
}

describe('fromOnnx of PyTorch-style NCHW graphs, checked in ONNX Runtime', () => {
  const cases: [string, () => Uint8Array, [number, number, number], string][] = [
    ['Conv padding 1 → MaxPool 2 → Flatten (C·H·W) → Gemm: the Gemm rows permuted', () => nchwGraph([6, 6, 2], { cout: 3, k: 3, attrs: [intsAttr('pads', [1, 1, 1, 1])] },
      [node('MaxPool', ['r'], ['p'], 'pool', [intsAttr('kernel_shape', [2, 2]), intsAttr('strides', [2, 2])]), node('Flatten', ['p'], ['f'], 'flat', [intAttr('axis', 1)]),
        node('Gemm', ['f', 'G', 'g'], ['y'], 'fc', [intAttr('transB', 1)])], [weights('G', [4, 27], 3), weights('g', [4], 4)]),
    [6, 6, 2], 'conv2d(3 3×3, same) → relu → maxPool2d(2×2) → flatten → dense(27→4)'],
    ['Conv stride 2 valid → Reshape [-1, n] → Relu → MatMul + Add', () => nchwGraph([7, 9, 3], { cout: 2, k: 3, attrs: [intsAttr('strides', [2, 2])] },
      [node('Reshape', ['r', 'shape'], ['f'], 'view'), node('Relu', ['f'], ['f2'], 'relu2'), node('MatMul', ['f2', 'M'], ['m'], 'mm'), node('Add', ['m', 'a'], ['y'], 'add')],
      [int64Tensor('shape', [2], [-1, 24]), weights('M', [24, 3], 5), weights('a', [3], 6)]),
    [7, 9, 3], 'conv2d(2 3×3, stride 2) → relu → flatten → relu → dense(24→3)'],
    ["SAME_UPPER Conv → AveragePool 'same' (count_include_pad 0) → GlobalAveragePool → Flatten → Gemm", () => nchwGraph([5, 6, 2], { cout: 4, k: 3, attrs: [stringAttr('auto_pad', 'SAME_UPPER'), intsAttr('strides', [2, 2])] },
      [node('AveragePool', ['r'], ['p'], 'avg', [intsAttr('kernel_shape', [3, 3]), intsAttr('pads', [1, 1, 1, 1])]), node('GlobalAveragePool', ['p'], ['g'], 'gap'),
        node('Flatten', ['g'], ['f'], 'flat'), node('Gemm', ['f', 'G', 'gb'], ['y'], 'fc', [intAttr('transB', 1)])], [weights('G', [2, 4], 7), weights('gb', [2], 8)]),
    [5, 6, 2], 'conv2d(4 3×3, stride 2, same) → relu → avgPool2d(3×3, stride 1, same) → globalAvgPool2d → dense(4→2)'],
  ];
  it.each(cases)('%s', async (_, make, shape, layers) => {
    const bytes = make();
    const model = fromOnnx(bytes);
    expect(String(model)).toBe(layers);
    expect(model.inputShape).toEqual(shape);
    const x = randomRows(4, shape[0] * shape[1] * shape[2], 2);
    const [h, w, c] = shape;
    expect(maxRelDiff(model.predict(x), await runOrt(bytes, toNchw(x, shape), [4, c, h, w]))).toBeLessThanOrEqual(1e-5);
    model.dispose();
  });

  it('refuses what simdnet cannot compute, naming the node, before anything is allocated', () => {
    const live = getBackend().liveBuffers();
    const fc = (n: number) => [node('Flatten', ['r'], ['f'], 'flat'), node('Gemm', ['f', 'G', 'g'], ['y'], 'fc', [intAttr('transB', 1)])];
    const fcInits = (n: number) => [weights('G', [2, n], 3), weights('g', [2], 4)];
    const refused: [() => Uint8Array, RegExp][] = [
      // PyTorch's symmetric padding 1 with stride 2 on an even size: TensorFlow pads [0, 1] there
      [() => nchwGraph([6, 6, 1], { cout: 2, k: 3, attrs: [intsAttr('pads', [1, 1, 1, 1]), intsAttr('strides', [2, 2])] }, fc(18), fcInits(18)),
        /^fromOnnx: node "conv" \(Conv\): pads \[1, 1, 1, 1\] are neither none nor TensorFlow's 'same' padding for this 6×6 input \(\[0, 0, 1, 1\]\)/],
      [() => nchwGraph([6, 6, 1], { cout: 2, k: 3, attrs: [intsAttr('dilations', [2, 2])] }, fc(8), fcInits(8)), /node "conv" \(Conv\): dilations \[2, 2\] are not supported/],
      [() => nchwGraph([6, 6, 2], { cout: 2, k: 3, attrs: [intAttr('group', 2)] }, fc(32), fcInits(32)), /node "conv" \(Conv\): group = 2 is not supported/],
      [() => nchwGraph([6, 6, 1], { cout: 2, k: 3, attrs: [] }, [node('MaxPool', ['r'], ['y'], 'pool', [intsAttr('kernel_shape', [3, 3]), intAttr('ceil_mode', 1)])], []), /node "pool" \(MaxPool\): ceil_mode = 1 is not supported/],
      [() => nchwGraph([6, 6, 1], { cout: 2, k: 3, attrs: [] }, [node('AveragePool', ['r'], ['y'], 'avg', [intsAttr('kernel_shape', [3, 3]), intsAttr('pads', [1, 1, 1, 1]), intAttr('count_include_pad', 1)])], []), /node "avg" \(AveragePool\): count_include_pad = 1/],
      [() => nchwGraph([6, 6, 1], { cout: 2, k: 3, attrs: [] }, [node('Flatten', ['r'], ['y'], 'flat')], []), /^fromOnnx: the graph ends with an image flattened in C·H·W order/],
      [() => nchwGraph([6, 6, 1], { cout: 2, k: 3, attrs: [] }, [node('Transpose', ['r'], ['y'], 't', [intsAttr('perm', [0, 1, 3, 2])])], []), /node "t" \(Transpose\): only toOnnx's flatten of an image/],
      [() => nchwGraph([6, 6, 1], { cout: 2, k: 7, attrs: [] }, [node('Relu', ['r'], ['y'], 'relu2')], []), /^fromOnnx: .*conv2d\(2 7×7\)\) the 7×7 window is larger than the 6×6 input/],
    ];
    for (const [make, error] of refused) expect(() => fromOnnx(make())).toThrow(error);
    expect(getBackend().liveBuffers()).toBe(live);
  });
});
