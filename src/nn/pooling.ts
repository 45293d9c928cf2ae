/** Pooling layers over NHWC samples: max and average over windows, and the global average over all pixels of each channel. */

import type { Geometry } from '../backend/geometry.js';
import type { Buf } from '../backend/index.js';
import { checkOptions, typeError } from '../errors.js';
import type { TakesReluMask } from './activations.js';
import { LayerBase, type Layer, type LayerConfig, type Shape } from './layer.js';
import { expectImage, fmtWindow, paddingOf, size2, windowGeometry, type Padding, type Size2 } from './window.js';

export interface Pool2dOptions {
  /** Window size: `p` or `[ph, pw]`. */
  poolSize: Size2;
  /** Step between windows: `s` or `[sh, sw]` (default: the pool size, as in Keras). */
  strides?: Size2;
  /** 'valid' (default) or 'same' (TensorFlow's rule; padding never takes part in a max or an average). */
  padding?: Padding;
}

const HINTS = { pool_size: 'poolSize', size: 'poolSize', kernelSize: 'poolSize', stride: 'strides' };

/** What max and average pooling share: the window options, the geometry, the name and the config. */
abstract class Pool2d extends LayerBase implements Layer {
  abstract override readonly kind: 'maxPool2d' | 'avgPool2d';
  readonly poolSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: Padding;
  protected g: Geometry | null = null;
  protected y: Buf | null = null;
  protected dx: Buf | null = null;

  constructor(kind: string, options: Pool2dOptions) {
    super();
    if (!options || typeof options !== 'object' || Array.isArray(options)) throw typeError(kind, `expects options { poolSize, strides?, padding? }: ${kind}({ poolSize: 2 })`);
    const o = checkOptions(kind, options, ['poolSize', 'strides', 'padding'], HINTS);
    this.poolSize = size2(kind, 'poolSize', o.poolSize);
    const op = `${kind}(${this.poolSize[0]}×${this.poolSize[1]})`;
    this.strides = o.strides === undefined ? this.poolSize : size2(op, 'strides', o.strides);
    this.padding = paddingOf(op, o.padding);
  }

  override toString(): string {
    return `${this.kind}(${fmtWindow(this.poolSize, this.strides, this.padding, this.poolSize)})`;
  }

  protected outputShapeFor(input: Shape): Shape {
    this.g = windowGeometry(String(this), input, this.poolSize, this.strides, this.padding, this.kind === 'maxPool2d');
    return [this.g.ho, this.g.wo, this.g.c];
  }

  /** The window arguments of the pooling kernels: batch, input, window, strides, pads before, output. */
  protected window(rows: number): [number, number, number, number, number, number, number, number, number, number, number, number] {
    const g = this.g!;
    return [rows, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.ho, g.wo];
  }

  config(): LayerConfig {
    return { kind: this.kind, poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding };
  }

  protected override dropWeights(): void {
    this.y = this.dx = null;
  }
}

export class MaxPool2d extends Pool2d implements TakesReluMask {
  readonly kind = 'maxPool2d' as const;
  private argmax: Buf | null = null;
  private dyMasked: Buf | null = null;

  constructor(options: Pool2dOptions) {
    super('maxPool2d', options);
  }
  protected allocWork(rows: number): void {
    this.y = this.workBuffer(rows * this.outSize);
    this.argmax = this.workBuffer(rows * this.outSize);
    this.dyMasked = this.workBuffer(rows * this.outSize);
    this.dx = this.workBuffer(rows * this.inSize);
  }
  /** Saves the position of each window's maximum (argmax, in the sample). y = max over the window, per channel */
  forward(x: Buf, rows: number): Buf {
    this.be.maxPool2d(x, this.y!, this.argmax!, ...this.window(rows));
    return this.y!;
  }
  /** dx[argmax[j]] += dy[j]: each output's gradient goes to the input that won; 0 elsewhere */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    if (!needDx) return null;
    this.be.maxPool2dBackward(dy, this.argmax!, this.dx!, ...this.window(rows));
    return this.dx!;
  }
  /**
   * relu → maxPool2d backward as one: dx = route(dy · [y > 0]). Relu's mask [x > 0] matters only where a window's
   * winner sends its gradient, and there x is the window's max, y: masking dy (a quarter of the relu's output for 2×2
   * windows) instead of the relu's gradient gives the same values (an input sums only terms of one mask).
   */
  backwardAfterRelu(dy: Buf, rows: number, needDx: boolean): Buf | null {
    if (!needDx) return null;
    this.be.reluBackward(this.y!, dy, this.dyMasked!, rows * this.outSize);
    this.be.maxPool2dBackward(this.dyMasked!, this.argmax!, this.dx!, ...this.window(rows));
    return this.dx!;
  }
  protected override dropWeights(): void {
    super.dropWeights();
    this.argmax = this.dyMasked = null;
  }
}

