// Tests for ops: results against hand-worked products, and shape/kind errors raised before any kernel runs.
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend } from '../src/backend/index.js';
import { tensor } from '../src/tensor.js';
import { biasAdd, matmul, matmulTransA, matmulTransB, softmax } from '../src/ops.js';

beforeAll(() => setBackend('ts'));

describe('ops', () => {
  const a = () => tensor([[1, 2, 3], [4, 5, 6]]); // 2×3

  it('matmul and its transposed forms agree with hand-worked products', () => {
    const b = tensor([[1, 0], [0, 1], [1, 1]]); // 3×2
    expect(matmul(a(), b).toArray()).toEqual([[4, 5], [10, 11]]);
    // Aᵀ·A for A 2×3 → 3×3: entry (i, j) = Σ_r A[r,i]·A[r,j]
    expect(matmulTransA(a(), a()).toArray()).toEqual([[17, 22, 27], [22, 29, 36], [27, 36, 45]]);
    // A·Aᵀ → 2×2
    expect(matmulTransB(a(), a()).toArray()).toEqual([[14, 32], [32, 77]]);
  });

  it('adds a bias row and takes a softmax whose rows sum to one', () => {
    expect(biasAdd(a(), tensor([[10, 20, 30]])).toArray()).toEqual([[11, 22, 33], [14, 25, 36]]);
    const s = softmax(tensor([[1000, 1000, 1000]])).toArray()[0];
    for (const v of s) expect(v).toBeCloseTo(1 / 3, 6);
  });

  it('raises RangeError naming the op and both shapes', () => {
    expect(() => matmul(a(), a())).toThrow(RangeError);
    expect(() => matmul(a(), a())).toThrow('matmul: inner dimensions differ: 2×3 · 2×3 (3 ≠ 2)');
    expect(() => matmulTransA(a(), tensor([[1]]))).toThrow(/matmulTransA: row counts differ/);
    expect(() => matmulTransB(a(), tensor([[1]]))).toThrow(/matmulTransB: column counts differ/);
    expect(() => biasAdd(a(), tensor([[1, 2]]))).toThrow(/bias must be 1×3/);
  });

  it('raises TypeError for non-tensors and disposed tensors are refused', () => {
    expect(() => matmul(a(), [[1]] as never)).toThrow(TypeError);
    const t = a();
    t.dispose();
    expect(() => softmax(t)).toThrow(/disposed/);
  });
});
