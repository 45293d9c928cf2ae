/** The ONNX exporters of the training-toolkit layers: dropout (nothing), batchNorm, softmax and normalize. */

import { fmtSampleShape, shapeSize, type LayerKind } from '../../nn/layer.js';
import { unsupported } from '../imported.js';
import type { LayerView } from '../layer_view.js';
import type { OnnxGraphBuilder } from './export_graph.js';
import { floatAttr, intAttr } from './onnx_attr.js';

/**
 * batchNorm in its inference form: BatchNormalization(X, scale = gamma, B = beta, input_mean = movingMean,
 * input_var = movingVariance) with the layer's epsilon (always written: ONNX's default is 1e-5, Keras's 1e-3) and
 * momentum, training_mode left at its default 0. ONNX's channels are axis 1: [features] rows are that already;
 * [h, w, c] samples go NCHW first. γ = 1 / β = 0 are written when the layer has none (`scale` / `center` false).
 */
function exportBatchNorm(g: OnnxGraphBuilder, l: LayerView): void {
  const shape = l.inputShape;
  if (shape.length === 3) g.toNchw();
  else if (shape.length === 1) g.toRows();
  else throw unsupported('toOnnx', l.label, `ONNX export of batchNorm over ${fmtSampleShape(shape)} samples is not supported ([features] and [h, w, c] are)`);
  const c = shape[shape.length - 1];
  const w = l.weights;
  const inputs = [g.current, g.weight('gamma', [c], w.gamma ?? new Float32Array(c).fill(1)), g.weight('beta', [c], w.beta ?? new Float32Array(c)),
    g.weight('movingMean', [c], w.movingMean), g.weight('movingVariance', [c], w.movingVariance)];
  g.add('BatchNormalization', inputs, [floatAttr('epsilon', l.config.epsilon as number), floatAttr('momentum', l.config.momentum as number)]);
}

/**
 * softmax over the last axis of each sample: Softmax(axis −1) on rows, what opset 13's Softmax computes along one
 * axis; samples of several axes are reshaped to [−1, last] around it, so each row of the result is one softmax.
 */
function exportSoftmax(g: OnnxGraphBuilder, l: LayerView): void {
  g.toRows();
  const shape = l.inputShape;
  const last = shape[shape.length - 1];
  if (shape.length > 1) g.add('Reshape', [g.current, g.ints('perSoftmax', [-1, last])]);
  g.add('Softmax', [g.current], [intAttr('axis', -1)]);
  if (shape.length > 1) g.add('Reshape', [g.current, g.ints('rows', [-1, shapeSize(shape)])]);
}

/**
 * normalize, y = (x − shift)·scale on rows: Sub(x, shift) then Mul(·, scale), [features]-shaped constants — the
 * layer's own product, so ONNX Runtime computes the same f32 values (a Div by 1/scale would round differently).
 */
function exportNormalize(g: OnnxGraphBuilder, l: LayerView): void {
  g.toRows();
  const n = shapeSize(l.inputShape);
  g.add('Sub', [g.current, g.weight('shift', [n], l.weights.shift)]);
  g.add('Mul', [g.current, g.weight('scale', [n], l.weights.scale)]);
}

/** The entries of ONNX_EXPORTERS for the toolkit's layers. */
export const ONNX_TOOLKIT_EXPORTERS: Partial<Record<LayerKind, (g: OnnxGraphBuilder, layer: LayerView) => void>> = {
  /** Inference is the identity: nothing is written (toOnnx adds an Identity if the model has no other node). */
  dropout: () => {},
  batchNorm: exportBatchNorm,
  softmax: exportSoftmax,
  normalize: exportNormalize,
};
