/** How fromOnnx follows sequences between layers: the Reshapes, Transposes and Gathers around recurrent nodes (toOnnx's and PyTorch's), PyTorch's zero initial states, MatMul on every step, and toOnnx's timeDistributed brackets. */

import type { ImportedLayer } from '../imported.js';
import { OP, type OnnxImport } from './import_graph.js';
import { dataTypeName } from './onnx_check.js';
import { tensorToFloat32, tensorToInt64 } from './onnx_tensor.js';
import { AttributeType, DataType, type OnnxNode } from './onnx_types.js';

/** Reads one node (import_ops.ts's OnnxImporter, restated here: that file imports this one). */
type OnnxImporter = (node: OnnxNode, index: number, s: OnnxImport) => void;

/**
 * What fromOnnx knows about sequences beside the running tensor. `s.shape` is `[steps, features]` for a sequence
 * (ONNX [batch, steps, features], batch first, or [steps, batch, features] when `timeMajor`).
 */
export interface SequenceState {
  /** The outputs of PyTorch's zero initial states (Shape → Gather → Unsqueeze → Concat → ConstantOfShape 0), by hidden size. */
  readonly zeros: Map<string, number>;
  /** The running tensor is time-major [steps, batch, features] (after a Transpose [1, 0, 2]): only a recurrent node reads it. */
  timeMajor: boolean;
  /** The running batch-first sequence's time-major twin, which PyTorch feeds to the next recurrent node directly. */
  alias: { batchFirst: string; timeMajor: string } | null;
  /** The running rows are a sequence [steps, features] flattened after layer `layers` (elementwise layers may follow). */
  flat: { layers: number; shape: [number, number] } | null;
  /** An open timeDistributed bracket (toOnnx's Reshape to [batch·steps, n]): its steps and its first layer. */
  inner: { steps: number; first: number } | null;
}

const states = new WeakMap<OnnxImport, SequenceState>();

/** The sequence state of one import. */
export function sequenceState(s: OnnxImport): SequenceState {
  let st = states.get(s);
  if (!st) states.set(s, (st = { zeros: new Map(), timeMajor: false, alias: null, flat: null, inner: null }));
  return st;
}

/** The layer kinds a sequence or a timeDistributed bracket may hold without changing its shape. */
const ELEMENTWISE = new Set(['relu', 'leakyRelu', 'tanh', 'sigmoid', 'step']);
/** The layers a timeDistributed bracket reads (each is wrapped). */
const INNER = new Set(['dense', ...ELEMENTWISE]);
/** The recurrent op types (their importers are in the table, import_recurrent.ts). */
export const RECURRENT_OPS = new Set(['LSTM', 'GRU', 'RNN']);

/** Layers from `from` on are all elementwise (nothing that changes the shape happened since). */
function elementwiseSince(s: OnnxImport, from: number): boolean {
  return s.layers.slice(from).every((l) => ELEMENTWISE.has(l.config.kind));
}

/** The INT64 constant at input `i` (at most `max` values, one dimension at most), as numbers; undefined when absent. */
export function intValues(node: OnnxNode, index: number, s: OnnxImport, i: number, max = 8): { dims: readonly number[]; values: number[] } | undefined {
  const t = s.rawConstant(node, index, i);
  if (!t) return undefined;
  if (t.dataType !== DataType.INT64) throw s.unsupported(node, index, `input ${i} (${JSON.stringify(node.input[i])}) has data type ${dataTypeName(t.dataType)}, expected INT64`);
  if (t.dims.length > 1 || (t.dims[0] ?? 1) > max) throw s.bad(node, index, `input ${i} must be at most ${max} integers, got dims [${t.dims.join(', ')}]`);
  const values = Array.from(tensorToInt64(t, OP), (v) => (v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : NaN));
  return { dims: t.dims, values };
}

/** Transpose's perm as text ('1,0,2'), '' when absent; a RangeError for a value beyond 2^53. */
export function permOf(node: OnnxNode, index: number, s: OnnxImport): string {
  const v = s.attribute(node, index, 'perm', AttributeType.INTS)?.ints ?? [];
  if (v.some((x) => typeof x !== 'number')) throw s.bad(node, index, 'attribute perm holds a value out of range');
  return v.join();
}

