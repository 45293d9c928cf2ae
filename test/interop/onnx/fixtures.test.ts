// PyTorch's ONNX exports (test/fixtures/onnx, made by make_torch_fixtures.py): decoded structure as torch wrote it, weights against torch's outputs.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  AttributeType, DataType, type OnnxModel, decodeModel, encodeModel, getAttribute, tensorToFloat32, valueInfoShape,
} from '../../../src/interop/onnx/index.js';

interface Case { name: string; file: string; opset: number; inputShape: number[]; x: number[][]; y: number[][] }
const dir = new URL('../../fixtures/onnx/', import.meta.url);
const cases: Case[] = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8'));
const bytesOf = (c: Case) => new Uint8Array(readFileSync(new URL(c.file, dir)));
const byName = (name: string) => cases.find((c) => c.name === name)!;

// What make_torch_fixtures.py builds: nn.Linear(i, o) exports as Gemm(transB=1) with weight [o, i] and bias [o];
// Conv2d(2, 3, 3, padding=1) as Conv with weight [3, 2, 3, 3]; inputs named x, outputs y, dim 0 dynamic as 'batch'.
// IR versions from ONNX's version table: opset 13 ships with IR 7 (ONNX 1.8), opset 17 with IR 8 (ONNX 1.12).
const expected: Record<string, { ir: number; ops: string[]; inits: Record<string, number[]>; x: (number | string)[]; y: (number | string)[] }> = {
  mlp_tanh: {
    ir: 7, ops: ['Gemm', 'Tanh', 'Gemm'],
    inits: { '0.weight': [7, 3], '0.bias': [7], '2.weight': [2, 7], '2.bias': [2] }, x: ['batch', 3], y: ['batch', 2],
  },
  mlp_relu_sigmoid: {
    ir: 8, ops: ['Gemm', 'Relu', 'Gemm', 'Sigmoid'],
    inits: { '0.weight': [9, 5], '0.bias': [9], '2.weight': [4, 9], '2.bias': [4] }, x: ['batch', 5], y: ['batch', 4],
  },
  cnn_small: {
    ir: 7, ops: ['Conv', 'Relu', 'MaxPool', 'Flatten', 'Gemm'],
    inits: { '0.weight': [3, 2, 3, 3], '0.bias': [3], '4.weight': [5, 48], '4.bias': [5] }, x: ['batch', 2, 8, 8], y: ['batch', 5],
  },
};

/** simdnet rows (NHWC for images) → the NCHW batch torch exported for. */
function toTorchInput(c: Case): { data: Float32Array; dims: number[] } {
  const n = c.x.length;
  if (c.inputShape.length === 1) return { data: Float32Array.from(c.x.flat()), dims: [n, c.inputShape[0]] };
  const [h, w, ch] = c.inputShape;
  const data = new Float32Array(n * h * w * ch);
  c.x.forEach((row, b) => row.forEach((v, i) => {
    const k = i % ch, col = Math.floor(i / ch) % w, r = Math.floor(i / (ch * w));
    data[((b * ch + k) * h + r) * w + col] = v;
  }));
  return { data, dims: [n, ch, h, w] };
}

async function runOrt(bytes: Uint8Array, c: Case): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const { data, dims } = toTorchInput(c);
  const { y } = await session.run({ x: new ort.Tensor('float32', data, dims) });
  await session.release();
  return y.data as Float32Array;
}

describe.each(cases.map((c) => c.name))('%s.onnx', (name) => {
  const c = byName(name);
  const e = expected[name];
  const m: OnnxModel = decodeModel(bytesOf(c));

  it('has the opset, IR version, producer and op types torch wrote', () => {
    expect(m.opsetImport).toEqual([{ domain: '', version: c.opset }]);
    expect(m.irVersion).toBe(e.ir);
    expect(m.producerName).toBe('pytorch');
    expect(m.producerVersion).toBe('2.13.0');
    expect(m.graph.node.map((n) => n.opType)).toEqual(e.ops);
  });

  it('has the initializer shapes of the torch modules, as FLOAT raw_data', () => {
    expect(Object.fromEntries(m.graph.initializer.map((t) => [t.name, t.dims]))).toEqual(e.inits);
    for (const t of m.graph.initializer) {
      expect(t.dataType).toBe(DataType.FLOAT);
      expect(t.rawData).toBeDefined();
      expect(tensorToFloat32(t).length).toBe(t.dims.reduce((a, b) => a * b, 1));
    }
  });

  it('has the symbolic batch dim, and the shapes ONNX Runtime reads from the same file', async () => {
    expect(valueInfoShape(m.graph.input[0])).toEqual(e.x);
    expect(valueInfoShape(m.graph.output[0])).toEqual(e.y);
    const session = await ort.InferenceSession.create(bytesOf(c));
    const [inMeta, outMeta] = [session.inputMetadata[0], session.outputMetadata[0]];
    expect(inMeta.isTensor && inMeta.shape).toEqual(valueInfoShape(m.graph.input[0]));
    expect(outMeta.isTensor && outMeta.shape).toEqual(valueInfoShape(m.graph.output[0]));
    await session.release();
  });

  it('runs in ONNX Runtime with torch’s outputs, from torch’s bytes and from our decode → encode', async () => {
    const want = c.y.flat();
    const fromTorch = await runOrt(bytesOf(c), c);
    for (let i = 0; i < want.length; i++) expect(Math.abs(fromTorch[i] - want[i])).toBeLessThan(1e-5);
    const ours = await runOrt(encodeModel(m), c);
    expect(ours).toEqual(fromTorch);
  });
});

describe('decoded weights against torch’s outputs, in f64 without any runtime', () => {
  it.each(['mlp_tanh', 'mlp_relu_sigmoid'])('%s: Gemm(transB=1) → activation → … reproduces cases.json y', (name) => {
    const c = byName(name);
    const m = decodeModel(bytesOf(c));
    const init = new Map(m.graph.initializer.map((t) => [t.name, { dims: t.dims, data: tensorToFloat32(t) }]));
    const acts: Record<string, (v: number) => number> = { Tanh: Math.tanh, Relu: (v) => Math.max(0, v), Sigmoid: (v) => 1 / (1 + Math.exp(-v)) };
    c.x.forEach((row, r) => {
      let a = row;
      for (const node of m.graph.node) {
        if (node.opType !== 'Gemm') { a = a.map(acts[node.opType]); continue; }
        expect(getAttribute(node, 'transB', AttributeType.INT)?.i).toBe(1);
        const W = init.get(node.input[1])!, b = init.get(node.input[2])!;
        const [out, inp] = W.dims;
        a = Array.from({ length: out }, (_, j) => b.data[j] + a.reduce((s, v, i) => s + v * W.data[j * inp + i], 0));
      }
      a.forEach((v, j) => expect(Math.abs(v - c.y[r][j])).toBeLessThan(1e-5));
    });
  });
});
