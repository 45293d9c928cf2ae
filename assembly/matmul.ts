/** Matrix products, fused bias + activation, bias add: the exported kernels (the blocked GEMM core is in gemm.ts), the narrow path and matmulTransB's dot products. */

import { ACT_RELU, ACT_SIGMOID, ACT_TANH, activateInPlace, hsum, madd } from './simd';
import { gatherLanes, loadN, storeN } from './lanes';
import { gemm, SCRATCH_BYTES } from './gemm';

// matmul, matmulAcc, matmulBias and matmulTransA are one blocked, packed core (gemm.ts) with different strides
// for A and a different starting value for C; `scratch` is the backend's workspace of scratchBytes() bytes.
// A·B with at most 4 columns (the moons network's 2→3→2 layers) skips it: the core would send every column
// through its zero-padded edge tile; the narrow path below keeps a row of C in one vector, with the same
// arithmetic in the same order (start, then + a[i, q]·B[q, ·] for q = 0, 1, …), so both give the same bits.
// matmulTransB reduces along rows of both operands, so it is dot products, blocked 4×2.

/** C[m×n] = A[m×k] · B[k×n] */
export function matmul(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if (isNarrow(k, n)) narrowRows(a, b, c, m, k, n, 0, 0, 0, scratch);
  else gemm(a, <usize>k << 2, 4, b, c, m, k, n, 0, 0, 0, scratch);
}

/** C[m×n] += A[m×k] · B[k×n] */
export function matmulAcc(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if (isNarrow(k, n)) narrowRows(a, b, c, m, k, n, c, <usize>n << 2, 1, scratch);
  else gemm(a, <usize>k << 2, 4, b, c, m, k, n, c, <usize>n << 2, 1, scratch);
}

/** C[m×n] = A[m×k] · B[k×n] + bias[n] on every row */
export function matmulBias(a: usize, b: usize, bias: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if (isNarrow(k, n)) narrowRows(a, b, c, m, k, n, bias, 0, 1, scratch);
  else gemm(a, <usize>k << 2, 4, b, c, m, k, n, bias, 0, 1, scratch);
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

/** C[k×n] = A[m×k]ᵀ · B[m×n]  (weight gradient dW = Xᵀ·dY: the same core with A's strides swapped) */
export function matmulTransA(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if (k <= 4 && n <= 4 && n > 0) narrowTransA(a, b, c, m, k, n);
  else gemm(a, 4, <usize>k << 2, b, c, k, m, n, 0, 0, 0, scratch);
}

/** C[m×k] = A[m×n] · B[k×n]ᵀ  (input gradient dX = dY·Wᵀ: dot products of rows, 4×2 of them at a time) */
export function matmulTransB(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  if (k <= 4 && n <= 4 && n > 0) { narrowTransB(a, b, c, m, k, n); return; }
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