/** A Reshape's target, or null when it cannot be read (then the Reshape is not the sequence code's to read). */
function reshapeTarget(node: OnnxNode, index: number, s: OnnxImport): number[] | null {
  try {
    return intValues(node, index, s, 1)?.values ?? null;
  } catch {
    return null;
  }
}

/** Checks Reshape's attributes and that its batch entry is −1 or 0 (keep the batch); returns the sizes after it. */
function reshapeSizes(node: OnnxNode, index: number, s: OnnxImport, to: number[]): number[] {
  s.onlyAttributes(node, index, ['allowzero']);
  if (s.int(node, index, 'allowzero', 0) !== 0) throw s.unsupported(node, index, 'allowzero = 1 is not supported');
  if (to[0] !== -1 && to[0] !== 0) throw s.unsupported(node, index, `a Reshape to [${to.join(', ')}] does not keep the batch (−1 or 0 first)`);
  return to.slice(1);
}

/** True when the running rows are the graph input, possibly through elementwise layers: a Reshape may then set the model's input shape. */
function atInput(s: OnnxImport): boolean {
  return s.inputShape.length === 1 && s.shape.length === 1 && s.shape[0] === s.inputShape[0] && elementwiseSince(s, 0);
}

/** The running rows are the sequence [steps, features] flattened (by a layer's own output or as the model's input, which this then sets). */
function rowsAreSequence(node: OnnxNode, index: number, s: OnnxImport, shape: [number, number], what: string): void {
  const st = sequenceState(s);
  const flat = st.flat && elementwiseSince(s, st.flat.layers) ? st.flat.shape : null;
  if (flat && flat[0] === shape[0] && flat[1] === shape[1]) return;
  if (atInput(s) && shape[0] * shape[1] === s.shape[0]) {
    s.inputShape = shape;
    return;
  }
  throw s.unsupported(node, index, `${what} is read only on the graph input or on a sequence layer's output (simdnet has no reshape layer)`);
}

/** Reshape of rows to [−1, steps, features]: a batch-first sequence (toOnnx writes it before every recurrent layer). */
function importRowsToSequence(node: OnnxNode, index: number, s: OnnxImport): void {
  const [steps, features] = reshapeSizes(node, index, s, reshapeTarget(node, index, s)!);
  if (!(steps >= 1 && features >= 1 && steps * features === s.shape[0])) throw s.bad(node, index, `cannot reshape [batch, ${s.shape[0]}] to [batch, ${steps}, ${features}]`);
  rowsAreSequence(node, index, s, [steps, features], `a Reshape of rows to [batch, ${steps}, ${features}]`);
  s.chain(node, index);
  s.shape = [steps, features];
  sequenceState(s).flat = null;
}

/** Reshape of rows [batch, steps·n] to [−1, n] (one step per row): toOnnx's timeDistributed starts; its layers are wrapped at the closing Reshape. */
function openTimeDistributed(node: OnnxNode, index: number, s: OnnxImport): void {
  const [n] = reshapeSizes(node, index, s, reshapeTarget(node, index, s)!);
  const steps = s.shape[0] / n;
  rowsAreSequence(node, index, s, [steps, n], `a Reshape of [batch, ${s.shape[0]}] to [batch·${steps}, ${n}] (timeDistributed)`);
  s.chain(node, index);
  s.shape = [n];
  const st = sequenceState(s);
  st.flat = null;
  st.inner = { steps, first: s.layers.length };
}

