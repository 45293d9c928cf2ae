/** The batch normalization layer: per feature (or per channel, the last axis), batch statistics while training, moving ones otherwise. */

import type { Buf } from '../backend/index.js';
import { checkBoolean, checkNumber, checkOptions } from '../errors.js';
import { LayerBase, makeParam, makeWeight, type BuildContext, type Layer, type LayerConfig, type Param, type Shape, type Weight, type WeightShape } from './layer.js';

export interface BatchNormOptions {
  /** Keras's convention: moving = momentum·moving + (1 − momentum)·batch, after each training step (default 0.99). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-3, Keras's; PyTorch and ONNX use 1e-5). */
  epsilon?: number;
  /** Learn an offset β (default true); false: β = 0, not saved. */
  center?: boolean;
  /** Learn a scale γ (default true); false: γ = 1, not saved. */
  scale?: boolean;
}

/**
 * Batch normalization over the last axis of each sample: per feature after a dense layer ([features]), per channel
 * after a convolution ([h, w, c]: statistics over batch·h·w). While `fit` trains it normalizes with the batch's mean
 * and (biased) variance and learns y = γ·x̂ + β; after each step the moving mean and variance follow the batch
 * statistics (Keras's momentum; the unbiased batch variance for the moving one). `predict`, `evaluate`,
 * `gradients` and `gradCheck` use the moving statistics. `getWeights()` gives `{ gamma, beta, movingMean,
 * movingVariance }` (each [features]; gamma or beta absent when `scale` or `center` is false), all saved in the
 * model file; only γ and β are trained (and never L2-decayed).
 *
 * ```ts
 * const model = sequential([dense(20, 64), batchNorm(), relu(), dense(64, 3)], { seed: 0 });
 * ```
 */
export function batchNorm(options: BatchNormOptions = {}): BatchNorm {
  return new BatchNorm(options);
}

/** Buffers of a built layer: the trained and saved weights, and the constants standing in for an absent γ or β. */
interface BatchNormWeights {
  gamma: Param | null;
  beta: Param | null;
  movingMean: Weight;
  movingVariance: Weight;
  /** γ's and β's values and gradients as the kernels read and write them (constants and scratch when absent). */
  g: Buf;
  b: Buf;
  dg: Buf;
  db: Buf;
  /** Allocated here rather than as weights: freed by dispose. */
  own: Buf[];
}

export class BatchNorm extends LayerBase implements Layer {
  readonly kind = 'batchNorm' as const;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  /** Features (the last axis) and rows of statistics per sample (h·w for images). */
  private cols = 0;
  private groups = 0;
  private w: BatchNormWeights | null = null;
  private bufs: Record<'y' | 'xhat' | 'dx' | 'mean' | 'variance' | 'invStd' | 'gscale', Buf> | null = null;
  /** What the last forward used, and its input (kept for the moving-statistics backward). */
  private mode: 'batch' | 'moving' = 'moving';
  private x: Buf | null = null;
  /** Statistics rows of the last training forward, until `endStep` folds them into the moving statistics. */
  private pendingRows = 0;

  constructor(options: BatchNormOptions = {}) {
    super();
    const op = 'batchNorm';
    const o = checkOptions(op, options, ['momentum', 'epsilon', 'center', 'scale'], { eps: 'epsilon', axis: 'nothing: batchNorm normalizes the last axis' });
    this.momentum = checkNumber(op, 'momentum', o.momentum ?? 0.99, { min: 0, max: 1 });
    this.epsilon = checkNumber(op, 'epsilon', o.epsilon ?? 1e-3, { positive: true });
    this.center = checkBoolean(op, 'center', o.center ?? true);
    this.scale = checkBoolean(op, 'scale', o.scale ?? true);
  }

  override toString(): string {
    return this.cols ? `batchNorm(${this.cols})` : 'batchNorm';
  }

  /** Any shape; statistics per entry of the last axis. */
  protected outputShapeFor(input: Shape): Shape {
    this.cols = input[input.length - 1];
    this.groups = input.reduce((a, b) => a * b, 1) / this.cols;
    return input;
  }

  override weightShapes(): WeightShape[] {
    const v = (name: string, trainable: boolean): WeightShape => ({ name, rows: 1, cols: this.cols, size: this.cols, matrix: false, trainable });
    return [...(this.scale ? [v('gamma', true)] : []), ...(this.center ? [v('beta', true)] : []), v('movingMean', false), v('movingVariance', false)];
  }

