/** Activation layers relu, leakyRelu, tanh, sigmoid and step: each forward kernel with its backward right below. */

import type { Buf } from '../backend/index.js';
import type { KernelName } from '../backend/kernels.js';
import { checkNumber, typeError } from '../errors.js';
import { LayerBase, type Layer, type LayerConfig, type Shape } from './layer.js';

/** The kernels that run a dense layer and the activation after it in one call. */
export type FusedDenseKernel = Extract<KernelName, 'matmulBiasRelu' | 'matmulBiasTanh' | 'matmulBiasSigmoid'>;
/** The kernels that compute a dense layer's input gradient times the derivative of the activation below it. */
export type FusedBackwardKernel = Extract<KernelName, 'matmulTransBReluBackward' | 'matmulTransBTanhBackward' | 'matmulTransBSigmoidBackward'>;

/**
 * A layer whose forward can run fused with the activation after it (dense and conv2d: matmulBias + the activation
 * in one kernel); the model calls `forwardFused` instead of the two forwards.
 */
export interface FusesActivation {
  /** Whether this layer has a kernel that applies `act` too (dense: relu, tanh, sigmoid; conv2d: relu, leakyRelu). */
  canFuse(act: Activation): boolean;
  forwardFused(x: Buf, rows: number, act: Activation): Buf;
}

/**
 * A layer that can run the backward of a relu right before it together with its own (max pooling): the model calls
 * `backwardAfterRelu` instead of the two backwards, and it returns the gradient at the relu's input.
 */
export interface TakesReluMask {
  backwardAfterRelu(dy: Buf, rows: number, needDx: boolean): Buf | null;
}

/** Whether `layer` fuses with `next` (an activation it has a fused kernel for). */
export function fusesWith(layer: unknown, next: unknown): boolean {
  const l = layer as Partial<FusesActivation>;
  return typeof l.forwardFused === 'function' && typeof l.canFuse === 'function' && next instanceof Activation && l.canFuse(next);
}

/**
 * A layer whose input gradient can be computed fused with the derivative of the activation below it (dense:
 * dX = (dY·Wᵀ) ⊙ f′ in one kernel); the model calls `backwardFused` instead of the two backwards.
 */
export interface FusesActivationBackward {
  backwardFused(dy: Buf, rows: number, act: Activation): Buf;
}

/** Whether `layer`'s backward fuses with that of `below` (an activation with a fused backward kernel). */
export function fusesBackwardWith(layer: unknown, below: unknown): boolean {
  return typeof (layer as Partial<FusesActivationBackward>).backwardFused === 'function' && below instanceof Activation && below.fusedBackward !== null;
}

/** An element-wise activation; `x` (or `y`) is kept for backward, whichever the kernel needs. */
export abstract class Activation extends LayerBase implements Layer {
  protected x: Buf | null = null;
  protected y: Buf | null = null;
  protected dx: Buf | null = null;

  override toString(): string {
    return this.kind;
  }
  /** Elementwise: any shape in, the same shape out. */
  protected override outputShapeFor(input: Shape): Shape {
    return input;
  }
  protected allocWork(rows: number): void {
    this.y = this.workBuffer(rows * this.outSize);
    this.dx = this.workBuffer(rows * this.inSize);
  }
  forward(x: Buf, rows: number): Buf {
    this.x = x;
    this.apply(x, this.y!, rows * this.inSize);
    return this.y!;
  }
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    if (!needDx) return null;
    this.derive(dy, this.dx!, rows * this.inSize);
    return this.dx!;
  }
  protected abstract apply(x: Buf, y: Buf, n: number): void;
  protected abstract derive(dy: Buf, dx: Buf, n: number): void;
  /** @internal The backend kernel computing dense → this activation in one call (matmulBiasTanh, …), or null. */
  get fusedDense(): FusedDenseKernel | null {
    return null;
  }
  /**
   * @internal The buffer a fused dense + activation kernel writes this layer's output into, for `forward` skipped.
   * Backward then works from the output alone: tanh and sigmoid need nothing else, relu's mask [x > 0] equals [y > 0],
   * and so does leakyRelu's for alpha ≥ 0 (y > 0 exactly where x > 0).
   */
  fusedOutput(): Buf {
    this.x = this.y;
    return this.y!;
  }
  /** @internal The kernel computing the layer above's input gradient times this activation's derivative, or null. */
  get fusedBackward(): FusedBackwardKernel | null {
    return null;
  }
  /**
   * @internal For a backward fused into the layer above: the saved value the derivative reads (as `derive` does) and
   * this layer's gradient buffer, which the fused kernel fills in place of this layer's own backward.
   */
  fusedBackwardBuffers(): { saved: Buf; dx: Buf } {
    return { saved: this.savedForDerivative(), dx: this.dx! };
  }
  /** What `derive` reads: the output (tanh, sigmoid); relu overrides it with its input. */
  protected savedForDerivative(): Buf {
    return this.y!;
  }
  config(): LayerConfig {
    return { kind: this.kind };
  }
  protected override dropWeights(): void {
    this.x = this.y = this.dx = null;
  }
}

