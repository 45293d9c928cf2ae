// Tests for the generators' size limits (src/data/limits.ts): each refuses a size past its limit before allocating.
import { describe, expect, it } from 'vitest';
import { makeBlobs } from '../../src/data/blobs.js';
import { celsius } from '../../src/data/celsius.js';
import { makeCircles } from '../../src/data/circles.js';
import { oneHot, oneHotMatrix } from '../../src/data/convert.js';
import { MAX_F32, MAX_ROWS, MAX_VALUES } from '../../src/data/limits.js';
import { makeMoons } from '../../src/data/moons.js';
import { linearData, productData } from '../../src/data/regression.js';
import { makeSpirals } from '../../src/data/spirals.js';

describe('generator size limits', () => {
  it('are 10⁶ rows, 10⁷ numbers in one number[][] and 10⁸ in one Float32Array', () => {
    expect([MAX_ROWS, MAX_VALUES, MAX_F32]).toEqual([1_000_000, 10_000_000, 100_000_000]);
  });

  it('refuse more than 10⁶ rows with a RangeError naming the function, the argument and the range', () => {
    expect(() => makeMoons(1_000_001)).toThrow(new RangeError('makeMoons: n must be an integer in [1, 1000000], got 1000001'));
    expect(() => makeMoons(1e12)).toThrow(RangeError);
    expect(() => makeCircles(1_000_001)).toThrow(/makeCircles: n must be an integer in \[1, 1000000\]/);
    expect(() => makeSpirals(1_000_001)).toThrow(/makeSpirals: n must be an integer in \[1, 1000000\]/);
    expect(() => makeBlobs(1_000_001)).toThrow(/makeBlobs: n must be an integer in \[1, 1000000\]/);
    expect(() => celsius({ n: 1_000_001 })).toThrow(/celsius: n must be an integer in \[1, 1000000\]/);
    expect(() => productData(1_000_001)).toThrow(/productData: n must be an integer in \[1, 1000000\]/);
    expect(() => linearData(1_000_001, { inFeatures: 1 })).toThrow(/linearData: n must be an integer in \[1, 1000000\]/);
    expect(celsius({ n: 1_000_000 }).x.length).toBe(1_000_000);
  });

  it('refuse loops sized by a class or cluster count past 10⁶', () => {
    expect(() => makeSpirals(10, { classes: 1_000_001 })).toThrow(/makeSpirals: classes must be an integer in \[1, 1000000\]/);
    expect(() => makeBlobs(10, { centers: 1e12 })).toThrow(/makeBlobs: centers must be an integer in \[1, 1000000\]/);
  });

  it('refuse products of sizes past 10⁷ numbers, naming the product', () => {
    expect(() => linearData(100_001, { inFeatures: 100 })).toThrow(new RangeError('linearData: n × inFeatures is 10000100, at most 10000000 is allowed'));
    expect(() => linearData(10, { inFeatures: 5000, outFeatures: 2001 })).toThrow(/linearData: inFeatures × outFeatures is 10005000/);
    expect(() => linearData(10_001, { inFeatures: 1, outFeatures: 1000 })).toThrow(/linearData: n × outFeatures is 10001000/);
    expect(() => makeBlobs(100_001, { features: 100 })).toThrow(/makeBlobs: n × features is 10000100/);
    expect(() => makeBlobs(10, { centers: 1000, features: 10_001 })).toThrow(/makeBlobs: centers × features is 10001000/);
    expect(() => makeBlobs(2, { features: 1e12 })).toThrow(/makeBlobs: features must be an integer in \[1, 10000000\]/);
    expect(() => makeBlobs(100_001, { centers: [new Array(100).fill(0)] })).toThrow(/makeBlobs: n × features is 10000100/);
  });

  it('bound one-hot outputs: labels × classes ≤ 10⁷ as rows, ≤ 10⁸ as a Float32Array', () => {
    expect(() => oneHot([0, 1], 5_000_001)).toThrow(new RangeError('oneHot: labels × classes is 10000002, at most 10000000 is allowed'));
    expect(() => oneHot([0], 1e12)).toThrow(/oneHot: classes must be an integer in \[1, 10000000\]/);
    expect(oneHot([0], 10_000_000)[0].length).toBe(10_000_000);
    expect(() => oneHotMatrix(new Uint8Array(2), 50_000_001)).toThrow(/oneHotMatrix: labels × classes is 100000002, at most 100000000/);
    expect(() => oneHotMatrix([0], 1e12)).toThrow(/oneHotMatrix: classes must be an integer in \[1, 100000000\]/);
  });
});
