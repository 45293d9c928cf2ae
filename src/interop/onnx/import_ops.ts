/** The ONNX importers: one table entry per op type, and the conventions they follow. */

import { f32Decimal } from '../imported.js';
import { flattenImage, ONNX_CONV_IMPORTERS } from './import_conv.js';
import type { Initializer, OnnxImport } from './import_graph.js';
import { ONNX_TOOLKIT_IMPORTERS } from './import_toolkit.js';
import { ONNX_RECURRENT_IMPORTERS } from './import_recurrent.js';
import { DataType, type OnnxNode } from './onnx_types.js';

/** Reads one node (and maybe the ones it absorbs) into simdnet layers. */
export type OnnxImporter = (node: OnnxNode, index: number, s: OnnxImport) => void;

/** Checks that the running tensor is rows [batch, features] (what dense and softmax read). */
function expectRows(node: OnnxNode, index: number, s: OnnxImport): number {
  if (s.shape.length !== 1) {
    throw s.bad(node, index, `expects a [batch, features] input, got [batch, ${s.shape.join(', ')}]; flatten it first`);
  }
  return s.shape[0];
}

/** A bias of `n` values from a constant that broadcasts to [batch, n]: dims [], [1], [n] or [1, n]; zeros when absent. */
function biasOf(node: OnnxNode, index: number, s: OnnxImport, c: Initializer | undefined, n: number, scale: number): Float32Array {
  if (!c) return new Float32Array(n);
  const d = c.dims;
  const scalar = c.data.length === 1 && (d.length === 0 || (d.length === 1 && d[0] === 1) || (d.length === 2 && d[0] === 1 && d[1] === 1));
  const row = (d.length === 1 && d[0] === n) || (d.length === 2 && d[0] === 1 && d[1] === n);
  if (!scalar && !row) throw s.bad(node, index, `the bias has dims [${d.join(', ')}], which do not broadcast to [batch, ${n}]`);
  return Float32Array.from({ length: n }, (_, j) => scale * c.data[scalar ? 0 : j]);
}

/**
 * Pushes dense(units) from a [k × n] weight given as (row, col) → value; after a Flatten of an image, simdnet's row r
 * is ONNX's row `s.rowOrder[r]` (C·H·W order read from H·W·C rows).
 */
function pushDense(node: OnnxNode, index: number, s: OnnxImport, k: number, n: number, at: (i: number, j: number) => number, b: Float32Array): void {
  const W = new Float32Array(k * n);
  const order = s.rowOrder;
  s.rowOrder = null;
  for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) W[i * n + j] = at(order ? order[i] : i, j);
  s.push(node, index, { kind: 'dense', units: n }, { W, b });
  s.shape = [n];
}

/** Y = alpha·A·op(B) + beta·C with A the rows: dense with W = alpha·op(B) ([k × n]) and b = beta·C. */
function importGemm(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, ['alpha', 'beta', 'transA', 'transB']);
  const k = expectRows(node, index, s);
  if (s.int(node, index, 'transA', 0) !== 0) throw s.bad(node, index, 'transA = 1 is not supported: the batch must be the rows of A');
  const transB = s.int(node, index, 'transB', 0);
  if (transB !== 0 && transB !== 1) throw s.bad(node, index, `transB must be 0 or 1, got ${transB}`);
  const [alpha, beta] = [s.float(node, index, 'alpha', 1), s.float(node, index, 'beta', 1)];
  const B = s.constant(node, index, 1);
  if (!B) throw s.bad(node, index, 'has no weight input B');
  const C = s.constant(node, index, 2);
  s.chain(node, index);
  if (B.dims.length !== 2) throw s.bad(node, index, `B has dims [${B.dims.join(', ')}], expected 2-D`);
  const [rows, cols] = B.dims;
  const [kb, n] = transB ? [cols, rows] : [rows, cols];
  if (kb !== k) throw s.bad(node, index, `B has dims [${B.dims.join(', ')}]${transB ? ' (transB = 1)' : ''}: ${kb} inputs, but the running tensor has ${k} features`);
  const at = transB ? (i: number, j: number) => alpha * B.data[j * k + i] : (i: number, j: number) => alpha * B.data[i * n + j];
  pushDense(node, index, s, k, n, at, biasOf(node, index, s, C, n, beta));
}

