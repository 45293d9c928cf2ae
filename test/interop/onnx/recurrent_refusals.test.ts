// What fromOnnx refuses around recurrent nodes (PyTorch's and toOnnx's files, edited one thing at a time): typed errors naming the node and what is unsupported, before anything is built.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, init } from '../../../src/backend/index.js';
import {
  decodeModel, encodeModel, floatTensor, fromOnnx, int64Tensor, intAttr, intsAttr, parseOnnx, stringAttr, stringsAttr, floatAttr, toOnnx, type OnnxModel, type OnnxNode,
} from '../../../src/interop/onnx/index.js';
import { gru } from '../../../src/nn/gru.js';
import { lstm } from '../../../src/nn/lstm.js';
import { dense } from '../../../src/nn/dense.js';
import { timeDistributed } from '../../../src/nn/time_distributed.js';
import { sequential } from '../../../src/model/sequential.js';

beforeAll(async () => { await init(); });

const dir = new URL('../../fixtures/onnx/recurrent/', import.meta.url);
const torch = (name: string) => decodeModel(new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir))));
const nodeOf = (m: OnnxModel, opType: string, k = 0): OnnxNode => m.graph.node.filter((n) => n.opType === opType)[k];
const setAttr = (n: OnnxNode, a: ReturnType<typeof intAttr>) => { n.attribute = [...n.attribute.filter((x) => x.name !== a.name), a]; };
function ours(returnSequences = false): OnnxModel {
  const model = sequential([lstm({ units: 3, inputShape: [4, 2], returnSequences }), ...(returnSequences ? [timeDistributed(dense(2))] : [dense(2)])], { seed: 1 });
  const m = decodeModel(toOnnx(model));
  model.dispose();
  return m;
}

