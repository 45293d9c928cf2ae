/** The ONNX exporters: one table entry per simdnet layer kind, and the conventions the entries to come follow. */

import type { LayerKind } from '../../nn/layer.js';
import type { LayerView } from '../layer_view.js';
import type { OnnxGraphBuilder } from './export_graph.js';
import { exportTimeDistributed, ONNX_RECURRENT_EXPORTERS } from './export_recurrent.js';
import { floatAttr, intAttr } from './onnx_attr.js';
import { ONNX_TOOLKIT_EXPORTERS } from './export_toolkit.js';
import { DataType } from './onnx_types.js';

/** Adds one layer's nodes to the graph. */
export type OnnxExporter = (g: OnnxGraphBuilder, layer: LayerView) => void;

/**
 * The ONNX exporters, one entry per simdnet layer kind: each adds its layer's nodes to the graph builder.
 *
 * Conventions every entry follows:
 * - The graph input is `[batch, features]` rows exactly as `model.predict` takes them (images as NHWC rows) and the
 *   output is rows again (toOnnx calls `g.toRows()` at the end). Entries that need NCHW call `g.toNchw()` first
 *   (Reshape [-1, h, w, c] + Transpose [0, 3, 1, 2]); entries that need rows call `g.toRows()` (Transpose
 *   [0, 2, 3, 1] + Reshape [-1, h·w·c]). Element-wise entries work in either layout and call neither.
 * - An entry sets `g.shape` to its output's simdnet sample shape when it changes it, and `g.layout` when it leaves
 *   the tensor in another layout than it found it.
 * - Weights go in as initializers named `${layer}.${weight}` (`dense_0.W`); float attributes are f32 in ONNX.
 * - dropout writes nothing (inference is the identity); softmax is Softmax(axis −1) on rows; batchNorm and normalize:
 *   see their entries.
 * - The sequence layers (export_recurrent.ts): simpleRnn / lstm / gru → RNN / LSTM / GRU in layout 0 between a
 *   Reshape + Transpose of the rows and a Squeeze (+ Transpose + Reshape for every step) back to rows; timeDistributed
 *   → its layer's own entry on [batch·steps, …] rows between two Reshapes.
 *
 * The conventions of the entries still to come (the layer kinds other branches are adding):
 * - conv2d → `g.toNchw()`, then Conv(X, W', B) with W' [cout, cin, kh, kw] from simdnet's W [kh·kw·cin × cout]
 *   (the HWIO kernel flattened): W'[((o·cin + i)·kh + y)·kw + x] = W[((y·kw + x)·cin + i)·cout + o]; B = b.
 *   kernel_shape [kh, kw], strides [sh, sw], dilations [1, 1], group 1, explicit pads [top, left, bottom, right]:
 *   'valid' → zeros; 'same' by TensorFlow's rule per axis: out = ⌈n / s⌉, total = max((out − 1)·s + k − n, 0),
 *   begin = ⌊total / 2⌋, end = total − begin (the extra pixel goes bottom / right; ONNX's SAME_UPPER says the same).
 *   g.shape = [outH, outW, cout]; layout stays nchw.
 * - maxPool2d → `g.toNchw()`, MaxPool(kernel_shape, strides, pads as conv2d, ceil_mode 0); padding never wins a max.
 * - avgPool2d → `g.toNchw()`, AveragePool(…, count_include_pad 0): TensorFlow's 'same' average leaves padding out.
 * - globalAvgPool2d → `g.toNchw()`, GlobalAveragePool ([batch, c, 1, 1]), then Flatten(axis 1): layout rows, shape [c].
 * - flatten → `g.toRows()` and g.shape = [h·w·c]: the dense after it keeps its W unchanged, because the rows are
 *   back in NHWC order (never Flatten an NCHW tensor here: that would be PyTorch's C·H·W order).
 */
export const ONNX_EXPORTERS: Partial<Record<LayerKind, OnnxExporter>> = {
  /** y = x·W + b: Gemm(x, W, b) with transB = 0, so W goes in as simdnet stores it, [in × out]. */
  dense: (g, l) => {
    g.toRows();
    const [n, m] = [l.inputShape[0], l.outputShape[0]];
    g.add('Gemm', [g.current, g.weight('W', [n, m], l.weights.W), g.weight('b', [m], l.weights.b)]);
    g.shape = l.outputShape;
  },
  relu: (g) => { g.add('Relu', [g.current]); },
  /** alpha is an f32 attribute, which is also what the kernels compute with. */
  leakyRelu: (g, l) => { g.add('LeakyRelu', [g.current], [floatAttr('alpha', l.config.alpha as number)]); },
  tanh: (g) => { g.add('Tanh', [g.current]); },
  sigmoid: (g) => { g.add('Sigmoid', [g.current]); },
  /** y = x > 0 ? 1 : 0, exactly: Greater(x, 0) gives booleans, Cast(to FLOAT) makes them 1 and 0. */
  step: (g) => {
    g.add('Greater', [g.current, g.weight('zero', [], [0])]);
    g.add('Cast', [g.current], [intAttr('to', DataType.FLOAT)]);
  },
  ...ONNX_TOOLKIT_EXPORTERS,
  ...ONNX_RECURRENT_EXPORTERS,
  timeDistributed: (g, l) => exportTimeDistributed(g, l, ONNX_EXPORTERS),
};
