import { describe, expect, it } from 'vitest';
import { oneHot, oneHotMatrix, toMatrix, toRows } from '../../src/data/convert.js';

describe('toMatrix / toRows', () => {
  it('packs rows row-major and unpacks them', () => {
    const m = toMatrix([[1, 2, 3], [4, 5, 6]]);
    expect(m.shape).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(toRows(m)).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('names the ragged row, the non-finite cell, the wrong kind', () => {
    expect(() => toMatrix([[1, 2], [3, 4], [5]])).toThrow(/toMatrix: rows is ragged: row 2 has 1 values, row 0 has 2/);
    expect(() => toMatrix([[1, 2], [3, NaN]])).toThrow(/non-finite value \(NaN\) at row 1, column 1/);
    expect(() => toMatrix([])).toThrow(RangeError);
    expect(() => toMatrix([[1], 'x' as unknown as number[]])).toThrow(TypeError);
    expect(() => toMatrix([[1, '2' as unknown as number]])).toThrow(TypeError);
  });
});

describe('oneHot', () => {
  it('puts a single 1 at the label', () => {
    expect(oneHot([2, 0, 1], 3)).toEqual([[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
    const m = oneHotMatrix(Uint8Array.from([7, 2]), 10);
    expect(m.shape).toEqual([2, 10]);
    expect(Array.from(m.data).map((v, i) => (v ? i : -1)).filter((i) => i >= 0)).toEqual([7, 12]);
  });

  it('refuses labels out of range', () => {
    expect(() => oneHot([0, 3], 3)).toThrow(/label 1 is 3, expected an integer in \[0, 3\)/);
    expect(() => oneHotMatrix([0.5], 2)).toThrow(RangeError);
  });
});
