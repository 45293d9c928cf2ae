/** Forward matrix products, fused bias + activation, bias add: the exported kernels (the blocked GEMM core is in gemm.ts) and the narrow path; the backward products are in matmul_grad.ts. */

import { ACT_RELU, ACT_SIGMOID, ACT_TANH, activateInPlace, hsum, madd } from './simd';
import { gatherLanes, loadN, storeN } from './lanes';
import { gemm, SCRATCH_BYTES } from './gemm';

// matmul, matmulAcc and matmulBias are one blocked, packed core (gemm.ts) with a different starting value for C;
// `scratch` is the backend's workspace of scratchBytes() bytes. A·B with at most 4 columns (the moons network's
// 2→3→2 layers) skips it: the narrow path below keeps a row of C in one vector (the core's column tiles hold 4
// rows of a column, which needs 4 rows; a 200×2×3 layer is faster one row per vector), with the same arithmetic in
// the same order (start, then + a[i, q]·B[q, ·] for q = 0, 1, …), so both give the same bits.

/** C[m×n] = A[m×k] · B[k×n] */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if (isNarrow(k, n)) narrowRows(a, b, c, m, k, n, 0, 0, 0, scratch);
  else gemm(a, <usize>k << 2, 4, b, <usize>n << 2, 4, c, <usize>n << 2, m, k, n, 0, 0, 0, 0, scratch);
}

/** C[m×n] += A[m×k] · B[k×n] */
export function matmulAcc(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if (isNarrow(k, n)) narrowRows(a, b, c, m, k, n, c, <usize>n << 2, 1, scratch);
  else gemm(a, <usize>k << 2, 4, b, <usize>n << 2, 4, c, <usize>n << 2, m, k, n, c, <usize>n << 2, 1, 0, scratch);
}

/** C[m×n] = A[m×k] · B[k×n] + bias[n] on every row */
export function matmulBias(a: usize, b: usize, bias: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if (isNarrow(k, n)) narrowRows(a, b, c, m, k, n, bias, 0, 1, scratch);
  else gemm(a, <usize>k << 2, 4, b, <usize>n << 2, 4, c, <usize>n << 2, m, k, n, bias, 0, 1, 0, scratch);
}

// Dense layer + activation in one call: matmulBias, then the activation of activations.ts as a pass over C while
// it is in cache (the same vector code, so the same bits as matmulBias followed by relu / tanh / sigmoid).
// Not per row's vector on the narrow path: with n = 3 a quarter of the lanes are padding and the exp chains of
// consecutive rows overlap less (bench/results/gemm.md has the measurement).

/** C[m×n] = max(0, A[m×k] · B[k×n] + bias[n]) */
export function matmulBiasRelu(a: usize, b: usize, bias: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  matmulBiasAct(a, b, bias, c, m, k, n, scratch, ACT_RELU);
}

/** C[m×n] = tanh(A[m×k] · B[k×n] + bias[n]) */
export function matmulBiasTanh(a: usize, b: usize, bias: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  matmulBiasAct(a, b, bias, c, m, k, n, scratch, ACT_TANH);
}

/** C[m×n] = σ(A[m×k] · B[k×n] + bias[n]) */
export function matmulBiasSigmoid(a: usize, b: usize, bias: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  matmulBiasAct(a, b, bias, c, m, k, n, scratch, ACT_SIGMOID);
}

/** y[r, j] = x[r, j] + bias[j] */
export function biasAdd(x: usize, bias: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = (<usize>r * <usize>cols) << 2;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const q = <usize>j << 2;
      v128.store(y + o + q, f32x4.add(v128.load(x + o + q), v128.load(bias + q)));
    }
    for (; j < cols; j++) {
      const q = <usize>j << 2;
      store<f32>(y + o + q, load<f32>(x + o + q) + load<f32>(bias + q));
    }
  }
}

// ---- the narrow path and the activation epilogue ----

/** Whether A[m×k]·B[k×n] takes the narrow path: one vector holds a row of C, and B's rows, padded to 4 lanes, fit in scratch. */
// @ts-ignore: decorator
@inline function isNarrow(k: i32, n: i32): bool {
  return n <= 4 && k <= (SCRATCH_BYTES >> 4);
}

// @ts-ignore: decorator
@inline function matmulBiasAct(a: usize, b: usize, bias: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize, act: i32): void {
  // a call, not a fourth inlined copy of the core
  matmulBias(a, b, bias, c, m, k, n, scratch);
  activateInPlace(c, m * n, act, 0);
}

/**
 * C[m×n] = start + A·B for n ≤ 4, a row of C per vector: start is zero (mode 0) or n values at init + i·is
 * (mode 1: the bias row with is = 0, or C itself). B's k rows are first copied to scratch padded to 4 lanes, so
 * every inner load is a whole vector and nothing outside A, B, C and init is read or written.
 */
// @ts-ignore: decorator
@inline function narrowRows(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, init: usize, is: usize, mode: i32, scratch: usize): void {
  const ldb = <usize>n << 2;
  const ra = <usize>k << 2;
  if (k <= 4 && k > 0) {
    // a layer of ≤ 4 inputs (the moons network): B's rows stay in registers, no inner loop
    const b0 = loadN(b, n);
    let b1 = b0, b2 = b0, b3 = b0;
    if (k > 1) b1 = loadN(b + ldb, n);
    if (k > 2) b2 = loadN(b + 2 * ldb, n);
    if (k > 3) b3 = loadN(b + 3 * ldb, n);
    let ap = a, cp = c;
    for (let i = 0; i < m; i++, ap += ra, cp += ldb) {
      let acc = mode ? loadN(init + <usize>i * is, n) : f32x4.splat(0);
      acc = madd(v128.load32_splat(ap), b0, acc);
      if (k > 1) acc = madd(v128.load32_splat(ap, 4), b1, acc);
      if (k > 2) acc = madd(v128.load32_splat(ap, 8), b2, acc);
      if (k > 3) acc = madd(v128.load32_splat(ap, 12), b3, acc);
      storeN(cp, n, acc);
    }
    return;
  }
  for (let q = 0; q < k; q++) v128.store(scratch + (<usize>q << 4), loadN(b + <usize>q * ldb, n));
  const end = scratch + (<usize>k << 4);
  for (let i = 0; i < m; i++) {
    let acc = mode ? loadN(init + <usize>i * is, n) : f32x4.splat(0);
    let ap = a + <usize>i * ra;
    for (let pb = scratch; pb < end; pb += 16, ap += 4) acc = madd(v128.load32_splat(ap), v128.load(pb), acc);
    storeN(c + <usize>i * ldb, n, acc);
  }
}
