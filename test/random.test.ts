// Tests for the seeded generator: reproducibility, ranges, moments against closed forms.
import { describe, expect, it } from 'vitest';
import { Random } from '../src/random.js';

describe('Random', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Random(42), b = new Random(42), c = new Random(43);
    const sa = Array.from({ length: 20 }, () => a.next());
    const sb = Array.from({ length: 20 }, () => b.next());
    const sc = Array.from({ length: 20 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('draws uniform values in [lo, hi) with the closed-form mean and variance', () => {
    const r = new Random(1);
    const n = 200_000;
    let s = 0, s2 = 0, lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = r.uniform(-1, 1);
      s += v; s2 += v * v;
      lo = Math.min(lo, v); hi = Math.max(hi, v);
    }
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThan(1);
    // mean 0, variance (b−a)²/12 = 1/3; standard error of the mean ≈ 0.577/√n ≈ 0.0013
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1 / 3)).toBeLessThan(0.01);
  });

  it('draws normals with mean and std as asked', () => {
    const r = new Random(7);
    const n = 200_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = r.normal(3, 2);
      s += v; s2 += (v - 3) ** 2;
    }
    expect(Math.abs(s / n - 3)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(s2 / n) - 2)).toBeLessThan(0.03);
  });

  it('permutes: every index exactly once', () => {
    const p = new Random(3).permutation(1000);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('int(n) covers 0..n-1 and nothing else', () => {
    const r = new Random(5);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(r.int(6));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses a non-finite seed', () => {
    expect(() => new Random(NaN)).toThrow(TypeError);
  });
});
