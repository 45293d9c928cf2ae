/** Fuzzing helper for fromOnnx: seeded byte mutations (as for decodeModel) and graph edits that decode fine but break the chain, the ops or the sizes; a runner that classifies every outcome. */
import { readFileSync } from 'node:fs';
import {
  DataType, decodeModel, encodeModel, floatAttr, floatTensor, fromOnnx, intAttr, intsAttr, stringsAttr, tensorAttr, toOnnx, type OnnxModel,
} from '../../../src/interop/onnx/index.js';
import { leakyRelu, relu, sigmoid, step, tanh } from '../../../src/nn/activations.js';
import { batchNorm } from '../../../src/nn/batch_norm.js';
import { conv2d } from '../../../src/nn/conv2d.js';
import { dropout } from '../../../src/nn/dropout.js';
import { flatten } from '../../../src/nn/flatten.js';
import { normalize } from '../../../src/nn/normalize.js';
import { avgPool2d, globalAvgPool2d, maxPool2d } from '../../../src/nn/pooling.js';
import { softmax } from '../../../src/nn/softmax.js';
import { dense } from '../../../src/nn/dense.js';
import { gru } from '../../../src/nn/gru.js';
import { lstm } from '../../../src/nn/lstm.js';
import { simpleRnn } from '../../../src/nn/rnn.js';
import { timeDistributed } from '../../../src/nn/time_distributed.js';
import { sequential } from '../../../src/model/sequential.js';
import { Random } from '../../../src/random.js';
import { lengthOffsets, medianRerun, mutate, MUTATIONS } from './fuzz.js';
import { graphBytes, node, weights } from './graphs.js';

/**
 * The seed corpus: PyTorch's exports (MLPs, a convnet, recurrent models), toOnnx's output for every exporter (needs a
 * backend; the dense and activation kinds, the image and toolkit kinds, and the sequence kinds), a MatMul + Add graph
 * with a Constant.
 */
export function importSeeds(): { name: string; bytes: Uint8Array }[] {
  const dir = new URL('../../fixtures/onnx/', import.meta.url);
  const torch = ['mlp_tanh', 'mlp_relu_sigmoid', 'cnn_small', 'recurrent/lstm_last', 'recurrent/gru_seq', 'recurrent/lstm_gru_stack']
    .map((n) => ({ name: `${n}.onnx`, bytes: new Uint8Array(readFileSync(new URL(`${n}.onnx`, dir))) }));
  const model = sequential([dense(3, 4), relu(), dense(4, 4), leakyRelu(0.2), tanh(), dense(4, 3), step(), dense(3, 2), sigmoid()], { seed: 1 });
  const ours = { name: 'toOnnx (dense and activation kinds, opset 17)', bytes: toOnnx(model, { opset: 17 }) };
  model.dispose();
  const rng = new Random(3);
  const image = sequential([
    normalize({ mean: Array.from({ length: 72 }, () => rng.uniform(0, 1)), std: Array.from({ length: 72 }, () => rng.uniform(0.5, 2)), inputShape: [6, 6, 2] }),
    conv2d({ filters: 3, kernelSize: 3, padding: 'same' }), batchNorm(), relu(), maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 4, kernelSize: 2 }), leakyRelu(0.1), avgPool2d({ poolSize: 2, strides: 1 }), flatten(), dropout(0.2), dense(3), softmax(),
  ], { seed: 3 });
  const images = { name: 'toOnnx (image and toolkit kinds, opset 13)', bytes: toOnnx(image) };
  image.dispose();
  const pooled = sequential([conv2d({ inputShape: [5, 5, 1], filters: 2, kernelSize: 2, strides: 2 }), globalAvgPool2d(), dense(2)], { seed: 4 });
  const global = { name: 'toOnnx (global pooling, opset 17)', bytes: toOnnx(pooled, { opset: 17 }) };
  pooled.dispose();
  const seq = sequential([
    lstm({ units: 3, inputShape: [4, 2], returnSequences: true }), gru({ units: 3, returnSequences: true }), timeDistributed(dense(2)),
    timeDistributed(tanh()), gru({ units: 2, resetAfter: false, returnSequences: true }), simpleRnn({ units: 2, activation: 'relu' }),
  ], { seed: 2 });
  const sequences = { name: 'toOnnx (sequence kinds, opset 13)', bytes: toOnnx(seq) };
  seq.dispose();
  const matmul = graphBytes(3, [
    node('Constant', [], ['W'], 'w', [tensorAttr('value', weights('W', [3, 4], 1))]), node('MatMul', ['x', 'W'], ['h'], 'mm'),
    node('Add', ['h', 'b'], ['a'], 'add'), node('Relu', ['a'], ['y'], 'r'),
  ], [weights('b', [4], 2)]);
  return [...torch, ours, images, global, sequences, { name: 'MatMul + Add + Constant', bytes: matmul }];
}

