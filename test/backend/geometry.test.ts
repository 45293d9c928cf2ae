/** Convolution geometry: TensorFlow's 'same' rule as a formula and as TensorFlow.js (CPU) computes it, and the errors. */

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { axis, convGeometry, maxPoolGeometry, type Padding } from '../../src/backend/geometry.js';
import * as spec from '../../src/backend/ts/spec.js';
import { Random } from '../../src/random.js';
import { randn } from './conv_cases.js';

describe("the 'same' rule", () => {
  it('matches TensorFlow\'s formula: ⌈n/s⌉ outputs, total padding max((⌈n/s⌉ − 1)·s + k − n, 0), the odd pixel after', () => {
    // the rule as TensorFlow's documentation states it, one case at a time (not the code under test)
    const table: [number, number, number, number, number, number][] = [
      // n, k, s → out, before, after
      [28, 5, 1, 28, 2, 2], [5, 2, 2, 3, 0, 1], [6, 3, 2, 3, 0, 1], [5, 3, 2, 3, 1, 1], [7, 3, 3, 3, 1, 1],
      [8, 3, 3, 3, 0, 1], [10, 4, 3, 4, 1, 2], [1, 5, 1, 1, 2, 2], [6, 5, 2, 3, 1, 2], [9, 1, 2, 5, 0, 0], [4, 2, 3, 2, 0, 1],
    ];
    for (const [n, k, s, out, before, after] of table) expect(axis(n, k, s, 'same'), `n ${n}, k ${k}, s ${s}`).toEqual({ out, before, after });
    for (let n = 1; n <= 12; n++) {
      for (let k = 1; k <= 6; k++) {
        for (let s = 1; s <= 3; s++) {
          const a = axis(n, k, s, 'same');
          const out = Math.ceil(n / s), total = Math.max((out - 1) * s + k - n, 0);
          expect([a.out, a.before + a.after, a.after - a.before]).toEqual([out, total, total % 2]);
          // the last window ends on the padded edge (or inside the input when no padding is needed), and the first
          // starts less than a window before the input, so no window lies wholly in the padding
          if (total > 0) expect((a.out - 1) * s + k).toBe(n + a.before + a.after);
          else expect((a.out - 1) * s + k).toBeLessThanOrEqual(n);
          expect(a.before).toBeLessThan(k);
          if (n >= k) expect(axis(n, k, s, 'valid')).toEqual({ out: Math.floor((n - k) / s) + 1, before: 0, after: 0 });
        }
      }
    }
  });

  describe('against TensorFlow.js (CPU backend): conv2d, maxPool and avgPool values at every n ≤ 7, k ≤ 5, s ≤ 3', () => {
    beforeAll(async () => {
      await tf.setBackend('cpu');
    });
    const rng = new Random(41);
    for (const padding of ['same', 'valid'] as Padding[]) {
      it(padding, () => {
        for (let n = 1; n <= 7; n++) for (let k = 1; k <= 5; k++) for (let s = 1; s <= 3; s++) {
          if (padding === 'valid' && k > n) continue;
          compareWithTfjs(rng, n, k, s, padding);
        }
      });
    }
  });
});

/** One n×(n+1)×2 sample, a k×(k−1 or 1) window: our geometry and specification against tf.conv2d / maxPool / avgPool. */
function compareWithTfjs(rng: Random, n: number, k: number, s: number, padding: Padding): void {
  const [h, w, c, cout, kh, kw] = [n, n + 1, 2, 3, k, Math.max(1, k - 1)];
  const g = convGeometry('test', { h, w, c, kh, kw, sh: s, sw: s, padding });
  const x = randn(rng, h * w * c), W = randn(rng, kh * kw * c * cout);
  const what = `${padding} n ${n} k ${k} s ${s}`;
  const tx = tf.tensor4d(x, [1, h, w, c]);
  const ty = tf.conv2d(tx, tf.tensor4d(W, [kh, kw, c, cout]), s, padding);
  expect(ty.shape, what).toEqual([1, g.ho, g.wo, cout]);
  const hp = h + g.padTop + g.padBottom, wp = w + g.padLeft + g.padRight;
  const xp = new Float32Array(hp * wp * c), y = new Float32Array(g.ho * g.wo * cout);
  spec.pad2d(x, xp, 1, h, w, c, g.padTop, g.padLeft, hp, wp);
  spec.conv2d(xp, W, new Float32Array(cout), y, 1, hp, wp, c, kh, kw, s, s, g.ho, g.wo, cout);
  // both sum kh·kw·c products of N(0, 1) values; tfjs rounds in f32 at each: ≤ (kh·kw·c + 1)·u·Σ|x·w| ≲ 1e-5
  closeTo(ty.dataSync(), y, 1e-5, `conv2d ${what}`);
  const win = [1, h, w, c, kh, kw, s, s, g.padTop, g.padLeft, g.ho, g.wo] as const;
  const ym = new Float32Array(g.ho * g.wo * c), ya = new Float32Array(ym.length);
  spec.maxPool2d(x, ym, new Float32Array(ym.length), ...win);
  spec.avgPool2d(x, ya, ...win);
  const pool = (f: typeof tf.maxPool) => f(tx, [kh, kw], s, padding).dataSync();
  closeTo(pool(tf.maxPool), ym, 0, `maxPool ${what}`);
  // avgPool divides by the pixels inside the input (padding not counted), as TensorFlow does
  closeTo(pool(tf.avgPool), ya, 1e-6, `avgPool ${what}`);
  tf.dispose([tx, ty]);
}

