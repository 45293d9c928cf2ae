/** The TensorFlow.js (Keras) importers of the training-toolkit layers: Dropout, BatchNormalization (or toTfjs's frozen normalize) and Softmax. */

import type { KerasImport } from './import_graph.js';
import type { KerasLayerJson } from './tfjs_types.js';

type Importer = (layer: KerasLayerJson, index: number, s: KerasImport) => void;

/** Dropout { rate } → dropout(rate); noise_shape must be null; a seed is ignored (simdnet draws masks from fit's seed). */
function importDropout(layer: KerasLayerJson, index: number, s: KerasImport): void {
  const { rate, noise_shape: noiseShape } = layer.config;
  if ((noiseShape ?? null) !== null) throw s.unsupported(layer, index, `noise_shape ${JSON.stringify(noiseShape)} is not supported (dropout drops each value independently)`);
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw s.bad(layer, index, `rate must be a number in [0, 1), got ${JSON.stringify(rate)}`);
  s.push(layer, index, { kind: 'dropout', rate });
}

/** A boolean config entry, `fallback` when absent; a TypeError naming the layer otherwise. */
function flag(layer: KerasLayerJson, index: number, s: KerasImport, name: string, fallback: boolean): boolean {
  const v = layer.config[name] ?? fallback;
  if (typeof v !== 'boolean') throw s.unsupported(layer, index, `${name} must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** Whether a BatchNormalization is the form toTfjs writes for normalize (see export_toolkit.ts). */
function isNormalize(layer: KerasLayerJson, s: KerasImport, w: { beta?: Float32Array; movingVariance: Float32Array }, epsilon: number): boolean {
  const name = layer.config.name;
  return typeof name === 'string' && /^normalize(_\d+)?$/.test(name) && layer.config.trainable === false && s.shape.length === 1 &&
    w.beta !== undefined && w.beta.every((b) => b === 0) && w.movingVariance.every((v) => Math.fround(v + Math.fround(epsilon)) === 1);
}

/**
 * BatchNormalization { axis −1 (or the last axis), momentum, epsilon, center, scale } → batchNorm with the weights
 * gamma, beta, moving_mean, moving_variance ([channels] each; gamma absent when scale is false, beta when center is),
 * Keras's defaults momentum 0.99 and epsilon 1e-3. toTfjs's frozen `normalize` form (not trainable, named normalize,
 * β = 0 and moving_variance + ε = 1) → normalize with shift = moving_mean and scale = gamma.
 */
function importBatchNorm(layer: KerasLayerJson, index: number, s: KerasImport): void {
  const c = layer.config;
  const axis = Array.isArray(c.axis) && c.axis.length === 1 ? c.axis[0] : c.axis ?? -1;
  if (axis !== -1 && axis !== s.shape.length) throw s.unsupported(layer, index, `axis ${JSON.stringify(c.axis)} is not supported: simdnet normalizes the last axis (−1 or ${s.shape.length})`);
  const [center, scale] = [flag(layer, index, s, 'center', true), flag(layer, index, s, 'scale', true)];
  const epsilon = c.epsilon ?? 1e-3;
  const momentum = c.momentum ?? 0.99;
  if (typeof epsilon !== 'number' || !(epsilon > 0) || !Number.isFinite(epsilon)) throw s.bad(layer, index, `epsilon must be a finite number > 0, got ${JSON.stringify(epsilon)}`);
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) throw s.bad(layer, index, `momentum must be a number in [0, 1], got ${JSON.stringify(momentum)}`);
  const ch = s.shape[s.shape.length - 1];
  const gamma = scale ? s.weight(layer, index, 'gamma', [ch]) : undefined;
  const beta = center ? s.weight(layer, index, 'beta', [ch]) : undefined;
  const movingMean = s.weight(layer, index, 'moving_mean', [ch])!;
  const movingVariance = s.weight(layer, index, 'moving_variance', [ch])!;
  const negative = movingVariance.findIndex((v) => v < 0);
  if (negative >= 0) throw s.bad(layer, index, `moving_variance[${negative}] is ${movingVariance[negative]}; a variance is ≥ 0`);
  if (gamma && isNormalize(layer, s, { beta, movingVariance }, epsilon)) {
    s.push(layer, index, { kind: 'normalize', method: 'standard', inputShape: [ch] }, { shift: movingMean, scale: gamma });
    return;
  }
  s.push(layer, index, { kind: 'batchNorm', momentum, epsilon, center, scale },
    { ...(gamma ? { gamma } : {}), ...(beta ? { beta } : {}), movingMean, movingVariance });
}

/** Softmax { axis −1 } → softmax() (over the last axis, as simdnet's). */
function importSoftmax(layer: KerasLayerJson, index: number, s: KerasImport): void {
  const axis = layer.config.axis ?? -1;
  if (axis !== -1 && axis !== s.shape.length && !(Array.isArray(axis) && axis.length === 1 && axis[0] === -1)) {
    throw s.unsupported(layer, index, `axis ${JSON.stringify(axis)} is not supported: simdnet's softmax() is over the last axis`);
  }
  s.push(layer, index, { kind: 'softmax' });
}

/** The entries of TFJS_IMPORTERS for the toolkit's layers. */
export const TFJS_TOOLKIT_IMPORTERS: Readonly<Record<string, Importer>> = {
  Dropout: importDropout,
  BatchNormalization: importBatchNorm,
  Softmax: importSoftmax,
};
