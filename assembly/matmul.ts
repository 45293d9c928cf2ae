/** Matrix products and bias add: the exported kernels (the blocked GEMM core is in gemm.ts) and matmulTransB's dot products. */

import { hsum, madd } from './simd';
import { gemm } from './gemm';

// matmul, matmulAcc, matmulBias and matmulTransA are one blocked, packed core (gemm.ts) with different strides
// for A and a different starting value for C; `scratch` is the backend's workspace of scratchBytes() bytes.
// matmulTransB reduces along rows of both operands, so it is dot products, blocked 4×2.

/** C[m×n] = A[m×k] · B[k×n] */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  gemm(a, <usize>k << 2, 4, b, c, m, k, n, 0, 0, 0, scratch);
}

/** C[m×n] += A[m×k] · B[k×n] */
export function matmulAcc(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  gemm(a, <usize>k << 2, 4, b, c, m, k, n, c, <usize>n << 2, 1, scratch);
}

/** C[m×n] = A[m×k] · B[k×n] + bias[n] on every row */
export function matmulBias(a: usize, b: usize, bias: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  gemm(a, <usize>k << 2, 4, b, c, m, k, n, bias, 0, 1, scratch);
}

/** C[k×n] = A[m×k]ᵀ · B[m×n]  (weight gradient dW = Xᵀ·dY: the same core with A's strides swapped) */
export function matmulTransA(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  gemm(a, 4, <usize>k << 2, b, c, k, m, n, 0, 0, 0, scratch);
}

/** C[m×k] = A[m×n] · B[k×n]ᵀ  (input gradient dX = dY·Wᵀ: dot products of rows, 4×2 of them at a time) */
export function matmulTransB(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  const ld = <usize>n << 2;
  const ldc = <usize>k << 2;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const ar = a + <usize>i * ld;
    const cr = c + <usize>i * ldc;
    let p = 0;
    for (; p + 2 <= k; p += 2) dot4x2(ar, b + <usize>p * ld, ld, n, cr + (<usize>p << 2), ldc);
    for (; p < k; p++) {
      const br = b + <usize>p * ld;
      for (let r = 0; r < 4; r++) store<f32>(cr + <usize>r * ldc + (<usize>p << 2), dot(ar + <usize>r * ld, br, n));
    }
  }
  for (; i < m; i++) {
    const ar = a + <usize>i * ld;
    const cr = c + <usize>i * ldc;
    for (let p = 0; p < k; p++) store<f32>(cr + (<usize>p << 2), dot(ar, b + <usize>p * ld, n));
  }
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

// ---- row dot products for matmulTransB ----

/** Σ_j x[j]·y[j] over n contiguous elements. */
// @ts-ignore: decorator
@inline function dot(x: usize, y: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) acc = madd(v128.load(x + (<usize>j << 2)), v128.load(y + (<usize>j << 2)), acc);
  let s = hsum(acc);
  for (; j < n; j++) s += load<f32>(x + (<usize>j << 2)) * load<f32>(y + (<usize>j << 2));
  return s;
}

/** C[r, p..p+1] = A row r · B rows p, p+1 for 4 rows of A: eight accumulators along n, summed across lanes at the end. */
// @ts-ignore: decorator
@inline function dot4x2(a: usize, b: usize, ld: usize, n: i32, c: usize, ldc: usize): void {
  let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
  let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
  const a1 = a + ld, a2 = a + 2 * ld, a3 = a + 3 * ld, b1 = b + ld;
  // the loop runs on the byte offset alone (no element counter beside the 8 accumulators)
  const end = <usize>(n & ~3) << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const y0 = v128.load(b + o), y1 = v128.load(b1 + o);
    let x = v128.load(a + o);
    s00 = madd(x, y0, s00); s01 = madd(x, y1, s01);
    x = v128.load(a1 + o);
    s10 = madd(x, y0, s10); s11 = madd(x, y1, s11);
    x = v128.load(a2 + o);
    s20 = madd(x, y0, s20); s21 = madd(x, y1, s21);
    x = v128.load(a3 + o);
    s30 = madd(x, y0, s30); s31 = madd(x, y1, s31);
  }
  let r00 = hsum(s00), r01 = hsum(s01), r10 = hsum(s10), r11 = hsum(s11);
  let r20 = hsum(s20), r21 = hsum(s21), r30 = hsum(s30), r31 = hsum(s31);
  for (let j = n & ~3; j < n; j++) {
    const o = <usize>j << 2;
    const y0 = load<f32>(b + o), y1 = load<f32>(b1 + o);
    let x = load<f32>(a + o); r00 += x * y0; r01 += x * y1;
    x = load<f32>(a1 + o); r10 += x * y0; r11 += x * y1;
    x = load<f32>(a2 + o); r20 += x * y0; r21 += x * y1;
    x = load<f32>(a3 + o); r30 += x * y0; r31 += x * y1;
  }
  store<f32>(c, r00); store<f32>(c, r01, 4);
  store<f32>(c + ldc, r10); store<f32>(c + ldc, r11, 4);
  store<f32>(c + 2 * ldc, r20); store<f32>(c + 2 * ldc, r21, 4);
  store<f32>(c + 3 * ldc, r30); store<f32>(c + 3 * ldc, r31, 4);
}
