/** The 2-D convolution layer over NHWC samples: y = conv(x, W) + b with W the HWIO kernel flattened to [kh·kw·cin × cout]. */

import type { Geometry } from '../backend/geometry.js';
import type { Buf } from '../backend/index.js';
import { checkOptions, typeError } from '../errors.js';
import { Random } from '../random.js';
import type { Activation, FusesActivation } from './activations.js';
import { checkBiasInit, checkInitializer, initValues, type BiasInit, type Initializer } from './init.js';
import { LayerBase, makeParam, type BuildContext, type Layer, type LayerConfig, type Param, type Shape, type WeightShape } from './layer.js';
import { fmtWindow, imageShape, paddingOf, positive, size2, windowGeometry, type Padding, type Size2 } from './window.js';

export interface Conv2dOptions {
  /** The shape of one input sample, `[height, width, channels]`: needed on the first layer only. */
  inputShape?: readonly [number, number, number];
  /** Output channels (the number of kernels). */
  filters: number;
  /** Window size: `k` or `[kh, kw]`. */
  kernelSize: Size2;
  /** Step between windows: `s` or `[sh, sw]` (default 1). */
  strides?: Size2;
  /** 'valid' (default: windows inside the input) or 'same' (zero padding by TensorFlow's rule: ⌈n / s⌉ outputs). */
  padding?: Padding;
  /** Weight initializer (default `'glorot'`, with Keras's fans: kh·kw·cin in, kh·kw·cout out). */
  init?: Initializer;
  /** `'zeros'` (default) or `'init'`: draw biases from the same initializer. */
  bias?: BiasInit;
  /** Seed for this layer alone; without it the model's generator is used (layers drawn in order). */
  seed?: number;
}

const OPTIONS = ['inputShape', 'filters', 'kernelSize', 'strides', 'padding', 'init', 'bias', 'seed'];
const HINTS = {
  activation: 'an activation layer after it: conv2d({ … }), relu()', kernel_size: 'kernelSize', kernel: 'kernelSize',
  stride: 'strides', units: 'filters', input_shape: 'inputShape', useBias: "bias: 'zeros' | 'init'", use_bias: "bias: 'zeros' | 'init'",
};

/**
 * A 2-D convolution over `[h, w, c]` samples (NHWC, as Keras and TensorFlow.js), each output pixel a window of the
 * input times the kernel plus the bias. `inputShape` goes on the first layer only; an activation after it (relu,
 * leakyRelu) runs fused into the convolution kernel.
 *
 * ```ts
 * const model = sequential([
 *   conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }),
 *   conv2d({ filters: 16, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }), flatten(), dense(10),
 * ]);
 * ```
 */
export function conv2d(options: Conv2dOptions): Conv2d {
  return new Conv2d(options);
}

export class Conv2d extends LayerBase implements Layer, FusesActivation {
  readonly kind = 'conv2d' as const;
  override readonly declaredInputShape: Shape | null;
  readonly filters: number;
  readonly kernelSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: Padding;
  readonly init: Initializer;
  readonly biasInit: BiasInit;
  readonly seed: number | undefined;
  private g: Geometry | null = null;
  private W: Param | null = null;
  private b: Param | null = null;
  /** The input as the kernels read it (x, or its zero-padded copy xp), saved for dW. */
  private xs: Buf | null = null;
  private xp: Buf | null = null;
  private y: Buf | null = null;
  /** Backward's buffers, sized for the largest batch seen by backward (the first layer never needs them). */
  private Wt: Buf | null = null;
  private dP: Buf | null = null;
  private dx: Buf | null = null;
  private backRows = 0;

