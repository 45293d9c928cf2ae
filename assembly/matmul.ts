/** Matrix products and bias add: register-blocked f32x4 GEMM (4×8 blocks of C held in registers) with edge blocks. */

import { hsum } from './simd';

// One strided core serves matmul, matmulAcc, matmulBias and matmulTransA: C row r, inner index q reads
// Â[r, q] at a + r·ra + q·qa (bytes), so A·B uses (ra, qa) = (4k, 4) and Aᵀ·B uses (4, 4k).
// B[q, j] is always at b + q·ldb + 4j, C[r, j] at c + r·ldc + 4j.
// A block starts from zero (mode 0) or from `init` with row stride `is` (mode 1): C itself for
// matmulAcc, the bias row with stride 0 for matmulBias. Baseline SIMD has no FMA, so each update is mul + add.

/** C[m×n] = A[m×k] · B[k×n] */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  gemm(a, <usize>k << 2, 4, b, c, m, k, n, 0, 0, 0);
}

/** C[m×n] += A[m×k] · B[k×n] */
export function matmulAcc(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  gemm(a, <usize>k << 2, 4, b, c, m, k, n, c, <usize>n << 2, 1);
}

/** C[m×n] = A[m×k] · B[k×n] + bias[n] on every row */
export function matmulBias(a: usize, b: usize, bias: usize, c: usize, m: i32, k: i32, n: i32): void {
  gemm(a, <usize>k << 2, 4, b, c, m, k, n, bias, 0, 1);
}

/** C[k×n] = A[m×k]ᵀ · B[m×n]  (weight gradient dW = Xᵀ·dY: the same core with A's strides swapped) */
export function matmulTransA(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  gemm(a, 4, <usize>k << 2, b, c, k, m, n, 0, 0, 0);
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

// ---- the strided core ----

// @ts-ignore: decorator
@inline function gemm(a: usize, ra: usize, qa: usize, b: usize, c: usize, M: i32, K: i32, N: i32, init: usize, is: usize, mode: i32): void {
  const ldb = <usize>N << 2;
  const ldc = <usize>N << 2;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const ai = a + <usize>i * ra, ci = c + <usize>i * ldc, ii = init + <usize>i * is;
    let j = 0;
    for (; j + 8 <= N; j += 8) {
      const o = <usize>j << 2;
      block4x8(ai, ra, qa, b + o, ldb, ci + o, ldc, K, ii + o, is, mode);
    }
    for (; j + 4 <= N; j += 4) {
      const o = <usize>j << 2;
      block4x4(ai, ra, qa, b + o, ldb, ci + o, ldc, K, ii + o, is, mode);
    }
    for (; j < N; j++) {
      const o = <usize>j << 2;
      for (let r = 0; r < 4; r++) {
        const start: f32 = mode ? load<f32>(ii + <usize>r * is + o) : 0;
        store<f32>(ci + <usize>r * ldc + o, start + dotStrided(ai + <usize>r * ra, qa, b + o, ldb, K));
      }
    }
  }
  for (; i < M; i++) {
    const ai = a + <usize>i * ra, ci = c + <usize>i * ldc, ii = init + <usize>i * is;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const o = <usize>j << 2;
      let acc = mode ? v128.load(ii + o) : f32x4.splat(0);
      let pa = ai, pb = b + o;
      for (let q = 0; q < K; q++, pa += qa, pb += ldb) acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(pa), v128.load(pb)));
      v128.store(ci + o, acc);
    }
    for (; j < N; j++) {
      const o = <usize>j << 2;
      const start: f32 = mode ? load<f32>(ii + o) : 0;
      store<f32>(ci + o, start + dotStrided(ai, qa, b + o, ldb, K));
    }
  }
}

/** A 4×8 block of C in eight registers: per inner step, two loads of B, four broadcasts of A, 8 mul + 8 add. */
// @ts-ignore: decorator
@inline function block4x8(a: usize, ra: usize, qa: usize, b: usize, ldb: usize, c: usize, ldc: usize, K: i32, init: usize, is: usize, mode: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (mode) {
    c00 = v128.load(init); c01 = v128.load(init, 16);
    c10 = v128.load(init + is); c11 = v128.load(init + is, 16);
    c20 = v128.load(init + 2 * is); c21 = v128.load(init + 2 * is, 16);
    c30 = v128.load(init + 3 * is); c31 = v128.load(init + 3 * is, 16);
  }
  const ra2 = ra << 1, ra3 = ra * 3;
  let pa = a, pb = b;
  for (let q = 0; q < K; q++, pa += qa, pb += ldb) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let av = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(pa + ra);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(pa + ra2);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(pa + ra3);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

/** A 4×4 block of C (the column edge between 8-wide blocks and the scalar tail). */
// @ts-ignore: decorator
@inline function block4x4(a: usize, ra: usize, qa: usize, b: usize, ldb: usize, c: usize, ldc: usize, K: i32, init: usize, is: usize, mode: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  if (mode) {
    c0 = v128.load(init); c1 = v128.load(init + is); c2 = v128.load(init + 2 * is); c3 = v128.load(init + 3 * is);
  }
  const ra2 = ra << 1, ra3 = ra * 3;
  let pa = a, pb = b;
  for (let q = 0; q < K; q++, pa += qa, pb += ldb) {
    const b0 = v128.load(pb);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(pa), b0));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(pa + ra), b0));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(pa + ra2), b0));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(pa + ra3), b0));
  }
  v128.store(c, c0); v128.store(c + ldc, c1); v128.store(c + 2 * ldc, c2); v128.store(c + 3 * ldc, c3);
}

/** Σ_q Â[q] · B[q, j] for one element: strides qa through A, ldb through B. */
// @ts-ignore: decorator
@inline function dotStrided(pa: usize, qa: usize, pb: usize, ldb: usize, K: i32): f32 {
  let s: f32 = 0;
  for (let q = 0; q < K; q++, pa += qa, pb += ldb) s += load<f32>(pa) * load<f32>(pb);
  return s;
}

// ---- row dot products for matmulTransB ----

/** Σ_j x[j]·y[j] over n contiguous elements. */
// @ts-ignore: decorator
@inline function dot(x: usize, y: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(x + (<usize>j << 2)), v128.load(y + (<usize>j << 2))));
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
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    const y0 = v128.load(b + o), y1 = v128.load(b1 + o);
    let x = v128.load(a + o);
    s00 = f32x4.add(s00, f32x4.mul(x, y0)); s01 = f32x4.add(s01, f32x4.mul(x, y1));
    x = v128.load(a1 + o);
    s10 = f32x4.add(s10, f32x4.mul(x, y0)); s11 = f32x4.add(s11, f32x4.mul(x, y1));
    x = v128.load(a2 + o);
    s20 = f32x4.add(s20, f32x4.mul(x, y0)); s21 = f32x4.add(s21, f32x4.mul(x, y1));
    x = v128.load(a3 + o);
    s30 = f32x4.add(s30, f32x4.mul(x, y0)); s31 = f32x4.add(s31, f32x4.mul(x, y1));
  }
  let r00 = hsum(s00), r01 = hsum(s01), r10 = hsum(s10), r11 = hsum(s11);
  let r20 = hsum(s20), r21 = hsum(s21), r30 = hsum(s30), r31 = hsum(s31);
  for (; j < n; j++) {
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
