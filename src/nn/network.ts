/** Network: layers in order on one backend, with their shapes checked, forward and backward over backend buffers, weights and lifetime. */

import { getBackend, type Backend, type Buf } from '../backend/index.js';
import { rangeError, StateError, typeError } from '../errors.js';
import { Random } from '../random.js';
import { Activation, fusesBackwardWith, fusesWith, Relu, type FusesActivation, type FusesActivationBackward, type TakesReluMask } from './activations.js';
import { fmtSampleShape, sameShape, ShapeMismatch, shapeSize, type Layer, type Param, type Shape, type Weight } from './layer.js';
import type { LossName } from './losses.js';
import { readWeights, writeWeights, type LayerWeights, type LayerWeightsInput } from './weights.js';

export interface NetworkOptions {
  /** Seed of the generator that initializes layers without their own seed, in order (default 0). */
  seed?: number;
  /** The shape of one input sample, when the first layer does not declare it: `{ inputShape: [28, 28, 1] }`. */
  inputShape?: Shape;
}

/** A checked sample shape: 1 to 4 positive integers. */
function checkSampleShape(op: string, shape: unknown): Shape {
  if (!Array.isArray(shape)) throw typeError(op, `inputShape must be an array such as [784] or [28, 28, 1], got ${typeof shape}`);
  if (shape.length < 1 || shape.length > 4 || !shape.every((v) => Number.isInteger(v) && v >= 1)) {
    throw rangeError(op, `inputShape must be 1 to 4 positive integers, got ${JSON.stringify(shape)}`);
  }
  return shape.slice();
}

/** The buffers a network owns, kept apart from it so that they can be freed after it is garbage-collected. */
interface Resources {
  backend: Backend;
  layers: readonly Layer[];
  extra: Buf[];
  disposed: boolean;
}

function release(r: Resources): void {
  if (r.disposed) return;
  r.disposed = true;
  for (const l of r.layers) l.dispose();
  for (const b of r.extra) r.backend.free(b);
  r.extra = [];
}

/** Frees what a network held when it is collected without `dispose()` (which stays the explicit, immediate way). */
const collected = new FinalizationRegistry<Resources>(release);

/** Layer kinds that give back the shape they take, whatever it is: they may come before the first declared shape. */
const SHAPE_KEEPING: readonly string[] = ['dropout', 'batchNorm', 'softmax'];

/** Layers placed before the first layer that declares an input shape must keep the shape (activations, dropout, …). */
function inputShapeOf(layers: readonly Layer[]): Shape {
  const first = layers.findIndex((l) => l.declaredInputShape !== null);
  if (first < 0) {
    throw typeError('sequential', 'no layer declares the input shape; give the first one its input size: dense(784, 128), normalize.fit(x) or conv2d({ inputShape: [28, 28, 1], … })');
  }
  const before = layers.slice(0, first).find((l) => !(l instanceof Activation) && !SHAPE_KEEPING.includes(l.kind));
  if (before) throw typeError('sequential', `layer 0 (${before}) needs an input shape; declare it on the first layer`);
  return layers[first].declaredInputShape!;
}

/**
 * Checks that each layer takes the shape the one before it gives, without allocating anything; returns the output
 * shape. `RangeError: sequential: layer 3 (maxPool2d) expects [h, w, c] input, got [64]`.
 */
export function configureLayers(layers: readonly Layer[], inputShape: Shape): Shape {
  let shape = inputShape;
  layers.forEach((layer, i) => {
    const declared = layer.declaredInputShape;
    try {
      if (declared && !sameShape(declared, shape)) throw new ShapeMismatch(String(layer), `expects input ${fmtSampleShape(declared)}, got ${fmtSampleShape(shape)}`);
      shape = layer.configure(shape);
    } catch (e) {
      if (e instanceof ShapeMismatch) throw new RangeError(`sequential: layer ${i} (${e.layer}) ${e.detail}`);
      throw e;
    }
  });
  return shape;
}

/**
 * The stack a model computes with. Lives on the backend current when it was made; `dispose()` frees it (and a
 * network that is garbage-collected without it is freed then).
 */
