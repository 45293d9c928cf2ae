import { describe, expect, it } from 'vitest';
import { makeMoons } from '../../src/data/moons.js';

describe('makeMoons', () => {
  it('returns n points of 2 coordinates with ⌊n/2⌋ outer (0) and the rest inner (1)', () => {
    for (const n of [1, 2, 7, 100, 201]) {
      const { x, y } = makeMoons(n, { noise: 0.1, seed: 3 });
      expect(x.length).toBe(n);
      expect(y.length).toBe(n);
      for (const p of x) expect(p.length).toBe(2);
      expect(y.filter((v) => v === 0).length).toBe(Math.floor(n / 2));
      expect(y.filter((v) => v === 1).length).toBe(n - Math.floor(n / 2));
    }
  });

  it('without noise every point lies on its half circle (closed form)', () => {
    const { x, y } = makeMoons(101, { seed: 5 });
    for (let i = 0; i < x.length; i++) {
      const [a, b] = x[i];
      if (y[i] === 0) {
        // (cos t, sin t), t ∈ [0, π]
        expect(Math.hypot(a, b)).toBeCloseTo(1, 12);
        expect(b).toBeGreaterThanOrEqual(-1e-12);
      } else {
        // (1 − cos t, 1 − sin t − 0.5): centre (1, 0.5), radius 1, lower half
        expect(Math.hypot(a - 1, b - 0.5)).toBeCloseTo(1, 12);
        expect(b).toBeLessThanOrEqual(0.5 + 1e-12);
      }
    }
  });

  it('unshuffled, the points follow linspace(0, π) in order, outer first', () => {
    const { x, y } = makeMoons(10, { shuffle: false });
    expect(y).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(x[0][0]).toBeCloseTo(1, 15);
    expect(x[4][0]).toBeCloseTo(-1, 15);
    expect(x[2][0]).toBeCloseTo(Math.cos(Math.PI / 2), 15);
    expect(x[5]).toEqual([0, 0.5]);
    expect(x[9][0]).toBeCloseTo(2, 15);
  });

  it('noise has about the requested standard deviation', () => {
    const clean = makeMoons(4000, { seed: 9 });
    const noisy = makeMoons(4000, { seed: 9, noise: 0.2 });
    // same seed → same shuffle, so the difference is the noise alone
    let s = 0;
    for (let i = 0; i < 4000; i++) for (let j = 0; j < 2; j++) s += (noisy.x[i][j] - clean.x[i][j]) ** 2;
    expect(Math.sqrt(s / 8000)).toBeGreaterThan(0.19);
    expect(Math.sqrt(s / 8000)).toBeLessThan(0.21);
    expect(noisy.y).toEqual(clean.y);
  });

  it('same seed → identical, different seed → different', () => {
    expect(makeMoons(50, { noise: 0.1, seed: 1 })).toEqual(makeMoons(50, { noise: 0.1, seed: 1 }));
    expect(makeMoons(50, { noise: 0.1, seed: 1 }).x).not.toEqual(makeMoons(50, { noise: 0.1, seed: 2 }).x);
  });

  it('refuses bad arguments with a message naming the option', () => {
    expect(() => makeMoons(0)).toThrow(RangeError);
    expect(() => makeMoons(2.5)).toThrow(/makeMoons: n/);
    expect(() => makeMoons(10, { noise: -1 })).toThrow(/noise/);
    expect(() => makeMoons(10, { noise: NaN })).toThrow(RangeError);
  });
});
