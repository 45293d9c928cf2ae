/** The simple recurrent layer (Keras's SimpleRNN: h_t = act(x_t·W + h_{t−1}·U + b), tanh or relu). */

import type { Buf } from '../backend/index.js';
import { checkChoice } from '../errors.js';
import type { Layer, LayerConfig } from './layer.js';
import { Recurrent, type RecurrentOptions } from './recurrent.js';

export interface SimpleRnnOptions extends RecurrentOptions {
  /** 'tanh' (default, as Keras) or 'relu'. */
  activation?: 'tanh' | 'relu';
}

/**
 * A fully recurrent (Elman) layer over samples [steps, features]: h_t = act(x_t·W + h_{t−1}·U + b), h_{−1} = 0.
 * Outputs h of the last step ([units]) or of every step ([steps, units] with `returnSequences`). Weights as Keras
 * and TensorFlow.js hold them: `W` = kernel [features × units], `U` = recurrent kernel [units × units], `b` [units].
 *
 * ```ts
 * const model = sequential([simpleRnn({ units: 16, inputShape: [10, 3] }), dense(2)], { seed: 0 });
 * ```
 */
export function simpleRnn(options: SimpleRnnOptions): SimpleRnn {
  return new SimpleRnn(options);
}

export class SimpleRnn extends Recurrent implements Layer {
  readonly kind = 'simpleRnn' as const;
  protected readonly gates = 1;
  readonly activation: 'tanh' | 'relu';

  constructor(options: SimpleRnnOptions) {
    super('simpleRnn', options, ['activation']);
    this.activation = checkChoice(String(this), 'activation', options.activation ?? 'tanh', ['tanh', 'relu']);
  }

  protected allocSteps(_rows: number): void {}

  /** Saves x, h_t of every step (over z) and h_{t−1} for backward. */
  protected runSteps(rows: number): void {
    const f = this.activation === 'tanh' ? 'rnnTanhForward' : 'rnnReluForward';
    this.be[f](this.z!, this.U!.value, this.hp!, this.y!, rows, this.steps, this.units, this.outSteps);
  }
  /** dz_t = (dy_t + dz_{t+1}·Uᵀ) ⊙ act′ (rnnTanhBackward, rnnReluBackward), then dU = hpᵀ·dz and db = Σ dz. */
  protected runBackSteps(dy: Buf, rows: number): void {
    const f = this.activation === 'tanh' ? 'rnnTanhBackward' : 'rnnReluBackward';
    this.be[f](this.z!, this.U!.value, dy, this.dz!, this.dh!, this.ut!, rows, this.steps, this.units, this.outSteps);
    this.recurrentGrads(this.dz!, rows);
  }

  override config(): LayerConfig {
    return { ...super.config(), activation: this.activation };
  }
}
