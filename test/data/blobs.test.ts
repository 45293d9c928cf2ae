import { describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/data/blobs.js';

describe('makeBlobs', () => {
  it('splits n as evenly as possible and labels by cluster', () => {
    const { x, y, centers } = makeBlobs(301, { centers: 3, features: 4, seed: 0 });
    expect(x.length).toBe(301);
    expect(centers.length).toBe(3);
    for (const p of x) expect(p.length).toBe(4);
    expect([0, 1, 2].map((k) => y.filter((v) => v === k).length)).toEqual([101, 100, 100]);
  });

  it('random centers lie in the box and points scatter around them with the given std', () => {
    const { x, y, centers } = makeBlobs(6000, { centers: 2, std: 0.5, box: [-3, 3], seed: 4 });
    for (const c of centers) for (const v of c) expect(v >= -3 && v < 3).toBe(true);
    for (let k = 0; k < 2; k++) {
      const pts = x.filter((_, i) => y[i] === k);
      for (let j = 0; j < 2; j++) {
        const mean = pts.reduce((s, p) => s + p[j], 0) / pts.length;
        const sd = Math.sqrt(pts.reduce((s, p) => s + (p[j] - mean) ** 2, 0) / pts.length);
        expect(Math.abs(mean - centers[k][j])).toBeLessThan(0.05);
        expect(Math.abs(sd - 0.5)).toBeLessThan(0.03);
      }
    }
  });

  it('accepts explicit centers and per-cluster std (0 → exactly the centre)', () => {
    const { x, y } = makeBlobs(4, { centers: [[1, 2], [-5, 5]], std: [0, 0], seed: 1 });
    for (let i = 0; i < 4; i++) expect(x[i]).toEqual(y[i] === 0 ? [1, 2] : [-5, 5]);
  });

  it('is reproducible from its seed', () => {
    expect(makeBlobs(40, { seed: 7 })).toEqual(makeBlobs(40, { seed: 7 }));
    expect(makeBlobs(40, { seed: 7 }).x).not.toEqual(makeBlobs(40, { seed: 8 }).x);
  });

  it('refuses ragged centers and mismatched std', () => {
    expect(() => makeBlobs(10, { centers: [[0, 0], [1]] })).toThrow(/centers\[1\] has 1 coordinates, expected 2/);
    expect(() => makeBlobs(10, { centers: 2, std: [1, 2, 3] })).toThrow(/std has 3 entries for 2 centers/);
    expect(() => makeBlobs(10, { box: [1, -1] })).toThrow(RangeError);
  });
});
