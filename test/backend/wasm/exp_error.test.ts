/** Measures the vector exp and log of assembly/simd.ts (through sigmoid and the narrow softmaxCrossEntropy) and the sigmoid and tanh kernels against Math, and asserts the bounds written in simd.ts. */

import { beforeAll, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';

let be: Backend;
beforeAll(async () => {
  be = await createWasmBackend();
});

/** Max relative error of kernel(xs) against f(x) in f64, and where it occurs. */
function maxRelError(kernel: 'sigmoid' | 'tanh', xs: Float32Array, f: (x: number) => number): { err: number; at: number } {
  const x = be.alloc(xs.length), y = be.alloc(xs.length);
  be.write(x, xs);
  be[kernel](x, y, xs.length);
  const ys = be.read(y);
  be.free(x);
  be.free(y);
  let err = 0, at = NaN;
  for (let i = 0; i < xs.length; i++) {
    const t = f(xs[i]);
    const r = t === 0 ? Math.abs(ys[i]) : Math.abs(ys[i] - t) / Math.abs(t);
    if (r > err) { err = r; at = xs[i]; }
  }
  return { err, at };
}

const grid = (lo: number, hi: number, n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

it('vector exp: relative error ≤ 8.4e-8 on [−87.3, −17] (there sigmoid(x) = e^x exactly, since 1 + e^x rounds to 1)', () => {
  const { err, at } = maxRelError('sigmoid', grid(-87.3, -17, 2_000_000), Math.exp);
  console.log(`exp: max relative error ${err.toExponential(3)} (${(err / 2 ** -24).toFixed(2)} u) at x = ${at}`);
  expect(err).toBeLessThanOrEqual(8.4e-8);
});

it('sigmoid ≤ 1.93e-7 and tanh ≤ 1.7e-7 relative on [−40, 40]', () => {
  const xs = grid(-40, 40, 1_000_000);
  const s = maxRelError('sigmoid', xs, (x) => 1 / (1 + Math.exp(-x)));
  const t = maxRelError('tanh', xs, Math.tanh);
  const small = maxRelError('tanh', grid(1e-6, 1, 200_000), Math.tanh);
  console.log(`sigmoid: ${s.err.toExponential(3)} at ${s.at}; tanh: ${t.err.toExponential(3)} at ${t.at}; tanh near 0: ${small.err.toExponential(3)} at ${small.at}`);
  expect(s.err).toBeLessThanOrEqual(1.93e-7);
  expect(t.err).toBeLessThanOrEqual(1.7e-7);
  expect(small.err).toBeLessThanOrEqual(1.7e-7);
});

it('exp underflows to exactly 0 below −87.34 and saturates cleanly at ±∞ inputs', () => {
  const x = be.alloc(6), y = be.alloc(6);
  be.write(x, [-88, -1e30, -Infinity, Infinity, 1e30, NaN]);
  be.sigmoid(x, y, 6);
  expect(Array.from(be.read(y))).toEqual([0, 0, 0, 1, 1, NaN]);
  be.tanh(x, y, 6);
  expect(Array.from(be.read(y))).toEqual([-1, -1, -1, 1, 1, NaN]);
  be.free(x);
  be.free(y);
});

it('vector log, through the narrow softmaxCrossEntropy: per-row loss within 1.2e-7 of f64 for 2 and 3 classes', () => {
  // One row per call: logits [0, a(, b)] with target class 0, so the loss is log(1 + e^a (+ e^b)), the log of a
  // sum in [1, 3] (the kernel's log Σ after max-subtraction). The error is logv's plus the f32 sum of vector exps.
  let err = 0, at = '';
  for (const cols of [2, 3]) {
    const z = be.alloc(cols), t = be.alloc(cols), dz = be.alloc(cols);
    be.write(t, cols === 2 ? [1, 0] : [1, 0, 0]);
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const a = Math.fround(-20 + (20 * i) / (n - 1));
      const b = Math.fround(-((i * 7919) % 4001) / 200);
      be.write(z, cols === 2 ? [0, a] : [0, a, b]);
      const loss = be.softmaxCrossEntropy(z, t, dz, 1, cols);
      const ref = Math.log(1 + Math.exp(a) + (cols === 3 ? Math.exp(b) : 0));
      const e = Math.abs(loss - ref);
      if (e > err) { err = e; at = `${cols} classes, logits [0, ${a}${cols === 3 ? `, ${b}` : ''}]`; }
    }
    be.free(z);
    be.free(t);
    be.free(dz);
  }
  console.log(`narrow softmaxCrossEntropy row loss: max absolute error ${err.toExponential(3)} (${(err / 2 ** -24).toFixed(2)} u) at ${at}`);
  expect(err).toBeLessThanOrEqual(1.2e-7);
});
