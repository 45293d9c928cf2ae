// Tests for Tensor and toMatrix: copies out, disposal, input kinds and the errors they raise.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend } from '../src/backend/index.js';
import { tensor, readInput, zeros } from '../src/tensor.js';

beforeAll(() => setBackend('ts'));

describe('tensor', () => {
  it('builds from nested arrays and from a flat array plus shape, and reads back copies', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    const copy = t.toFloat32Array();
    copy[0] = 99;
    expect(t.toArray()[0][0]).toBe(1);
    const u = tensor(new Float32Array([1, 2, 3, 4]), [2, 2]);
    expect(u.toArray()).toEqual([[1, 2], [3, 4]]);
    t.dispose(); u.dispose();
  });

  it('frees its buffer on dispose, once', () => {
    const before = getBackend().liveBuffers();
    const t = zeros(3, 4);
    expect(getBackend().liveBuffers()).toBe(before + 1);
    t.dispose();
    t.dispose();
    expect(getBackend().liveBuffers()).toBe(before);
    expect(() => t.toArray()).toThrow(/disposed/);
  });

  it('names the problem in ragged, empty, non-finite and mis-sized input', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(RangeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/row 1 has 1 values, row 0 has 2/);
    expect(() => tensor([])).toThrow(/empty/);
    expect(() => tensor([[1, NaN]])).toThrow(/non-finite value \(NaN\) at row 0, column 1/);
    expect(() => tensor(new Float32Array(5), [2, 2])).toThrow(/5 values, shape 2×2 needs 4/);
    expect(() => tensor([1, 2, 3] as unknown as number[][])).toThrow(TypeError);
    expect(() => tensor([['a']] as unknown as number[][])).toThrow(TypeError);
    expect(() => zeros(0, 2)).toThrow(RangeError);
  });

  it('readInput accepts every input kind and returns the same values', () => {
    const a = readInput('op', 'x', [[1, 2], [3, 4]]);
    const b = readInput('op', 'x', { data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] });
    const t = tensor([[1, 2], [3, 4]]);
    const c = readInput('op', 'x', t);
    t.dispose();
    for (const m of [a, b, c]) {
      expect(m.shape).toEqual([2, 2]);
      expect(Array.from(m.data)).toEqual([1, 2, 3, 4]);
    }
    expect(() => readInput('fit', 'x', null)).toThrow(/fit: x must be/);
  });
});
