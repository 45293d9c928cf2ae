/** The GRU layer (Keras's GRU: gates z, r, h; tanh and sigmoid; the reset gate after the recurrent product by default, as TF2, or before it, as TensorFlow.js). */

import type { Buf } from '../backend/index.js';
import { checkBoolean } from '../errors.js';
import type { Layer, LayerConfig } from './layer.js';
import { checkFixed, Recurrent, type RecurrentOptions } from './recurrent.js';

export interface GruOptions extends RecurrentOptions {
  /**
   * Apply the reset gate after the recurrent product (default true: Keras 2.x and TF2's default, cuDNN's GRU, and
   * b becomes [2 × 3·units]: input bias, recurrent bias) or before it (false: Keras's original GRU and the only one
   * TensorFlow.js has; b is [3·units]).
   */
  resetAfter?: boolean;
  /** 'tanh', the only one (Keras's default). */
  activation?: 'tanh';
  /** 'sigmoid', the only one (Keras's default; TensorFlow.js defaults to 'hardSigmoid': give it 'sigmoid'). */
  recurrentActivation?: 'sigmoid';
}

/**
 * A gated recurrent unit layer over samples [steps, features], Keras's equations and gate order z, r, h
 * (h_{−1} = 0): z = σ(x_t·W_z + h_{t−1}·U_z + b_z), r likewise, and h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ with
 * ĥ = tanh(x_t·W_h + b_xh + r ⊙ (h_{t−1}·U_h + b_rh)) (resetAfter, default) or tanh(x_t·W_h + (r ⊙ h_{t−1})·U_h + b_h).
 * Weights as Keras holds them: `W` = kernel [features × 3·units], `U` = recurrent kernel [units × 3·units], `b` =
 * bias [2 × 3·units] (row 0 input bias, row 1 recurrent bias; Keras's shape (2, 3·units)) or [3·units] without resetAfter.
 *
 * ```ts
 * const model = sequential([gru({ units: 64, inputShape: [40, 8] }), dense(3)], { seed: 0 });
 * ```
 */
export function gru(options: GruOptions): Gru {
  return new Gru(options);
}

export class Gru extends Recurrent implements Layer {
  readonly kind = 'gru' as const;
  protected readonly gates = 3;
  readonly resetAfter: boolean;
  /** resetAfter: every step's [z, r, ĥ, h_{t−1}·U_h + b_rh]; else every step's r ⊙ h_{t−1}. */
  private saved: Buf | null = null;
  private dr: Buf | null = null;

  constructor(options: GruOptions) {
    super('gru', options, ['resetAfter', 'activation', 'recurrentActivation']);
    const op = String(this);
    checkFixed(op, 'activation', options.activation, 'tanh');
    checkFixed(op, 'recurrentActivation', options.recurrentActivation, 'sigmoid', " (Keras's default; TensorFlow.js's default 'hardSigmoid' is not)");
    this.resetAfter = checkBoolean(op, 'resetAfter', options.resetAfter ?? true);
  }

  protected override biasShape(): { rows: number; cols: number; matrix: boolean } {
    return this.resetAfter ? { rows: 2, cols: 3 * this.units, matrix: true } : super.biasShape();
  }

  protected allocSteps(rows: number): void {
    this.saved = this.workBuffer(rows * this.steps * (this.resetAfter ? 4 : 1) * this.units);
    this.dr = null;
  }
  protected override allocBackSteps(rows: number): void {
    // resetAfter: the recurrent side's pre-activation gradients; else d(r ⊙ h_{t−1}) of one step
    this.dr = this.workBuffer(this.resetAfter ? rows * this.steps * 3 * this.units : rows * this.units);
  }

  /**
   * Saves x, h_{t−1} and, resetting after: z, r, ĥ and h_{t−1}·U_h + b_rh of every step; before: z, r, ĥ (over z)
   * and r ⊙ h_{t−1}.
   */
  protected runSteps(rows: number): void {
    const [t, u, o] = [this.steps, this.units, this.outSteps];
    if (this.resetAfter) this.be.gruForward(this.z!, this.U!.value, this.b!.value, this.saved!, this.hp!, this.y!, rows, t, u, o);
    else this.be.gruResetBeforeForward(this.z!, this.U!.value, this.saved!, this.hp!, this.y!, rows, t, u, o);
  }
  /**
   * BPTT (formulas at gruBackward / gruResetBeforeBackward). Resetting after: the kernel gives dz, the recurrent
   * side's dr and db, then dU = hpᵀ·dr. Before: the kernel gives dz and dU, then db = Σ dz.
   */
  protected runBackSteps(dy: Buf, rows: number): void {
    const [be, t, u, o] = [this.be, this.steps, this.units, this.outSteps];
    const [U, b] = [this.U!, this.b!];
    if (this.resetAfter) {
      be.gruBackward(this.saved!, this.hp!, U.value, dy, this.dz!, this.dr!, b.grad, this.dh!, this.ut!, rows, t, u, o);
      be.matmulTransA(this.hp!, this.dr!, U.grad, rows * t, u, 3 * u);
    } else {
      be.gruResetBeforeBackward(this.z!, this.hp!, this.saved!, U.value, dy, this.dz!, U.grad, this.dh!, this.dr!, this.ut!, rows, t, u, o);
      be.colSum(this.dz!, b.grad, rows * t, 3 * u);
    }
  }

  override config(): LayerConfig {
    return { ...super.config(), resetAfter: this.resetAfter };
  }
  protected override dropWeights(): void {
    super.dropWeights();
    this.saved = this.dr = null;
  }
}
