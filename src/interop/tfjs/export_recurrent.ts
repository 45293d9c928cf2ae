/** The TensorFlow.js (Keras) exporters of the sequence layers: simpleRnn / lstm / gru → SimpleRNN / LSTM / GRU with W, U, b as kernel, recurrent_kernel, bias; timeDistributed → TimeDistributed around a Dense or an activation. */

import type { LayerKind } from '../../nn/layer.js';
import type { Lstm } from '../../nn/lstm.js';
import type { TimeDistributed } from '../../nn/time_distributed.js';
import { unsupported } from '../imported.js';
import type { LayerView } from '../layer_view.js';
import type { KerasBuilder } from './keras_builder.js';

/** Adds one layer's Keras layer(s) (export_layers.ts's TfjsExporter, restated here: that file imports this one). */
type TfjsExporter = (k: KerasBuilder, layer: LayerView) => void;

/** What every recurrent layer writes: no dropout, state or reversal (the options TensorFlow.js would otherwise default). */
const PLAIN = { dropout: 0, recurrent_dropout: 0, return_state: false, go_backwards: false, stateful: false, unroll: false };

/**
 * SimpleRNN / LSTM / GRU { units, activation, recurrent_activation 'sigmoid' (written: TensorFlow.js's default is
 * hard_sigmoid), use_bias true, return_sequences } with kernel = W [features, G·units], recurrent_kernel = U
 * [units, G·units] and bias = b [G·units], unchanged (Keras's layout is simdnet's).
 */
function recurrent(className: 'SimpleRNN' | 'LSTM' | 'GRU'): TfjsExporter {
  return (k, l) => {
    const [features] = l.inputShape.slice(1);
    const units = l.config.units as number;
    const n = l.weights.W.length / features;
    const config: Record<string, unknown> = { units, activation: className === 'SimpleRNN' ? l.config.activation : 'tanh', use_bias: true };
    if (className !== 'SimpleRNN') config.recurrent_activation = 'sigmoid';
    if (className === 'LSTM') config.unit_forget_bias = (l.layer as Lstm).unitForgetBias;
    if (className === 'GRU') {
      if (l.config.resetAfter === true) {
        throw unsupported('toTfjs', l.label, "resetAfter: true cannot go to TensorFlow.js, whose GRU has no reset_after (it throws on it): build gru({ resetAfter: false }), or export with toOnnx");
      }
      config.reset_after = false;
      config.implementation = 1;
    }
    k.layer(className, { ...config, ...PLAIN, return_sequences: l.config.returnSequences === true }, [
      ['kernel', [features, n], l.weights.W], ['recurrent_kernel', [units, n], l.weights.U], ['bias', [n], l.weights.b],
    ]);
  };
}

/** The Keras layer (class and config, without its name) an inner layer of timeDistributed becomes. */
function innerKeras(l: LayerView): { className: string; config: Record<string, unknown> } {
  const inner = (l.layer as TimeDistributed).layer;
  const c = inner.config();
  switch (inner.kind) {
    case 'dense': return { className: 'Dense', config: { units: c.units, activation: 'linear', use_bias: true } };
    case 'relu': case 'tanh': case 'sigmoid': return { className: 'Activation', config: { activation: inner.kind } };
    case 'leakyRelu': return { className: 'LeakyReLU', config: { alpha: c.alpha } };
    default: throw unsupported('toTfjs', l.label, `timeDistributed(${inner.kind}) is not supported (it exports dense and the activations Keras has)`);
  }
}

/**
 * TimeDistributed { layer: { class_name, config } } around Dense (its weights are the wrapper's: TensorFlow.js names
 * them `${wrapper}/kernel` and `${wrapper}/bias`), Activation or LeakyReLU. No activation folds into it.
 */
function timeDistributed(k: KerasBuilder, l: LayerView): void {
  const { className, config } = innerKeras(l);
  const [n, m] = [l.inputShape[l.inputShape.length - 1], l.outputShape[l.outputShape.length - 1]];
  const weights: [string, number[], Float32Array][] = className === 'Dense' ? [['kernel', [n, m], l.weights.W], ['bias', [m], l.weights.b]] : [];
  const json = k.layer('TimeDistributed', {}, weights);
  json.config.layer = { class_name: className, config: { name: `${json.config.name}_${className.toLowerCase()}`, trainable: true, dtype: 'float32', ...config } };
}

/** The sequence layers' exporters (see the conventions in export_layers.ts). */
export const TFJS_RECURRENT_EXPORTERS: Partial<Record<LayerKind, TfjsExporter>> = {
  simpleRnn: recurrent('SimpleRNN'),
  lstm: recurrent('LSTM'),
  gru: recurrent('GRU'),
  timeDistributed,
};