/** Y = A·B with A the rows and B a [k × n] constant → dense; an Add of a bias constant right after it is its bias. */
function importMatMul(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, []);
  const k = expectRows(node, index, s);
  const B = s.constant(node, index, 1);
  if (!B) throw s.bad(node, index, 'has no weight input B');
  s.chain(node, index);
  if (B.dims.length !== 2 || B.dims[0] !== k) throw s.bad(node, index, `B has dims [${B.dims.join(', ')}], expected [${k}, units]`);
  const n = B.dims[1];
  let b: Float32Array = new Float32Array(n);
  const next = s.peek();
  if (next && next.node.opType === 'Add' && next.node.input.includes(s.current)) {
    const add = s.take();
    s.onlyAttributes(add.node, add.index, []);
    const at = add.node.input.indexOf(s.current);
    if (add.node.input.length !== 2) throw s.bad(add.node, add.index, `has ${add.node.input.length} inputs, expected 2`);
    const bias = s.constant(add.node, add.index, 1 - at);
    s.chain(add.node, add.index, at);
    b = biasOf(add.node, add.index, s, bias, n, 1);
  }
  pushDense(node, index, s, k, n, (i, j) => B.data[i * n + j], b);
}

/** An element-wise op without attributes → the simdnet activation `kind` (any layout: it keeps the shape). */
function elementwise(kind: 'relu' | 'tanh' | 'sigmoid'): OnnxImporter {
  return (node, index, s) => {
    s.onlyAttributes(node, index, []);
    s.chain(node, index);
    s.push(node, index, { kind });
  };
}

/** y = x ≥ 0 ? x : alpha·x (ONNX's default alpha 0.01); simdnet needs alpha ≥ 0. */
function importLeakyRelu(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, ['alpha']);
  const alpha = s.float(node, index, 'alpha', 0.01);
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw s.bad(node, index, `alpha must be a finite number ≥ 0, got ${alpha}`);
  s.chain(node, index);
  s.push(node, index, { kind: 'leakyRelu', alpha: f32Decimal(alpha) });
}

/** Greater(x, 0) followed by Cast(to FLOAT): the form toOnnx writes for step (y = x > 0 ? 1 : 0). */
function importStep(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, []);
  const zero = s.constant(node, index, 1);
  if (!zero || zero.data.length !== 1 || zero.data[0] !== 0) throw s.unsupported(node, index, 'only Greater(x, 0) followed by Cast(to FLOAT) is read (as step)');
  s.chain(node, index);
  const next = s.peek();
  if (!next || next.node.opType !== 'Cast' || s.int(next.node, next.index, 'to', 0) !== DataType.FLOAT) {
    throw s.unsupported(node, index, 'only Greater(x, 0) followed by Cast(to FLOAT) is read (as step)');
  }
  const cast = s.take();
  s.onlyAttributes(cast.node, cast.index, ['to']);
  s.chain(cast.node, cast.index);
  s.push(node, index, { kind: 'step' });
}

/** Flatten(axis 1): of rows the identity (no layer); of an image [c, h, w] flatten() with the next dense's rows permuted. */
function importFlatten(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, ['axis']);
  if (s.int(node, index, 'axis', 1) !== 1) throw s.bad(node, index, 'only axis 1 (keep the batch) is supported');
  if (s.shape.length !== 1 && s.shape.length !== 3) throw s.unsupported(node, index, `flattening [batch, ${s.shape.join(', ')}] is not supported`);
  s.chain(node, index);
  if (s.shape.length === 3) flattenImage(node, index, s, 'chw');
}