export class AvgPool2d extends Pool2d {
  readonly kind = 'avgPool2d' as const;

  constructor(options: Pool2dOptions) {
    super('avgPool2d', options);
  }
  protected allocWork(rows: number): void {
    this.y = this.workBuffer(rows * this.outSize);
    this.dx = this.workBuffer(rows * this.inSize);
  }
  /** Saves nothing (the geometry says everything). y = the mean of the window's pixels inside the input, per channel */
  forward(x: Buf, rows: number): Buf {
    this.be.avgPool2d(x, this.y!, ...this.window(rows));
    return this.y!;
  }
  /** dx[pixel] = Σ over the windows holding it of dy[window] / (that window's pixels inside the input) */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    if (!needDx) return null;
    this.be.avgPool2dBackward(dy, this.dx!, ...this.window(rows));
    return this.dx!;
  }
}

/** Global average pooling: `[h, w, c]` → `[c]`, the mean of each channel over every pixel (Keras's GlobalAveragePooling2D). */
export class GlobalAvgPool2d extends LayerBase implements Layer {
  readonly kind = 'globalAvgPool2d' as const;
  private pixels = 0;
  private y: Buf | null = null;
  private dx: Buf | null = null;

  override toString(): string {
    return 'globalAvgPool2d';
  }
  protected outputShapeFor(input: Shape): Shape {
    const [h, w, c] = expectImage(String(this), input);
    this.pixels = h * w;
    return [c];
  }
  protected allocWork(rows: number): void {
    this.y = this.workBuffer(rows * this.outSize);
    this.dx = this.workBuffer(rows * this.inSize);
  }
  /** Saves nothing. y[c] = (1 / (h·w)) Σ over the pixels of x[pixel, c] */
  forward(x: Buf, rows: number): Buf {
    this.be.globalAvgPool2d(x, this.y!, rows, this.pixels, this.outSize);
    return this.y!;
  }
  /** dx[pixel, c] = dy[c] / (h·w) */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    if (!needDx) return null;
    this.be.globalAvgPool2dBackward(dy, this.dx!, rows, this.pixels, this.outSize);
    return this.dx!;
  }
  config(): LayerConfig {
    return { kind: 'globalAvgPool2d' };
  }
  protected override dropWeights(): void {
    this.y = this.dx = null;
  }
}

/**
 * Max pooling: the largest value of each window, per channel. Strides default to the pool size (Keras's default).
 * `sequential([conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 })])`
 */
export function maxPool2d(options: Pool2dOptions): MaxPool2d {
  return new MaxPool2d(options);
}

/** Average pooling: the mean of each window, per channel (padding is not counted). `avgPool2d({ poolSize: 2 })` */
export function avgPool2d(options: Pool2dOptions): AvgPool2d {
  return new AvgPool2d(options);
}

/** Global average pooling: `[h, w, c]` → `[c]`. `sequential([conv2d({ … }), relu(), globalAvgPool2d(), dense(10)])` */
export function globalAvgPool2d(options?: Record<string, never>): GlobalAvgPool2d {
  checkOptions('globalAvgPool2d', options, [], { keepdims: 'a layer that keeps [1, 1, c]: simdnet has none; dense reads [c]' });
  return new GlobalAvgPool2d();
}
