import { describe, expect, it } from 'vitest';
import { trainTestSplit } from '../../src/data/split.js';

describe('trainTestSplit', () => {
  it('partitions the rows, keeps x and y aligned, rounds the test count up', () => {
    const x = Array.from({ length: 10 }, (_, i) => [i, -i]);
    const y = Array.from({ length: 10 }, (_, i) => i * 10);
    const s = trainTestSplit(x, y, { testFraction: 0.25, seed: 3 });
    expect(s.xTest.length).toBe(3);
    expect(s.xTrain.length).toBe(7);
    const seen = [...s.xTrain, ...s.xTest].map((r) => r[0]).sort((a, b) => a - b);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    s.xTrain.forEach((r, i) => expect(s.yTrain[i]).toBe(r[0] * 10));
    s.xTest.forEach((r, i) => expect(s.yTest[i]).toBe(r[0] * 10));
  });

  it('splits a Matrix and a Uint8Array the same way as arrays', () => {
    const m = { data: Float32Array.from({ length: 12 }, (_, i) => i), shape: [6, 2] as [number, number] };
    const labels = Uint8Array.from([0, 1, 2, 3, 4, 5]);
    const s = trainTestSplit(m, labels, { testFraction: 0.5, seed: 1 });
    expect(s.xTest.shape).toEqual([3, 2]);
    expect(s.yTest).toBeInstanceOf(Uint8Array);
    for (let i = 0; i < 3; i++) expect(s.xTest.data[2 * i]).toBe(2 * s.yTest[i]);
    const a = trainTestSplit([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5], { testFraction: 0.5, seed: 1 });
    expect(Array.from(s.yTest)).toEqual(a.yTest);
  });

  it('without shuffling the test set is the tail; different seeds shuffle differently', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(trainTestSplit(x, x, { testFraction: 0.25, shuffle: false }).xTest).toEqual([7, 8]);
    expect(trainTestSplit(x, x, { seed: 1 }).xTrain).not.toEqual(trainTestSplit(x, x, { seed: 2 }).xTrain);
  });

  it('refuses mismatched lengths and fractions outside (0, 1)', () => {
    expect(() => trainTestSplit([1, 2, 3], [1, 2])).toThrow(/trainTestSplit: x has 3 rows but y has 2/);
    expect(() => trainTestSplit([1, 2, 3], [1, 2, 3], { testFraction: 1 })).toThrow(RangeError);
    expect(() => trainTestSplit([1], [1], { testFraction: 0.5 })).toThrow(/too few/);
  });
});
