import { describe, expect, it } from 'vitest';
import { makeSpirals } from '../../src/data/spirals.js';

describe('makeSpirals', () => {
  it('gives each arm its share of points, with radius in (0, 1] and angle 2π(k/K + r)', () => {
    const { x, y } = makeSpirals(100, { classes: 3, seed: 0 });
    expect([0, 1, 2].map((k) => y.filter((v) => v === k).length)).toEqual([34, 33, 33]);
    for (let i = 0; i < x.length; i++) {
      const r = Math.hypot(x[i][0], x[i][1]);
      expect(r > 0 && r <= 1 + 1e-12).toBe(true);
      const want = 2 * Math.PI * (y[i] / 3 + r);
      const d = Math.atan2(x[i][1], x[i][0]) - want;
      expect(Math.abs(Math.sin(d))).toBeLessThan(1e-9);
      expect(Math.cos(d)).toBeGreaterThan(0);
    }
  });

  it('is reproducible from its seed', () => {
    expect(makeSpirals(60, { noise: 0.05, seed: 4 })).toEqual(makeSpirals(60, { noise: 0.05, seed: 4 }));
    expect(makeSpirals(60, { noise: 0.05, seed: 4 }).x).not.toEqual(makeSpirals(60, { noise: 0.05, seed: 5 }).x);
  });
});