function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) expect.fail(`${what} [${i}]: tfjs ${actual[i]}, simdnet ${expected[i]}`);
  }
}

describe('convGeometry refuses what no kernel can compute, naming the op', () => {
  const ok = { h: 28, w: 28, c: 1, kh: 5, kw: 5 };
  it('gives the output and pads', () => {
    expect(convGeometry('conv2d', ok)).toEqual({ h: 28, w: 28, c: 1, kh: 5, kw: 5, sh: 1, sw: 1, ho: 24, wo: 24, padTop: 0, padLeft: 0, padBottom: 0, padRight: 0 });
    expect(convGeometry('maxPool2d', { h: 5, w: 6, c: 8, kh: 2, kw: 2, sh: 2, sw: 2, padding: 'same' })).toMatchObject({ ho: 3, wo: 3, padTop: 0, padBottom: 1, padLeft: 0, padRight: 0 });
  });
  it('a window larger than the (padded) input', () => {
    expect(() => convGeometry('conv2d', { ...ok, h: 3, w: 3 })).toThrow(new RangeError("conv2d: the 5×5 window is larger than the 3×3 input (padding 'valid')"));
    expect(() => convGeometry('maxPool2d', { h: 4, w: 9, c: 1, kh: 5, kw: 2 })).toThrow(/maxPool2d: the 5×2 window is larger than the 4×9 input/);
    // 'same' pads so that any window fits
    expect(convGeometry('conv2d', { ...ok, h: 3, w: 3, padding: 'same' })).toMatchObject({ ho: 3, wo: 3, padTop: 2, padBottom: 2 });
  });
  it('zero, negative, fractional and non-number sizes and strides; an unknown padding', () => {
    expect(() => convGeometry('conv2d', { ...ok, h: 0 })).toThrow(new RangeError('conv2d: h must be a positive integer, got 0'));
    expect(() => convGeometry('conv2d', { ...ok, kw: -1 })).toThrow(/conv2d: kw must be a positive integer, got -1/);
    expect(() => convGeometry('conv2d', { ...ok, c: 1.5 })).toThrow(/c must be a positive integer, got 1.5/);
    expect(() => convGeometry('avgPool2d', { ...ok, sh: 0 })).toThrow(new RangeError('avgPool2d: sh must be a positive integer, got 0'));
    expect(() => convGeometry('conv2d', { ...ok, sw: NaN })).toThrow(RangeError);
    expect(() => convGeometry('conv2d', { ...ok, h: '28' as unknown as number })).toThrow(new TypeError('conv2d: h must be a number, got a string ("28")'));
    expect(() => convGeometry('conv2d', { ...ok, padding: 'full' as Padding })).toThrow(new TypeError("conv2d: padding must be 'valid' or 'same', got a string (\"full\")"));
  });
  it('maxPoolGeometry: samples of 2²⁴ values or more (f32 positions)', () => {
    expect(maxPoolGeometry('maxPool2d', { h: 2048, w: 2048, c: 3, kh: 2, kw: 2 }).ho).toBe(2047);
    expect(() => maxPoolGeometry('maxPool2d', { h: 2048, w: 2048, c: 4, kh: 2, kw: 2 })).toThrow(/maxPool2d: a 2048×2048×4 sample has 16777216 values/);
  });
});