export const EDITS = ['op type', 'drop node', 'duplicate node', 'swap nodes', 'rewire input', 'attribute', 'initializer dims', 'input shape', 'opset', 'input type'] as const;
export type Edit = (typeof EDITS)[number];
export const KINDS = [...MUTATIONS, ...EDITS.map((e) => `edit: ${e}`)] as const;

const OPS = [
  'Gemm', 'MatMul', 'Add', 'Relu', 'LeakyRelu', 'Tanh', 'Sigmoid', 'Greater', 'Cast', 'Flatten', 'Softmax', 'Conv', 'Identity', 'Constant', 'Sub',
  'LSTM', 'GRU', 'RNN', 'Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Gather', 'Slice', 'Shape', 'Concat', 'ConstantOfShape',
];
/** List attributes of the sequence ops, with values that are right somewhere and wrong elsewhere. */
const PERMS = [[1, 0, 2], [0, 2, 1], [2, 0, 1], [0, 1], [0, 3, 1, 2]];
const ACTIVATIONS = [['Tanh'], ['Relu'], ['Sigmoid'], ['Sigmoid', 'Tanh'], ['Sigmoid', 'Tanh', 'Tanh'], ['Sigmoid', 'Tanh', 'Relu'], []];
const NUMBERS = [0, 1, -1, 2, 7, 0.5, -3, 2 ** 31 - 1, 2 ** 40, Number.MAX_SAFE_INTEGER, NaN, Infinity, 1e-45];

function pick<T>(rng: Random, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** One structural edit of a decoded model (in place). */
function applyEdit(m: OnnxModel, edit: Edit, rng: Random): void {
  const g = m.graph;
  const nodes = g.node;
  const n = nodes.length ? pick(rng, nodes) : undefined;
  const names = ['x', 'y', '', ...nodes.flatMap((k) => k.output), ...g.initializer.map((t) => t.name)];
  const num = () => pick(rng, NUMBERS);
  switch (edit) {
    case 'op type': if (n) n.opType = pick(rng, OPS); break;
    case 'drop node': if (n) nodes.splice(nodes.indexOf(n), 1); break;
    case 'duplicate node': if (n) nodes.splice(rng.int(nodes.length + 1), 0, structuredClone(n)); break;
    case 'swap nodes': if (nodes.length > 1) { const [i, j] = [rng.int(nodes.length), rng.int(nodes.length)]; [nodes[i], nodes[j]] = [nodes[j], nodes[i]]; } break;
    case 'rewire input': if (n) { n.input[rng.int(n.input.length + 1)] = pick(rng, names); } break;
    case 'attribute': if (n) {
      const name = pick(rng, ['transA', 'transB', 'alpha', 'beta', 'axis', 'to', 'value', 'gamma', 'hidden_size', 'linear_before_reset', 'layout', 'input_forget', 'clip', 'allowzero', 'perm', 'activations']);
      n.attribute = n.attribute.filter((a) => a.name !== name);
      const v = num();
      if (name === 'perm') n.attribute.push(intsAttr(name, pick(rng, PERMS)));
      else if (name === 'activations') n.attribute.push(stringsAttr(name, pick(rng, ACTIVATIONS)));
      else n.attribute.push(name === 'value' ? tensorAttr(name, floatTensor('v', [1], [v])) : Number.isInteger(v) && rng.int(2) ? intAttr(name, v) : floatAttr(name, v));
    } break;
    case 'initializer dims': if (g.initializer.length) {
      const t = pick(rng, g.initializer);
      const count = t.dims.reduce((a, b) => a * b, 1);
      const options = [[count], [1, count], [...t.dims].reverse(), [count, 1], [], t.dims.map(() => 0)];
      const dims = pick(rng, options);
      if (dims.reduce((a, b) => a * b, 1) === count) t.dims = dims;
      else { t.dims = [2 ** 20, 2 ** 20]; delete t.rawData; delete t.floatData; }
    } break;
    case 'input shape': {
      const dims = pick(rng, [['batch', num()], ['batch', 'f'], [num()], ['batch', 3, num(), 2], ['batch', 2 ** 31, 2], [null, 3], ['batch', 0]]);
      const shape = g.input[0]?.type?.tensorType?.shape;
      if (shape) shape.dim = dims.map((d) => (typeof d === 'number' && Number.isSafeInteger(d) && d >= 0 ? { dimValue: d } : typeof d === 'string' ? { dimParam: d } : {}));
    } break;
    case 'opset': m.opsetImport = [{ domain: pick(rng, ['', 'ai.onnx', 'com.x']), version: 1 + rng.int(25) }]; break;
    case 'input type': { const t = g.input[0]?.type?.tensorType; if (t) t.elemType = pick(rng, [DataType.DOUBLE, DataType.INT64, DataType.FLOAT16, DataType.FLOAT]); } break;
  }
}

/** A graph-edited copy of `src`, or null when the edit makes something our encoder refuses to write. */
export function editBytes(src: Uint8Array, edit: Edit, rng: Random): Uint8Array | null {
  const m = decodeModel(src);
  applyEdit(m, edit, rng);
  try { return encodeModel(m); } catch { return null; }
}

export interface ImportFuzzReport {
  inputs: number;
  ms: number;
  outcomes: Record<string, number>;
  byKind: Record<string, Record<string, number>>;
  messages: Record<string, number>;
  /** Untyped errors, or an import that built more weights than the file could hold (amplification). */
  failures: { kind: string; seed: string; problem: string; hex: string }[];
  /** The slowest input, and the median of 9 more runs of it (a pause of the process shows as a first time far above it). */
  slowest: { ms: number; kind: string; seed: string; bytes: number; outcome: string; hex: string; rerunMs: number };
  /** Largest ratio of weight bytes built to input bytes, over the imports that succeeded. */
  maxAmplification: number;
}

function shapeOf(message: string): string {
  return message.replace(/^(fromOnnx|decodeModel): /, '').replace(/^ModelProto.*? at byte \d+: /, '').replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+(\.\d+)?(e[-+]?\d+)?/g, 'N');
}

