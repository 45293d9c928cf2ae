/** Sequential: the model users hold (fit, evaluate, predict, gradients, save, summary) over a Network, and the mlp() builder. */

import { checkInt, checkOptions, typeError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { activationByName, type ActivationName } from '../nn/activations.js';
import { dense } from '../nn/dense.js';
import type { Initializer } from '../nn/init.js';
import type { Layer } from '../nn/layer.js';
import type { LossName, TargetInput } from '../nn/losses.js';
import { Network, type NetworkOptions } from '../nn/network.js';
import type { MatrixInput } from '../tensor.js';
import { fit, type FitOptions } from '../train/fit.js';
import { computeGradients, type GradientsResult } from '../train/gradients.js';
import type { History } from '../train/history.js';
import { evaluate, predict, predictClasses, type EvaluateOptions } from '../train/metrics.js';
import { saveModel } from '../io/save.js';
import { fmtCount, summarize, type ModelSummary } from './summary.js';

export type SequentialOptions = NetworkOptions;

/**
 * A model: layers applied in order. Lives on the backend current when it was made; `dispose()` frees it (a model
 * that is garbage-collected without it is freed then).
 *
 * ```ts
 * const model = sequential([dense(2, 16), relu(), dense(16, 1)], { seed: 0 });
 * await model.fit(x, y, { loss: 'hinge', optimizer: sgd({ lr: 0.1 }), epochs: 100 });
 * model.predict([[0.5, 0.2]]); model.dispose();
 * ```
 */
export class Sequential extends Network {
  /**
   * Trains the model; resolves with the per-epoch history. See `FitOptions` for every option.
   *
   * ```ts
   * const history = await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.5 }), epochs: 200, batchSize: 200 });
   * history.loss.at(-1); history.accuracy?.at(-1);
   * ```
   */
  fit(x: MatrixInput, y: TargetInput, options: FitOptions): Promise<History> {
    try {
      this.assertAlive('fit');
    } catch (e) {
      return Promise.reject(e);
    }
    return fit(this, x, y, options);
  }

  /** Outputs (logits, scores, values, or probabilities after a final sigmoid()/softmax()), one row per input row. Nested arrays in → nested arrays out. `model.predict([[0, 1]])` */
  predict(x: number[][]): number[][];
  predict(x: MatrixInput): Matrix;
  predict(x: MatrixInput): number[][] | Matrix {
    this.assertAlive('predict');
    return predict(this, x);
  }

  /** Predicted class per row: argmax for several outputs; for one, output > 0 (> 0.5 after a final sigmoid()). `model.predictClasses([[0, 1]]) // [1]` */
  predictClasses(x: MatrixInput): number[] {
    this.assertAlive('predictClasses');
    return predictClasses(this, x);
  }

  /** Mean loss (including the L2 penalty) and accuracy (null for mse). `model.evaluate(x, y) // { loss, accuracy }` */
  evaluate(x: MatrixInput, y: TargetInput, options: EvaluateOptions = {}): { loss: number; accuracy: number | null } {
    this.assertAlive('evaluate');
    return evaluate(this, x, y, options);
  }

  /** Loss and gradients for the whole of (x, y), without updating anything. `model.gradients(x, y, { loss: 'mse' }).grads[0].W` */
  gradients(x: MatrixInput, y: TargetInput, options: { loss?: LossName; l2?: number } = {}): GradientsResult {
    this.assertAlive('gradients');
    checkOptions('gradients', options, ['loss', 'l2']);
    return computeGradients(this, x, y, options);
  }

  /** The model in simdnet's binary format (same bytes everywhere); `loadModel(bytes)` reads it back. */
  save(): Uint8Array {
    this.assertAlive('save');
    return saveModel(this);
  }

  /**
   * A Keras-style table of the layers: each one's output shape and parameter count, and the totals (trainable and
   * not). `summary().text` is the table as printed; `console.log(model.summary().text)`.
   */
  summary(): ModelSummary {
    this.assertAlive('summary');
    return summarize(this.inputShape, this.layers);
  }

  /** One line: `dense(2→3) → tanh → dense(3→2)`. */
  override toString(): string {
    return this.layers.map(String).join(' → ');
  }

  /** What `console.log(model)` shows in Node: the layers and the parameter count, not the internals. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    if (this.isDisposed) return `${this.constructor.name} (disposed)`;
    const s = this.summary();
    return `${this.constructor.name} ${this.toString()} (${fmtCount(s.totalParams)} parameters, ${this.backend.name} backend)`;
  }
}

/**
 * A model from an explicit list of layers.
 *
 * ```ts
 * const model = sequential([dense(2, 16), relu(), dense(16, 16), relu(), dense(16, 1)], { seed: 1337 });
 * ```
 */
export function sequential(layers: Layer[], options: SequentialOptions = {}): Sequential {
  checkOptions('sequential', options, ['seed', 'inputShape']);
  if (options.seed !== undefined) checkInt('sequential', 'seed', options.seed, 0, 2 ** 53 - 1);
  return new Sequential(layers, options);
}

export interface MlpOptions extends SequentialOptions {
  /** Hidden-layer activation (default 'relu'); the last layer is linear. */
  activation?: Exclude<ActivationName, 'step'>;
  /** Weight initializer of every dense layer (default 'glorot'). */
  init?: Initializer;
  /** leakyRelu's alpha (default 0.01); only with `activation: 'leakyRelu'`. */
  alpha?: number;
}

/**
 * A multi-layer perceptron like micrograd's `MLP(nin, nouts)`: dense layers of sizes `nouts`, each followed by
 * `activation` except the last, which is linear. Without a seed the weights come from seed 0 (always the same).
 *
 * ```ts
 * const model = mlp(2, [16, 16, 1], { activation: 'relu', init: 'uniform', seed: 1337 });
 * model.toString(); // dense(2→16) → relu → dense(16→16) → relu → dense(16→1)
 * ```
 */
export function mlp(nin: number, nouts: number[], options: MlpOptions = {}): Sequential {
  const op = 'mlp';
  const o = checkOptions(op, options, ['activation', 'init', 'alpha', 'seed'], { activations: 'activation', lastActivation: 'sequential([...]) with an activation layer at the end' });
  checkInt(op, 'nin', nin);
  if (!Array.isArray(nouts) || nouts.length === 0) throw typeError(op, 'nouts must be a non-empty array of layer sizes');
  nouts.forEach((n, i) => checkInt(op, `nouts[${i}]`, n));
  const activation = o.activation ?? 'relu';
  if (activation === ('step' as unknown)) throw typeError(op, "activation 'step' cannot be trained; use neuron(n, { activation: 'step' }) for a perceptron");
  if (o.alpha !== undefined && activation !== 'leakyRelu') throw typeError(op, `alpha applies to activation 'leakyRelu' only, not '${activation}'`);
  const layers: Layer[] = [];
  let prev = nin;
  nouts.forEach((n, i) => {
    layers.push(dense(prev, n, { init: o.init }));
    if (i < nouts.length - 1) layers.push(activationByName(op, activation, o.alpha));
    prev = n;
  });
  return sequential(layers, { seed: o.seed });
}
