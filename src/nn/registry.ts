/** Every layer kind by name: the layer a saved or imported config describes, its options checked. */

import { checkOptions, typeError } from '../errors.js';
import { leakyRelu, relu, sigmoid, step, tanh } from './activations.js';
import { conv2d } from './conv2d.js';
import { dense } from './dense.js';
import { flatten } from './flatten.js';
import { LAYER_KINDS, type Layer, type LayerConfig, type LayerKind } from './layer.js';
import { avgPool2d, globalAvgPool2d, maxPool2d, type Pool2dOptions } from './pooling.js';
import type { Padding, Size2 } from './window.js';

type Factory = (c: LayerConfig) => Layer;

/** How each kind is rebuilt from `layer.config()`: the options each takes (beside `kind`) and the factory. */
const FACTORIES: Record<LayerKind, { options: string[]; make: Factory }> = {
  dense: { options: ['units'], make: (c) => dense(c.units as number) },
  relu: { options: [], make: () => relu() },
  leakyRelu: { options: ['alpha'], make: (c) => leakyRelu(c.alpha as number) },
  tanh: { options: [], make: () => tanh() },
  sigmoid: { options: [], make: () => sigmoid() },
  step: { options: [], make: () => step() },
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
