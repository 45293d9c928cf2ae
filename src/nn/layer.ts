/** The Layer contract: the shape of one sample in and out, build, forward and backward on backend buffers, and the buffers a layer owns. */

import type { Backend, Buf } from '../backend/index.js';
import { StateError } from '../errors.js';
import type { Random } from '../random.js';

/**
 * The shape of one sample: `[features]`, `[height, width, channels]` (NHWC, as TensorFlow.js and Keras) or
 * `[steps, features]`. A batch is always a matrix with one sample per row, flattened row-major.
 */
export type Shape = readonly number[];

/** Values in one sample of `shape`. */
export function shapeSize(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A shape as messages print it: `[28, 28, 1]`. */
export function fmtSampleShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Whether two shapes are the same. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * A layer that cannot take the input shape it is given. `detail` reads after the layer's name:
 * `expects [h, w, c] input, got [64]`; `sequential` adds the layer's position.
 */
export class ShapeMismatch extends RangeError {
  constructor(readonly layer: string, readonly detail: string) {
    super(`${layer}: ${detail}`);
    this.name = 'RangeError';
  }
}

/**
 * A buffer of weights a layer owns, as it is saved and exchanged: `W` [in × out] is a matrix (rows in `getWeights`),
 * `b`, `gamma`, a moving mean are vectors. Trainable ones are Params; the rest (moving statistics) are saved too.
 */
export interface Weight {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly size: number;
  /** Exchanged as rows (`W: number[][]`) rather than one flat array (`b: number[]`). */
  readonly matrix: boolean;
  readonly value: Buf;
}

/** A weight's name, shape and role, known once the layer has its input shape (before anything is allocated). */
export type WeightShape = Omit<Weight, 'value'> & { readonly trainable: boolean };

/**
 * A trainable weight with its gradient and optimizer state. `decay` says whether L2 regularization applies
 * (weights yes, biases and normalization scales no).
 */
export interface Param extends Weight {
  readonly decay: boolean;
  readonly grad: Buf;
  /** Optimizer state buffers (velocity, Adam's m and v), allocated by the optimizer on first use. */
  state: Buf[];
  /** The optimizer instance `state` belongs to. */
  stateOwner: object | null;
  /** Updates applied with this state (Adam's t). */
  stateSteps: number;
}

/** What a layer needs to build its weights: the backend and, for random initialization, a generator. */
export interface BuildContext {
  readonly backend: Backend;
  readonly rng: Random;
}

/** Every layer kind simdnet can build and save. v1 model files store a kind as its index in the first six. */
export const LAYER_KINDS = [
  'dense', 'relu', 'leakyRelu', 'tanh', 'sigmoid', 'step', 'dropout', 'batchNorm', 'softmax', 'normalize', 'simpleRnn', 'lstm', 'gru',
  'timeDistributed', 'conv2d', 'maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'flatten',
] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/** What the model file stores for a layer: its kind and the options that rebuild it (plain JSON values; a wrapper's inner layer as its config). */
export interface LayerConfig {
  readonly kind: LayerKind;
  readonly [option: string]: string | number | boolean | readonly number[] | null | LayerConfig;
}

/**
 * A layer of a Sequential model. Data flows one way: `forward(x, rows)` reads `rows` samples of `x` and returns its
 * own output buffer; `backward(dy, rows, needDx)` reads what forward saved, writes parameter gradients, and returns
 * its own dx buffer (or null when `needDx` is false). Buffers a layer returns stay owned by it and hold `capacity`
 * rows; only the first `rows` are used.
 */
export interface Layer {
  readonly kind: LayerKind;
  /** The input shape given at construction (`dense(784, 128)` → [784]), or null: taken from the layer before. */
  readonly declaredInputShape: Shape | null;
  /** Set by the model: true inside `fit` (dropout drops, batch norm uses batch statistics), false otherwise. */
  training: boolean;
  /** Human-readable name used in error messages: `dense(784→128)`, `relu`. */
  toString(): string;
  /** Checks that a sample of `inputShape` fits and returns the output shape; allocates nothing (a file is checked with it before anything is built). */
  configure(inputShape: Shape): Shape;
  /** The weights `build` will allocate, in file order (after `configure`). */
  weightShapes(): WeightShape[];
  /** Allocates the weights (after `configure`); throws a StateError if the layer already belongs to a model. */
  build(ctx: BuildContext): void;
  /** True from `build` until `dispose`: the layer belongs to a model. */
  readonly built: boolean;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  params(): Param[];
  /** Every weight in file order: the params, then non-trained state such as moving statistics. */
  weights(): Weight[];
  /** (Re)allocates work buffers to hold `rows` samples. */
  resize(rows: number): void;
  forward(x: Buf, rows: number): Buf;
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null;
  /**
   * Called by `fit` before each training step's forward, in layer order, with the fit's mask generator: a layer that
   * draws randomness (dropout) takes its seed for the step here, so the same fit seed gives the same masks.
   */
  beginStep?(rng: Random): void;
  /**
   * Called by `fit` after each training step's update (never by predict, evaluate, gradients or gradCheck, and not
   * after a step whose loss was not finite): batch norm folds that step's batch statistics into its moving ones.
   */
  endStep?(): void;
  config(): LayerConfig;
  /** Frees everything the layer allocated. Safe to call twice. */
  dispose(): void;
}

/** What every layer shares: shapes, the training flag, the backend it was built on, work buffers sized by a row capacity. */
export abstract class LayerBase {
  abstract readonly kind: LayerKind;
  readonly declaredInputShape: Shape | null = null;
  training = false;
  protected backend: Backend | null = null;
  protected inShape: Shape | null = null;
  protected outShape: Shape | null = null;
  /** Values per input and output sample. */
  protected inSize = 0;
  protected outSize = 0;
  protected capacity = 0;
  private work: Buf[] = [];

  get built(): boolean {
    return this.backend !== null;
  }
  get inputShape(): Shape {
    if (!this.inShape) throw new StateError(String(this), 'the layer is not part of a model yet');
    return this.inShape;
  }
  get outputShape(): Shape {
    if (!this.outShape) throw new StateError(String(this), 'the layer is not part of a model yet');
    return this.outShape;
  }

  configure(inputShape: Shape): Shape {
    const out = this.outputShapeFor(inputShape);
    this.inShape = inputShape.slice();
    this.outShape = out.slice();
    this.inSize = shapeSize(inputShape);
    this.outSize = shapeSize(out);
    return out;
  }
  /** The output shape for a sample of `input`, or a ShapeMismatch saying why it does not fit. */
  protected abstract outputShapeFor(input: Shape): Shape;

  weightShapes(): WeightShape[] {
    return [];
  }

  build(ctx: BuildContext): void {
    if (this.backend) throw new StateError(String(this), 'this layer already belongs to a model; create a new layer for each model');
    if (!this.inShape) throw new StateError(String(this), 'configure the layer with its input shape before building it');
    this.backend = ctx.backend;
    this.allocate(ctx);
  }
  /** Allocates the layer's weights (none by default). */
  protected allocate(_ctx: BuildContext): void {}

  params(): Param[] {
    return [];
  }
  weights(): Weight[] {
    return this.params();
  }

  protected get be(): Backend {
    if (!this.backend) throw new StateError(String(this), 'the layer is not part of a model yet (or was disposed)');
    return this.backend;
  }

  /** Allocates a work buffer of `rows · perRow` values (freed by resize and dispose). */
  protected workBuffer(length: number): Buf {
    const b = this.be.alloc(length);
    this.work.push(b);
    return b;
  }

  /** Frees a work buffer before `resize` does (one sized by something else than the row capacity). */
  protected freeWork(b: Buf): void {
    this.work.splice(this.work.indexOf(b), 1);
    this.be.free(b);
  }

  resize(rows: number): void {
    if (rows === this.capacity) return;
    for (const b of this.work) this.backend!.free(b);
    this.work = [];
    this.capacity = rows;
    this.allocWork(rows);
  }
  protected abstract allocWork(rows: number): void;

  abstract forward(x: Buf, rows: number): Buf;
  abstract backward(dy: Buf, rows: number, needDx: boolean): Buf | null;

  dispose(): void {
    const be = this.backend;
    if (!be) return;
    for (const b of this.work) be.free(b);
    for (const w of this.weights()) freeWeight(be, w);
    this.work = [];
    this.capacity = 0;
    this.backend = null;
    this.dropWeights();
  }
  /** Forgets the layer's weight objects after they were freed. */
  protected dropWeights(): void {}
}

/** Allocates a trainable weight and its gradient, filled with `init`. */
export function makeParam(backend: Backend, name: string, rows: number, cols: number, init: Float32Array, o: { decay: boolean; matrix: boolean }): Param {
  const value = backend.alloc(rows * cols);
  backend.write(value, init);
  return { name, rows, cols, size: rows * cols, matrix: o.matrix, decay: o.decay, value, grad: backend.alloc(rows * cols), state: [], stateOwner: null, stateSteps: 0 };
}

/** Allocates a weight that is saved but not trained (a moving statistic), filled with `init`. */
export function makeWeight(backend: Backend, name: string, size: number, init: Float32Array): Weight {
  const value = backend.alloc(size);
  backend.write(value, init);
  return { name, rows: 1, cols: size, size, matrix: false, value };
}

/** Frees a weight, and for a Param its gradient and optimizer state. */
function freeWeight(backend: Backend, w: Weight): void {
  backend.free(w.value);
  const p = w as Partial<Param>;
  if (p.grad) backend.free(p.grad);
  for (const s of p.state ?? []) backend.free(s);
}