export class Network {
  readonly layers: readonly Layer[];
  readonly backend: Backend;
  /** One sample's shape in and out; `inputSize`, `outputSize`: values per sample (columns of a batch). */
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  /** Set to true (e.g. from a callback) to make `fit` stop after the current batch. */
  stopTraining = false;
  /** The loss and L2 strength of the last `fit` (used by `evaluate` when not given). */
  lastLoss: LossName | null = null;
  lastL2 = 0;
  private fitting = false;
  private cap = 0;
  private dOutBuf: Buf | null = null;
  private argBuf: Buf | null = null;
  private readonly resources: Resources;
  /** Backward stops here: layers below the first one with weights need no gradient. */
  private readonly firstParamLayer: number;
  /** fused[i]: layer i runs with the activation i + 1 in one fused kernel (dense → relu, …). */
  private readonly fused: boolean[];
  /** afterRelu[i]: layer i − 1 is a relu whose backward layer i takes over (relu → maxPool2d). */
  private readonly afterRelu: boolean[];
  /** fusedBack[i]: layer i's input gradient is computed with the derivative of the activation i − 1 in one kernel. */
  private readonly fusedBack: boolean[];

  constructor(layers: Layer[], options: NetworkOptions = {}) {
    const op = 'sequential';
    if (!Array.isArray(layers) || layers.length === 0) throw typeError(op, 'expected a non-empty array of layers');
    layers.forEach((l, i) => {
      if (!l || typeof (l as Layer).forward !== 'function' || typeof (l as Layer).configure !== 'function') {
        throw typeError(op, `layer ${i} is not a layer (use dense(), relu(), conv2d(), …)`);
      }
    });
    if (new Set(layers).size !== layers.length) throw typeError(op, 'the same layer object appears twice; create one per position');
    const seed = options.seed ?? 0;
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw typeError(op, `seed must be a finite number, got ${String(seed)}`);
    const used = layers.find((l) => l.built);
    if (used) throw new StateError(op, `${used} already belongs to a model; create a new layer for each model`);
    this.inputShape = options.inputShape !== undefined ? checkSampleShape(op, options.inputShape) : inputShapeOf(layers);
    this.outputShape = configureLayers(layers, this.inputShape);
    this.inputSize = shapeSize(this.inputShape);
    this.outputSize = shapeSize(this.outputShape);
    this.backend = getBackend();
    this.buildLayers(layers, new Random(seed));
    this.layers = layers.slice();
    this.resources = { backend: this.backend, layers: this.layers, extra: [], disposed: false };
    collected.register(this, this.resources, this.resources);
    this.firstParamLayer = layers.findIndex((l) => l.params().length > 0);
    this.fused = layers.map((l, i) => fusesWith(l, layers[i + 1]));
    this.afterRelu = layers.map((l, i) => i > 0 && layers[i - 1] instanceof Relu && typeof (l as Partial<TakesReluMask>).backwardAfterRelu === 'function');
    this.fusedBack = layers.map((l, i) => i > 0 && fusesBackwardWith(l, layers[i - 1]));
  }

  private buildLayers(layers: readonly Layer[], rng: Random): void {
    const built: Layer[] = [];
    try {
      for (const layer of layers) {
        layer.build({ backend: this.backend, rng });
        built.push(layer);
      }
    } catch (e) {
      for (const l of built) l.dispose();
      throw e;
    }
  }

  /** Row capacity of the work buffers (0 until the first batch). */
  get capacity(): number { return this.cap; }

  /** @internal Grows every work buffer to hold `rows` rows (never shrinks; a steady state allocates nothing). */
  ensureCapacity(rows: number): void {
    this.assertAlive('fit');
    if (rows <= this.cap) return;
    for (const l of this.layers) l.resize(rows);
    for (const b of this.resources.extra) this.backend.free(b);
    this.dOutBuf = this.backend.alloc(rows * this.outputSize);
    this.argBuf = this.backend.alloc(rows);
    this.resources.extra = [this.dOutBuf, this.argBuf];
    this.cap = rows;
  }

  /** @internal Loss-gradient buffer (capacity × outputs) and argmax buffer (capacity). */
  get dOut(): Buf { return this.dOutBuf!; }
  get argmax(): Buf { return this.argBuf!; }

  /** @internal Sets every layer's training flag (dropout and batch norm behave differently while training). */
  setTraining(on: boolean): void {
    for (const l of this.layers) l.training = on;
  }
  /**
   * @internal Runs `fn` with the training flag cleared (dropout off, batch norm on its moving statistics) and puts it
   * back: predict, evaluate and gradients called from a fit callback run in inference mode too.
   */
  inInference<T>(fn: () => T): T {
    const was = this.layers.map((l) => l.training);
    this.setTraining(false);
    try {
      return fn();
    } finally {
      this.layers.forEach((l, i) => { l.training = was[i]; });
    }
  }

