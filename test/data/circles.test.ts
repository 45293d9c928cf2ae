import { describe, expect, it } from 'vitest';
import { makeCircles } from '../../src/data/circles.js';

describe('makeCircles', () => {
  it('puts label 0 on the unit circle and label 1 on the circle of radius factor', () => {
    const { x, y } = makeCircles(51, { factor: 0.3, seed: 2 });
    expect(y.filter((v) => v === 0).length).toBe(25);
    for (let i = 0; i < x.length; i++) expect(Math.hypot(x[i][0], x[i][1])).toBeCloseTo(y[i] === 0 ? 1 : 0.3, 12);
  });

  it('is reproducible and refuses factor outside [0, 1)', () => {
    expect(makeCircles(30, { noise: 0.1, seed: 1 })).toEqual(makeCircles(30, { noise: 0.1, seed: 1 }));
    expect(makeCircles(30, { noise: 0.1, seed: 1 }).x).not.toEqual(makeCircles(30, { noise: 0.1, seed: 2 }).x);
    expect(() => makeCircles(10, { factor: 1 })).toThrow(/factor must be in \[0, 1\)/);
  });
});
