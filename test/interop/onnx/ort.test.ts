// ONNX Runtime as the reference: graphs encoded by hand with our encoder run in onnxruntime-node and match f64 math.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  DataType, type OnnxModel, decodeModel, encodeModel, floatAttr, floatTensor, int64Tensor, intAttr, tensorValueInfo,
} from '../../../src/interop/onnx/index.js';
import { Random } from '../../../src/random.js';

/** y = x · W + b in f64, for row-major x [rows × k] and W [k × n]. */
function affine(x: ArrayLike<number>, rows: number, W: ArrayLike<number>, k: number, n: number, b: ArrayLike<number>, alpha = 1): number[] {
  const y: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += x[r * k + i] * W[i * n + j];
      y.push(alpha * s + b[j]);
    }
  }
  return y;
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-5): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i])));
}

const K = 4, H = 5, N = 3;
const rng = new Random(14);
const W1 = Float32Array.from({ length: K * H }, () => rng.normal());
const b1 = Float32Array.from({ length: H }, () => rng.normal(0, 0.5));
const W2 = Float32Array.from({ length: H * N }, () => rng.normal());
const b2 = Float32Array.from({ length: N }, () => rng.normal(0, 0.5));

/** x [batch, 4] → Gemm(transB=0, W1 in raw_data) → Relu → Gemm(alpha 0.5, W2 in float_data) → y [batch, 3]; opset 13, IR 7. */
function gemmReluGemm(): OnnxModel {
  return {
    irVersion: 7, opsetImport: [{ domain: '', version: 13 }], producerName: 'simdnet-test',
    graph: {
      name: 'mlp',
      node: [
        { input: ['x', 'W1', 'b1'], output: ['h'], name: 'fc1', opType: 'Gemm', domain: '', attribute: [intAttr('transB', 0)] },
        { input: ['h'], output: ['a'], name: 'relu', opType: 'Relu', domain: '', attribute: [] },
        { input: ['a', 'W2', 'b2'], output: ['y'], name: 'fc2', opType: 'Gemm', domain: '', attribute: [intAttr('transB', 0), floatAttr('alpha', 0.5)] },
      ],
      initializer: [floatTensor('W1', [K, H], W1), floatTensor('b1', [H], b1), floatTensor('W2', [H, N], W2, { raw: false }), floatTensor('b2', [N], b2, { raw: false })],
      input: [tensorValueInfo('x', DataType.FLOAT, ['batch', K])],
      output: [tensorValueInfo('y', DataType.FLOAT, ['batch', N])],
      valueInfo: [tensorValueInfo('h', DataType.FLOAT, ['batch', H])],
    },
  };
}

describe('ONNX Runtime runs what encodeModel writes', () => {
  it('Gemm(transB=0) → Relu → Gemm with a symbolic batch matches the f64 forward pass at batch 1, 2 and 7', async () => {
    const session = await ort.InferenceSession.create(encodeModel(gemmReluGemm()));
    expect(session.inputNames).toEqual(['x']);
    const meta = session.inputMetadata[0];
    expect(meta.isTensor && meta.shape).toEqual(['batch', K]);
    for (const batch of [1, 2, 7]) {
      const x = Float32Array.from({ length: batch * K }, () => rng.uniform(-2, 2));
      const { y } = await session.run({ x: new ort.Tensor('float32', x, [batch, K]) });
      expect(y.dims).toEqual([batch, N]);
      const h = affine(x, batch, W1, K, H, b1).map((v) => Math.max(0, v));
      expectClose(y.data as Float32Array, affine(h, batch, W2, H, N, b2, 0.5));
    }
    await session.release();
  });

  it('the same model gives the same output bits with every tensor in float_data instead of raw_data', async () => {
    const m = gemmReluGemm();
    m.graph.initializer = m.graph.initializer.map((t) => floatTensor(t.name, t.dims, t.rawData ? new Float32Array(t.rawData.slice().buffer) : t.floatData!, { raw: false }));
    const x = new ort.Tensor('float32', Float32Array.from({ length: 3 * K }, (_, i) => Math.sin(i)), [3, K]);
    const a = await (await ort.InferenceSession.create(encodeModel(gemmReluGemm()))).run({ x });
    const b = await (await ort.InferenceSession.create(encodeModel(m))).run({ x });
    expect(b.y.data).toEqual(a.y.data);
  });

  it('reads int64 shapes with −1 written as a 10-byte varint (Reshape [batch, 6] → [−1, 3])', async () => {
    const model: OnnxModel = {
      irVersion: 7, opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'reshape', valueInfo: [],
        node: [{ input: ['x', 'shape'], output: ['y'], name: 'r', opType: 'Reshape', domain: '', attribute: [] }],
        initializer: [int64Tensor('shape', [2], [-1, 3])],
        input: [tensorValueInfo('x', DataType.FLOAT, ['batch', 6])],
        output: [tensorValueInfo('y', DataType.FLOAT, [null, 3])],
      },
    };
    const session = await ort.InferenceSession.create(encodeModel(model));
    const x = Float32Array.from({ length: 12 }, (_, i) => i - 5.5);
    const { y } = await session.run({ x: new ort.Tensor('float32', x, [2, 6]) });
    expect(y.dims).toEqual([4, 3]);
    expect([...(y.data as Float32Array)]).toEqual([...x]);
  });

  it('refuses nothing it wrote: decode → encode of our model runs the same in ONNX Runtime', async () => {
    const bytes = encodeModel(decodeModel(encodeModel(gemmReluGemm())));
    const x = new ort.Tensor('float32', Float32Array.of(1, -1, 0.5, 2), [1, K]);
    const { y } = await (await ort.InferenceSession.create(bytes)).run({ x });
    const h = affine(x.data as Float32Array, 1, W1, K, H, b1).map((v) => Math.max(0, v));
    expectClose(y.data as Float32Array, affine(h, 1, W2, H, N, b2, 0.5));
  });
});
