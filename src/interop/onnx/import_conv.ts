/** The ONNX importers of the image layers: Conv, MaxPool, AveragePool, GlobalAveragePool, and Flatten, Reshape and Transpose of images (PyTorch's and toOnnx's forms). */

import { axis } from '../../backend/geometry.js';
import type { OnnxImport } from './import_graph.js';
import type { OnnxNode } from './onnx_types.js';

type Importer = (node: OnnxNode, index: number, s: OnnxImport) => void;

/** The running tensor as an image [c, h, w]; a RangeError naming the node otherwise. */
function image(node: OnnxNode, index: number, s: OnnxImport): [number, number, number] {
  if (s.shape.length !== 3) throw s.bad(node, index, `expects a [batch, channels, height, width] input, got [batch, ${s.shape.join(', ')}]`);
  return [s.shape[0], s.shape[1], s.shape[2]];
}

/** A list attribute of two positive sizes (kernel_shape, strides), or `fallback` when absent. */
function pair(node: OnnxNode, index: number, s: OnnxImport, name: string, fallback: number[]): [number, number] {
  const v = s.ints(node, index, name, fallback);
  if (v.length !== 2 || !v.every((d) => Number.isInteger(d) && d >= 1 && d <= 65536)) throw s.bad(node, index, `${name} must be 2 sizes from 1 to 65536 (a 2-D window), got [${v.join(', ')}]`);
  return [v[0], v[1]];
}

/**
 * simdnet's padding for a window over [h, w]: pads all 0 (or auto_pad VALID) → 'valid'; pads equal to TensorFlow's
 * 'same' rule for this shape (or auto_pad SAME_UPPER, the same rule) → 'same'; anything else is a RangeError.
 */
function paddingOf(node: OnnxNode, index: number, s: OnnxImport, hw: number[], k: number[], st: number[]): 'valid' | 'same' {
  const auto = s.string(node, index, 'auto_pad', 'NOTSET');
  if (auto === 'VALID') return 'valid';
  const same = [0, 1].map((i) => axis(hw[i], k[i], st[i], 'same'));
  const tf = [same[0].before, same[1].before, same[0].after, same[1].after];
  if (auto === 'SAME_UPPER' || (auto === 'SAME_LOWER' && tf[0] === tf[2] && tf[1] === tf[3])) return 'same';
  if (auto !== 'NOTSET') throw s.unsupported(node, index, `auto_pad ${JSON.stringify(auto)} is not supported (simdnet pads as TensorFlow: SAME_UPPER)`);
  const pads = s.ints(node, index, 'pads', [0, 0, 0, 0]);
  if (pads.length !== 4) throw s.bad(node, index, `pads must have 4 values [top, left, bottom, right], got [${pads.join(', ')}]`);
  if (pads.every((p) => p === 0)) return 'valid';
  if (pads.every((p, i) => p === tf[i])) return 'same';
  throw s.bad(node, index, `pads [${pads.join(', ')}] are neither none nor TensorFlow's 'same' padding for this ${hw[0]}×${hw[1]} input ([${tf.join(', ')}]); simdnet pads 'valid' or 'same' only`);
}

/** The output shape [c, ho, wo] of a window with simdnet's padding over [c, h, w]. */
function outShape(c: number, hw: number[], k: number[], st: number[], padding: 'valid' | 'same'): number[] {
  return [c, axis(hw[0], k[0], st[0], padding).out, axis(hw[1], k[1], st[1], padding).out];
}

/** Attributes a node must leave at their defaults (or set to them): dilations 1, ceil_mode 0, group 1. */
function defaults(node: OnnxNode, index: number, s: OnnxImport, names: ('dilations' | 'ceil_mode' | 'group' | 'storage_order')[]): void {
  for (const name of names) {
    if (name === 'dilations') {
      const d = s.ints(node, index, 'dilations', [1, 1]);
      if (!d.every((v) => v === 1)) throw s.unsupported(node, index, `dilations [${d.join(', ')}] are not supported (only 1)`);
    } else {
      const want = name === 'group' ? 1 : 0;
      const v = s.int(node, index, name, want);
      if (v !== want) throw s.unsupported(node, index, `${name} = ${v} is not supported (only ${want})`);
    }
  }
}

