/** Convolution and pooling geometry: output sizes and padding ('valid', or 'same' by TensorFlow's rule), checked once so the kernels can trust it. */

import { describe, rangeError, typeError } from '../errors.js';

export type Padding = 'valid' | 'same';

/** A window over an NHWC sample: h×w×c input, kh×kw window, strides sh, sw (default 1), padding (default 'valid'). */
export interface WindowOptions {
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  sh?: number;
  sw?: number;
  padding?: Padding;
}

/** Everything a convolution or pooling kernel takes, per sample; `ho·wo` output pixels; the pads as TensorFlow puts them. */
export interface Geometry {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ho: number;
  readonly wo: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly padBottom: number;
  readonly padRight: number;
}

/**
 * One axis: the output size and the padding before and after. 'valid': ⌊(n − k)/s⌋ + 1 windows, no padding. 'same'
 * (TensorFlow's rule): ⌈n/s⌉ windows and total padding max((⌈n/s⌉ − 1)·s + k − n, 0), the odd pixel after
 * (bottom / right). Sizes must already be checked (positive integers).
 *
 * ```ts
 * axis(5, 3, 2, 'same'); // { out: 3, before: 1, after: 1 }
 * axis(6, 3, 2, 'same'); // { out: 3, before: 0, after: 1 }
 * ```
 */
export function axis(n: number, k: number, s: number, padding: Padding): { out: number; before: number; after: number } {
  if (padding === 'valid') return { out: n >= k ? Math.floor((n - k) / s) + 1 : 0, before: 0, after: 0 };
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  return { out, before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
}

/**
 * The geometry of a convolution or pooling window over an h×w×c sample, or a RangeError naming `op` for a window
 * larger than the (padded) input or a size or stride that is zero, negative or fractional (a TypeError for a
 * non-number, or a padding other than 'valid' and 'same').
 *
 * ```ts
 * convGeometry('conv2d', { h: 28, w: 28, c: 1, kh: 5, kw: 5 });
 * // { h: 28, w: 28, c: 1, kh: 5, kw: 5, sh: 1, sw: 1, ho: 24, wo: 24, padTop: 0, padLeft: 0, padBottom: 0, padRight: 0 }
 * convGeometry('maxPool2d', { h: 5, w: 5, c: 8, kh: 2, kw: 2, sh: 2, sw: 2, padding: 'same' }).ho; // 3
 * ```
 */
export function convGeometry(op: string, o: WindowOptions): Geometry {
  const [h, w, c] = [size(op, 'h', o.h), size(op, 'w', o.w), size(op, 'c', o.c)];
  const [kh, kw] = [size(op, 'kh', o.kh), size(op, 'kw', o.kw)];
  const [sh, sw] = [size(op, 'sh', o.sh ?? 1), size(op, 'sw', o.sw ?? 1)];
  const padding = o.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') throw typeError(op, `padding must be 'valid' or 'same', got ${describe(padding)}`);
  const y = axis(h, kh, sh, padding), x = axis(w, kw, sw, padding);
  const ph = h + y.before + y.after, pw = w + x.before + x.after;
  if (kh > ph || kw > pw) {
    throw rangeError(op, `the ${kh}×${kw} window is larger than the ${padding === 'same' ? 'padded ' : ''}${ph}×${pw} input (padding '${padding}')`);
  }
  // once the window fits, a positive stride leaves at least one output: 'valid' ⌊(n − k)/s⌋ + 1 ≥ 1, 'same' ⌈n/s⌉ ≥ 1
  return { h, w, c, kh, kw, sh, sw, ho: y.out, wo: x.out, padTop: y.before, padLeft: x.before, padBottom: y.after, padRight: x.after };
}

/** A size or stride: a positive integer (TypeError for a non-number, RangeError otherwise). */
function size(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw typeError(op, `${name} must be a number, got ${describe(v)}`);
  if (!Number.isInteger(v) || v < 1) throw rangeError(op, `${name} must be a positive integer, got ${v}`);
  return v;
}

/**
 * convGeometry for max pooling, which saves each maximum's position in the sample as f32: also a RangeError when a
 * sample has 2²⁴ values or more (positions past 2²⁴ are not exact in f32).
 *
 * ```ts
 * maxPoolGeometry('maxPool2d', { h: 24, w: 24, c: 8, kh: 2, kw: 2, sh: 2, sw: 2 }).ho; // 12
 * ```
 */
export function maxPoolGeometry(op: string, o: WindowOptions): Geometry {
  const g = convGeometry(op, o);
  const n = g.h * g.w * g.c;
  if (n >= 2 ** 24) throw rangeError(op, `a ${g.h}×${g.w}×${g.c} sample has ${n} values; argmax positions are f32, exact below 2²⁴ = 16777216`);
  return g;
}
