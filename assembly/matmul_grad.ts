/** The backward products of a dense layer: dW = Xᵀ·dY (+ the bias gradient), dX = dY·Wᵀ (+ the activation derivative below it). */

import { gemm, MC } from './gemm';
import { reluBackward, sigmoidBackward, tanhBackward } from './activations';
import { ACT_RELU, ACT_SIGMOID, ACT_TANH, madd } from './simd';
import { columnSums, gatherLanes, loadN, storeN } from './lanes';

// Both products run on the packed core of gemm.ts: Aᵀ·B by swapping A's strides, A·Bᵀ by packing B's panels from
// rows of Bᵀ (transposed 4×4 at a time), which beat matmulTransB's earlier row dot products by 1.5× at the MNIST
// layers (bench/results/gemm.md). The fused forms compute exactly what the separate kernels compute:
// - matmulTransAColSum: the column sums of dY are taken from the packed panels (gemm.ts), in colSum's order;
// - matmulTransB*Backward: C is multiplied by the derivative block by block of MC rows, while the block is in
//   cache, by the backward kernel of activations.ts itself (in place: dx = dy is allowed there).
// Layers of ≤ 4 units on both sides (the moons network) keep one-vector paths, exact in the same order.

/** C[k×n] = A[m×k]ᵀ · B[m×n]  (weight gradient dW = Xᵀ·dY: the core with A's strides swapped) */
export function matmulTransA(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if (k <= 4 && n <= 4 && n > 0) narrowTransA(a, b, c, m, k, n);
  else gemm(a, 4, <usize>k << 2, b, <usize>n << 2, 4, c, <usize>n << 2, k, m, n, 0, 0, 0, 0, scratch);
}

/** C[k×n] = A[m×k]ᵀ · B[m×n] and colsum[n] = Σ_rows B  (dW = Xᵀ·dY and the bias gradient db in one pass over dY) */
export function matmulTransAColSum(a: usize, b: usize, c: usize, colsum: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if ((k <= 4 && n <= 4 && n > 0) || k == 0) {
    matmulTransA(a, b, c, m, k, n, scratch);
    columnSums(b, colsum, m, n);
    return;
  }
  gemm(a, 4, <usize>k << 2, b, <usize>n << 2, 4, c, <usize>n << 2, k, m, n, 0, 0, 0, colsum, scratch);
}

/** C[m×k] = A[m×n] · B[k×n]ᵀ  (input gradient dX = dY·Wᵀ: the core over panels of Bᵀ) */
export function matmulTransB(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if (k <= 4 && n <= 4 && n > 0) narrowTransB(a, b, c, m, k, n);
  else gemm(a, <usize>n << 2, 4, b, 4, <usize>n << 2, c, <usize>k << 2, m, n, k, 0, 0, 0, 0, scratch);
}

/** C[m×k] = (A[m×n] · B[k×n]ᵀ) ⊙ [saved > 0]  (dX through the ReLU below: matmulTransB, then reluBackward from its saved input or output) */
export function matmulTransBReluBackward(a: usize, b: usize, saved: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  transBDerivative(a, b, saved, c, m, k, n, scratch, ACT_RELU);
}

/** C[m×k] = (A[m×n] · B[k×n]ᵀ) ⊙ (1 − y²)  (dX through the tanh below, from its saved output y) */
export function matmulTransBTanhBackward(a: usize, b: usize, saved: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  transBDerivative(a, b, saved, c, m, k, n, scratch, ACT_TANH);
}

/** C[m×k] = (A[m×n] · B[k×n]ᵀ) ⊙ y ⊙ (1 − y)  (dX through the sigmoid below, from its saved output y) */
export function matmulTransBSigmoidBackward(a: usize, b: usize, saved: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  transBDerivative(a, b, saved, c, m, k, n, scratch, ACT_SIGMOID);
}

/** matmulTransB by blocks of MC rows, each multiplied by the derivative as soon as it is done (the same bits as the two kernels). */
// @ts-ignore: decorator
@inline function transBDerivative(a: usize, b: usize, saved: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize, act: i32): void {
  const lda = <usize>n << 2, ldc = <usize>k << 2;
  for (let i0 = 0; i0 < m; i0 += MC) {
    const rows = min(MC, m - i0);
    const ci = c + <usize>i0 * ldc, si = saved + <usize>i0 * ldc;
    matmulTransB(a + <usize>i0 * lda, b, ci, rows, k, n, scratch);
    if (act == ACT_RELU) reluBackward(si, ci, ci, rows * k);
    else if (act == ACT_TANH) tanhBackward(si, ci, ci, rows * k);
    else sigmoidBackward(si, ci, ci, rows * k);
  }
}

/**
 * matmulTransA for k, n ≤ 4 (a weight gradient of a narrow layer): the k rows of C held in four accumulators,
 * each row i of A and B adding a[i, p]·B[i, ·] to row p, in the order i = 0, 1, … (as the core and the TS loop).
 */
// @ts-ignore: decorator
@inline function narrowTransA(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  const lda = <usize>k << 2, ldb = <usize>n << 2;
  let ap = a, bp = b;
  for (let i = 0; i < m; i++, ap += lda, bp += ldb) {
    const br = loadN(bp, n);
    c0 = madd(v128.load32_splat(ap), br, c0);
    if (k > 1) c1 = madd(v128.load32_splat(ap, 4), br, c1);
    if (k > 2) c2 = madd(v128.load32_splat(ap, 8), br, c2);
    if (k > 3) c3 = madd(v128.load32_splat(ap, 12), br, c3);
  }
  if (k > 0) storeN(c, n, c0);
  if (k > 1) storeN(c + ldb, n, c1);
  if (k > 2) storeN(c + 2 * ldb, n, c2);
  if (k > 3) storeN(c + 3 * ldb, n, c3);
}

/**
 * matmulTransB for k, n ≤ 4 (dX of a narrow layer): row i of C = Σ_j a[i, j]·(column j of B as a k-vector),
 * the n ≤ 4 columns of B gathered once. Sums run j = 0, 1, … as in the TS loop.
 */
// @ts-ignore: decorator
@inline function narrowTransB(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  const ld = <usize>n << 2, ldc = <usize>k << 2;
  const w0 = gatherLanes(b, ld, k);
  let w1 = w0, w2 = w0, w3 = w0;
  if (n > 1) w1 = gatherLanes(b + 4, ld, k);
  if (n > 2) w2 = gatherLanes(b + 8, ld, k);
  if (n > 3) w3 = gatherLanes(b + 12, ld, k);
  let ap = a, cp = c;
  for (let i = 0; i < m; i++, ap += ld, cp += ldc) {
    let acc = f32x4.mul(v128.load32_splat(ap), w0);
    if (n > 1) acc = madd(v128.load32_splat(ap, 4), w1, acc);
    if (n > 2) acc = madd(v128.load32_splat(ap, 8), w2, acc);
    if (n > 3) acc = madd(v128.load32_splat(ap, 12), w3, acc);
    storeN(cp, k, acc);
  }
}
