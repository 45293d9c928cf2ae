/** Weight initializers for dense layers, each a seeded draw in row-major (in × out) order. */

import { typeError } from '../errors.js';
import type { Random } from '../random.js';

/**
 * - `'uniform'`: U(−1, 1), micrograd's `random.uniform(-1, 1)` (and tutorial 001's Neuron)
 * - `'normal'`: N(0, 1)/√fan_in, WildML's `np.random.randn(in, out) / np.sqrt(in)`
 * - `'standardNormal'`: N(0, 1), tutorial 001's FullyConnectedLayer
 * - `'glorot'`: U(−√(6/(in+out)), √(6/(in+out))) (Glorot/Xavier uniform; the default)
 * - `'he'`: N(0, 1)·√(2/in) (He normal, for ReLU stacks)
 */
export type Initializer = 'uniform' | 'normal' | 'standardNormal' | 'glorot' | 'he';
export const INITIALIZERS: readonly Initializer[] = ['uniform', 'normal', 'standardNormal', 'glorot', 'he'];

/** Biases start at zero (micrograd, WildML) or are drawn like the weights (tutorial 001). */
export type BiasInit = 'zeros' | 'init';

export function checkInitializer(op: string, init: unknown): Initializer {
  if (!INITIALIZERS.includes(init as Initializer)) {
    throw typeError(op, `unknown init ${JSON.stringify(init)}; expected one of ${INITIALIZERS.map((s) => `'${s}'`).join(', ')}`);
  }
  return init as Initializer;
}

export function checkBiasInit(op: string, bias: unknown): BiasInit {
  if (bias !== 'zeros' && bias !== 'init') throw typeError(op, `unknown bias ${JSON.stringify(bias)}; expected 'zeros' or 'init'`);
  return bias;
}

/** One draw from `init` for a layer with `fanIn` inputs and `fanOut` outputs. */
function draw(rng: Random, init: Initializer, fanIn: number, fanOut: number): number {
  switch (init) {
    case 'uniform': return rng.uniform(-1, 1);
    case 'normal': return rng.normal() / Math.sqrt(fanIn);
    case 'standardNormal': return rng.normal();
    case 'glorot': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return rng.uniform(-limit, limit);
    }
    case 'he': return rng.normal() * Math.sqrt(2 / fanIn);
  }
}

/** `count` values drawn from `init`; W is drawn first (row-major), then b, so the order matches numpy. */
export function initValues(rng: Random, init: Initializer, fanIn: number, fanOut: number, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = draw(rng, init, fanIn, fanOut);
  return out;
}