  constructor(options: Conv2dOptions) {
    super();
    if (!options || typeof options !== 'object' || Array.isArray(options)) {
      throw typeError('conv2d', 'expects options { filters, kernelSize, … }: conv2d({ filters: 8, kernelSize: 5 })');
    }
    const o = checkOptions('conv2d', options, OPTIONS, HINTS);
    this.filters = positive('conv2d', 'filters', o.filters);
    const k = size2(`conv2d(${this.filters})`, 'kernelSize', o.kernelSize);
    const op = `conv2d(${this.filters} ${k[0]}×${k[1]})`;
    this.kernelSize = k;
    this.strides = o.strides === undefined ? [1, 1] : size2(op, 'strides', o.strides);
    this.padding = paddingOf(op, o.padding);
    this.init = checkInitializer(op, o.init ?? 'glorot');
    this.biasInit = checkBiasInit(op, o.bias ?? 'zeros');
    if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isFinite(o.seed))) throw typeError(op, `seed must be a finite number, got ${String(o.seed)}`);
    this.seed = o.seed;
    this.declaredInputShape = o.inputShape === undefined ? null : imageShape(op, o.inputShape);
  }

  override toString(): string {
    return `conv2d(${this.filters} ${fmtWindow(this.kernelSize, this.strides, this.padding, [1, 1])})`;
  }

  /** Values per patch: kh·kw·cin (the rows of W, and the fan-in). */
  private get patch(): number {
    return this.kernelSize[0] * this.kernelSize[1] * this.g!.c;
  }

  protected outputShapeFor(input: Shape): Shape {
    this.g = windowGeometry(String(this), input, this.kernelSize, this.strides, this.padding);
    return [this.g.ho, this.g.wo, this.filters];
  }

  override weightShapes(): WeightShape[] {
    const [k, n] = [this.patch, this.filters];
    return [
      { name: 'W', rows: k, cols: n, size: k * n, matrix: true, trainable: true },
      { name: 'b', rows: 1, cols: n, size: n, matrix: false, trainable: true },
    ];
  }

  /** W drawn first (row-major [kh·kw·cin × cout], the HWIO kernel), then b when `bias: 'init'`; Keras's fans. */
  protected override allocate(ctx: BuildContext): void {
    const rng = this.seed !== undefined ? new Random(this.seed) : ctx.rng;
    const [k, n, area] = [this.patch, this.filters, this.kernelSize[0] * this.kernelSize[1]];
    const w = initValues(rng, this.init, k, area * n, k * n);
    const b = this.biasInit === 'init' ? initValues(rng, this.init, k, area * n, n) : new Float32Array(n);
    this.W = makeParam(ctx.backend, 'W', k, n, w, { decay: true, matrix: true });
    this.b = makeParam(ctx.backend, 'b', 1, n, b, { decay: false, matrix: false });
  }

  override params(): Param[] {
    return this.W && this.b ? [this.W, this.b] : [];
  }

  /** Whether the input is copied into a zero-bordered buffer first ('same' with a non-zero pad). */
  private get padded(): boolean {
    const g = this.g!;
    return g.padTop + g.padBottom + g.padLeft + g.padRight > 0;
  }

  protected allocWork(rows: number): void {
    const g = this.g!;
    this.y = this.workBuffer(rows * this.outSize);
    this.xp = this.padded ? this.workBuffer(rows * (g.h + g.padTop + g.padBottom) * (g.w + g.padLeft + g.padRight) * g.c) : null;
    this.Wt = this.dP = this.dx = null;
    this.backRows = 0;
  }

  /** Saves the input the kernel reads (x, or for 'same' its zero-bordered copy xp) for dW. y = conv(x, W) + b */
  forward(x: Buf, rows: number): Buf {
    this.convolve(x, rows, this.y!, null);
    return this.y!;
  }
  /** y = act(conv(x, W) + b) in one kernel (conv2dRelu, conv2dLeakyRelu), written into `act`'s output (its forward is skipped). */
  forwardFused(x: Buf, rows: number, act: Activation): Buf {
    const y = act.fusedOutput();
    this.convolve(x, rows, y, act);
    return y;
  }
  /**
   * dW = conv2dBackwardFilter(xs, dy) (patchesᵀ·dy), db = Σ dy over pixels, dx = col2im(dy·Wᵀ) (skipped for the first
   * layer): in one kernel for valid windows (conv2dBackwardInput), as matmul + col2im for 'same' (whose pads col2im skips).
   */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    const be = this.be, g = this.g!, [k, n] = [this.patch, this.filters], pixels = rows * g.ho * g.wo;
    const [hp, wp] = [g.h + g.padTop + g.padBottom, g.w + g.padLeft + g.padRight];
    be.conv2dBackwardFilter(this.xs!, dy, this.W!.grad, rows, hp, wp, g.c, g.kh, g.kw, g.sh, g.sw, g.ho, g.wo, n);
    be.colSum(dy, this.b!.grad, pixels, n);
    if (!needDx) return null;
    this.ensureBackward(rows);
    be.transpose(this.W!.value, this.Wt!, k, n);
    if (!this.padded) {
      be.conv2dBackwardInput(dy, this.Wt!, this.dx!, rows, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.ho, g.wo, n);
      return this.dx!;
    }
    be.matmul(dy, this.Wt!, this.dP!, pixels, n, k);
    be.col2im(this.dP!, this.dx!, rows, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.ho, g.wo);
    return this.dx!;
  }

  /** The kernel for `act` (none: plain conv2d), after pad2d for 'same'. */
  private convolve(x: Buf, rows: number, y: Buf, act: Activation | null): void {
    const be = this.be, g = this.g!;
    const [hp, wp] = [g.h + g.padTop + g.padBottom, g.w + g.padLeft + g.padRight];
    if (this.xp) be.pad2d(x, this.xp, rows, g.h, g.w, g.c, g.padTop, g.padLeft, hp, wp);
    const xs = this.xs = this.xp ?? x;
    const args = [rows, hp, wp, g.c, g.kh, g.kw, g.sh, g.sw, g.ho, g.wo, this.filters] as const;
    const [W, b] = [this.W!.value, this.b!.value];
    if (act === null) be.conv2d(xs, W, b, y, ...args);
    else if (act.kind === 'relu') be.conv2dRelu(xs, W, b, y, ...args);
    else be.conv2dLeakyRelu(xs, W, b, y, ...args, (act as Activation & { alpha: number }).alpha);
  }

  /** Whether `act` runs fused into the convolution: relu and leakyRelu (applied in registers; backward reads their output). */
  canFuse(act: Activation): boolean {
    return act.kind === 'relu' || act.kind === 'leakyRelu';
  }

  /** Allocates Wᵀ, the patch gradient and dx for `rows` samples, once per larger batch. */
  private ensureBackward(rows: number): void {
    if (rows <= this.backRows) return;
    const g = this.g!;
    for (const b of [this.dP, this.dx]) if (b) this.freeWork(b);
    this.Wt ??= this.workBuffer(this.patch * this.filters);
    this.dP = this.padded ? this.workBuffer(rows * g.ho * g.wo * this.patch) : null;
    this.dx = this.workBuffer(rows * this.inSize);
    this.backRows = rows;
  }

  config(): LayerConfig {
    return { kind: 'conv2d', filters: this.filters, kernelSize: [...this.kernelSize], strides: [...this.strides], padding: this.padding };
  }

  protected override dropWeights(): void {
    this.W = this.b = null;
    this.xs = this.xp = this.y = this.Wt = this.dP = this.dx = null;
    this.backRows = 0;
  }
}
