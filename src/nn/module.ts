/** The Layer contract shared by dense and activation layers, the Param record, and work-buffer bookkeeping. */

import type { Backend, Buf } from '../backend/index.js';
import type { Random } from '../random.js';

/** Every layer kind simdnet can build and save. The order is the code used by the binary format. */
export const LAYER_KINDS = ['dense', 'relu', 'leakyRelu', 'tanh', 'sigmoid', 'step'] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/**
 * A trainable matrix in backend memory with its gradient and optimizer state.
 * `decay` says whether L2 regularization applies (weights yes, biases no).
 */
export interface Param {
  readonly name: 'W' | 'b';
  readonly rows: number;
  readonly cols: number;
  readonly size: number;
  readonly decay: boolean;
  readonly value: Buf;
  readonly grad: Buf;
  /** Optimizer state buffers (velocity, Adam's m and v), allocated by the optimizer on first use. */
  state: Buf[];
  /** The optimizer instance `state` belongs to. */
  stateOwner: object | null;
  /** Updates applied with this state (Adam's t). */
  stateSteps: number;
}

/** What a layer needs to build its parameters: the backend and, for random initialization, a generator. */
export interface BuildContext {
  readonly backend: Backend;
  readonly rng: Random;
}

/** The description of a layer that the binary format stores: kind, sizes and its one scalar parameter. */
export interface LayerConfig {
  kind: LayerKind;
  inputSize: number;
  outputSize: number;
  /** leakyRelu's alpha; 0 for the others. */
  alpha: number;
}

/**
 * A layer of a Sequential model. Data flows one way: `forward(x, rows)` reads `rows` rows of `x`
 * and returns its own output buffer; `backward(dy, rows, needDx)` reads the saved forward values,
 * writes parameter gradients, and returns its own dx buffer (or null when `needDx` is false).
 * Buffers returned by a layer stay owned by it and hold `capacity` rows; only the first `rows` are used.
 */
export interface Layer {
  readonly kind: LayerKind;
  /** Fixed input width (dense), or null for activations, which take the width of their input. */
  readonly inputSize: number | null;
  /** Human-readable name used in error messages: `dense(784→128)`, `relu`. */
  toString(): string;
  /** Allocates parameters (dense) for an input of `inputSize` columns; returns the output width. */
  build(ctx: BuildContext, inputSize: number): number;
  params(): Param[];
  /** (Re)allocates work buffers to hold `rows` rows. */
  resize(rows: number): void;
  forward(x: Buf, rows: number): Buf;
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null;
  config(): LayerConfig;
  /** Frees everything the layer allocated. Safe to call twice. */
  dispose(): void;
}

/** Allocation bookkeeping every layer shares: named work buffers sized by a row capacity, freed together. */
export abstract class LayerBase {
  protected backend: Backend | null = null;
  protected inSize = 0;
  protected outSize = 0;
  protected capacity = 0;
  private work: Buf[] = [];

  /** Throws if built twice: a layer object belongs to one model. */
  protected attach(ctx: BuildContext, inputSize: number, outputSize: number, name: string): void {
    if (this.backend) throw new Error(`${name}: this layer already belongs to a model; create a new layer for each model`);
    this.backend = ctx.backend;
    this.inSize = inputSize;
    this.outSize = outputSize;
  }

  protected get be(): Backend {
    if (!this.backend) throw new Error(`${String(this)}: layer is not part of a model yet (or was disposed)`);
    return this.backend;
  }

  /** Allocates a work buffer (freed by resize and dispose). */
  protected workBuffer(length: number): Buf {
    const b = this.be.alloc(length);
    this.work.push(b);
    return b;
  }

  protected freeWork(): void {
    for (const b of this.work) this.backend!.free(b);
    this.work = [];
  }

  /** Allocates `rows × width` work buffers via `make` when the capacity changes. */
  resize(rows: number): void {
    if (rows === this.capacity) return;
    this.freeWork();
    this.capacity = rows;
    this.allocWork(rows);
  }

  protected abstract allocWork(rows: number): void;

  protected disposeBase(extra: Buf[]): void {
    if (!this.backend) return;
    this.freeWork();
    for (const b of extra) this.backend.free(b);
    this.capacity = 0;
    this.backend = null;
  }
}

/** Allocates a parameter with its gradient buffer. */
export function makeParam(backend: Backend, name: 'W' | 'b', rows: number, cols: number, init: Float32Array): Param {
  const value = backend.alloc(rows * cols);
  backend.write(value, init);
  return { name, rows, cols, size: rows * cols, decay: name === 'W', value, grad: backend.alloc(rows * cols), state: [], stateOwner: null, stateSteps: 0 };
}

/** Frees a parameter, its gradient and its optimizer state. */
export function freeParam(backend: Backend, p: Param): void {
  backend.free(p.value);
  backend.free(p.grad);
  for (const s of p.state) backend.free(s);
  p.state = [];
  p.stateOwner = null;
  p.stateSteps = 0;
}
