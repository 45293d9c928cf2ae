/** The ONNX importers of the training-toolkit layers: Dropout, BatchNormalization, Softmax, and Sub (+ Mul or Div) as normalize. */

import { f32Decimal } from '../imported.js';
import type { Initializer, OnnxImport } from './import_graph.js';
import type { OnnxNode } from './onnx_types.js';

type Importer = (node: OnnxNode, index: number, s: OnnxImport) => void;

/** The values of a constant that broadcasts along [batch, n]: dims [], [1], [n] or [1, n]; a RangeError otherwise. */
function perFeature(node: OnnxNode, index: number, s: OnnxImport, c: Initializer, n: number, what: string): Float32Array {
  const d = c.dims;
  const scalar = c.data.length === 1 && d.every((k) => k === 1);
  const row = (d.length === 1 && d[0] === n) || (d.length === 2 && d[0] === 1 && d[1] === n);
  if (!scalar && !row) throw s.bad(node, index, `${what} has dims [${d.join(', ')}], which do not broadcast to [batch, ${n}]`);
  return Float32Array.from({ length: n }, (_, j) => c.data[scalar ? 0 : j]);
}

/**
 * Dropout (opset 12+: ratio and training_mode as inputs) → dropout(ratio), the identity at inference; ratio from its
 * constant input (ONNX's default 0.5). training_mode must be absent or a constant false; the mask output unread.
 */
function importDropout(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, ['seed']);
  const ratio = s.constant(node, index, 1);
  if (s.boolConstant(node, index, 2)) throw s.unsupported(node, index, 'training_mode must be false (an inference graph)');
  s.chain(node, index);
  if (ratio && ratio.data.length !== 1) throw s.bad(node, index, `ratio must be a scalar, got ${ratio.data.length} values`);
  const rate = ratio ? ratio.data[0] : 0.5;
  if (!(rate >= 0 && rate < 1)) throw s.bad(node, index, `ratio must be in [0, 1), got ${rate}`);
  s.push(node, index, { kind: 'dropout', rate: f32Decimal(rate) });
}

/**
 * BatchNormalization(X, scale, B, input_mean, input_var) → batchNorm with gamma = scale, beta = B, movingMean,
 * movingVariance, and ONNX's epsilon (default 1e-5, PyTorch's) and momentum (default 0.9, Keras's meaning: PyTorch's
 * momentum 0.1 is exported as 0.9). Channels are ONNX's axis 1 and simdnet's last axis: [features] rows, or [c, h, w]
 * images read as NHWC rows, with the same parameters. training_mode must be 0.
 */
function importBatchNorm(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, ['epsilon', 'momentum', 'training_mode', 'spatial']);
  if (s.int(node, index, 'training_mode', 0) !== 0) throw s.unsupported(node, index, 'training_mode must be 0 (an inference graph)');
  if (s.int(node, index, 'spatial', 1) !== 1) throw s.unsupported(node, index, 'spatial must be 1 (statistics per channel)');
  if (s.shape.length !== 1 && s.shape.length !== 3) throw s.bad(node, index, `expects [batch, features] or [batch, c, h, w], got [batch, ${s.shape.join(', ')}]`);
  const c = s.shape[0];
  const names = ['scale', 'B', 'input_mean', 'input_var'];
  const [gamma, beta, mean, variance] = names.map((name, i) => {
    const t = s.constant(node, index, i + 1);
    if (!t) throw s.bad(node, index, `has no ${name} input`);
    if (t.data.length !== c || t.dims.length !== 1) throw s.bad(node, index, `${name} has dims [${t.dims.join(', ')}], expected [${c}] (one per channel)`);
    return t.data;
  });
  s.chain(node, index);
  const epsilon = s.float(node, index, 'epsilon', 1e-5);
  const momentum = s.float(node, index, 'momentum', 0.9);
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw s.bad(node, index, `epsilon must be a finite number > 0, got ${epsilon}`);
  if (!(momentum >= 0 && momentum <= 1)) throw s.bad(node, index, `momentum must be in [0, 1], got ${momentum}`);
  const negative = variance.findIndex((v) => v < 0);
  if (negative >= 0) throw s.bad(node, index, `input_var[${negative}] is ${variance[negative]}; a variance is ≥ 0`);
  s.push(node, index, { kind: 'batchNorm', momentum: f32Decimal(momentum), epsilon: f32Decimal(epsilon), center: true, scale: true },
    { gamma, beta, movingMean: mean, movingVariance: variance });
}

/** Softmax along the features of [batch, features] rows (axis −1 or 1) → softmax(), wherever it sits in the chain. */
function importSoftmax(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, ['axis']);
  const axis = s.int(node, index, 'axis', -1);
  if (s.shape.length !== 1) throw s.unsupported(node, index, `softmax of [batch, ${s.shape.join(', ')}] is not supported (only along the features of [batch, features])`);
  if (axis !== -1 && axis !== 1) throw s.unsupported(node, index, `axis ${axis} is not supported: simdnet's softmax() is along the features (axis −1 or 1)`);
  s.chain(node, index);
  if (s.shape[0] < 2) throw s.bad(node, index, 'a softmax over 1 value is always 1');
  s.push(node, index, { kind: 'softmax' });
}

/**
 * Sub(x, shift) followed by Mul(·, scale) or Div(·, spread) with per-feature constants → normalize (shift, scale or
 * 1/spread): the form toOnnx writes (Sub + Mul), and a hand-written standardization (Sub + Div); a Sub alone is
 * normalize with scale 1. Rows only. The method is not in the graph: it is read as 'standard'.
 */
function importNormalize(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, []);
  if (s.shape.length !== 1) throw s.unsupported(node, index, `Sub on [batch, ${s.shape.join(', ')}] is not supported (only per-feature constants on [batch, features] rows, as normalize)`);
  const n = s.shape[0];
  const c = s.constant(node, index, 1);
  if (!c || node.input.length !== 2) throw s.unsupported(node, index, 'only Sub(x, constant) is read (as normalize)');
  s.chain(node, index);
  const shift = perFeature(node, index, s, c, n, 'the subtrahend');
  let scale: Float32Array = new Float32Array(n).fill(1);
  const next = s.peek();
  if (next && (next.node.opType === 'Mul' || next.node.opType === 'Div') && next.node.input[0] === s.current) {
    const { node: m, index: mi } = s.take();
    s.onlyAttributes(m, mi, []);
    const k = m.input.length === 2 ? s.constant(m, mi, 1) : undefined;
    if (!k) throw s.unsupported(m, mi, `only ${m.opType}(x, constant) after a Sub is read (as normalize)`);
    s.chain(m, mi);
    const v = perFeature(m, mi, s, k, n, m.opType === 'Mul' ? 'the factor' : 'the divisor');
    if (m.opType === 'Div' && v.some((d) => d === 0)) throw s.bad(m, mi, `the divisor has a zero at index ${v.indexOf(0)}`);
    scale = m.opType === 'Mul' ? v : v.map((d) => 1 / d);
  }
  s.push(node, index, { kind: 'normalize', method: 'standard', inputShape: [n] }, { shift, scale });
}

/** The entries of ONNX_IMPORTERS for the toolkit's layers. */
export const ONNX_TOOLKIT_IMPORTERS: Readonly<Record<string, Importer>> = {
  Dropout: importDropout,
  BatchNormalization: importBatchNorm,
  Softmax: importSoftmax,
  Sub: importNormalize,
};