  /** γ = 1, β = 0 (trained, no L2); moving mean 0 and variance 1 (saved, not trained). */
  protected override allocate(ctx: BuildContext): void {
    const be = ctx.backend;
    const n = this.cols;
    const fill = (v: number) => new Float32Array(n).fill(v);
    const gamma = this.scale ? makeParam(be, 'gamma', 1, n, fill(1), { decay: false, matrix: false }) : null;
    const beta = this.center ? makeParam(be, 'beta', 1, n, fill(0), { decay: false, matrix: false }) : null;
    const own: Buf[] = [];
    const constant = (v: number): Buf => {
      const b = be.alloc(n);
      be.write(b, fill(v));
      own.push(b);
      return b;
    };
    this.w = {
      gamma, beta, movingMean: makeWeight(be, 'movingMean', n, fill(0)), movingVariance: makeWeight(be, 'movingVariance', n, fill(1)),
      g: gamma?.value ?? constant(1), b: beta?.value ?? constant(0), dg: gamma?.grad ?? constant(0), db: beta?.grad ?? constant(0), own,
    };
  }

  override params(): Param[] {
    const w = this.w;
    return w ? [w.gamma, w.beta].filter((p): p is Param => p !== null) : [];
  }
  override weights(): Weight[] {
    return this.w ? [...this.params(), this.w.movingMean, this.w.movingVariance] : [];
  }

  protected allocWork(rows: number): void {
    const [n, c] = [rows * this.inSize, this.cols];
    const buf = (len: number) => this.workBuffer(len);
    this.bufs = { y: buf(n), xhat: buf(n), dx: buf(n), mean: buf(c), variance: buf(c), invStd: buf(c), gscale: buf(c) };
  }

  /**
   * Saves x̂ and invStd for backward (training), or x and invStd (moving statistics). Training: per column, mean and
   * biased variance of the batch, x̂ = (x − mean)·invStd with invStd = 1/√(variance + ε), y = γ·x̂ + β. Otherwise
   * y = (x − movingMean)·γ/√(movingVariance + ε) + β.
   */
  forward(x: Buf, rows: number): Buf {
    const [w, k, n] = [this.w!, this.bufs!, rows * this.groups];
    if (this.training) {
      this.be.batchNorm(x, w.g, w.b, k.y, k.xhat, k.mean, k.variance, k.invStd, n, this.cols, this.epsilon);
      this.mode = 'batch';
      this.pendingRows = n;
    } else {
      this.be.batchNormInference(x, w.movingMean.value, w.movingVariance.value, w.g, w.b, k.y, k.invStd, n, this.cols, this.epsilon);
      this.mode = 'moving';
      this.x = x;
      this.pendingRows = 0;
    }
    return k.y;
  }
  /**
   * Batch statistics (they depend on x): dβ = Σ dy, dγ = Σ dy·x̂, dx = γ·invStd·(dy − dβ/n − x̂·dγ/n), one kernel.
   * Moving statistics (constants): x̂ = (x − movingMean)·invStd, dβ = Σ dy, dγ = Σ dy·x̂, dx = dy·γ·invStd.
   */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    const [be, w, k, n, c] = [this.be, this.w!, this.bufs!, rows * this.groups, this.cols];
    if (this.mode === 'batch') {
      be.batchNormBackward(k.xhat, w.g, k.invStd, dy, k.dx, w.dg, w.db, n, c);
      return needDx ? k.dx : null;
    }
    be.normalizeColumns(this.x!, w.movingMean.value, k.invStd, k.xhat, n, c);
    be.batchNormBackward(k.xhat, w.g, k.invStd, dy, k.dx, w.dg, w.db, n, c); // its dγ and dβ; dx is replaced below
    if (!needDx) return null;
    be.normalizeColumnsBackward(w.g, k.invStd, k.gscale, 1, c); // γ·invStd (one row of the column product)
    be.normalizeColumnsBackward(k.gscale, dy, k.dx, n, c);
    return k.dx;
  }

  /** After a training step's update: moving = momentum·moving + (1 − momentum)·batch (variance unbiased: ·n/(n − 1)). */
  endStep(): void {
    if (this.pendingRows === 0) return;
    const [w, k] = [this.w!, this.bufs!];
    this.be.batchNormUpdateMoving(k.mean, k.variance, w.movingMean.value, w.movingVariance.value, this.cols, this.pendingRows, this.momentum);
    this.pendingRows = 0;
  }

  config(): LayerConfig {
    return { kind: 'batchNorm', momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale };
  }

  override dispose(): void {
    if (this.built) for (const b of this.w?.own ?? []) this.be.free(b);
    super.dispose();
  }
  protected override dropWeights(): void {
    this.w = null;
    this.bufs = null;
    this.x = null;
    this.pendingRows = 0;
  }
}
