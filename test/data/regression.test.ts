import { describe, expect, it } from 'vitest';
import { linearData, productData } from '../../src/data/regression.js';

describe('linearData', () => {
  it('has the requested shapes and satisfies Y = X·W + b without noise', () => {
    const { x, y, W, b } = linearData(37, { inFeatures: 5, outFeatures: 3, seed: 2 });
    expect([x.length, x[0].length, y.length, y[0].length, W.length, W[0].length, b.length]).toEqual([37, 5, 37, 3, 5, 3, 3]);
    for (let i = 0; i < 37; i++) {
      for (let j = 0; j < 3; j++) {
        // summed in the opposite order from the generator: equal up to f64 rounding
        let s = 0;
        for (let k = 4; k >= 0; k--) s += x[i][k] * W[k][j];
        expect(Math.abs(y[i][j] - (s + b[j]))).toBeLessThan(1e-12);
      }
    }
  });

  it('noise shows up as residuals of about the given std', () => {
    const { x, y, W, b } = linearData(3000, { inFeatures: 2, noise: 0.5, seed: 1 });
    const r = y.map((row, i) => row[0] - (x[i][0] * W[0][0] + x[i][1] * W[1][0] + b[0]));
    const sd = Math.sqrt(r.reduce((s, v) => s + v * v, 0) / r.length);
    expect(sd).toBeGreaterThan(0.47);
    expect(sd).toBeLessThan(0.53);
  });

  it('draws X, W, b from a standard normal (defaults 10 → 1), reproducibly', () => {
    const { x, W } = linearData(2000, { seed: 0 });
    const flat = x.flat();
    const mean = flat.reduce((s, v) => s + v, 0) / flat.length;
    const sd = Math.sqrt(flat.reduce((s, v) => s + (v - mean) ** 2, 0) / flat.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    expect(W.length).toBe(10);
    expect(linearData(20, { seed: 3 })).toEqual(linearData(20, { seed: 3 }));
    expect(linearData(20, { seed: 3 }).W).not.toEqual(linearData(20, { seed: 4 }).W);
  });
});

describe('productData', () => {
  it('gives y = x1·x2 for standard-normal x', () => {
    const { x, y } = productData(1000, { seed: 0 });
    expect(x.length).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(y[i]).toEqual([x[i][0] * x[i][1]]);
    expect(productData(10, { seed: 1 })).toEqual(productData(10, { seed: 1 }));
    expect(productData(10, { seed: 1 }).x).not.toEqual(productData(10, { seed: 2 }).x);
  });
});