/** Conv(X, W [cout, cin, kh, kw], B) → conv2d, W as [kh·kw·cin × cout]: W[((y·kw + x)·cin + i)·cout + o] = w[((o·cin + i)·kh + y)·kw + x]. */
function importConv(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, ['kernel_shape', 'strides', 'pads', 'auto_pad', 'dilations', 'group']);
  const [c, h, w] = image(node, index, s);
  defaults(node, index, s, ['dilations', 'group']);
  const Wc = s.constant(node, index, 1);
  if (!Wc) throw s.bad(node, index, 'has no weight input W');
  const B = s.constant(node, index, 2);
  s.chain(node, index);
  const [cout, cin, kh, kw] = Wc.dims;
  if (Wc.dims.length !== 4 || cin !== c) throw s.bad(node, index, `W has dims [${Wc.dims.join(', ')}], expected [filters, ${c}, kh, kw]`);
  const k = pair(node, index, s, 'kernel_shape', [kh, kw]);
  if (k[0] !== kh || k[1] !== kw) throw s.bad(node, index, `kernel_shape [${k.join(', ')}] differs from W's [${kh}, ${kw}]`);
  const st = pair(node, index, s, 'strides', [1, 1]);
  const padding = paddingOf(node, index, s, [h, w], k, st);
  if (B && (B.dims.length !== 1 || B.dims[0] !== cout)) throw s.bad(node, index, `B has dims [${B.dims.join(', ')}], expected [${cout}]`);
  const W = new Float32Array(kh * kw * cin * cout);
  for (let o = 0; o < cout; o++) {
    for (let i = 0; i < cin; i++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) W[((y * kw + x) * cin + i) * cout + o] = Wc.data[((o * cin + i) * kh + y) * kw + x];
  }
  s.push(node, index, { kind: 'conv2d', filters: cout, kernelSize: k, strides: st, padding }, { W, b: B ? B.data : new Float32Array(cout) });
  s.shape = outShape(cout, [h, w], k, st, padding);
}

/** MaxPool / AveragePool → maxPool2d / avgPool2d (ONNX's strides default to 1, not to the window). */
function pool(kind: 'maxPool2d' | 'avgPool2d'): Importer {
  return (node, index, s) => {
    const own = kind === 'maxPool2d' ? ['storage_order'] : ['count_include_pad'];
    s.onlyAttributes(node, index, ['kernel_shape', 'strides', 'pads', 'auto_pad', 'dilations', 'ceil_mode', ...own]);
    const [c, h, w] = image(node, index, s);
    defaults(node, index, s, kind === 'maxPool2d' ? ['dilations', 'ceil_mode', 'storage_order'] : ['dilations', 'ceil_mode']);
    const k = pair(node, index, s, 'kernel_shape', []);
    const st = pair(node, index, s, 'strides', [1, 1]);
    const padding = paddingOf(node, index, s, [h, w], k, st);
    if (kind === 'avgPool2d' && padding === 'same' && s.int(node, index, 'count_include_pad', 0) !== 0) {
      throw s.unsupported(node, index, "count_include_pad = 1 with padding is not supported: simdnet's average leaves the padding out (as TensorFlow)");
    }
    s.chain(node, index);
    s.push(node, index, { kind, poolSize: k, strides: st, padding });
    s.shape = outShape(c, [h, w], k, st, padding);
  };
}

/** GlobalAveragePool → globalAvgPool2d: ONNX's [batch, c, 1, 1] is simdnet's [c] (a Flatten after it adds nothing). */
function importGlobalAveragePool(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, []);
  const [c] = image(node, index, s);
  s.chain(node, index);
  s.push(node, index, { kind: 'globalAvgPool2d' });
  s.shape = [c, 1, 1];
}

/**
 * Flattens the image [c, h, w] as PyTorch does (C·H·W order) into simdnet's flatten() (H·W·C): the dense layer after
 * it takes its weight rows permuted (`s.rowOrder`). After globalAvgPool2d the sample is already [c]: no layer.
 */
