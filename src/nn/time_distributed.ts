/** timeDistributed(layer): one layer applied to every step of a sequence (a dense head on each h_t), with the weights shared across steps. */

import type { Buf } from '../backend/index.js';
import { rangeError, typeError } from '../errors.js';
import { Activation } from './activations.js';
import { fmtSampleShape, sameShape, ShapeMismatch, type BuildContext, type Layer, type LayerConfig, type Param, type Shape, type Weight, type WeightShape } from './layer.js';

// A batch of `rows` samples of [steps, …] is, in memory, rows·steps samples of the inner layer's shape (steps are
// contiguous within a row), so the wrapper hands the same buffers on with rows·steps rows: no copy, one GEMM.

/**
 * Applies `layer` to every step of samples [steps, …]: `timeDistributed(dense(8))` maps [steps, features] to
 * [steps, 8] with one W and b for all steps (Keras's TimeDistributed; its weights are the inner layer's, by the
 * same names).
 *
 * ```ts
 * const model = sequential([lstm({ units: 32, inputShape: [20, 4], returnSequences: true }), timeDistributed(dense(4))]);
 * ```
 */
export function timeDistributed(layer: Layer, options: { inputShape?: readonly number[] } = {}): TimeDistributed {
  return new TimeDistributed(layer, options.inputShape);
}

export class TimeDistributed implements Layer {
  readonly kind = 'timeDistributed' as const;
  readonly declaredInputShape: Shape | null;
  private steps = 0;
  private inShape: Shape | null = null;
  private outShape: Shape | null = null;

  constructor(readonly layer: Layer, inputShape?: readonly number[]) {
    const op = 'timeDistributed';
    if (!layer || typeof (layer as Layer).forward !== 'function' || typeof (layer as Layer).configure !== 'function') {
      throw typeError(op, 'expects a layer to apply at every step: timeDistributed(dense(8))');
    }
    if (layer instanceof TimeDistributed) throw typeError(op, 'wrap one layer (dense, an activation, …), not another timeDistributed');
    if (layer.built) throw typeError(op, `${layer} already belongs to a model; create a new layer`);
    if (inputShape !== undefined && (!Array.isArray(inputShape) || inputShape.length < 2 || !inputShape.every((v) => Number.isInteger(v) && v >= 1))) {
      throw rangeError(op, `inputShape must be [steps, …] (two to four positive integers), got ${JSON.stringify(inputShape)}`);
    }
    this.declaredInputShape = inputShape ? inputShape.slice() : null;
  }

  get training(): boolean { return this.layer.training; }
  set training(on: boolean) { this.layer.training = on; }
  get built(): boolean { return this.layer.built; }
  get inputShape(): Shape { return this.inShape ?? this.layer.inputShape; }
  get outputShape(): Shape { return this.outShape ?? this.layer.outputShape; }

  toString(): string {
    return `timeDistributed(${this.layer})`;
  }

  configure(inputShape: Shape): Shape {
    if (inputShape.length < 2) throw new ShapeMismatch(String(this), `expects [steps, …] input, got ${fmtSampleShape(inputShape)}`);
    const step = inputShape.slice(1);
    const declared = this.layer.declaredInputShape;
    if (declared && !sameShape(declared, step)) throw new ShapeMismatch(String(this), `each step is ${fmtSampleShape(step)}, ${this.layer} expects ${fmtSampleShape(declared)}`);
    const inner = this.layer.configure(step);
    this.steps = inputShape[0];
    this.inShape = inputShape.slice();
    this.outShape = [this.steps, ...inner];
    return this.outShape;
  }
  weightShapes(): WeightShape[] { return this.layer.weightShapes(); }
  build(ctx: BuildContext): void { this.layer.build(ctx); }
  params(): Param[] { return this.layer.params(); }
  weights(): Weight[] { return this.layer.weights(); }
  resize(rows: number): void { this.layer.resize(rows * this.steps); }

  /** Saves what the inner layer saves, for rows·steps samples. */
  forward(x: Buf, rows: number): Buf {
    return this.layer.forward(x, rows * this.steps);
  }
  /** The inner layer's backward over rows·steps samples: its weight gradients sum over every step. */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    return this.layer.backward(dy, rows * this.steps, needDx);
  }
  /**
   * With an activation after it (relu, tanh, sigmoid), as the inner layer fuses with it: the activation's buffers
   * hold rows × steps·units values, which are rows·steps rows of units. An inner layer that does not fuse runs, then
   * the activation.
   */
  forwardFused(x: Buf, rows: number, act: Activation): Buf {
    const inner = this.layer as Layer & { forwardFused?: (x: Buf, rows: number, act: Activation) => Buf };
    if (typeof inner.forwardFused === 'function') return inner.forwardFused(x, rows * this.steps, act);
    return act.forward(this.layer.forward(x, rows * this.steps), rows);
  }

  config(): LayerConfig {
    return { kind: 'timeDistributed', layer: this.layer.config() };
  }
  dispose(): void {
    this.layer.dispose();
  }
}
