/** The ONNX importers of the recurrent ops: LSTM / GRU / RNN → lstm / gru / simpleRnn (Keras's weights from ONNX's gate blocks), the outputs read after them, and PyTorch's zero initial states. */

import type { LayerConfig } from '../../nn/layer.js';
import type { OnnxImport } from './import_graph.js';
import { endSequences, floatValues, intValues, permOf, sequenceAdapter, sequenceState } from './import_sequence.js';
import { AttributeType, type OnnxNode } from './onnx_types.js';
import { fromOnnxBias, fromOnnxKernel, ONNX_GATES, type RecurrentKind } from './recurrent_layout.js';

export { endSequences };

/** Reads one node (import_ops.ts's OnnxImporter, restated here: that file imports this one). */
type OnnxImporter = (node: OnnxNode, index: number, s: OnnxImport) => void;

/** The activations simdnet computes, in ONNX's names: the defaults of each op (RNN also Relu). */
const ACTIVATIONS: Record<RecurrentKind, string[][]> = {
  lstm: [['Sigmoid', 'Tanh', 'Tanh']], gru: [['Sigmoid', 'Tanh']], simpleRnn: [['Tanh'], ['Relu']],
};
/** Inputs after X, W, R, B: LSTM sequence_lens, initial_h, initial_c, P; GRU and RNN sequence_lens, initial_h. */
const INPUTS = { lstm: 8, gru: 6, simpleRnn: 6 };

/** Checks the attributes simdnet cannot compute otherwise; returns the layer options they set (RNN's activation, GRU's resetAfter). */
function recurrentOptions(kind: RecurrentKind, node: OnnxNode, index: number, s: OnnxImport): { activation?: string; resetAfter?: boolean } {
  const own = kind === 'lstm' ? ['input_forget'] : kind === 'gru' ? ['linear_before_reset'] : [];
  s.onlyAttributes(node, index, ['hidden_size', 'direction', 'activations', 'activation_alpha', 'activation_beta', 'clip', 'layout', ...own]);
  const direction = s.attribute(node, index, 'direction', AttributeType.STRING)?.s ?? 'forward';
  if (direction !== 'forward') throw s.unsupported(node, index, `direction ${JSON.stringify(direction)} is not supported (simdnet's recurrent layers run forward only)`);
  if (s.int(node, index, 'layout', 0) !== 0) throw s.unsupported(node, index, 'layout = 1 (batch-major) is not read: ONNX Runtime refuses it too; simdnet reads layout 0 between Transposes, as torch.onnx.export writes');
  for (const name of ['clip', 'activation_alpha', 'activation_beta']) {
    if (node.attribute.some((a) => a.name === name)) throw s.unsupported(node, index, `attribute ${name} is not supported`);
  }
  if (kind === 'lstm' && s.int(node, index, 'input_forget', 0) !== 0) throw s.unsupported(node, index, 'input_forget = 1 (coupled input and forget gates) is not supported');
  const acts = s.attribute(node, index, 'activations', AttributeType.STRINGS)?.strings ?? ACTIVATIONS[kind][0];
  if (!ACTIVATIONS[kind].some((a) => a.join() === acts.join())) {
    throw s.unsupported(node, index, `activations [${acts.join(', ')}] are not supported (simdnet computes ${ACTIVATIONS[kind].map((a) => `[${a.join(', ')}]`).join(' or ')})`);
  }
  if (kind === 'simpleRnn') return { activation: acts[0] === 'Relu' ? 'relu' : 'tanh' };
  if (kind === 'gru') return { resetAfter: s.int(node, index, 'linear_before_reset', 0) !== 0 };
  return {};
}

/** Checks W [1, G·h, features], R [1, G·h, h], B [1, 2·G·h] and hidden_size; returns h. */
function hiddenSize(kind: RecurrentKind, node: OnnxNode, index: number, s: OnnxImport, dims: { W: readonly number[]; R: readonly number[]; B?: readonly number[] }, features: number): number {
  const G = ONNX_GATES[kind].length;
  const [dirs, gh, f] = dims.W;
  if (dims.W.length !== 3 || dirs !== 1 || f !== features || gh % G !== 0 || gh < G) {
    throw s.bad(node, index, `W has dims [${dims.W.join(', ')}], expected [1, ${G}·hidden_size, ${features}] (one direction)`);
  }
  const h = gh / G;
  const attr = s.int(node, index, 'hidden_size', h);
  if (attr !== h) throw s.bad(node, index, `hidden_size is ${attr} but W holds ${G} blocks of ${h}`);
  if (dims.R.join() !== [1, G * h, h].join()) throw s.bad(node, index, `R has dims [${dims.R.join(', ')}], expected [1, ${G * h}, ${h}]`);
  if (dims.B && dims.B.join() !== [1, 2 * G * h].join()) throw s.bad(node, index, `B has dims [${dims.B.join(', ')}], expected [1, ${2 * G * h}]`);
  return h;
}

