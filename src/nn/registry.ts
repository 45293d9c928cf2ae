/** Every layer kind by name: the layer a saved or imported config describes, its options checked. */

import { checkOptions, typeError } from '../errors.js';
import { leakyRelu, relu, sigmoid, step, tanh } from './activations.js';
import { batchNorm } from './batch_norm.js';
import { conv2d } from './conv2d.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { flatten } from './flatten.js';
import { gru } from './gru.js';
import { LAYER_KINDS, type Layer, type LayerConfig, type LayerKind } from './layer.js';
import { lstm } from './lstm.js';
import { normalizeFromConfig } from './normalize.js';
import { avgPool2d, globalAvgPool2d, maxPool2d, type Pool2dOptions } from './pooling.js';
import { simpleRnn } from './rnn.js';
import { softmax } from './softmax.js';
import { timeDistributed } from './time_distributed.js';
import type { Padding, Size2 } from './window.js';

type Factory = (c: LayerConfig) => Layer;

/** A config's options without its kind, for factories that take an options object (their own checks apply). */
function optionsOf<T>(c: LayerConfig): T {
  const { kind: _kind, ...options } = c;
  return options as T;
}

/** How each kind is rebuilt from `layer.config()`: the options each takes (beside `kind`) and the factory. */
const FACTORIES: Record<LayerKind, { options: string[]; make: Factory }> = {
  dense: { options: ['units'], make: (c) => dense(c.units as number) },
  relu: { options: [], make: () => relu() },
  leakyRelu: { options: ['alpha'], make: (c) => leakyRelu(c.alpha as number) },
  tanh: { options: [], make: () => tanh() },
  sigmoid: { options: [], make: () => sigmoid() },
  step: { options: [], make: () => step() },
  simpleRnn: { options: ['units', 'returnSequences', 'activation'], make: (c) => simpleRnn(optionsOf(c)) },
  lstm: { options: ['units', 'returnSequences'], make: (c) => lstm(optionsOf(c)) },
  gru: { options: ['units', 'returnSequences', 'resetAfter'], make: (c) => gru(optionsOf(c)) },
  // the inner layer's config is read by this same function (timeDistributed refuses to wrap itself, so it nests once)
  timeDistributed: { options: ['layer'], make: (c) => timeDistributed(layerFromConfig(c.layer)) },
  dropout: { options: ['rate'], make: (c) => dropout(c.rate as number) },
  batchNorm: {
    options: ['momentum', 'epsilon', 'center', 'scale'],
    make: (c) => batchNorm({ momentum: c.momentum as number, epsilon: c.epsilon as number, center: c.center as boolean, scale: c.scale as boolean }),
  },
  softmax: { options: [], make: () => softmax() },
  /** Identity statistics until the weights are written (the model file's or an importer's shift and scale). */
  normalize: { options: ['method', 'inputShape'], make: (c) => normalizeFromConfig('layerFromConfig (normalize)', c.method, c.inputShape) },
  conv2d: {
    options: ['filters', 'kernelSize', 'strides', 'padding'],
    make: (c) => conv2d({ filters: c.filters as number, kernelSize: c.kernelSize as Size2, strides: c.strides as Size2, padding: c.padding as Padding }),
  },
  maxPool2d: { options: ['poolSize', 'strides', 'padding'], make: (c) => maxPool2d(poolOptions(c)) },
  avgPool2d: { options: ['poolSize', 'strides', 'padding'], make: (c) => avgPool2d(poolOptions(c)) },
  globalAvgPool2d: { options: [], make: () => globalAvgPool2d() },
  flatten: { options: [], make: () => flatten() },
};

function poolOptions(c: LayerConfig): Pool2dOptions {
  return { poolSize: c.poolSize as Size2, strides: c.strides as Size2, padding: c.padding as Padding };
}

/**
 * A new, unbuilt layer from a config (as `layer.config()` gives it and model files store it). Unknown kinds and
 * options are TypeErrors; option values are checked by the layer's own factory.
 *
 * ```ts
 * layerFromConfig({ kind: 'dense', units: 10 }); // dense(10)
 * ```
 */
export function layerFromConfig(config: unknown): Layer {
  const op = 'layerFromConfig';
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw typeError(op, `a layer config must be an object, got ${config === null ? 'null' : typeof config}`);
  const { kind, ...options } = config as LayerConfig;
  if (!(LAYER_KINDS as readonly unknown[]).includes(kind)) {
    throw typeError(op, `unknown layer kind ${JSON.stringify(kind)}; expected one of ${LAYER_KINDS.join(', ')}`);
  }
  const f = FACTORIES[kind];
  checkOptions(`${op} (${kind})`, options, f.options);
  for (const name of f.options) if (!(name in options)) throw typeError(`${op} (${kind})`, `missing option '${name}'`);
  return f.make(config as LayerConfig);
}
