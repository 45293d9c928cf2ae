/** Options shared by the convolution and pooling layers (window and stride sizes, padding, an image input shape), and their geometry as a layer error. */

import { convGeometry, maxPoolGeometry, type Geometry, type Padding } from '../backend/geometry.js';
import { checkChoice, describe, rangeError, typeError } from '../errors.js';
import { fmtSampleShape, ShapeMismatch, type Shape } from './layer.js';

export type { Padding } from '../backend/geometry.js';

/** A size given as one number for both axes or as `[height, width]`: `kernelSize: 5`, `strides: [2, 1]`. */
export type Size2 = number | readonly [number, number];

/** The largest window, stride or filter count a layer takes (a typo such as 1e9 is refused before anything is allocated). */
export const MAX_WINDOW = 65536;

/** An integer in [1, MAX_WINDOW]: TypeError for a non-number, RangeError for zero, negative, fractional or huge. */
export function positive(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw typeError(op, `${name} must be a number, got ${describe(v)}`);
  if (!Number.isInteger(v) || v < 1 || v > MAX_WINDOW) throw rangeError(op, `${name} must be an integer from 1 to ${MAX_WINDOW}, got ${v}`);
  return v;
}

/**
 * `n` or `[h, w]` as `[h, w]`, each a positive integer; a TypeError for anything else.
 *
 * ```ts
 * size2('conv2d', 'kernelSize', 5);      // [5, 5]
 * size2('conv2d', 'strides', [2, 1]);    // [2, 1]
 * ```
 */
export function size2(op: string, name: string, v: unknown): [number, number] {
  if (typeof v === 'number') return [positive(op, name, v), positive(op, name, v)];
  if (!Array.isArray(v)) throw typeError(op, `${name} must be a number or [height, width], got ${describe(v)}`);
  if (v.length !== 2) throw rangeError(op, `${name} must be a number or [height, width] (2 numbers), got ${v.length} numbers`);
  return [positive(op, `${name}[0]`, v[0]), positive(op, `${name}[1]`, v[1])];
}

/** 'valid' (default) or 'same'; a TypeError for anything else. */
export function paddingOf(op: string, v: unknown): Padding {
  return v === undefined ? 'valid' : checkChoice(op, 'padding', v, ['valid', 'same'] as const);
}

/** A declared image shape `[h, w, c]` of positive integers (TypeError for a non-array, RangeError otherwise). */
export function imageShape(op: string, v: unknown): Shape {
  if (!Array.isArray(v)) throw typeError(op, `inputShape must be [height, width, channels], got ${describe(v)}`);
  if (v.length !== 3 || !v.every((d) => Number.isInteger(d) && d >= 1 && d <= 2 ** 24)) {
    throw rangeError(op, `inputShape must be [height, width, channels] (3 positive integers), got ${JSON.stringify(v)}`);
  }
  return v.slice();
}

/** `5×5`, `3×3 same`, `2×2, stride 1`: a window as layer names print it (strides only when they differ from `defaultStrides`). */
export function fmtWindow(k: readonly number[], s: readonly number[], padding: Padding, defaultStrides: readonly number[]): string {
  const kernel = `${k[0]}×${k[1]}`;
  const stride = s[0] === defaultStrides[0] && s[1] === defaultStrides[1] ? '' : `, stride ${s[0] === s[1] ? s[0] : `${s[0]}×${s[1]}`}`;
  return `${kernel}${stride}${padding === 'same' ? ', same' : ''}`;
}

/** Throws the ShapeMismatch a layer reports for an input that is not `[h, w, c]`. */
export function expectImage(layer: string, input: Shape): [number, number, number] {
  if (input.length !== 3) {
    const hint = input.length === 1 ? '; a dense or flatten layer gives [features]: give the first layer inputShape: [h, w, c]' : '';
    throw new ShapeMismatch(layer, `expects [h, w, c] input, got ${fmtSampleShape(input)}${hint}`);
  }
  return [input[0], input[1], input[2]];
}

/**
 * The geometry of a window over an `[h, w, c]` input, or a ShapeMismatch naming `layer` when the window does not fit
 * (larger than the padded input) or the input is not an image. `max`: max pooling's own limit on the sample size too.
 */
export function windowGeometry(layer: string, input: Shape, k: readonly number[], s: readonly number[], padding: Padding, max = false): Geometry {
  const [h, w, c] = expectImage(layer, input);
  const o = { h, w, c, kh: k[0], kw: k[1], sh: s[0], sw: s[1], padding };
  try {
    return max ? maxPoolGeometry(layer, o) : convGeometry(layer, o);
  } catch (e) {
    if (e instanceof RangeError) throw new ShapeMismatch(layer, `${e.message.slice(layer.length + 2)} for input ${fmtSampleShape(input)}`);
    throw e;
  }
}