/** sequence_lens must be absent, initial states absent or PyTorch's zeros of this hidden size, LSTM's peepholes absent. */
function checkOptionalInputs(kind: RecurrentKind, node: OnnxNode, index: number, s: OnnxImport, h: number): void {
  if (node.input.length > INPUTS[kind]) throw s.bad(node, index, `has ${node.input.length} inputs; ${node.opType} has at most ${INPUTS[kind]}`);
  const zeros = sequenceState(s).zeros;
  node.input.forEach((name, i) => {
    if (i < 4 || name === '') return;
    if (i === 4) throw s.unsupported(node, index, 'sequence_lens is not supported (every sequence runs all its steps)');
    if (i === 7) throw s.unsupported(node, index, 'peepholes (input P) are not supported');
    if (zeros.get(name) !== h) throw s.unsupported(node, index, `${i === 5 ? 'initial_h' : 'initial_c'} must be absent or zeros (PyTorch's Shape → Gather → Unsqueeze → Concat → ConstantOfShape(0) of hidden size ${h}): simdnet starts every sequence from zeros`);
  });
}

/** The node after the recurrent one, which must read Y (every step) or Y_h (the last step); returns the output's position. */
function outputRead(node: OnnxNode, index: number, s: OnnxImport): 0 | 1 {
  const next = s.peek();
  const at = next ? node.output.findIndex((name) => name !== '' && next.node.input[0] === name) : -1;
  if (at === 2) throw s.unsupported(next!.node, next!.index, 'reads the cell state Y_c, which simdnet\'s lstm does not output');
  if (at !== 0 && at !== 1) {
    throw s.unsupported(node, index, 'its output must go on through a Squeeze of Y (axes [1]) and a Transpose [1, 0, 2] (every step), or a Squeeze (axes [0]) or Gather (index 0 or −1, axis 0) of Y_h (the last step)');
  }
  return at;
}

/** Y [steps, 1, batch, h] → Squeeze(axes [1]) → Transpose [1, 0, 2]: the batch-first sequence (its time-major twin kept for PyTorch's next node). */
function readEveryStep(s: OnnxImport): void {
  const sq = s.take();
  const axes = intValues(sq.node, sq.index, s, 1)?.values.join();
  if (sq.node.opType !== 'Squeeze' || axes !== '1') throw s.unsupported(sq.node, sq.index, 'Y is read only through a Squeeze with axes [1] (the one direction)');
  s.onlyAttributes(sq.node, sq.index, []);
  s.chain(sq.node, sq.index);
  const tr = s.take();
  if (!tr || tr.node.opType !== 'Transpose' || permOf(tr.node, tr.index, s) !== '1,0,2') {
    throw s.unsupported((tr ?? sq).node, (tr ?? sq).index, 'the squeezed Y [steps, batch, h] is read only through a Transpose with perm [1, 0, 2] (back to batch first)');
  }
  s.onlyAttributes(tr.node, tr.index, ['perm']);
  const timeMajor = s.current;
  s.chain(tr.node, tr.index);
  sequenceState(s).alias = { batchFirst: s.current, timeMajor };
}

/** Y_h [1, batch, h] → Squeeze(axes [0]) or Gather(0 or −1, axis 0): the last step as rows. */
function readLastStep(s: OnnxImport): void {
  const n = s.take();
  if (n.node.opType === 'Squeeze' && intValues(n.node, n.index, s, 1)?.values.join() === '0') {
    s.onlyAttributes(n.node, n.index, []);
  } else if (n.node.opType === 'Gather') {
    s.onlyAttributes(n.node, n.index, ['axis']);
    const at = intValues(n.node, n.index, s, 1, 1);
    if (s.int(n.node, n.index, 'axis', 0) !== 0 || !at || at.dims.length !== 0 || (at.values[0] !== 0 && at.values[0] !== -1)) {
      throw s.unsupported(n.node, n.index, 'Y_h is read only by a Gather of index 0 or −1 on axis 0 (the one direction, PyTorch\'s h_n[-1])');
    }
  } else {
    throw s.unsupported(n.node, n.index, 'Y_h is read only through a Squeeze (axes [0]) or a Gather (index 0 or −1, axis 0)');
  }
  s.chain(n.node, n.index);
}

