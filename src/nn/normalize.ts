/** The normalize layer: per-feature statistics fitted on training data, y = (x − shift)·scale, so that predict takes raw inputs. */

import type { Buf } from '../backend/index.js';
import { checkChoice, checkOptions, describe, rangeError, typeError } from '../errors.js';
import { readInput, type MatrixInput } from '../tensor.js';
import { fmtSampleShape, LayerBase, makeWeight, ShapeMismatch, shapeSize, type BuildContext, type Layer, type LayerConfig, type Shape, type Weight, type WeightShape } from './layer.js';

/** 'standard': (x − mean)/std; 'minMax': (x − min)/(max − min), [0, 1] on the data it was fitted on. */
export type NormalizeMethod = 'standard' | 'minMax';

/** The statistics `normalize` takes: per-feature mean and standard deviation, or minimum and maximum. */
export type NormalizeStats =
  | { mean: ArrayLike<number>; std: ArrayLike<number>; inputShape?: Shape }
  | { min: ArrayLike<number>; max: ArrayLike<number>; inputShape?: Shape };

export interface NormalizeFitOptions {
  /** 'standard' (default) or 'minMax'. */
  method?: NormalizeMethod;
  /** The sample shape when it is not `[columns of x]` (e.g. `[28, 28, 1]`); its size must be the columns of x. */
  inputShape?: Shape;
}

/**
 * A spread (std, or max − min) at or below this marks a constant feature, which gets scale 1 (it maps to x − shift,
 * 0 on the data it was fitted on), as scikit-learn does. Keras divides by max(std, 1e-7) instead, which turns a
 * feature that was constant in training (a blank MNIST border pixel) into ±10⁷·x on new data.
 */
export const MIN_SPREAD = 1e-7;

/** The shift and scale of y = (x − shift)·scale from a location and a spread. */
function shiftScale(location: ArrayLike<number>, spread: ArrayLike<number>): { shift: Float32Array; scale: Float32Array } {
  const scale = Float32Array.from(spread, (s) => (s > MIN_SPREAD ? 1 / s : 1));
  return { shift: Float32Array.from(location), scale };
}

/** A checked statistic: an array of finite numbers of length `n` (any length ≥ 1 when n is 0). */
function checkStat(op: string, name: string, v: unknown, n: number): ArrayLike<number> {
  const array = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
  if (!array) throw typeError(op, `${name} must be an array of numbers (one per feature), got ${describe(v)}`);
  const a = v as ArrayLike<unknown>;
  if (a.length === 0) throw rangeError(op, `${name} is empty; give one value per feature`);
  if (n > 0 && a.length !== n) throw rangeError(op, `${name} has ${a.length} values but the other statistic has ${n}`);
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== 'number') throw typeError(op, `${name}[${i}] must be a number, got ${describe(a[i])}`);
    if (!Number.isFinite(a[i])) throw rangeError(op, `${name}[${i}] must be finite, got ${a[i]}`);
  }
  return a as ArrayLike<number>;
}

/** The sample shape: `inputShape` when given (its size must be `n`), else `[n]`. */
function checkShape(op: string, shape: unknown, n: number): Shape {
  if (shape === undefined) return [n];
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) throw typeError(op, `inputShape must be an array of sizes, got ${describe(shape)}`);
  if (shape.length < 1 || shape.length > 4 || !shape.every((d) => Number.isInteger(d) && d >= 1) || shapeSize(shape) !== n) {
    throw rangeError(op, `inputShape ${JSON.stringify(shape)} must be 1 to 4 positive integers whose product is the ${n} features of the statistics`);
  }
  return shape.slice();
}

/**
 * A normalization layer from known statistics: `normalize({ mean, std })` standardizes each feature,
 * `normalize({ min, max })` maps each to [0, 1]. Its input shape is the statistics' length (or `inputShape`), so it
 * can be the first layer; the statistics are saved in the model file, and `predict` takes raw inputs. A constant
 * feature (spread ≤ 1e-7) gets scale 1. `getWeights()` gives `{ shift, scale }` with y = (x − shift)·scale
 * (shift = mean or min, scale = 1/std or 1/(max − min)). Fit the statistics on training data with `normalize.fit`.
 *
 * ```ts
 * const model = sequential([normalize({ mean: [32, 180], std: [12, 25] }), dense(16), relu(), dense(1)], { seed: 0 });
 * ```
 */
export function normalize(stats: NormalizeStats): Normalize {
  const op = 'normalize';
  if (!stats || typeof stats !== 'object' || Array.isArray(stats)) throw typeError(op, `expected { mean, std } or { min, max }, got ${describe(stats)}`);
  const standard = 'mean' in stats || 'std' in stats;
  const o = checkOptions(op, stats as object, standard ? ['mean', 'std', 'inputShape'] : ['min', 'max', 'inputShape'], { variance: 'std (the standard deviation)' }) as Record<string, unknown>;
  const [a, b] = standard ? ['mean', 'std'] : ['min', 'max'];
  if (o[a] === undefined || o[b] === undefined) throw typeError(op, `expected { mean, std } or { min, max }; ${o[a] === undefined ? a : b} is missing`);
  const loc = checkStat(op, a, o[a], 0);
  const other = checkStat(op, b, o[b], loc.length);
  const spread = Array.from(other, (v, i) => (standard ? v : v - loc[i]));
  const bad = spread.findIndex((s) => s < 0);
  if (bad >= 0) throw rangeError(op, standard ? `std[${bad}] must be ≥ 0, got ${other[bad]}` : `max[${bad}] (${other[bad]}) is below min[${bad}] (${loc[bad]})`);
  const shape = checkShape(op, o.inputShape, loc.length);
  return new Normalize(standard ? 'standard' : 'minMax', shape, shiftScale(loc, spread));
}

