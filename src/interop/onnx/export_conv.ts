/** The ONNX exporters of the image layers: conv2d → Conv, maxPool2d → MaxPool, avgPool2d → AveragePool, globalAvgPool2d → GlobalAveragePool, flatten, in NCHW. */

import { convGeometry } from '../../backend/geometry.js';
import type { LayerKind } from '../../nn/layer.js';
import type { LayerView } from '../layer_view.js';
import type { OnnxGraphBuilder } from './export_graph.js';
import { intAttr, intsAttr } from './onnx_attr.js';
import type { OnnxAttribute } from './onnx_types.js';

/** Adds one layer's nodes to the graph (the type of ONNX_EXPORTERS' entries). */
type Exporter = (g: OnnxGraphBuilder, layer: LayerView) => void;

/**
 * kernel_shape, strides and explicit pads [top, left, bottom, right] of a window layer: TensorFlow's 'same' rule as
 * simdnet computes it (the odd pixel bottom / right, which is also ONNX's SAME_UPPER), zeros for 'valid'.
 */
export function windowAttributes(l: LayerView, kernel: readonly number[]): OnnxAttribute[] {
  const c = l.config;
  const [h, w, ch] = l.inputShape, strides = c.strides as number[];
  const g = convGeometry('toOnnx', { h, w, c: ch, kh: kernel[0], kw: kernel[1], sh: strides[0], sw: strides[1], padding: c.padding as 'valid' | 'same' });
  return [intsAttr('kernel_shape', kernel), intsAttr('strides', strides), intsAttr('pads', [g.padTop, g.padLeft, g.padBottom, g.padRight])];
}

/**
 * W [kh·kw·cin × cout] (HWIO flattened) → ONNX's [cout, cin, kh, kw]:
 * W'[((o·cin + i)·kh + y)·kw + x] = W[((y·kw + x)·cin + i)·cout + o].
 */
export function hwioToOihw(W: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(W.length);
  for (let o = 0; o < cout; o++) {
    for (let i = 0; i < cin; i++) {
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) out[((o * cin + i) * kh + y) * kw + x] = W[((y * kw + x) * cin + i) * cout + o];
    }
  }
  return out;
}

/**
 * The image layers' entries, following the conventions of ONNX_EXPORTERS: each makes the running tensor NCHW first
 * (`g.toNchw()`, a Reshape and a Transpose of the rows the first time) and leaves it NCHW, except globalAvgPool2d
 * (rows [batch, c] after a Flatten) and flatten (rows in simdnet's NHWC order, so the dense after it keeps its W).
 */
export const ONNX_CONV_EXPORTERS: Partial<Record<LayerKind, Exporter>> = {
  /** y = Conv(x, W', b), group 1, dilations 1, explicit pads. */
  conv2d: (g, l) => {
    g.toNchw();
    const [kh, kw] = l.config.kernelSize as number[], cin = l.inputShape[2], cout = l.outputShape[2];
    const W = g.weight('W', [cout, cin, kh, kw], hwioToOihw(l.weights.W, kh, kw, cin, cout));
    g.add('Conv', [g.current, W, g.weight('b', [cout], l.weights.b)], [...windowAttributes(l, [kh, kw]), intsAttr('dilations', [1, 1]), intAttr('group', 1)]);
    g.shape = l.outputShape;
  },
  /** MaxPool with the same pads (padding never wins a max), ceil_mode 0. */
  maxPool2d: (g, l) => {
    g.toNchw();
    g.add('MaxPool', [g.current], [...windowAttributes(l, l.config.poolSize as number[]), intAttr('ceil_mode', 0)]);
    g.shape = l.outputShape;
  },
  /** AveragePool with count_include_pad 0: TensorFlow's 'same' average leaves the padding out. */
  avgPool2d: (g, l) => {
    g.toNchw();
    g.add('AveragePool', [g.current], [...windowAttributes(l, l.config.poolSize as number[]), intAttr('ceil_mode', 0), intAttr('count_include_pad', 0)]);
    g.shape = l.outputShape;
  },
  /** GlobalAveragePool gives [batch, c, 1, 1]; Flatten(axis 1) makes it the rows [batch, c]. */
  globalAvgPool2d: (g, l) => {
    g.toNchw();
    g.add('GlobalAveragePool', [g.current]);
    g.add('Flatten', [g.current], [intAttr('axis', 1)]);
    g.layout = 'rows';
    g.shape = l.outputShape;
  },
  /** Back to rows in NHWC order (Transpose + Reshape when NCHW): what the dense after it reads. */
  flatten: (g, l) => {
    g.toRows();
    g.shape = l.outputShape;
  },
};