type Edit = [string, () => OnnxModel, ErrorConstructor, RegExp];
const L = 'node "/cells.0/LSTM" \\(LSTM\\)';
const refused: Edit[] = [
  ['reverse direction', () => { const m = torch('lstm_last'); setAttr(nodeOf(m, 'LSTM'), stringAttr('direction', 'reverse')); return m; }, TypeError, new RegExp(`${L}: direction "reverse" is not supported`)],
  ['bidirectional', () => { const m = torch('lstm_last'); setAttr(nodeOf(m, 'LSTM'), stringAttr('direction', 'bidirectional')); return m; }, TypeError, /direction "bidirectional" is not supported/],
  ['layout 1', () => { const m = torch('gru_last'); setAttr(nodeOf(m, 'GRU'), intAttr('layout', 1)); return m; }, TypeError, /node "\/cells.0\/GRU" \(GRU\): layout = 1 \(batch-major\) is not read/],
  ['clip', () => { const m = torch('lstm_last'); setAttr(nodeOf(m, 'LSTM'), floatAttr('clip', 3)); return m; }, TypeError, new RegExp(`${L}: attribute clip is not supported`)],
  ['input_forget', () => { const m = torch('lstm_last'); setAttr(nodeOf(m, 'LSTM'), intAttr('input_forget', 1)); return m; }, TypeError, /input_forget = 1 \(coupled input and forget gates\) is not supported/],
  ['other activations', () => { const m = torch('lstm_last'); setAttr(nodeOf(m, 'LSTM'), stringsAttr('activations', ['Sigmoid', 'Tanh', 'Relu'])); return m; }, TypeError, /activations \[Sigmoid, Tanh, Relu\] are not supported/],
  ['an RNN with Sigmoid', () => { const m = torch('rnn_tanh_last'); setAttr(nodeOf(m, 'RNN'), stringsAttr('activations', ['Sigmoid'])); return m; }, TypeError, /node "\/cells.0\/RNN" \(RNN\): activations \[Sigmoid\] are not supported \(simdnet computes \[Tanh\] or \[Relu\]\)/],
  ['peepholes', () => { const m = torch('lstm_last'); m.graph.initializer.push(floatTensor('P', [1, 15], new Float32Array(15))); nodeOf(m, 'LSTM').input[7] = 'P'; return m; }, TypeError, new RegExp(`${L}: peepholes \\(input P\\) are not supported`)],
  ['sequence_lens', () => { const m = torch('lstm_last'); m.graph.initializer.push(int64Tensor('lens', [4], [6, 6, 6, 6])); nodeOf(m, 'LSTM').input[4] = 'lens'; return m; }, TypeError, /sequence_lens is not supported/],
  ['a non-zero initial state', () => { const m = torch('lstm_last'); setAttr(nodeOf(m, 'ConstantOfShape'), { name: 'value', type: 4, t: floatTensor('v', [1], [1]) } as never); return m; }, TypeError, /node "\/cells.0\/Shape" \(Shape\): only PyTorch's zero initial state is read/],
  ['num_layers = 2 (a zero state of 2 layers)', () => {
    const m = torch('lstm_last');
    const k = m.graph.node.find((n) => n.opType === 'Constant' && n.output[0] === nodeOf(m, 'Concat').input[0])!;
    k.attribute = [{ name: 'value', type: 4, t: int64Tensor('two', [1], [2]) } as never];
    return m;
  }, TypeError, /node "\/cells.0\/Shape" \(Shape\): the zero state has 2 layers \(nn.LSTM \/ GRU \/ RNN with num_layers > 1\)/],
  ['an initial state from an initializer', () => { const m = torch('gru_last'); m.graph.initializer.push(floatTensor('h0', [1, 1, 3], new Float32Array(3))); nodeOf(m, 'GRU').input[5] = 'h0'; return m; }, TypeError, /initial_h must be absent or zeros/],
  ['the cell state read', () => { const m = torch('lstm_hn'); nodeOf(m, 'Gather', 1).input[0] = nodeOf(m, 'LSTM').output[2]; return m; }, TypeError, /reads the cell state Y_c/],
  ['hidden_size against W', () => { const m = torch('lstm_last'); setAttr(nodeOf(m, 'LSTM'), intAttr('hidden_size', 4)); return m; }, RangeError, new RegExp(`${L}: hidden_size is 4 but W holds 4 blocks of 5`)],
  ['two directions of weights', () => { const m = torch('rnn_tanh_last'); const t = m.graph.initializer.find((x) => x.name === nodeOf(m, 'RNN').input[1])!; t.dims = [2, 2, 3]; return m; }, RangeError, /W has dims \[2, 2, 3\], expected \[1, 1·hidden_size, 3\]/],
  ['the first step instead of the last', () => { const m = torch('lstm_last'); const g = nodeOf(m, 'Gather', 1); m.graph.initializer.push(int64Tensor('zero', [], [0])); g.input[1] = 'zero'; return m; }, TypeError, /node "\/Gather" \(Gather\): only Gather of the last step of a sequence is read/],
  ['a Slice of the sequence', () => { const m = torch('lstm_last'); nodeOf(m, 'Gather', 1).opType = 'Slice'; return m; }, TypeError, /node "\/Gather" \(Slice\): Slice of a sequence \[batch, 6, 5\] is not read/],
  ['a batch-first X (no Transpose)', () => { const m = torch('lstm_last'); nodeOf(m, 'LSTM').input[0] = 'x'; m.graph.node.splice(m.graph.node.indexOf(nodeOf(m, 'Transpose')), 1); return m; }, TypeError, /X must be a time-major sequence/],
  ['another permutation', () => { const m = torch('gru_last'); setAttr(nodeOf(m, 'Transpose'), intsAttr('perm', [0, 2, 1])); return m; }, TypeError, /only perm \[1, 0, 2\] of a sequence is read/],
  ['Y without Squeeze', () => { const m = torch('gru_seq'); const sq = nodeOf(m, 'Squeeze'); sq.opType = 'Identity'; return m; }, TypeError, /node "\/cells.0\/Squeeze" \(Identity\): Y is read only through a Squeeze with axes \[1\]/],
  ['toOnnx’s timeDistributed not closed', () => { const m = ours(true); m.graph.node.pop(); m.graph.node[m.graph.node.length - 1].output[0] = 'y'; return m; }, TypeError, /the graph ends inside a timeDistributed/],
  ['a Reshape of a dense output into a sequence', () => {
    const m = ours(); m.graph.initializer.push(floatTensor('W0', [8, 8], new Float32Array(64)), floatTensor('b0', [8], new Float32Array(8)));
    m.graph.node.unshift({ name: 'pre', opType: 'Gemm', input: ['x', 'W0', 'b0'], output: ['pre:0'], attribute: [], domain: '' });
    m.graph.node[1].input[0] = 'pre:0';
    return m;
  }, TypeError, /node "lstm_0\/Reshape" \(Reshape\): a Reshape of rows to \[batch, 4, 2\] is read only on the graph input or on a sequence layer's output/],
  ['a GRU whose B has the wrong size', () => { const model = sequential([gru({ units: 2, inputShape: [3, 2] })], { seed: 0 }); const m = decodeModel(toOnnx(model)); model.dispose(); m.graph.initializer.find((t) => t.name === 'gru_0.B')!.dims = [2, 6]; return m; }, RangeError, /node "gru_0\/GRU" \(GRU\): B has dims \[2, 6\], expected \[1, 12\]/],
];

describe('what fromOnnx refuses around recurrent nodes, naming the node', () => {
  it.each(refused)('%s', (_, make, kind, message) => {
    const bytes = encodeModel(make());
    const live = getBackend().liveBuffers();
    expect(() => fromOnnx(bytes)).toThrow(kind);
    expect(() => parseOnnx(bytes)).toThrow(message);
    expect(getBackend().liveBuffers()).toBe(live);
  });

  it('the unedited files import (the edits above are what is refused)', () => {
    for (const m of [torch('lstm_last'), torch('gru_last'), torch('rnn_tanh_last'), torch('lstm_hn'), torch('gru_seq'), ours(), ours(true)]) fromOnnx(encodeModel(m)).dispose();
  });
});