/** Imports `bytes`; on success runs one row through the model when it is small, and returns the weight-bytes ratio. */
function exercise(bytes: Uint8Array): number {
  const model = fromOnnx(bytes);
  try {
    const params = model.allWeights().reduce((s, w) => s + w.size, 0);
    if (model.inputSize <= 4096) model.predict({ data: new Float32Array(model.inputSize).fill(0.5), shape: [1, model.inputSize] });
    return (4 * params) / bytes.length;
  } finally {
    model.dispose();
  }
}

/** Runs `count` inputs: byte mutations and graph edits taken in turn over the seeds, details drawn from `seed`. */
export function runImportFuzz(count: number, seed: number): ImportFuzzReport {
  const rng = new Random(seed);
  const seeds = importSeeds().map((s) => ({ ...s, lengths: lengthOffsets(s.bytes) }));
  const r: ImportFuzzReport = { inputs: 0, ms: 0, outcomes: {}, byKind: {}, messages: {}, failures: [], slowest: { ms: -1, kind: '', seed: '', bytes: 0, outcome: '', hex: '', rerunMs: 0 }, maxAmplification: 0 };
  const t0 = performance.now();
  for (let i = 0; r.inputs < count; i++) {
    const s = seeds[i % seeds.length];
    const kind = KINDS[Math.floor(i / seeds.length) % KINDS.length];
    const bytes = kind.startsWith('edit: ') ? editBytes(s.bytes, kind.slice(6) as Edit, rng) : mutate(s.bytes, kind as (typeof MUTATIONS)[number], rng, s.lengths);
    if (bytes === null) continue;
    r.inputs++;
    let outcome = 'imported';
    const start = performance.now();
    try {
      const amp = exercise(bytes);
      r.maxAmplification = Math.max(r.maxAmplification, amp);
      if (amp > 2) r.failures.push({ kind, seed: s.name, problem: `built ${amp.toFixed(1)}× the input's bytes in weights`, hex: Buffer.from(bytes).toString('hex') });
    } catch (e) {
      outcome = e instanceof Error ? e.constructor.name : typeof e;
      if (e instanceof RangeError || e instanceof TypeError) r.messages[shapeOf(e.message)] = (r.messages[shapeOf(e.message)] ?? 0) + 1;
      else r.failures.push({ kind, seed: s.name, problem: String(e), hex: Buffer.from(bytes).toString('hex') });
    }
    const ms = performance.now() - start;
    if (ms > r.slowest.ms) r.slowest = { ms, kind, seed: s.name, bytes: bytes.length, outcome, hex: Buffer.from(bytes).toString('hex'), rerunMs: 0 };
    r.outcomes[outcome] = (r.outcomes[outcome] ?? 0) + 1;
    const row = (r.byKind[kind] ??= {});
    row[outcome] = (row[outcome] ?? 0) + 1;
  }
  r.ms = performance.now() - t0;
  r.slowest.rerunMs = medianRerun(exercise, Buffer.from(r.slowest.hex, 'hex'));
  return r;
}
