/** The ONNX exporters of the sequence layers: simpleRnn / lstm / gru → RNN / LSTM / GRU between the Reshapes and Transposes ONNX Runtime needs, timeDistributed → its layer on [batch·steps, …] rows. */

import { shapeSize, type LayerKind } from '../../nn/layer.js';
import type { TimeDistributed } from '../../nn/time_distributed.js';
import { unsupported } from '../imported.js';
import type { LayerView } from '../layer_view.js';
import type { OnnxGraphBuilder } from './export_graph.js';
import { intAttr, intsAttr, stringsAttr } from './onnx_attr.js';
import { ONNX_GATES, ONNX_RECURRENT_OP, toOnnxBias, toOnnxKernel, type RecurrentKind } from './recurrent_layout.js';

/** Adds one layer's nodes (export_layers.ts's OnnxExporter, restated here: that file imports this one). */
type OnnxExporter = (g: OnnxGraphBuilder, layer: LayerView) => void;

/** The inner layers timeDistributed exports (each through its own entry, on rows of one step). */
const TIME_DISTRIBUTED_INNER: readonly LayerKind[] = ['dense', 'relu', 'leakyRelu', 'tanh', 'sigmoid', 'step'];

/**
 * A recurrent layer on rows [batch, steps·features]: Reshape to [batch, steps, features], Transpose perm [1, 0, 2]
 * (ONNX's layout 0, [steps, batch, features]: ONNX Runtime refuses layout 1), then the op with W [1, G·h, features],
 * R [1, G·h, h], B [1, 2·G·h] in ONNX's gate order and no initial state (zeros, as simdnet starts). The last step is
 * Y_h [1, batch, h] squeezed on axis 0; every step is Y [steps, 1, batch, h] squeezed on axis 1, transposed back to
 * [batch, steps, h] and reshaped to rows. The same nodes torch.onnx.export writes for batch_first=True.
 */
function recurrent(kind: RecurrentKind): OnnxExporter {
  return (g, l) => {
    g.toRows();
    const [steps, features] = l.inputShape;
    const h = l.config.units as number;
    const order = ONNX_GATES[kind];
    const resetAfter = l.config.resetAfter === true;
    g.add('Reshape', [g.current, g.ints('steps', [-1, steps, features])]);
    g.add('Transpose', [g.current], [intsAttr('perm', [1, 0, 2])]);
    const W = g.weight('W', [1, order.length * h, features], toOnnxKernel(l.weights.W, features, h, order));
    const R = g.weight('R', [1, order.length * h, h], toOnnxKernel(l.weights.U, h, h, order));
    const B = g.weight('B', [1, 2 * order.length * h], toOnnxBias(kind, l.weights.b, h, resetAfter));
    const attributes = [intAttr('hidden_size', h)];
    if (kind === 'gru') attributes.push(intAttr('linear_before_reset', resetAfter ? 1 : 0));
    if (kind === 'simpleRnn') attributes.push(stringsAttr('activations', [l.config.activation === 'relu' ? 'Relu' : 'Tanh']));
    const out = g.add(ONNX_RECURRENT_OP[kind], [g.current, W, R, B], attributes);
    if (l.config.returnSequences === true) {
      g.add('Squeeze', [out, g.ints('num_directions', [1])]);
      g.add('Transpose', [g.current], [intsAttr('perm', [1, 0, 2])]);
      g.add('Reshape', [g.current, g.ints('rows', [-1, steps * h])]);
    } else {
      g.nodes[g.nodes.length - 1].output = ['', out];   // Y_h, Y unused
      g.add('Squeeze', [out, g.ints('num_directions', [0])]);
    }
    g.shape = l.outputShape;
  };
}

/**
 * timeDistributed(layer) on rows [batch, steps·n]: Reshape to [batch·steps, n] (one step per row), the inner layer's
 * own entry, then Reshape back to [batch, steps·m]. For dense that is one Gemm over every step with one W.
 */
export function exportTimeDistributed(g: OnnxGraphBuilder, l: LayerView, table: Partial<Record<LayerKind, OnnxExporter>>): void {
  const inner = (l.layer as TimeDistributed).layer;
  const entry = TIME_DISTRIBUTED_INNER.includes(inner.kind) ? table[inner.kind] : undefined;
  if (!entry) throw unsupported('toOnnx', l.label, `timeDistributed(${inner.kind}) is not supported (it exports dense and the activations)`);
  g.toRows();
  const [steps, ...stepIn] = l.inputShape;
  g.add('Reshape', [g.current, g.ints('step_rows', [-1, shapeSize(stepIn)])]);
  g.shape = stepIn;
  entry(g, {
    index: l.index, layer: inner, kind: inner.kind, config: inner.config(), inputShape: inner.inputShape,
    outputShape: inner.outputShape, weights: l.weights, label: `${l.label}: ${inner}`,
  });
  g.toRows();
  g.add('Reshape', [g.current, g.ints('rows', [-1, steps * shapeSize(l.outputShape.slice(1))])]);
  g.shape = l.outputShape;
}

/** The recurrent layers' exporters (timeDistributed needs the whole table: export_layers.ts registers it). */
export const ONNX_RECURRENT_EXPORTERS: Partial<Record<LayerKind, OnnxExporter>> = {
  simpleRnn: recurrent('simpleRnn'),
  lstm: recurrent('lstm'),
  gru: recurrent('gru'),
};
