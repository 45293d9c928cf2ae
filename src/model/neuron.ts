/** A single neuron (perceptron): one dense unit followed by any activation, step included (tutorial 001's Neuron). */

import { checkOptions, typeError } from '../errors.js';
import { activationByName, type ActivationName } from '../nn/activations.js';
import { dense } from '../nn/dense.js';
import type { BiasInit, Initializer } from '../nn/init.js';
import type { Layer } from '../nn/layer.js';
import { Sequential } from './sequential.js';

export interface NeuronOptions {
  /** Activation after the weighted sum (default 'linear': none). */
  activation?: ActivationName | 'linear';
  /** Initializer of the weights (default 'uniform': U(−1, 1), like the tutorial). */
  init?: Initializer;
  /** Bias initialization (default 'init': drawn like the weights, like the tutorial). */
  bias?: BiasInit;
  seed?: number;
  /** leakyRelu's alpha. */
  alpha?: number;
}

/** A one-output model y = f(x·w + b), with accessors for its weights and a single-input `activate`. */
export class Neuron extends Sequential {
  readonly activation: ActivationName | 'linear';

  constructor(inputs: number, options: NeuronOptions = {}) {
    checkOptions('neuron', options, ['activation', 'init', 'bias', 'seed', 'alpha']);
    const act = options.activation ?? 'linear';
    const layers: Layer[] = [dense(inputs, 1, { init: options.init ?? 'uniform', bias: options.bias ?? 'init' })];
    if (act !== 'linear') layers.push(activationByName('neuron', act, options.alpha));
    super(layers, { seed: options.seed });
    this.activation = act;
  }

  /** The input weights w (a copy). */
  get weights(): number[] {
    return this.getWeights()[0].W.map((row) => row[0]);
  }
  /** The bias b. */
  get bias(): number {
    return this.getWeights()[0].b[0];
  }

  /** f(x·w + b) for one input vector. */
  activate(x: readonly number[]): number {
    if (!Array.isArray(x)) throw typeError('neuron.activate', `x must be an array of ${this.inputSize} numbers`);
    return this.predict([x as number[]])[0][0];
  }
}

/**
 * A single neuron. With `activation: 'step'` it is the perceptron of tutorial 001 (forward only).
 *
 * ```ts
 * const perceptron = neuron(3, { activation: 'step', seed: 0 });
 * perceptron.activate([0.2, 0.5, 0.9]); // 0 or 1
 * perceptron.weights; perceptron.bias;
 * ```
 */
export function neuron(inputs: number, options: NeuronOptions = {}): Neuron {
  return new Neuron(inputs, options);
}
