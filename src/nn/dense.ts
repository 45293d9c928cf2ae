/** The fully connected layer: y = x·W + b, with W stored [in × out]. */

import type { Buf } from '../backend/index.js';
import { checkInt, checkOptions, typeError } from '../errors.js';
import { Random } from '../random.js';
import type { Activation, FusesActivation, FusesActivationBackward } from './activations.js';
import { checkBiasInit, checkInitializer, initValues, type BiasInit, type Initializer } from './init.js';
import { fmtSampleShape, LayerBase, makeParam, ShapeMismatch, type BuildContext, type Layer, type LayerConfig, type Param, type Shape, type WeightShape } from './layer.js';

export interface DenseOptions {
  /** Weight initializer (default `'glorot'`). */
  init?: Initializer;
  /** `'zeros'` (default) or `'init'`: draw biases from the same initializer. */
  bias?: BiasInit;
  /** Seed for this layer alone; without it the model's generator is used (layers drawn in order). */
  seed?: number;
}

/**
 * A fully connected layer. `dense(inputSize, units)` declares its input width; `dense(units)` takes it from the
 * layer before (after `flatten()`, say).
 *
 * ```ts
 * const model = sequential([dense(2, 16, { init: 'he' }), relu(), dense(1)], { seed: 0 });
 * ```
 */
export function dense(inputSize: number, units: number, options?: DenseOptions): Dense;
export function dense(units: number, options?: DenseOptions): Dense;
export function dense(a: number, b?: number | DenseOptions, c?: DenseOptions): Dense {
  return typeof b === 'number' ? new Dense(b, c ?? {}, a) : new Dense(a, b ?? {});
}

export class Dense extends LayerBase implements Layer, FusesActivation, FusesActivationBackward {
  readonly kind = 'dense' as const;
  override readonly declaredInputShape: Shape | null;
  readonly outputSize: number;
  readonly init: Initializer;
  readonly biasInit: BiasInit;
  readonly seed: number | undefined;
  private W: Param | null = null;
  private b: Param | null = null;
  private x: Buf | null = null;
  private y: Buf | null = null;
  private dx: Buf | null = null;

  constructor(units: number, options: DenseOptions = {}, inputSize?: number) {
    super();
    const op = inputSize === undefined ? `dense(${units})` : `dense(${inputSize}→${units})`;
    if (inputSize !== undefined) checkInt(op, 'inputSize', inputSize);
    this.outputSize = checkInt(op, 'units', units);
    const o = checkOptions(op, options, ['init', 'bias', 'seed'], { activation: "an activation layer after it: dense(…), relu()", units: 'dense(inputSize, units)' });
    this.init = checkInitializer(op, o.init ?? 'glorot');
    this.biasInit = checkBiasInit(op, o.bias ?? 'zeros');
    if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isFinite(o.seed))) {
      throw typeError(op, `seed must be a finite number, got ${String(o.seed)}`);
    }
    this.seed = o.seed;
    this.declaredInputShape = inputSize === undefined ? null : [inputSize];
  }

  /** Input width (known once the layer has an input shape). */
  get inputSize(): number {
    return this.declaredInputShape?.[0] ?? this.inSize;
  }

  override toString(): string {
    return this.inputSize ? `dense(${this.inputSize}→${this.outputSize})` : `dense(${this.outputSize})`;
  }

  protected outputShapeFor(input: Shape): Shape {
    if (input.length !== 1) throw new ShapeMismatch(String(this), `expects [features] input, got ${fmtSampleShape(input)}; put flatten() before it`);
    if (this.declaredInputShape && input[0] !== this.declaredInputShape[0]) {
      throw new ShapeMismatch(String(this), `input has ${input[0]} columns, expected ${this.declaredInputShape[0]}`);
    }
    return [this.outputSize];
  }

  override weightShapes(): WeightShape[] {
    return [
      { name: 'W', rows: this.inSize, cols: this.outputSize, size: this.inSize * this.outputSize, matrix: true, trainable: true },
      { name: 'b', rows: 1, cols: this.outputSize, size: this.outputSize, matrix: false, trainable: true },
    ];
  }

  /** W drawn first (row-major), then b when `bias: 'init'`: the order numpy code draws them in. */
  protected override allocate(ctx: BuildContext): void {
    const rng = this.seed !== undefined ? new Random(this.seed) : ctx.rng;
    const [n, m] = [this.inSize, this.outputSize];
    const w = initValues(rng, this.init, n, m, n * m);
    const b = this.biasInit === 'init' ? initValues(rng, this.init, n, m, m) : new Float32Array(m);
    this.W = makeParam(ctx.backend, 'W', n, m, w, { decay: true, matrix: true });
    this.b = makeParam(ctx.backend, 'b', 1, m, b, { decay: false, matrix: false });
  }

  override params(): Param[] {
    return this.W && this.b ? [this.W, this.b] : [];
  }

  protected allocWork(rows: number): void {
    this.y = this.workBuffer(rows * this.outSize);
    this.dx = this.workBuffer(rows * this.inSize);
  }

  /** Saves x for backward. y = x·W + b (one fused kernel). */
  forward(x: Buf, rows: number): Buf {
    this.x = x;
    this.be.matmulBias(x, this.W!.value, this.b!.value, this.y!, rows, this.inSize, this.outSize);
    return this.y!;
  }
  /** Whether `act` runs fused into the product: relu, tanh and sigmoid have a matmulBias kernel of their own. */
  canFuse(act: Activation): boolean {
    return act.fusedDense !== null;
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
  /** dW = xᵀ·dy and db = Σ_rows dy (one kernel), dx = dy·Wᵀ (skipped for the first layer). */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    const be = this.be;
    be.matmulTransAColSum(this.x!, dy, this.W!.grad, this.b!.grad, rows, this.inSize, this.outSize);
    if (!needDx) return null;
    be.matmulTransB(dy, this.W!.value, this.dx!, rows, this.inSize, this.outSize);
    return this.dx!;
  }
  /**
   * dW and db as in `backward`; dx = (dy·Wᵀ) ⊙ f′ for the activation `act` below this layer, in one kernel
   * (matmulTransBReluBackward, …), written into `act`'s gradient buffer, whose own backward is skipped.
   */
  backwardFused(dy: Buf, rows: number, act: Activation): Buf {
    const be = this.be;
    be.matmulTransAColSum(this.x!, dy, this.W!.grad, this.b!.grad, rows, this.inSize, this.outSize);
    const { saved, dx } = act.fusedBackwardBuffers();
    be[act.fusedBackward!](dy, this.W!.value, saved, dx, rows, this.inSize, this.outSize);
    return dx;
  }

  config(): LayerConfig {
    return { kind: 'dense', units: this.outputSize };
  }

  protected override dropWeights(): void {
    this.W = this.b = null;
    this.x = this.y = this.dx = null;
  }
}
