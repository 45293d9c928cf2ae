/** The dropout layer: inverted dropout while training (a mask hashed from the step's seed), the identity otherwise. */

import type { Buf } from '../backend/index.js';
import { checkNumber, rangeError } from '../errors.js';
import type { Random } from '../random.js';
import { LayerBase, type Layer, type LayerConfig, type Shape } from './layer.js';

/**
 * Inverted dropout: while `fit` trains, each value is zeroed with probability `rate` and the others are scaled by
 * 1/(1 − rate), so nothing changes at inference, where the layer passes its input through. The mask is drawn inside
 * the kernel from (a seed the fit's generator gives each step, the value's index): the same fit seed gives the same
 * masks on both backends, in Node and in browsers. `rate` 0 is the identity; a rate outside [0, 1) is a RangeError.
 *
 * ```ts
 * const model = sequential([dense(784, 512), relu(), dropout(0.5), dense(512, 10)], { seed: 0 });
 * await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: adam(), epochs: 5, seed: 0 });
 * ```
 */
export function dropout(rate: number): Dropout {
  return new Dropout(rate);
}

export class Dropout extends LayerBase implements Layer {
  readonly kind = 'dropout' as const;
  readonly rate: number;
  /** The seed of the current training step's mask (from `beginStep`). */
  private seed = 0;
  /** Whether the last forward dropped (training with rate > 0), so that backward applies the mask. */
  private dropped = false;
  private y: Buf | null = null;
  private mask: Buf | null = null;
  private dx: Buf | null = null;

  constructor(rate: number) {
    super();
    checkNumber('dropout', 'rate', rate);
    if (!(rate >= 0 && rate < 1)) throw rangeError('dropout', `rate must be in [0, 1) (the fraction of values dropped), got ${rate}`);
    this.rate = rate;
  }

  override toString(): string {
    return `dropout(${this.rate})`;
  }

  /** Any shape in, the same shape out. */
  protected outputShapeFor(input: Shape): Shape {
    return input;
  }

  protected allocWork(rows: number): void {
    if (this.rate === 0) return;
    this.y = this.workBuffer(rows * this.inSize);
    this.mask = this.workBuffer(rows * this.inSize);
    this.dx = this.workBuffer(rows * this.inSize);
  }

  /** One seed per training step, drawn in layer order from the fit's mask generator. */
  beginStep(rng: Random): void {
    this.seed = rng.nextUint32();
  }

  /**
   * Saves the mask (0 or 1/(1 − rate) per value) for backward. Training: y = x · mask; otherwise y = x (x itself is
   * returned: no copy).
   */
  forward(x: Buf, rows: number): Buf {
    this.dropped = this.training && this.rate > 0;
    if (!this.dropped) return x;
    this.be.dropout(x, this.y!, this.mask!, rows * this.inSize, this.rate, this.seed);
    return this.y!;
  }
  /** dx = dy · mask after a training forward, from the saved mask; dx = dy otherwise (dy itself is returned). */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    if (!needDx) return null;
    if (!this.dropped) return dy;
    this.be.dropoutBackward(this.mask!, dy, this.dx!, rows * this.inSize);
    return this.dx!;
  }

  config(): LayerConfig {
    return { kind: 'dropout', rate: this.rate };
  }

  protected override dropWeights(): void {
    this.y = this.mask = this.dx = null;
  }
}