export class Relu extends Activation {
  readonly kind = 'relu' as const;
  /** y = max(0, x) */
  protected apply(x: Buf, y: Buf, n: number): void { this.be.relu(x, y, n); }
  /** dx = dy · [x > 0], from the saved input (or the output, after a fused forward: the same mask) */
  protected derive(dy: Buf, dx: Buf, n: number): void { this.be.reluBackward(this.x!, dy, dx, n); }
  override get fusedDense(): FusedDenseKernel { return 'matmulBiasRelu'; }
  override get fusedBackward(): FusedBackwardKernel { return 'matmulTransBReluBackward'; }
  protected override savedForDerivative(): Buf { return this.x!; }
}

export class LeakyRelu extends Activation {
  readonly kind = 'leakyRelu' as const;
  constructor(readonly alpha: number) {
    super();
    checkNumber('leakyRelu', 'alpha', alpha, { min: 0 });
  }
  override toString(): string { return `leakyRelu(${this.alpha})`; }
  /** y = x > 0 ? x : alpha·x */
  protected apply(x: Buf, y: Buf, n: number): void { this.be.leakyRelu(x, y, n, this.alpha); }
  /** dx = dy · (x > 0 ? 1 : alpha), from the saved input */
  protected derive(dy: Buf, dx: Buf, n: number): void { this.be.leakyReluBackward(this.x!, dy, dx, n, this.alpha); }
  override config(): LayerConfig { return { kind: this.kind, alpha: this.alpha }; }
}

export class Tanh extends Activation {
  readonly kind = 'tanh' as const;
  /** y = tanh(x) */
  protected apply(x: Buf, y: Buf, n: number): void { this.be.tanh(x, y, n); }
  /** dx = dy · (1 − y²), from the saved output */
  protected derive(dy: Buf, dx: Buf, n: number): void { this.be.tanhBackward(this.y!, dy, dx, n); }
  override get fusedDense(): FusedDenseKernel { return 'matmulBiasTanh'; }
  override get fusedBackward(): FusedBackwardKernel { return 'matmulTransBTanhBackward'; }
}

export class Sigmoid extends Activation {
  readonly kind = 'sigmoid' as const;
  /** y = 1 / (1 + e^−x) */
  protected apply(x: Buf, y: Buf, n: number): void { this.be.sigmoid(x, y, n); }
  /** dx = dy · y · (1 − y), from the saved output */
  protected derive(dy: Buf, dx: Buf, n: number): void { this.be.sigmoidBackward(this.y!, dy, dx, n); }
  override get fusedDense(): FusedDenseKernel { return 'matmulBiasSigmoid'; }
  override get fusedBackward(): FusedBackwardKernel { return 'matmulTransBSigmoidBackward'; }
}

export class Step extends Activation {
  readonly kind = 'step' as const;
  /** y = x > 0 ? 1 : 0 (the perceptron's Heaviside step) */
  protected apply(x: Buf, y: Buf, n: number): void { this.be.step(x, y, n); }
  /** dx = 0: the step's derivative is zero wherever it exists, so `fit` refuses models containing it. */
  protected derive(_dy: Buf, dx: Buf, _n: number): void { this.be.fill(dx, 0); }
}

/**
 * ReLU layer: y = max(0, x).
 *
 * ```ts
 * const model = sequential([dense(2, 16), relu(), dense(16, 1)]);
 * ```
 */
export function relu(): Relu { return new Relu(); }

/** Leaky ReLU layer: y = x > 0 ? x : alpha·x (default alpha 0.01). `sequential([dense(2, 8), leakyRelu(0.1), dense(8, 2)])` */
export function leakyRelu(alpha = 0.01): LeakyRelu { return new LeakyRelu(alpha); }

/** tanh layer. `sequential([dense(2, 3), tanh(), dense(3, 2)])` (WildML's network) */
export function tanh(): Tanh { return new Tanh(); }

/** Logistic sigmoid layer: y = 1/(1 + e^−x). `sequential([dense(784, 64), sigmoid(), dense(64, 10)])` */
export function sigmoid(): Sigmoid { return new Sigmoid(); }

/** Heaviside step layer (forward only: models containing it can predict but not be trained). `neuron(3, { activation: 'step' })` */
export function step(): Step { return new Step(); }

/** Activation names accepted by `mlp()` and `neuron()`. */
export type ActivationName = 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid' | 'step';

export const ACTIVATION_NAMES: readonly ActivationName[] = ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'step'];

/** Builds the activation layer called `name` (unknown names → TypeError naming `op`). */
export function activationByName(op: string, name: unknown, alpha = 0.01): Activation {
  switch (name) {
    case 'relu': return relu();
    case 'leakyRelu': return leakyRelu(alpha);
    case 'tanh': return tanh();
    case 'sigmoid': return sigmoid();
    case 'step': return step();
    default:
      throw typeError(op, `unknown activation ${JSON.stringify(name)}; expected ${ACTIVATION_NAMES.map((n) => `'${n}'`).join(', ')}`);
  }
}