export function flattenImage(node: OnnxNode, index: number, s: OnnxImport, order: 'chw' | 'hwc'): void {
  const [c, h, w] = s.shape;
  s.shape = [c * h * w];
  if (s.layers.at(-1)?.config.kind === 'globalAvgPool2d') return;
  s.push(node, index, { kind: 'flatten' });
  if (order === 'hwc' || c === 1 || h * w === 1) return;
  const perm = new Int32Array(c * h * w);
  for (let p = 0; p < h * w; p++) for (let ch = 0; ch < c; ch++) perm[p * c + ch] = ch * h * w + p;
  s.rowOrder = perm;
}

/** Reshape: toOnnx's adapters (rows → NHWC images + Transpose [0, 3, 1, 2] on the input), or [batch, −1] of an image (a Flatten). */
function importReshape(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, ['allowzero']);
  if (s.int(node, index, 'allowzero', 0) !== 0) throw s.unsupported(node, index, 'allowzero = 1 is not supported');
  const to = s.intConstant(node, index, 1);
  if (!to) throw s.bad(node, index, 'has no shape input');
  s.chain(node, index);
  const size = s.shape.reduce((a, b) => a * b, 1);
  if (s.shape.length === 3 && to.length === 2 && (to[0] === -1 || to[0] === 0) && (to[1] === -1 || to[1] === size)) return flattenImage(node, index, s, 'chw');
  if (s.shape.length === 1 && to.length === 4 && to[0] === -1 && to[1] * to[2] * to[3] === size && to.slice(1).every((d) => d >= 1)) {
    const t = s.peek();
    if (!t || t.node.opType !== 'Transpose' || s.ints(t.node, t.index, 'perm', []).join() !== '0,3,1,2') {
      throw s.unsupported(node, index, 'a Reshape of rows to [−1, h, w, c] is read only when a Transpose with perm [0, 3, 1, 2] follows (toOnnx\'s image input)');
    }
    s.imageInput(node, index, [to[1], to[2], to[3]]);
    s.take();
    s.onlyAttributes(t.node, t.index, ['perm']);
    s.chain(t.node, t.index);
    s.shape = [to[3], to[1], to[2]];
    return;
  }
  throw s.unsupported(node, index, `a Reshape of [batch, ${s.shape.join(', ')}] to [${to.join(', ')}] is not supported (only flattening an image, or toOnnx's image adapters)`);
}

/** Transpose perm [0, 2, 3, 1] followed by Reshape [−1, h·w·c]: toOnnx's flatten in simdnet's own NHWC order (no permutation). */
function importTranspose(node: OnnxNode, index: number, s: OnnxImport): void {
  s.onlyAttributes(node, index, ['perm']);
  const r = s.peek();
  const ok = s.shape.length === 3 && s.ints(node, index, 'perm', []).join() === '0,2,3,1' && r?.node.opType === 'Reshape';
  if (!ok) throw s.unsupported(node, index, "only toOnnx's flatten of an image (Transpose perm [0, 2, 3, 1], then Reshape to [−1, h·w·c]) is read");
  s.chain(node, index);
  s.take();
  s.onlyAttributes(r.node, r.index, ['allowzero']);
  const to = s.intConstant(r.node, r.index, 1);
  const size = s.shape.reduce((a, b) => a * b, 1);
  if (!to || to.length !== 2 || (to[0] !== -1 && to[0] !== 0) || (to[1] !== -1 && to[1] !== size)) throw s.unsupported(r.node, r.index, `only a Reshape to [−1, ${size}] is read after Transpose [0, 2, 3, 1]`);
  s.chain(r.node, r.index);
  flattenImage(node, index, s, 'hwc');
}

/** The image layers' importers (see the conventions in import_ops.ts). */
export const ONNX_CONV_IMPORTERS: Readonly<Record<string, Importer>> = {
  Conv: importConv,
  MaxPool: pool('maxPool2d'),
  AveragePool: pool('avgPool2d'),
  GlobalAveragePool: importGlobalAveragePool,
  Reshape: importReshape,
  Transpose: importTranspose,
};