/** LSTM / GRU / RNN on the time-major running tensor → the simdnet layer, with the output read after it. */
function importRecurrent(kind: RecurrentKind): OnnxImporter {
  return (node, index, s) => {
    const options = recurrentOptions(kind, node, index, s);
    const st = sequenceState(s);
    if (st.alias && node.input[0] === st.alias.timeMajor && s.current === st.alias.batchFirst) {
      s.current = st.alias.timeMajor;
      st.timeMajor = true;
    }
    st.alias = null;
    if (s.shape.length !== 2 || !st.timeMajor) {
      throw s.unsupported(node, index, `X must be a time-major sequence (layout 0): a Transpose [1, 0, 2] of a [batch, steps, features] tensor, as torch.onnx.export writes for batch_first=True; got [batch, ${s.shape.join(', ')}]`);
    }
    const [steps, features] = s.shape;
    const [W, R] = [s.constant(node, index, 1), s.constant(node, index, 2)];
    if (!W || !R) throw s.bad(node, index, 'has no weight input W or R');
    const B = s.constant(node, index, 3);
    const h = hiddenSize(kind, node, index, s, { W: W.dims, R: R.dims, B: B?.dims }, features);
    checkOptionalInputs(kind, node, index, s, h);
    const read = outputRead(node, index, s);
    const out = node.output;
    s.chain({ ...node, input: node.input.slice(0, 4), output: [out[read], ...out.filter((_, i) => i !== read)] }, index);
    st.timeMajor = false;
    if (read === 0) readEveryStep(s);
    else readLastStep(s);
    const order = ONNX_GATES[kind];
    const config: LayerConfig = { kind, units: h, returnSequences: read === 0, ...options };
    const b = fromOnnxBias(kind, B?.data ?? null, h, options.resetAfter === true);
    s.push(node, index, config, { W: fromOnnxKernel(W.data, features, h, order), U: fromOnnxKernel(R.data, h, h, order), b });
    s.shape = read === 0 ? [steps, h] : [h];
  };
}

/** The TypeError for anything but PyTorch's zero-state pattern, naming its Shape node. */
function notZeroState(s: OnnxImport, at: { node: OnnxNode; index: number }): TypeError {
  return s.unsupported(at.node, at.index, "only PyTorch's zero initial state is read: Shape → Gather (index 0) → Unsqueeze (axes [0]) → Concat ([1], ·, [hidden]) → ConstantOfShape(0)");
}

/** The next node, which must be `opType` with one output, reading `input` as its input `i`. */
function expectNext(s: OnnxImport, at: { node: OnnxNode; index: number }, opType: string, input: string, i = 0): { node: OnnxNode; index: number } {
  const n = s.peek();
  if (!n || n.node.opType !== opType || n.node.input[i] !== input || n.node.output.length !== 1) throw notZeroState(s, at);
  return s.take();
}

/**
 * Shape(running tensor) → Gather(·, 0) → Unsqueeze(·, [0]) → Concat([1], ·, [h]) → ConstantOfShape(value 0): the
 * zeros PyTorch builds for h_0 (and c_0), [1, batch, h]. Recorded by name; the recurrent node checks h. Nothing else may read it.
 */
function importZeroState(node: OnnxNode, index: number, s: OnnxImport): void {
  const at = { node, index };
  s.onlyAttributes(node, index, []);
  if (node.input.length !== 1 || node.input[0] !== s.current || node.output.length !== 1) throw s.unsupported(node, index, 'only a Shape of the running tensor is read (the batch size of PyTorch\'s zero initial state)');
  const g = expectNext(s, at, 'Gather', node.output[0]);
  const u = expectNext(s, at, 'Unsqueeze', g.node.output[0]);
  const c = expectNext(s, at, 'Concat', u.node.output[0], 1);
  if (c.node.input.length !== 3) throw notZeroState(s, at);
  const z = expectNext(s, at, 'ConstantOfShape', c.node.output[0]);
  const parts = [0, 2].map((i) => intValues(c.node, c.index, s, i, 1)?.values);
  const index0 = intValues(g.node, g.index, s, 1, 1)?.values;
  const axes = intValues(u.node, u.index, s, 1, 1)?.values;
  const value = floatValues(z.node, z.index, s, 'value') ?? [0];
  const h = parts[1]?.[0] ?? NaN;
  if (typeof parts[0]?.[0] === 'number' && parts[0][0] > 1) {
    throw s.unsupported(node, index, `the zero state has ${parts[0][0]} layers (nn.LSTM / GRU / RNN with num_layers > 1), which simdnet does not read: stack one-layer modules instead`);
  }
  const ok = s.int(g.node, g.index, 'axis', 0) === 0 && index0?.[0] === 0 && axes?.[0] === 0 && s.int(c.node, c.index, 'axis', 0) === 0 &&
    parts[0]?.[0] === 1 && Number.isSafeInteger(h) && h >= 1 && value.length === 1 && value[0] === 0;
  if (!ok) throw notZeroState(s, at);
  sequenceState(s).zeros.set(z.node.output[0], h);
}

/**
 * The importer of a node that the sequence code reads (before the op table is asked): PyTorch's zero initial state
 * (from its Shape node) and the ops on sequences (import_sequence.ts).
 */
export function sequenceImporter(node: OnnxNode, index: number, s: OnnxImport): OnnxImporter | undefined {
  if (node.opType === 'Shape') return importZeroState;
  return sequenceAdapter(node, index, s);
}

/** The recurrent ops' importers (see the conventions in import_ops.ts). */
export const ONNX_RECURRENT_IMPORTERS: Readonly<Record<string, OnnxImporter>> = {
  LSTM: importRecurrent('lstm'),
  GRU: importRecurrent('gru'),
  RNN: importRecurrent('simpleRnn'),
};
