/** Inline helpers over memory rather than registers: partial vectors (rows and columns shorter than four lanes), runs of floats, column sums. Nothing here is exported from the module. */

// ---- partial vectors: rows and columns shorter than four lanes ----

/** The n ≤ 4 floats at p in lanes 0..n−1, zeros above (reads exactly n floats). */
// @ts-ignore: decorator
@inline export function loadN(p: usize, n: i32): v128 {
  if (n == 4) return v128.load(p);
  if (n == 3) return f32x4.replace_lane(v128.load64_zero(p), 2, load<f32>(p, 8));
  if (n == 2) return v128.load64_zero(p);
  return v128.load32_zero(p);
}

/** Stores lanes 0..n−1 of v at p (writes exactly n floats). */
// @ts-ignore: decorator
@inline export function storeN(p: usize, n: i32, v: v128): void {
  if (n == 4) { v128.store(p, v); return; }
  if (n >= 2) v128.store64_lane(p, v, 0);
  if (n == 3) store<f32>(p, f32x4.extract_lane(v, 2), 8);
  if (n == 1) store<f32>(p, f32x4.extract_lane(v, 0));
}

/** Lanes p < count = the f32 at b + p·ld (a column of a row-major matrix, count ≤ 4); lanes past count are 0. */
// @ts-ignore: decorator
@inline export function gatherLanes(b: usize, ld: usize, count: i32): v128 {
  let v = f32x4.splat(0);
  if (count > 0) v = f32x4.replace_lane(v, 0, load<f32>(b));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(b + ld));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(b + 2 * ld));
  if (count > 3) v = f32x4.replace_lane(v, 3, load<f32>(b + 3 * ld));
  return v;
}

/** The f32 at p + i·ld = lane i of v, for i < count. */
// @ts-ignore: decorator
@inline export function scatterLanes(p: usize, ld: usize, count: i32, v: v128): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p + ld, f32x4.extract_lane(v, 1));
  if (count > 2) store<f32>(p + 2 * ld, f32x4.extract_lane(v, 2));
  if (count > 3) store<f32>(p + 3 * ld, f32x4.extract_lane(v, 3));
}

/** The largest of `cols` values at `p` (x > max semantics, starting from −∞, as the TS backend). */
// @ts-ignore: decorator
@inline export function rowMax(p: usize, cols: i32): f32 {
  let vm = f32x4.splat(-Infinity);
  let j = 0;
  for (; j + 4 <= cols; j += 4) vm = f32x4.pmax(vm, v128.load(p + (<usize>j << 2)));
  let m: f32 = -Infinity;
  for (let l = 0; l < 4; l++) {
    const v = f32x4.extract_lane(vm, 0);
    if (v > m) m = v;
    vm = f32x4.shuffle(vm, vm, 1, 2, 3, 0);
  }
  for (; j < cols; j++) {
    const v = load<f32>(p + (<usize>j << 2));
    if (v > m) m = v;
  }
  return m;
}

// ---- runs of floats: the inner loops of im2col / col2im and the pooling kernels ----

/** dst[i] = src[i] for i < n (runs of a few floats: a vector loop beats memory.copy's call below ~64 bytes). */
// @ts-ignore: decorator
@inline export function copyRun(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/** dst[i] += src[i] for i < n. */
// @ts-ignore: decorator
@inline export function addRun(src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

// ---- column sums ----

/**
 * out[j] = Σ_r x[r, j], rows added in order (16 columns at a time held in registers while walking down the rows;
 * fewer than 4 columns as one partial vector): bias gradients, here and inside the recurrent kernels.
 */
// @ts-ignore: decorator
@inline export function columnSums(x: usize, out: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  if (cols < 4 && cols > 0) {
    // a whole row in one vector (loadN of matmul.ts: exactly `cols` floats), rows added in order as below
    let s = f32x4.splat(0);
    let p = x;
    for (let r = 0; r < rows; r++, p += stride) s = f32x4.add(s, loadN(p, cols));
    storeN(out, cols, s);
    return;
  }
  let j = 0;
  for (; j + 16 <= cols; j += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let p = x + (<usize>j << 2);
    for (let r = 0; r < rows; r++, p += stride) {
      s0 = f32x4.add(s0, v128.load(p));
      s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32));
      s3 = f32x4.add(s3, v128.load(p, 48));
    }
    const q = out + (<usize>j << 2);
    v128.store(q, s0);
    v128.store(q, s1, 16);
    v128.store(q, s2, 32);
    v128.store(q, s3, 48);
  }
  // the last 2–3 vectors of columns in one pass, their sums side by side (a conv layer's 8 channels: one pass, not two)
  if (j + 8 <= cols) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0);
    const three = j + 12 <= cols;
    let p = x + (<usize>j << 2);
    for (let r = 0; r < rows; r++, p += stride) {
      s0 = f32x4.add(s0, v128.load(p));
      s1 = f32x4.add(s1, v128.load(p, 16));
      if (three) s2 = f32x4.add(s2, v128.load(p, 32));
    }
    const q = out + (<usize>j << 2);
    v128.store(q, s0);
    v128.store(q, s1, 16);
    if (three) v128.store(q, s2, 32);
    j += three ? 12 : 8;
  }
  for (; j + 4 <= cols; j += 4) {
    let s = f32x4.splat(0);
    let p = x + (<usize>j << 2);
    for (let r = 0; r < rows; r++, p += stride) s = f32x4.add(s, v128.load(p));
    v128.store(out + (<usize>j << 2), s);
  }
  for (; j < cols; j++) {
    let s: f32 = 0;
    let p = x + (<usize>j << 2);
    for (let r = 0; r < rows; r++, p += stride) s += load<f32>(p);
    store<f32>(out + (<usize>j << 2), s);
  }
}
