/** The TensorFlow.js (Keras) importers of the sequence layers: SimpleRNN / LSTM / GRU → simpleRnn / lstm / gru (kernel, recurrent_kernel, bias as W, U, b), TimeDistributed(Dense or an activation) → timeDistributed. */

import type { LayerConfig } from '../../nn/layer.js';
import type { KerasImport } from './import_graph.js';
import type { KerasLayerJson } from './tfjs_types.js';

/** Reads one Keras layer (import_layers.ts's KerasImporter, restated here: that file imports this one). */
type KerasImporter = (layer: KerasLayerJson, index: number, s: KerasImport) => void;

type Kind = 'simpleRnn' | 'lstm' | 'gru';
const GATES: Record<Kind, number> = { simpleRnn: 1, lstm: 4, gru: 3 };
/** Keras's cell scope inside a recurrent layer's weight names (`lstm/lstm_cell/kernel` in Keras 2 files). */
const CELL: Record<Kind, string> = { simpleRnn: 'simple_rnn_cell', lstm: 'lstm_cell', gru: 'gru_cell' };

/** Refuses what simdnet's recurrent layers do not compute: dropout inside, state kept or returned, reversed sequences, other activations. */
function checkRecurrent(kind: Kind, layer: KerasLayerJson, index: number, s: KerasImport): { activation?: string; resetAfter?: boolean } {
  const c = layer.config;
  for (const flag of ['return_state', 'go_backwards', 'stateful'] as const) {
    if (c[flag] !== undefined && c[flag] !== null && c[flag] !== false) throw s.unsupported(layer, index, `${flag} ${JSON.stringify(c[flag])} is not supported (simdnet's recurrent layers run forward from zeros and return their outputs only)`);
  }
  for (const rate of ['dropout', 'recurrent_dropout'] as const) {
    const v = c[rate] ?? 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) throw s.bad(layer, index, `${rate} must be a number in [0, 1), got ${JSON.stringify(v)}`);
    if (v > 0) throw s.unsupported(layer, index, `${rate} ${v} is not supported (simdnet's recurrent layers have no dropout inside; put a dropout layer around them)`);
  }
  const activation = c.activation ?? 'tanh';
  const allowed = kind === 'simpleRnn' ? ['tanh', 'relu'] : ['tanh'];
  if (!allowed.includes(activation as string)) throw s.unsupported(layer, index, `activation ${JSON.stringify(activation)} is not supported (simdnet computes ${allowed.map((a) => `'${a}'`).join(' or ')})`);
  if (kind === 'simpleRnn') return { activation: activation as string };
  if (c.recurrent_activation !== 'sigmoid') {
    throw s.unsupported(layer, index, `recurrent_activation ${JSON.stringify(c.recurrent_activation ?? null)} is not supported: simdnet computes 'sigmoid' (Keras's default; TensorFlow.js reads a missing one as 'hard_sigmoid', so it must be written)`);
  }
  if (kind === 'lstm') return {};
  const resetAfter = c.reset_after ?? false;
  if (typeof resetAfter !== 'boolean') throw s.unsupported(layer, index, `reset_after must be true or false, got ${JSON.stringify(resetAfter)}`);
  return { resetAfter };
}

/** The weight `short` as `${layer}/${short}` or, as Keras 2 names a recurrent layer's weights, `${layer}/${cell}/${short}`. */
function recurrentWeight(kind: Kind, layer: KerasLayerJson, index: number, s: KerasImport, short: string, shape: number[]): Float32Array {
  return s.weight(layer, index, short, shape, false) ?? s.weight(layer, index, `${CELL[kind]}/${short}`, shape)!;
}

/**
 * SimpleRNN / LSTM / GRU on [steps, features]: W = kernel [features, G·units], U = recurrent_kernel [units, G·units],
 * b = bias [G·units] (GRU with reset_after: [2, 3·units]); zeros when use_bias is false, as for Dense. unit_forget_bias,
 * initializers, implementation and unroll change no value and are ignored.
 */