/**
 * A normalization layer whose statistics come from `x` (computed in f64): per column, the mean and the population
 * standard deviation (`method: 'standard'`, the default, as scikit-learn's StandardScaler and Keras's Normalization
 * adapt), or the minimum and maximum (`'minMax'`). Fit it on the training split only.
 *
 * ```ts
 * const model = sequential([normalize.fit(xTrain), dense(16), relu(), dense(3)], { seed: 0 });
 * ```
 */
normalize.fit = function fit(x: MatrixInput, options: NormalizeFitOptions = {}): Normalize {
  const op = 'normalize.fit';
  const o = checkOptions(op, options, ['method', 'inputShape'], { kind: 'method', type: 'method' });
  const method = checkChoice(op, 'method', o.method ?? 'standard', ['standard', 'minMax']);
  const { data, shape: [rows, cols] } = readInput(op, 'x', x);
  const shape = checkShape(op, o.inputShape, cols);
  const [loc, spread] = [new Float64Array(cols), new Float64Array(cols)];
  for (let j = 0; j < cols; j++) {
    if (method === 'standard') {
      let s = 0;
      for (let r = 0; r < rows; r++) s += data[r * cols + j];
      const mean = s / rows;
      let q = 0;
      for (let r = 0; r < rows; r++) q += (data[r * cols + j] - mean) ** 2;
      [loc[j], spread[j]] = [mean, Math.sqrt(q / rows)];
    } else {
      let [lo, hi] = [Infinity, -Infinity];
      for (let r = 0; r < rows; r++) [lo, hi] = [Math.min(lo, data[r * cols + j]), Math.max(hi, data[r * cols + j])];
      [loc[j], spread[j]] = [lo, hi - lo];
    }
  }
  return new Normalize(method, shape, shiftScale(loc, spread));
};

export class Normalize extends LayerBase implements Layer {
  readonly kind = 'normalize' as const;
  override readonly declaredInputShape: Shape;
  private shift: Weight | null = null;
  private scale: Weight | null = null;
  private y: Buf | null = null;
  private dx: Buf | null = null;

  /** Values per sample: one statistic each. */
  readonly features: number;

  /**
   * Use `normalize(stats)` or `normalize.fit(x)`. `init` holds the statistics the layer is built with; null: the
   * identity (shift 0, scale 1), made only when the layer is built, for a model file or an importer to fill.
   */
  constructor(readonly method: NormalizeMethod, inputShape: Shape, private readonly init: { shift: Float32Array; scale: Float32Array } | null) {
    super();
    this.declaredInputShape = inputShape.slice();
    this.features = shapeSize(inputShape);
  }

  override toString(): string {
    return `normalize(${this.method}, ${fmtSampleShape(this.declaredInputShape)})`;
  }

  protected outputShapeFor(input: Shape): Shape {
    if (shapeSize(input) !== this.features) throw new ShapeMismatch(String(this), `has ${this.features} statistics, the input ${fmtSampleShape(input)} has ${shapeSize(input)} values`);
    return input;
  }

  override weightShapes(): WeightShape[] {
    const n = this.features;
    return ['shift', 'scale'].map((name) => ({ name, rows: 1, cols: n, size: n, matrix: false, trainable: false }));
  }

  /** The statistics as saved, not trained: shift (mean or min) and scale (1/std or 1/(max − min)). */
  protected override allocate(ctx: BuildContext): void {
    const n = this.features;
    this.shift = makeWeight(ctx.backend, 'shift', n, this.init?.shift ?? new Float32Array(n));
    this.scale = makeWeight(ctx.backend, 'scale', n, this.init?.scale ?? new Float32Array(n).fill(1));
  }

  override weights(): Weight[] {
    return this.shift && this.scale ? [this.shift, this.scale] : [];
  }

  protected allocWork(rows: number): void {
    this.y = this.workBuffer(rows * this.inSize);
    this.dx = this.workBuffer(rows * this.inSize);
  }

  /** Saves nothing (backward needs only the scale). y = (x − shift)·scale per feature. */
  forward(x: Buf, rows: number): Buf {
    this.be.normalizeColumns(x, this.shift!.value, this.scale!.value, this.y!, rows, this.inSize);
    return this.y!;
  }
  /** dx = dy·scale per feature (run only when a layer with weights comes before; as the first layer it is skipped). */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    if (!needDx) return null;
    this.be.normalizeColumnsBackward(this.scale!.value, dy, this.dx!, rows, this.inSize);
    return this.dx!;
  }

  config(): LayerConfig {
    return { kind: 'normalize', method: this.method, inputShape: this.declaredInputShape };
  }

  protected override dropWeights(): void {
    this.shift = this.scale = this.y = this.dx = null;
  }
}

/** @internal An unfitted normalize layer (identity statistics) that a model file or an importer fills: `layerFromConfig`. */
export function normalizeFromConfig(op: string, method: unknown, inputShape: unknown): Normalize {
  const m = checkChoice(op, 'method', method, ['standard', 'minMax']);
  if (!Array.isArray(inputShape)) throw typeError(op, `inputShape must be an array of sizes, got ${describe(inputShape)}`);
  const n = inputShape.every((d) => Number.isInteger(d) && d >= 1) ? shapeSize(inputShape) : 0;
  const shape = checkShape(op, inputShape, n);
  if (n > 2 ** 31 - 1) throw rangeError(op, `inputShape ${JSON.stringify(inputShape)} has more than 2^31 − 1 values`);
  return new Normalize(m, shape, null);
}