/** Reshape back to [−1, steps·m]: the layers since the opening Reshape become timeDistributed(layer), one each. */
function closeTimeDistributed(node: OnnxNode, index: number, s: OnnxImport): void {
  const st = sequenceState(s);
  const { steps, first } = st.inner!;
  const to = reshapeTarget(node, index, s);
  const m = steps * s.shape.reduce((a, b) => a * b, 1);
  if (!to || to.length !== 2 || to[1] !== m || s.shape.length !== 1) throw s.unsupported(node, index, `only a Reshape back to [−1, ${m}] ends a timeDistributed (${steps} steps of [${s.shape.join(', ')}])`);
  reshapeSizes(node, index, s, to);
  const wrong = s.layers.slice(first).find((l) => !INNER.has(l.config.kind));
  if (wrong) throw s.unsupported(node, index, `timeDistributed(${wrong.config.kind}) is not supported (${wrong.source}; dense and activations are)`);
  s.chain(node, index);
  for (let i = first; i < s.layers.length; i++) {
    const l: ImportedLayer = s.layers[i];
    s.layers[i] = { ...l, config: { kind: 'timeDistributed', layer: l.config } };
  }
  s.shape = [m];
  st.inner = null;
  st.flat = { layers: s.layers.length, shape: [steps, m / steps] };
}

/** Reshape of a batch-first sequence to rows [−1, steps·features]. */
function importSequenceToRows(node: OnnxNode, index: number, s: OnnxImport): void {
  const [steps, features] = s.shape;
  const to = reshapeTarget(node, index, s);
  if (!to || to.length !== 2 || (to[1] !== -1 && to[1] !== steps * features)) {
    throw s.unsupported(node, index, `a Reshape of a sequence [batch, ${steps}, ${features}] is read only to rows [−1, ${steps * features}]`);
  }
  reshapeSizes(node, index, s, to);
  s.chain(node, index);
  s.shape = [steps * features];
  sequenceState(s).flat = { layers: s.layers.length, shape: [steps, features] };
}

/** Transpose perm [1, 0, 2] of a batch-first sequence: time-major, for the recurrent node after it. */
function importSequenceTranspose(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, ['perm']);
  const perm = permOf(node, index, s);
  if (perm !== '1,0,2') throw s.unsupported(node, index, `only perm [1, 0, 2] of a sequence is read (to the time-major input of LSTM / GRU / RNN), got [${perm.replace(/,/g, ', ')}]`);
  s.chain(node, index);
  sequenceState(s).timeMajor = true;
}

/** Gather(sequence, −1 or steps − 1, axis 1): the last step, PyTorch's `y[:, -1, :]`; the recurrent layer before it stops returning sequences. */
function importLastStep(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, ['axis']);
  const [steps, units] = s.shape;
  const at = intValues(node, index, s, 1, 1);
  const axis = s.int(node, index, 'axis', 0);
  if (!at || at.dims.length !== 0 || axis !== 1 || (at.values[0] !== -1 && at.values[0] !== steps - 1)) {
    throw s.unsupported(node, index, 'only Gather of the last step of a sequence is read (a scalar index −1 on axis 1, PyTorch\'s y[:, -1, :])');
  }
  const last = s.layers.at(-1);
  if (!last || !['simpleRnn', 'lstm', 'gru'].includes(last.config.kind) || last.config.returnSequences !== true) {
    throw s.unsupported(node, index, 'the last step is read only right after a recurrent layer (which then returns its last step)');
  }
  s.chain(node, index);
  s.layers[s.layers.length - 1] = { ...last, config: { ...last.config, returnSequences: false } };
  s.shape = [units];
}

/** MatMul(sequence, B [n, m]) (+ Add of a bias): PyTorch's Linear on every step, timeDistributed(dense). */
function importSequenceMatMul(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, []);
  const [steps, n] = s.shape;
  const B = s.constant(node, index, 1);
  if (!B) throw s.bad(node, index, 'has no weight input B');
  s.chain(node, index);
  if (B.dims.length !== 2 || B.dims[0] !== n) throw s.bad(node, index, `B has dims [${B.dims.join(', ')}], expected [${n}, units]`);
  const m = B.dims[1];
  let b = new Float32Array(m);
  const next = s.peek();
  if (next && next.node.opType === 'Add' && next.node.input.length === 2 && next.node.input.includes(s.current)) {
    const add = s.take();
    s.onlyAttributes(add.node, add.index, []);
    const at = add.node.input.indexOf(s.current);
    const c = s.constant(add.node, add.index, 1 - at);
    s.chain(add.node, add.index, at);
    const d = c?.dims ?? [];
    const ok = c && (c.data.length === m || c.data.length === 1) && d.every((v, i) => v === 1 || (i === d.length - 1 && v === m)) && d.length <= 3;
    if (!ok) throw s.bad(add.node, add.index, `the bias has dims [${d.join(', ')}], which do not broadcast to [batch, ${steps}, ${m}]`);
    b = Float32Array.from({ length: m }, (_, j) => c.data[c.data.length === 1 ? 0 : j]);
  }
  s.push(node, index, { kind: 'timeDistributed', layer: { kind: 'dense', units: m } }, { W: B.data, b });
  s.shape = [steps, m];
}

