/** The LSTM layer (Keras's LSTM: gates i, f, c, o; tanh and sigmoid; unit forget bias). */

import type { Buf } from '../backend/index.js';
import { checkBoolean } from '../errors.js';
import type { Layer } from './layer.js';
import { checkFixed, Recurrent, type RecurrentOptions } from './recurrent.js';

export interface LstmOptions extends RecurrentOptions {
  /** 'tanh', the only one (Keras's default), accepted so Keras-style options read as they do there. */
  activation?: 'tanh';
  /** 'sigmoid', the only one (Keras's default; TensorFlow.js defaults to 'hardSigmoid': give it 'sigmoid'). */
  recurrentActivation?: 'sigmoid';
  /** Start the forget gate's bias at 1 (default true, as Keras). */
  unitForgetBias?: boolean;
}

/**
 * A long short-term memory layer over samples [steps, features]: per step, with [i, f, g, o] = x_t·W + h_{t−1}·U + b
 * in Keras's gate order, i, f, o = σ(·), g = tanh(·), c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t); h_{−1} = c_{−1} = 0.
 * Outputs h of the last step ([units]) or of every step ([steps, units] with `returnSequences`). Weights as Keras and
 * TensorFlow.js hold them: `W` = kernel [features × 4·units], `U` = recurrent kernel [units × 4·units], `b` = bias
 * [4·units], each in blocks i, f, c, o.
 *
 * ```ts
 * const model = sequential([lstm({ units: 32, inputShape: [24, 1] }), dense(1)], { seed: 0 });
 * await model.fit(windows, next, { loss: 'mse', optimizer: adam({ lr: 0.01 }), epochs: 50 });
 * ```
 */
export function lstm(options: LstmOptions): Lstm {
  return new Lstm(options);
}

export class Lstm extends Recurrent implements Layer {
  readonly kind = 'lstm' as const;
  protected readonly gates = 4;
  readonly unitForgetBias: boolean;
  /** Every step's cell c_t, rows like z. */
  private c: Buf | null = null;
  private dc: Buf | null = null;

  constructor(options: LstmOptions) {
    super('lstm', options, ['activation', 'recurrentActivation', 'unitForgetBias']);
    const op = String(this);
    checkFixed(op, 'activation', options.activation, 'tanh');
    checkFixed(op, 'recurrentActivation', options.recurrentActivation, 'sigmoid', " (Keras's default; TensorFlow.js's default 'hardSigmoid' is not)");
    this.unitForgetBias = checkBoolean(op, 'unitForgetBias', options.unitForgetBias ?? true);
  }

  protected override initialBias(): Float32Array {
    const b = new Float32Array(4 * this.units);
    if (this.unitForgetBias) b.fill(1, this.units, 2 * this.units);
    return b;
  }

  protected allocSteps(rows: number): void {
    this.c = this.workBuffer(rows * this.steps * this.units);
    this.dc = null;
  }
  protected override allocBackSteps(rows: number): void {
    this.dc = this.workBuffer(rows * this.units);
  }

  /** Saves x, the gate activations i, f, g, o of every step (over z), the cells c_t and h_{t−1} for backward. */
  protected runSteps(rows: number): void {
    this.be.lstmForward(this.z!, this.U!.value, this.c!, this.hp!, this.y!, rows, this.steps, this.units, this.outSteps);
  }
  /** dz from BPTT over the saved gates and cells (formulas at lstmBackward), then dU = hpᵀ·dz and db = Σ dz. */
  protected runBackSteps(dy: Buf, rows: number): void {
    this.be.lstmBackward(this.z!, this.c!, this.U!.value, dy, this.dz!, this.dh!, this.dc!, this.ut!, rows, this.steps, this.units, this.outSteps);
    this.recurrentGrads(this.dz!, rows);
  }

  protected override dropWeights(): void {
    super.dropWeights();
    this.c = this.dc = null;
  }
}
