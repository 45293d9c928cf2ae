/** Sequential: a stack of layers on one backend (forward, backward, weights, lifetime), and the mlp() builder. */

import { getBackend, type Backend, type Buf } from '../backend/index.js';
import { checkInt, typeError, rangeError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { Random } from '../random.js';
import type { MatrixInput } from '../tensor.js';
import { fit, type FitOptions } from '../train/fit.js';
import type { History } from '../train/history.js';
import { evaluate, predict, predictClasses, type EvaluateOptions } from '../train/metrics.js';
import { saveModel } from '../io/save.js';
import { Activation, activationByName, type ActivationName } from './activations.js';
import { Dense, dense } from './dense.js';
import type { Initializer } from './init.js';
import type { Layer, Param } from './module.js';
import { computeGradients, type GradientsResult } from './gradients.js';
import type { LossName, TargetInput } from './losses.js';
import { readWeights, writeWeights, type LayerWeights, type LayerWeightsInput } from './weights.js';

export interface SequentialOptions {
  /** Seed of the generator that initializes dense layers without their own seed, in order (default 0). */
  seed?: number;
}

/**
 * A model: layers applied in order. Lives on the backend current when it was made; `dispose()` frees it.
 *
 * ```ts
 * const model = sequential([dense(2, 16), relu(), dense(16, 1)], { seed: 0 });
 * await model.fit(x, y, { loss: 'hinge', optimizer: sgd({ lr: 0.1 }), epochs: 100 });
 * model.predict([[0.5, 0.2]]); model.dispose();
 * ```
 */
export class Sequential {
  readonly layers: readonly Layer[];
  readonly backend: Backend;
  readonly inputSize: number;
  readonly outputSize: number;
  /** Set to true (e.g. from a callback) to make `fit` stop after the current batch. */
  stopTraining = false;
  /** True while a `fit` runs (a second concurrent fit is refused). */
  training = false;
  /** The loss and L2 strength of the last `fit` (used by `evaluate` when not given). */
  lastLoss: LossName | null = null;
  lastL2 = 0;
  private cap = 0;
  private dOutBuf: Buf | null = null;
  private argBuf: Buf | null = null;
  private disposed = false;
  /** Backward stops here: layers below the first dense layer need no gradient. */
  private readonly firstParamLayer: number;
  /** fused[i]: layer i is a dense layer whose output goes straight into the activation i + 1 with a fused kernel. */
  private readonly fused: boolean[];

  constructor(layers: Layer[], options: SequentialOptions = {}) {
    const op = 'sequential';
    if (!Array.isArray(layers) || layers.length === 0) throw typeError(op, 'expected a non-empty array of layers');
    layers.forEach((l, i) => {
      if (!l || typeof (l as Layer).forward !== 'function' || typeof (l as Layer).build !== 'function') {
        throw typeError(op, `layer ${i} is not a layer (use dense(), relu(), tanh(), …)`);
      }
    });
    if (new Set(layers).size !== layers.length) throw typeError(op, 'the same layer object appears twice; create one per position');
    const first = layers.find((l) => l.inputSize !== null);
    if (!first) throw typeError(op, 'needs at least one dense layer (activations take their width from it)');
    const seed = options.seed ?? 0;
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw typeError(op, `seed must be a finite number, got ${String(seed)}`);
    this.backend = getBackend();
    this.inputSize = first.inputSize!;
    const ctx = { backend: this.backend, rng: new Random(seed) };
    let width = this.inputSize;
    const built: Layer[] = [];
    try {
      for (const layer of layers) {
        width = layer.build(ctx, width);
        built.push(layer);
      }
    } catch (e) {
      for (const l of built) l.dispose();
      throw e;
    }
    this.outputSize = width;
    this.layers = layers.slice();
    this.firstParamLayer = layers.findIndex((l) => l.params().length > 0);
    this.fused = layers.map((l, i) => {
      const next = layers[i + 1];
      return l instanceof Dense && next instanceof Activation && next.fusedDense !== null;
    });
  }

  /** Row capacity of the work buffers (0 until the first batch). */
  get capacity(): number { return this.cap; }

  /** @internal Grows every work buffer to hold `rows` rows (never shrinks; a steady state allocates nothing). */
  ensureCapacity(rows: number): void {
    this.assertAlive('fit');
    if (rows <= this.cap) return;
    for (const l of this.layers) l.resize(rows);
    if (this.dOutBuf) this.backend.free(this.dOutBuf);
    if (this.argBuf) this.backend.free(this.argBuf);
    this.dOutBuf = this.backend.alloc(rows * this.outputSize);
    this.argBuf = this.backend.alloc(rows);
    this.cap = rows;
  }

  /** @internal Loss-gradient buffer (capacity × outputs) and argmax buffer (capacity). */
  get dOut(): Buf { return this.dOutBuf!; }
  get argmax(): Buf { return this.argBuf!; }

  /**
   * @internal Runs `rows` rows of `x` (rows ≤ capacity) through every layer; returns the last layer's output buffer.
   * A dense layer followed by relu, tanh or sigmoid runs as one fused kernel (same values as the two calls).
   */
  forwardBuf(x: Buf, rows: number): Buf {
    const layers = this.layers;
    let h = x;
    for (let i = 0; i < layers.length; i++) {
      if (this.fused[i]) {
        h = (layers[i] as Dense).forwardFused(h, rows, layers[i + 1] as Activation);
        i++;
      } else {
        h = layers[i].forward(h, rows);
      }
    }
    return h;
  }

  /** @internal Backpropagates `dOut` to every parameter gradient (dx is skipped below the first dense layer). */
  backwardBuf(dOut: Buf, rows: number): void {
    let dy: Buf | null = dOut;
    const stop = this.firstParamLayer;
    for (let i = this.layers.length - 1; i >= stop && dy; i--) dy = this.layers[i].backward(dy, rows, i > stop);
  }

  /** @internal Every parameter, in layer order (W then b). */
  params(): Param[] {
    return this.layers.flatMap((l) => l.params());
  }

  /** @internal Copies of every parameter (for restore-best-weights and gradient checks). */
  snapshot(): Float32Array[] {
    return this.params().map((p) => this.backend.read(p.value));
  }
  /** @internal Writes back a `snapshot()`. */
  restore(values: Float32Array[]): void {
    this.params().forEach((p, i) => this.backend.write(p.value, values[i]));
  }

  /**
   * Trains the model; resolves with the per-epoch history. See `FitOptions` for every option.
   *
   * ```ts
   * const history = await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.5 }), epochs: 200, batchSize: 200 });
   * history.loss.at(-1); history.accuracy?.at(-1);
   * ```
   */
  fit(x: MatrixInput, y: TargetInput, options: FitOptions): Promise<History> {
    this.assertAlive('fit');
    return fit(this, x, y, options);
  }

  /** Raw outputs (logits / scores / values), one row per input row. Nested arrays in → nested arrays out. `model.predict([[0, 1]])` */
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
    return computeGradients(this, x, y, options);
  }

  /** Copies of each dense layer's weights: `[{ W: [in × out], b: [out] }, …]`. */
  getWeights(): LayerWeights[] {
    this.assertAlive('getWeights');
    return readWeights(this.backend, this.layers);
  }

  /** Replaces every dense layer's weights; all shapes are checked before anything changes. `model.setWeights(other.getWeights())` */
  setWeights(weights: LayerWeightsInput[]): void {
    this.assertAlive('setWeights');
    writeWeights(this.backend, this.layers, weights);
  }

  /** The model in simdnet's binary format (same bytes everywhere); `loadModel(bytes)` reads it back. */
  save(): Uint8Array {
    this.assertAlive('save');
    return saveModel(this);
  }

  /** One line per layer: `dense(2→3) → tanh → dense(3→2)`. */
  toString(): string {
    return this.layers.map(String).join(' → ');
  }

  /** Frees every buffer the model owns (weights, gradients, optimizer state, work buffers). Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    if (this.training) throw new Error('dispose: the model is training; set model.stopTraining = true and await fit first');
    this.disposed = true;
    for (const l of this.layers) l.dispose();
    if (this.dOutBuf) this.backend.free(this.dOutBuf);
    if (this.argBuf) this.backend.free(this.argBuf);
    this.dOutBuf = this.argBuf = null;
    this.cap = 0;
  }

  get isDisposed(): boolean { return this.disposed; }

  /** @internal */
  assertAlive(op: string): void {
    if (this.disposed) throw new Error(`${op}: the model was disposed`);
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
  return new Sequential(layers, options);
}

export interface MlpOptions extends SequentialOptions {
  /** Hidden-layer activation (default 'relu'); the last layer is linear. */
  activation?: Exclude<ActivationName, 'step'>;
  /** Weight initializer of every dense layer (default 'glorot'). */
  init?: Initializer;
  /** leakyRelu's alpha (default 0.01). */
  alpha?: number;
}

/**
 * A multi-layer perceptron like micrograd's `MLP(nin, nouts)`: dense layers of sizes `nouts`, each
 * followed by `activation` except the last, which is linear.
 *
 * ```ts
 * const model = mlp(2, [16, 16, 1], { activation: 'relu', init: 'uniform', seed: 1337 });
 * model.toString(); // dense(2→16) → relu → dense(16→16) → relu → dense(16→1)
 * ```
 */
export function mlp(nin: number, nouts: number[], options: MlpOptions = {}): Sequential {
  const op = 'mlp';
  checkInt(op, 'nin', nin);
  if (!Array.isArray(nouts) || nouts.length === 0) throw typeError(op, 'nouts must be a non-empty array of layer sizes');
  nouts.forEach((n, i) => checkInt(op, `nouts[${i}]`, n));
  if (options.activation === ('step' as unknown)) throw rangeError(op, "activation 'step' cannot be trained; use neuron(n, { activation: 'step' }) for a perceptron");
  const layers: Layer[] = [];
  let prev = nin;
  nouts.forEach((n, i) => {
    layers.push(dense(prev, n, { init: options.init }));
    if (i < nouts.length - 1) layers.push(activationByName(op, options.activation ?? 'relu', options.alpha));
    prev = n;
  });
  return new Sequential(layers, { seed: options.seed });
}