/** An op on a sequence that no simdnet layer computes. */
function refuseOnSequence(node: OnnxNode, index: number, s: OnnxImport): never {
  throw s.unsupported(node, index, `${node.opType} of a sequence [batch, ${s.shape.join(', ')}] is not read (on sequences simdnet reads LSTM / GRU / RNN, Reshape to rows, Transpose [1, 0, 2], Gather of the last step, MatMul on every step and elementwise activations)`);
}

/** Anything but a recurrent node on a time-major sequence. */
function refuseTimeMajor(node: OnnxNode, index: number, s: OnnxImport): never {
  throw s.unsupported(node, index, 'reads a time-major sequence [steps, batch, features]; simdnet reads one only as the input of LSTM / GRU / RNN');
}

/** The importers of ops on a batch-first sequence. */
const ON_SEQUENCE: Readonly<Record<string, OnnxImporter>> = {
  Reshape: importSequenceToRows, Transpose: importSequenceTranspose, Gather: importLastStep, MatMul: importSequenceMatMul,
  Gemm: refuseOnSequence, Flatten: refuseOnSequence, Squeeze: refuseOnSequence, Unsqueeze: refuseOnSequence, Slice: refuseOnSequence,
  Concat: refuseOnSequence, Softmax: refuseOnSequence,
};

/**
 * The importer of `node` when it belongs to the sequence code rather than to the op table: any op on a sequence or a
 * time-major tensor, and a Reshape of rows into a sequence or into (or out of) one step per row. Undefined for the
 * rest (elementwise ops on sequences too: the table's layers take any shape).
 */
export function sequenceAdapter(node: OnnxNode, index: number, s: OnnxImport): OnnxImporter | undefined {
  const st = sequenceState(s);
  if (st.timeMajor) return RECURRENT_OPS.has(node.opType) || node.opType === 'Shape' ? undefined : refuseTimeMajor;
  if (s.shape.length === 2) return Object.hasOwn(ON_SEQUENCE, node.opType) ? ON_SEQUENCE[node.opType] : undefined;
  if (node.opType !== 'Reshape' || s.shape.length !== 1) return undefined;
  if (st.inner) return closeTimeDistributed;
  const to = reshapeTarget(node, index, s);
  if (to?.length === 3) return importRowsToSequence;
  const flat = st.flat !== null && elementwiseSince(s, st.flat.layers);
  if (to?.length === 2 && to[1] >= 1 && s.shape[0] % to[1] === 0 && (to[1] < s.shape[0] || flat)) return openTimeDistributed;
  return undefined;
}

/** Refuses a graph that ends inside a timeDistributed bracket or on a time-major tensor. */
export function endSequences(s: OnnxImport): void {
  const st = states.get(s);
  if (st?.inner) throw new TypeError(`${OP}: the graph ends inside a timeDistributed (a Reshape to one step per row, without the Reshape back)`);
  if (st?.timeMajor) throw new TypeError(`${OP}: the graph ends on a time-major sequence (a Transpose [1, 0, 2] that no recurrent node reads)`);
}

/** A FLOAT constant's values (ConstantOfShape's value), for the zero-state check. */
export function floatValues(node: OnnxNode, index: number, s: OnnxImport, name: string): Float32Array | undefined {
  const t = s.attribute(node, index, name, AttributeType.TENSOR)?.t;
  if (!t) return undefined;
  if (t.dataType !== DataType.FLOAT) throw s.unsupported(node, index, `attribute ${name} has data type ${dataTypeName(t.dataType)}, expected FLOAT`);
  return tensorToFloat32(t, OP);
}
