/** The softmax output layer (probabilities along the last axis of each sample); `softmax(tensor)` is still the row-wise op. */

import type { Buf } from '../backend/index.js';
import { softmax as softmaxOp } from '../ops.js';
import type { Tensor } from '../tensor.js';
import { fmtSampleShape, LayerBase, ShapeMismatch, type Layer, type LayerConfig, type Shape } from './layer.js';

export class Softmax extends LayerBase implements Layer {
  readonly kind = 'softmax' as const;
  /** Values per softmax (the last axis) and softmaxes per sample (the other axes). */
  private cols = 0;
  private groups = 0;
  private y: Buf | null = null;
  private dx: Buf | null = null;

  override toString(): string {
    return 'softmax';
  }

  /** Any shape whose last axis has at least 2 values; the same shape out. */
  protected outputShapeFor(input: Shape): Shape {
    const cols = input[input.length - 1];
    if (cols < 2) throw new ShapeMismatch('softmax', `a softmax over ${cols} value is always 1 (input ${fmtSampleShape(input)}); use sigmoid() for one output`);
    this.cols = cols;
    this.groups = input.reduce((a, b) => a * b, 1) / cols;
    return input;
  }

  protected allocWork(rows: number): void {
    this.y = this.workBuffer(rows * this.inSize);
    this.dx = this.workBuffer(rows * this.inSize);
  }

  /** Saves its output y for backward. y = e^(x − max) / Σ e^(x − max) along the last axis. */
  forward(x: Buf, rows: number): Buf {
    this.be.softmax(x, this.y!, rows * this.groups, this.cols);
    return this.y!;
  }
  /** dx = y ⊙ (dy − Σⱼ dyⱼ·yⱼ) per softmax, from the saved output. */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    if (!needDx) return null;
    this.be.softmaxBackward(this.y!, dy, this.dx!, rows * this.groups, this.cols);
    return this.dx!;
  }

  config(): LayerConfig {
    return { kind: 'softmax' };
  }

  protected override dropWeights(): void {
    this.y = this.dx = null;
  }
}

/**
 * The softmax layer, for a model whose `predict` should return probabilities (each row sums to 1). Trained with
 * `softmaxCrossEntropy`, the loss absorbs it: it reads the logits before it in one stable fused kernel, exactly as
 * for the same model without the softmax, while `predict` returns the probabilities. Under `mse` it backpropagates
 * like any layer; `sigmoidCrossEntropy` and `hinge` refuse it. `softmax(tensor)` (with an argument) is the row-wise
 * tensor op, as before.
 *
 * ```ts
 * const model = sequential([dense(4, 16), relu(), dense(16, 3), softmax()], { seed: 0 });
 * await model.fit(x, labels, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.01 }), epochs: 100 });
 * model.predict([[5.1, 3.5, 1.4, 0.2]]); // [[0.97, 0.02, 0.01]]: probabilities
 * ```
 */
export function softmax(): Softmax;
/** Row-wise softmax of a tensor (the op): `softmax(tensor([[1, 2, 3]]))`. */
export function softmax(x: Tensor): Tensor;
export function softmax(x?: Tensor): Softmax | Tensor {
  if (x === undefined) return new Softmax();
  return softmaxOp(x);
}