  /** @internal Before a training step's forward: each layer that draws randomness (dropout) takes its seed from `rng`, in layer order. */
  beginTrainingStep(rng: Random): void {
    for (const l of this.layers) l.beginStep?.(rng);
  }
  /** @internal After a training step's update: batch norm folds the step's batch statistics into its moving ones. */
  endTrainingStep(): void {
    for (const l of this.layers) l.endStep?.();
  }

  /**
   * @internal Runs `rows` rows of `x` (rows ≤ capacity) through layers [0, end); returns the last one's output buffer.
   * A dense (or conv) layer followed by relu, tanh or sigmoid runs as one fused kernel (same values as the two calls).
   */
  forward(x: Buf, rows: number, end = this.layers.length): Buf {
    const layers = this.layers;
    let h = x;
    for (let i = 0; i < end; i++) {
      if (this.fused[i] && i + 1 < end) {
        h = (layers[i] as Layer & FusesActivation).forwardFused(h, rows, layers[i + 1] as Activation);
        i++;
      } else {
        h = layers[i].forward(h, rows);
      }
    }
    return h;
  }

  /**
   * @internal Backpropagates `dOut` (the gradient at the output of layer end − 1) to every parameter gradient. Two
   * pairs run as one backward (the same values as the two backwards):
   * - a dense layer above relu, tanh or sigmoid computes its input gradient times the activation's derivative in one
   *   kernel, when that gradient is needed further down;
   * - a relu followed by a layer that takes its mask (max pooling: relu's mask at each window's winner is [max > 0])
   *   runs on the smaller side.
   */
  backward(dOut: Buf, rows: number, end = this.layers.length): void {
    let dy: Buf | null = dOut;
    const stop = this.firstParamLayer;
    for (let i = end - 1; i >= stop && dy; i--) {
      if (this.fusedBack[i] && i - 1 > stop) {
        dy = (this.layers[i] as Layer & FusesActivationBackward).backwardFused(dy, rows, this.layers[i - 1] as Activation);
        i--;
      } else if (this.afterRelu[i] && i - 1 >= stop) {
        dy = (this.layers[i] as Layer & TakesReluMask).backwardAfterRelu(dy, rows, i - 1 > stop);
        i--;
      } else {
        dy = this.layers[i].backward(dy, rows, i > stop);
      }
    }
  }

  /** @internal Every trainable weight, in layer order. */
  params(): Param[] {
    return this.layers.flatMap((l) => l.params());
  }
  /** @internal Every saved weight (trainable and moving statistics), in layer order: what the model file holds. */
  allWeights(): Weight[] {
    return this.layers.flatMap((l) => l.weights());
  }

  /** @internal Copies of every saved weight (for restore-best-weights and gradient checks). */
  snapshot(): Float32Array[] {
    return this.allWeights().map((w) => this.backend.read(w.value));
  }
  /** @internal Writes back a `snapshot()`. */
  restore(values: Float32Array[]): void {
    this.allWeights().forEach((w, i) => this.backend.write(w.value, values[i]));
  }

  /** Copies of the weights of each layer that has some: `{ W: [in × out], b: [out] }` for dense and conv2d layers. */
  getWeights(): LayerWeights[] {
    this.assertAlive('getWeights');
    return readWeights(this.backend, this.layers);
  }

  /** Replaces the weights of every layer that has some; all shapes are checked before anything changes. `model.setWeights(other.getWeights())` */
  setWeights(weights: LayerWeightsInput[]): void {
    this.assertAlive('setWeights');
    writeWeights(this.backend, this.layers, weights);
  }

  /** @internal Marks a fit as running (a second one, or dispose(), is refused meanwhile). */
  beginFit(): void {
    this.assertAlive('fit');
    if (this.fitting) throw new StateError('fit', 'this model is already training (await the running fit first)');
    this.fitting = true;
  }
  /** @internal */
  endFit(): void {
    this.fitting = false;
  }
  /** True while a `fit` runs. */
  get isFitting(): boolean { return this.fitting; }

  /** Frees every buffer the model owns (weights, gradients, optimizer state, work buffers). Safe to call twice. */
  dispose(): void {
    if (this.resources.disposed) return;
    if (this.fitting) throw new StateError('dispose', 'the model is training; set model.stopTraining = true and await fit first');
    collected.unregister(this.resources);
    release(this.resources);
    this.dOutBuf = this.argBuf = null;
    this.cap = 0;
  }

  get isDisposed(): boolean { return this.resources.disposed; }

  /** @internal Throws a StateError naming `op` if the model was disposed. */
  assertAlive(op: string): void {
    if (this.resources.disposed) throw new StateError(op, 'the model was disposed');
  }
}