function importRecurrent(kind: Kind): KerasImporter {
  return (layer, index, s) => {
    const c = layer.config;
    if (s.shape.length !== 2) throw s.bad(layer, index, `expects [steps, features] input, got [${s.shape.join(', ')}]`);
    const units = c.units;
    if (!Number.isSafeInteger(units) || (units as number) < 1) throw s.bad(layer, index, `units must be a positive integer, got ${JSON.stringify(units)}`);
    const options = checkRecurrent(kind, layer, index, s);
    const useBias = c.use_bias ?? true;
    if (typeof useBias !== 'boolean') throw s.unsupported(layer, index, `use_bias must be true or false, got ${JSON.stringify(useBias)}`);
    const sequences = c.return_sequences ?? false;
    if (typeof sequences !== 'boolean') throw s.unsupported(layer, index, `return_sequences must be true or false, got ${JSON.stringify(sequences)}`);
    const [steps, features] = s.shape;
    const [u, n] = [units as number, GATES[kind] * (units as number)];
    const biasShape = options.resetAfter ? [2, n] : [n];
    const W = recurrentWeight(kind, layer, index, s, 'kernel', [features, n]);
    const U = recurrentWeight(kind, layer, index, s, 'recurrent_kernel', [u, n]);
    const b = useBias ? recurrentWeight(kind, layer, index, s, 'bias', biasShape) : new Float32Array(biasShape.reduce((a, v) => a * v, 1));
    s.push(layer, index, { kind, units: u, returnSequences: sequences, ...options }, { W, U, b });
    s.shape = sequences ? [steps, u] : [u];
  };
}

/** A simdnet activation kind from a Keras activation name inside TimeDistributed; null for 'linear'. */
function innerActivation(layer: KerasLayerJson, index: number, s: KerasImport, name: unknown): LayerConfig | null {
  if (name === undefined || name === null || name === 'linear') return null;
  if (name === 'relu' || name === 'tanh' || name === 'sigmoid') return { kind: name };
  throw s.unsupported(layer, index, `activation ${JSON.stringify(name)} inside TimeDistributed is not supported (simdnet reads linear, relu, tanh, sigmoid)`);
}

/**
 * TimeDistributed { layer } on [steps, …, n]: Dense → timeDistributed(dense) with the wrapper's kernel and bias (then
 * its activation as timeDistributed(activation)); Activation / ReLU / LeakyReLU → timeDistributed(activation).
 */
function importTimeDistributed(layer: KerasLayerJson, index: number, s: KerasImport): void {
  const inner = layer.config.layer as KerasLayerJson | undefined;
  if (!inner || typeof inner !== 'object' || typeof inner.class_name !== 'string' || typeof inner.config !== 'object' || inner.config === null) {
    throw s.bad(layer, index, 'has no wrapped layer { class_name, config }');
  }
  if (s.shape.length !== 2) throw s.bad(layer, index, `expects [steps, features] input, got [${s.shape.join(', ')}]`);
  const [steps, n] = s.shape;
  const wrap = (config: LayerConfig | null, weights: Record<string, Float32Array> = {}) => {
    if (config) s.push(layer, index, { kind: 'timeDistributed', layer: config }, weights);
  };
  const c = inner.config;
  if (inner.class_name === 'Dense') {
    const units = c.units;
    if (!Number.isSafeInteger(units) || (units as number) < 1) throw s.bad(layer, index, `the wrapped Dense's units must be a positive integer, got ${JSON.stringify(units)}`);
    const m = units as number;
    const useBias = c.use_bias ?? true;
    if (typeof useBias !== 'boolean') throw s.unsupported(layer, index, `the wrapped Dense's use_bias must be true or false, got ${JSON.stringify(useBias)}`);
    const own = (short: string, shape: number[]) => s.weight(layer, index, short, shape, false) ?? s.weight(layer, index, `${c.name}/${short}`, shape)!;
    wrap({ kind: 'dense', units: m }, { W: own('kernel', [n, m]), b: useBias ? own('bias', [m]) : new Float32Array(m) });
    s.shape = [steps, m];
    wrap(innerActivation(layer, index, s, c.activation));
  } else if (inner.class_name === 'Activation') {
    wrap(innerActivation(layer, index, s, c.activation));
  } else if (inner.class_name === 'ReLU' && (c.max_value ?? null) === null && (c.negative_slope ?? 0) === 0 && (c.threshold ?? 0) === 0) {
    wrap({ kind: 'relu' });
  } else if (inner.class_name === 'LeakyReLU') {
    const alpha = c.alpha ?? c.negative_slope ?? 0.3;
    if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) throw s.bad(layer, index, `the wrapped LeakyReLU's alpha must be a finite number ≥ 0, got ${JSON.stringify(alpha)}`);
    wrap({ kind: 'leakyRelu', alpha });
  } else {
    throw s.unsupported(layer, index, `TimeDistributed(${JSON.stringify(inner.class_name)}) is not supported (simdnet reads TimeDistributed of Dense, Activation, ReLU and LeakyReLU)`);
  }
}

/** The sequence layers' importers (see the conventions in import_layers.ts). */
export const TFJS_RECURRENT_IMPORTERS: Readonly<Record<string, KerasImporter>> = {
  SimpleRNN: importRecurrent('simpleRnn'),
  LSTM: importRecurrent('lstm'),
  GRU: importRecurrent('gru'),
  TimeDistributed: importTimeDistributed,
};
