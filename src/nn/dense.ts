/** The fully connected layer: y = x·W + b, with W stored [in × out]. */

import type { Buf } from '../backend/index.js';
import { checkInt, typeError } from '../errors.js';
import { Random } from '../random.js';
import { checkBiasInit, checkInitializer, initValues, type BiasInit, type Initializer } from './init.js';
import type { Activation } from './activations.js';
import { freeParam, LayerBase, makeParam, type BuildContext, type Layer, type LayerConfig, type Param } from './module.js';

export interface DenseOptions {
  /** Weight initializer (default `'glorot'`). */
  init?: Initializer;
  /** `'zeros'` (default) or `'init'`: draw biases from the same initializer. */
  bias?: BiasInit;
  /** Seed for this layer alone; without it the model's generator is used (layers drawn in order). */
  seed?: number;
}

/**
 * A fully connected layer from `inputSize` to `outputSize` units.
 *
 * ```ts
 * const model = sequential([dense(2, 16, { init: 'he' }), relu(), dense(16, 1)], { seed: 0 });
 * ```
 */
export function dense(inputSize: number, outputSize: number, options: DenseOptions = {}): Dense {
  return new Dense(inputSize, outputSize, options);
}

export class Dense extends LayerBase implements Layer {
  readonly kind = 'dense' as const;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly init: Initializer;
  readonly biasInit: BiasInit;
  readonly seed: number | undefined;
  private W: Param | null = null;
  private b: Param | null = null;
  private x: Buf | null = null;
  private y: Buf | null = null;
  private dx: Buf | null = null;

  constructor(inputSize: number, outputSize: number, options: DenseOptions = {}) {
    super();
    const op = `dense(${inputSize}→${outputSize})`;
    this.inputSize = checkInt(op, 'inputSize', inputSize);
    this.outputSize = checkInt(op, 'outputSize', outputSize);
    if (typeof options !== 'object' || options === null) throw typeError(op, 'options must be an object');
    this.init = checkInitializer(op, options.init ?? 'glorot');
    this.biasInit = checkBiasInit(op, options.bias ?? 'zeros');
    if (options.seed !== undefined && (typeof options.seed !== 'number' || !Number.isFinite(options.seed))) {
      throw typeError(op, `seed must be a finite number, got ${String(options.seed)}`);
    }
    this.seed = options.seed;
  }

  override toString(): string {
    return `dense(${this.inputSize}→${this.outputSize})`;
  }

  build(ctx: BuildContext, inputSize: number): number {
    if (inputSize !== this.inputSize) {
      throw new RangeError(`${this}: input has ${inputSize} columns, expected ${this.inputSize}`);
    }
    this.attach(ctx, this.inputSize, this.outputSize, String(this));
    const rng = this.seed !== undefined ? new Random(this.seed) : ctx.rng;
    const w = initValues(rng, this.init, this.inputSize, this.outputSize, this.inputSize * this.outputSize);
    const b = this.biasInit === 'init'
      ? initValues(rng, this.init, this.inputSize, this.outputSize, this.outputSize)
      : new Float32Array(this.outputSize);
    this.W = makeParam(ctx.backend, 'W', this.inputSize, this.outputSize, w);
    this.b = makeParam(ctx.backend, 'b', 1, this.outputSize, b);
    return this.outputSize;
  }

  params(): Param[] {
    return this.W && this.b ? [this.W, this.b] : [];
  }

  protected allocWork(rows: number): void {
    this.y = this.workBuffer(rows * this.outSize);
    this.dx = this.workBuffer(rows * this.inSize);
  }

  /** y = x·W + b (one fused kernel); x is kept for the backward pass. */
  forward(x: Buf, rows: number): Buf {
    this.x = x;
    this.be.matmulBias(x, this.W!.value, this.b!.value, this.y!, rows, this.inSize, this.outSize);
    return this.y!;
  }
  /**
   * y = act(x·W + b) in one kernel (matmulBiasTanh, …), written into `act`'s output, whose own forward is skipped;
   * backward is unchanged (this layer's backward needs x, the activation's needs its output).
   */
  forwardFused(x: Buf, rows: number, act: Activation): Buf {
    this.x = x;
    const y = act.fusedOutput();
    this.be[act.fusedDense!](x, this.W!.value, this.b!.value, y, rows, this.inSize, this.outSize);
    return y;
  }
  /** dW = xᵀ·dy, db = Σ_rows dy, dx = dy·Wᵀ (skipped for the first layer). */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    const be = this.be;
    be.matmulTransA(this.x!, dy, this.W!.grad, rows, this.inSize, this.outSize);
    be.colSum(dy, this.b!.grad, rows, this.outSize);
    if (!needDx) return null;
    be.matmulTransB(dy, this.W!.value, this.dx!, rows, this.inSize, this.outSize);
    return this.dx!;
  }

  config(): LayerConfig {
    return { kind: 'dense', inputSize: this.inputSize, outputSize: this.outputSize, alpha: 0 };
  }

  dispose(): void {
    const be = this.backend;
    if (!be) return;
    for (const p of this.params()) freeParam(be, p);
    this.W = this.b = null;
    this.x = this.y = this.dx = null;
    this.disposeBase([]);
  }
}
