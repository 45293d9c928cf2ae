// Tests src/nn/orthogonal.ts: orthonormal rows (wide), columns (tall) or both (square), seeded, and Gaussian-looking entries.
import { describe, expect, it } from 'vitest';
import { orthogonal } from '../../src/nn/orthogonal.js';
import { Random } from '../../src/random.js';

/** max |(M·Mᵀ)ᵢⱼ − δᵢⱼ| over the rows of an r × c matrix (or of Mᵀ with `columns`). */
function offIdentity(m: Float32Array, r: number, c: number, columns = false): number {
  const [n, len] = columns ? [c, r] : [r, c];
  const at = (i: number, k: number) => (columns ? m[k * c + i] : m[i * c + k]);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let k = 0; k < len; k++) d += at(i, k) * at(j, k);
      worst = Math.max(worst, Math.abs(d - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

describe('orthogonal', () => {
  it('gives orthonormal rows when wide, columns when tall, both when square (to f32 rounding)', () => {
    // each product sums ≤ 4·128 f32-rounded terms of magnitude ≤ 1: 1e-5 is far above that and far below a real defect
    expect(offIdentity(orthogonal(new Random(1), 32, 128), 32, 128)).toBeLessThan(1e-5);
    expect(offIdentity(orthogonal(new Random(2), 50, 7), 50, 7, true)).toBeLessThan(1e-5);
    const sq = orthogonal(new Random(3), 17, 17);
    expect(Math.max(offIdentity(sq, 17, 17), offIdentity(sq, 17, 17, true))).toBeLessThan(1e-5);
    expect(orthogonal(new Random(4), 1, 1)[0] ** 2).toBeCloseTo(1, 6);
  });

  it('is seeded, and its entries look like a random rotation (mean ≈ 0, variance ≈ 1/cols for wide matrices)', () => {
    expect(orthogonal(new Random(5), 8, 32)).toEqual(orthogonal(new Random(5), 8, 32));
    expect(orthogonal(new Random(5), 8, 32)).not.toEqual(orthogonal(new Random(6), 8, 32));
    const m = orthogonal(new Random(7), 64, 256);
    const mean = m.reduce((a, b) => a + b, 0) / m.length;
    const variance = m.reduce((a, b) => a + b * b, 0) / m.length;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(m.length) / Math.sqrt(256)); // 4 standard errors
    expect(variance).toBeCloseTo(1 / 256, 5); // exactly rows/(rows·cols): each of the 64 rows has norm 1
  });
});