/**
 * The ONNX importers, one entry per op type: each reads its node (and may take the next one), checks it, pushes
 * simdnet layers with their weights in simdnet's layouts, and leaves `s.current` and `s.shape` after it.
 *
 * Conventions every entry follows:
 * - The data input is the running tensor (`s.chain(node, index)` checks it and moves on); weights come from
 *   constants (initializers or Constant nodes), read with `s.constant`. Attributes are read with their ONNX defaults;
 *   a value simdnet cannot compute is a RangeError naming the node, an unsupported form a TypeError.
 * - The toolkit's layers (import_toolkit.ts): Dropout, BatchNormalization, Softmax and Sub (+ Mul or Div) as normalize.
 * - `s.shape` is the shape without batch in ONNX's terms: `[features]`, or `[c, h, w]` for images. The imported
 *   model takes simdnet rows: for an NCHW graph input [batch, c, h, w] its input shape is [h, w, c] (NHWC rows).
 *
 * - The sequence ops (import_recurrent.ts, import_sequence.ts): LSTM / GRU / RNN (layout 0, forward, default
 *   activations or RNN's Relu) → lstm / gru / simpleRnn with W, R per gate block transposed back to Keras's order and
 *   b = Wb + Rb (GRU with linear_before_reset = 1: resetAfter, b = [Wb; Rb]); X must be time-major (a Transpose [1, 0, 2]
 *   of a batch-first sequence), initial states absent or PyTorch's zeros, Y read through Squeeze + Transpose (every
 *   step) and Y_h through Squeeze or Gather (the last step). A sequence is `s.shape = [steps, features]`; the ops on
 *   it (Reshape to and from rows, Transpose, Gather of the last step, MatMul → timeDistributed(dense)) and PyTorch's
 *   zero-state Shape nodes are read by `sequenceImporter` before this table is asked, so they never take an op type
 *   from it; toOnnx's timeDistributed (Reshape to one step per row … Reshape back) wraps the layers in between.
 * - The image layers (import_conv.ts): Conv → conv2d (weight [cout, cin, kh, kw] → W [kh·kw·cin × cout]), MaxPool /
 *   AveragePool → maxPool2d / avgPool2d, GlobalAveragePool → globalAvgPool2d, with pads read as 'valid' (none) or
 *   'same' (TensorFlow's rule for the shape, or SAME_UPPER) and anything else refused; ceil_mode 0, dilations 1, group
 *   1; AveragePool with padding needs count_include_pad 0. Flatten (or Reshape to [batch, −1]) of [c, h, w] →
 *   flatten(): PyTorch flattens in C·H·W order and simdnet in H·W·C, so the next Gemm / MatMul takes its weight rows
 *   permuted (`s.rowOrder`: simdnet row (y·w + x)·c + ch is ONNX feature ch·h·w + y·w + x; element-wise entries in
 *   between keep it pending; a graph ending with it pending is refused). toOnnx's own adapters: Reshape of the rows
 *   input to [−1, h, w, c] + Transpose [0, 3, 1, 2] is the NHWC image input (no layer); Transpose [0, 2, 3, 1] +
 *   Reshape [−1, h·w·c] is flatten() in simdnet's own order (no permutation).
 */
export const ONNX_IMPORTERS: Readonly<Record<string, OnnxImporter>> = {
  Gemm: importGemm,
  MatMul: importMatMul,
  Relu: elementwise('relu'),
  Tanh: elementwise('tanh'),
  Sigmoid: elementwise('sigmoid'),
  LeakyRelu: importLeakyRelu,
  Greater: importStep,
  Flatten: importFlatten,
  ...ONNX_TOOLKIT_IMPORTERS,
  ...ONNX_RECURRENT_IMPORTERS,
  ...ONNX_CONV_IMPORTERS,
};
