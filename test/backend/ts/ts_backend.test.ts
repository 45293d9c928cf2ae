/** The specification checked: TS-backend kernels against hand-worked closed forms, and every gradient against finite differences. */

import { describe, expect, it } from 'vitest';
import type { Backend, Buf } from '../../../src/backend/backend.js';
import { createTsBackend } from '../../../src/backend/ts/ts_backend.js';
import { Random } from '../../../src/random.js';

const be: Backend = createTsBackend();
const buf = (data: ArrayLike<number>): Buf => {
  const b = be.alloc(data.length);
  be.write(b, data);
  return b;
};
const out = (n: number): Buf => be.alloc(n);
const arr = (b: Buf): number[] => Array.from(be.read(b));
const close = (actual: ArrayLike<number>, expected: number[], tol = 1e-6): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e), `element ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol * (1 + Math.abs(e))));
};

describe('ts backend: hand-worked cases', () => {
  it('matmul family', () => {
    const a = buf([1, 2, 3, 4]), b = buf([5, 6, 7, 8]), c = out(4);
    be.matmul(a, b, c, 2, 2, 2);
    expect(arr(c)).toEqual([19, 22, 43, 50]);
    be.matmulAcc(a, b, c, 2, 2, 2);
    expect(arr(c)).toEqual([38, 44, 86, 100]);
    be.matmulBias(a, b, buf([1, -1]), c, 2, 2, 2);
    expect(arr(c)).toEqual([20, 21, 44, 49]);
    be.matmulTransA(a, b, c, 2, 2, 2); // [[1,3],[2,4]]·[[5,6],[7,8]]
    expect(arr(c)).toEqual([26, 30, 38, 44]);
    be.matmulTransB(a, b, c, 2, 2, 2); // [[1,2],[3,4]]·[[5,7],[6,8]]
    expect(arr(c)).toEqual([17, 23, 39, 53]);
    const c6 = out(6); // 2×3·3×... : A 2×3, B 3×1 → 2×1; A·Bᵀ with B 1×3
    be.matmulTransB(buf([1, 2, 3, 4, 5, 6]), buf([1, 0, -1]), c6, 2, 1, 3);
    expect(arr(c6).slice(0, 2)).toEqual([-2, -2]);
    be.biasAdd(a, buf([10, 20]), c, 2, 2);
    expect(arr(c)).toEqual([11, 22, 13, 24]);
  });

  it('reductions', () => {
    const x = buf([1, 5, 5, -2, 0, 3]), o = out(3);
    be.colSum(x, o, 2, 3);
    expect(arr(o)).toEqual([-1, 5, 8]);
    be.rowArgmax(x, o, 2, 3);
    expect(arr(o).slice(0, 2)).toEqual([1, 2]); // first of the tied 5s
    expect(be.sumSquares(x, 6)).toBe(1 + 25 + 25 + 4 + 0 + 9);
  });

  it('activations', () => {
    const x = buf([-2, 0, 3]), y = out(3);
    be.relu(x, y, 3);
    expect(arr(y)).toEqual([0, 0, 3]);
    be.leakyRelu(x, y, 3, 0.5);
    expect(arr(y)).toEqual([-1, 0, 3]);
    be.step(x, y, 3);
    expect(arr(y)).toEqual([0, 0, 1]);
    be.sigmoid(buf([0, Math.log(3), -Math.log(3)]), y, 3);
    close(arr(y), [0.5, 0.75, 0.25]);
    be.tanh(buf([0, Math.log(2), -Math.log(2)]), y, 3); // tanh(ln 2) = (2 − ½)/(2 + ½)
    close(arr(y), [0, 0.6, -0.6]);
    be.softmax(buf([0, Math.log(2), Math.log(5)]), y, 1, 3);
    close(arr(y), [1 / 8, 2 / 8, 5 / 8]);
    const s = out(4);
    be.softmax(buf([1000, 1001, -1000, -1000]), s, 2, 2); // max-subtracted: no overflow (1000 and 1001 are exact in f32)
    close(arr(s), [1 / (1 + Math.E), Math.E / (1 + Math.E), 0.5, 0.5]);
  });

  it('losses', () => {
    const dz = out(2);
    close([be.softmaxCrossEntropy(buf([0, Math.log(3)]), buf([0, 1]), dz, 1, 2)], [-Math.log(0.75)]);
    close(arr(dz), [0.25, -0.25]);
    close([be.softmaxCrossEntropy(buf([1000, -1000]), buf([0, 1]), dz, 1, 2)], [2000], 1e-9);
    close([be.mse(buf([1, 2]), buf([0, 0]), dz, 2)], [2.5]);
    expect(arr(dz)).toEqual([1, 2]);
    close([be.sigmoidCrossEntropy(buf([0, 1000]), buf([1, 1]), dz, 2)], [Math.log(2) / 2]);
    close(arr(dz), [-0.25, 0]);
    close([be.sigmoidCrossEntropy(buf([-1000]), buf([1]), dz, 1)], [1000], 1e-9);
    const ds = out(3);
    close([be.hinge(buf([2, 0.5, -1]), buf([1, 1, 1]), ds, 3)], [2.5 / 3]);
    close(arr(ds), [0, -1 / 3, -1 / 3]);
  });

  it('optimizers', () => {
    const w = buf([1]), g = buf([0.5]), v = buf([1]);
    be.sgd(w, g, 1, 0.1, 0.2);
    close(arr(w), [1 - 0.1 * (0.5 + 0.2)]);
    be.write(w, [1]);
    be.momentum(w, g, v, 1, 0.1, 0.9, 0);
    close(arr(v), [1.4]);
    close(arr(w), [0.86]);
    // first Adam step from m = v = 0 with the bias correction in lrT moves w by lr·sign(g)
    const m0 = buf([0]), v0 = buf([0]);
    be.write(w, [1]);
    const lr = 0.001, b1 = 0.9, b2 = 0.999;
    be.adam(w, g, m0, v0, 1, (lr * Math.sqrt(1 - b2)) / (1 - b1), b1, b2, 1e-8, 0);
    close(arr(m0), [0.05]);
    close(arr(v0), [0.00025]);
    close(arr(w), [1 - lr], 1e-7);
  });
});

describe('ts backend: gradients against central differences', () => {
  const rng = new Random(11);
  const n = 7;
  const xs = Float64Array.from({ length: n }, () => rng.uniform(-2, 2));
  const dys = Float64Array.from({ length: n }, () => rng.normal());

  // L(x) = Σ dy·f(x) from the forward kernel; dL/dx_i ≈ [L(x + h e_i) − L(x − h e_i)] / (actual 2h in f32)
  const forward = (kernel: 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh', x: ArrayLike<number>): Float32Array => {
    const xb = buf(x), yb = out(x.length);
    if (kernel === 'leakyRelu') be.leakyRelu(xb, yb, x.length, 0.1);
    else be[kernel](xb, yb, x.length);
    return be.read(yb);
  };
  for (const [kernel, backward, saved] of [
    ['relu', 'reluBackward', 'input'],
    ['leakyRelu', 'leakyReluBackward', 'input'],
    ['sigmoid', 'sigmoidBackward', 'output'],
    ['tanh', 'tanhBackward', 'output'],
  ] as const) {
    it(`${backward} (from the saved ${saved})`, () => {
      const dx = out(n);
      const s = saved === 'input' ? buf(xs) : buf(forward(kernel, xs));
      if (backward === 'leakyReluBackward') be.leakyReluBackward(s, buf(dys), dx, n, 0.1);
      else be[backward](s, buf(dys), dx, n);
      const got = be.read(dx);
      for (let i = 0; i < n; i++) {
        const h = 1e-2;
        const xp = Float32Array.from(xs), xm = Float32Array.from(xs);
        xp[i] += h;
        xm[i] -= h;
        const yp = forward(kernel, xp), ym = forward(kernel, xm);
        let d = 0;
        for (let j = 0; j < n; j++) d += dys[j] * (yp[j] - ym[j]);
        const fd = d / (xp[i] - xm[i]);
        // f32 outputs over a 2h step: rounding ≈ 1e-7/1e-2, truncation O(h²) ≈ 1e-4
        expect(Math.abs(got[i] - fd), `${backward}[${i}]`).toBeLessThanOrEqual(5e-4 * (1 + Math.abs(fd)));
      }
    });
  }

  const rows = 3, cols = 4;
  const target = (kind: string): Float32Array => {
    if (kind === 'softmaxCrossEntropy') {
      const t = new Float32Array(rows * cols);
      for (let r = 0; r < rows; r++) t[r * cols + rng.int(cols)] = 1;
      return t;
    }
    if (kind === 'hinge') return Float32Array.from({ length: rows * cols }, () => (rng.uniform() < 0.5 ? -1 : 1));
    return Float32Array.from({ length: rows * cols }, () => rng.uniform());
  };
  const loss = (kind: 'softmaxCrossEntropy' | 'mse' | 'sigmoidCrossEntropy' | 'hinge', z: ArrayLike<number>, t: Float32Array, dz: Buf): number => {
    const zb = buf(z), tb = buf(t);
    return kind === 'softmaxCrossEntropy' ? be.softmaxCrossEntropy(zb, tb, dz, rows, cols) : be[kind](zb, tb, dz, rows * cols);
  };
  for (const kind of ['softmaxCrossEntropy', 'mse', 'sigmoidCrossEntropy', 'hinge'] as const) {
    it(`${kind}: the written gradient is the derivative of the returned loss`, () => {
      // scores kept off the hinge's kink at y·s = 1
      const z = Float32Array.from({ length: rows * cols }, () => rng.uniform(-3, 3)).map((v) => (Math.abs(Math.abs(v) - 1) < 0.05 ? v + 0.2 : v));
      const t = target(kind);
      const dz = out(rows * cols);
      loss(kind, z, t, dz);
      const got = be.read(dz);
      const scratch = out(rows * cols);
      for (let i = 0; i < z.length; i++) {
        const zp = Float32Array.from(z), zm = Float32Array.from(z);
        zp[i] += 1e-3;
        zm[i] -= 1e-3;
        // the losses sum in f64 from f32 inputs, so the difference quotient is accurate to ~1e-9
        const fd = (loss(kind, zp, t, scratch) - loss(kind, zm, t, scratch)) / (zp[i] - zm[i]);
        expect(Math.abs(got[i] - fd), `${kind} d/dz[${i}]`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(fd)));
      }
    });
  }

  it('sumSquares: d/dx Σx² = 2x, and the optimizers step along g′ = g + l2·w', () => {
    const x = Float32Array.from([0.5, -1.25, 2]);
    const ss = (v: ArrayLike<number>): number => be.sumSquares(buf(v), v.length);
    for (let i = 0; i < 3; i++) {
      const p = Float32Array.from(x), m = Float32Array.from(x);
      p[i] += 1e-3;
      m[i] -= 1e-3;
      expect((ss(p) - ss(m)) / (p[i] - m[i])).toBeCloseTo(2 * x[i], 6);
    }
    // sgd with g = 0 and l2 is gradient descent on (l2/2)·Σw²: w ← w·(1 − lr·l2)
    const w = buf(x);
    be.sgd(w, buf([0, 0, 0]), 3, 0.1, 0.5);
    close(arr(w), Array.from(x, (v) => v * (1 - 0.05)));
  });
});
