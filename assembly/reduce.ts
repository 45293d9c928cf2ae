/** Reduction kernels: column sums (bias gradients), row argmax and the accuracy counts, sum of squares (L2 penalty). */

import { hsum2, loadN, rowMax, storeN } from './simd';

/** out[j] = Σ_r x[r, j]  (16 columns at a time held in registers while walking down the rows) */
export function colSum(x: usize, out: usize, rows: i32, cols: i32): void {
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
  // the last 1–3 vectors of columns in one pass: independent sums side by side (a conv layer's 8 channels: 2× one pass each)
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

/** out[r] = first index of the largest x[r, ·], stored as f32 (0 when the row has no comparable maximum, e.g. x[r, 0] is NaN) */
export function rowArgmax(x: usize, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + ((<usize>r * <usize>cols) << 2);
    // the TS loop keeps x[r, 0] unless something is strictly larger, so a NaN first element wins
    const first = load<f32>(xr);
    let best = 0;
    if (first == first) {
      const max = rowMax(xr, cols);
      for (let j = 0; j < cols; j++) {
        if (load<f32>(xr + (<usize>j << 2)) == max) { best = j; break; }
      }
    }
    store<f32>(out + (<usize>r << 2), <f32>best);
  }
}

/**
 * Σ_r [argmax x[r, ·] = argmax t[r, ·]], each argmax by rowArgmax's rule (first index of the maximum; 0 when the
 * row starts with NaN). The training accuracy of softmax cross-entropy, counted where the outputs are: t is the
 * one-hot (or probability) target batch, whose argmax is the label.
 */
export function argmaxMatches(x: usize, t: usize, rows: i32, cols: i32): f64 {
  let count = 0;
  let r = 0;
  if (cols == 2) {
    // 4 rows at a time: the argmax of a 2-class row is [x1 > x0] (0 on ties and NaN, as the scan's rule)
    let acc = i32x4.splat(0);
    for (; r + 4 <= rows; r += 4) {
      const o = <usize>r << 3;
      const xa = v128.load(x + o), xb = v128.load(x + o, 16), ta = v128.load(t + o), tb = v128.load(t + o, 16);
      const ax = f32x4.gt(f32x4.shuffle(xa, xb, 1, 3, 5, 7), f32x4.shuffle(xa, xb, 0, 2, 4, 6));
      const at = f32x4.gt(f32x4.shuffle(ta, tb, 1, 3, 5, 7), f32x4.shuffle(ta, tb, 0, 2, 4, 6));
      acc = i32x4.sub(acc, v128.not(v128.xor(ax, at)));
    }
    count = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
  }
  for (; r < rows; r++) {
    const o = (<usize>r * <usize>cols) << 2;
    if (firstArgmax(x + o, cols) == firstArgmax(t + o, cols)) count++;
  }
  return <f64>count;
}

/** The first index of the largest of `cols` values at p, scanning with `>` from p[0] (as the TS rowArgmax). */
// @ts-ignore: decorator
@inline function firstArgmax(p: usize, cols: i32): i32 {
  let best = 0;
  let bestV = load<f32>(p);
  for (let j = 1; j < cols; j++) {
    const v = load<f32>(p + (<usize>j << 2));
    if (v > bestV) { bestV = v; best = j; }
  }
  return best;
}

/** Σ_i [(x[i] > 0) = (t[i] ≥ 0.5)]: the accuracy of the sign rules (sigmoid cross-entropy on 0/1, hinge on ±1 targets). */
export function signMatches(x: usize, t: usize, n: i32): f64 {
  const zero = f32x4.splat(0), half = f32x4.splat(0.5);
  // each lane counts down by 1 (a true mask is −1) per agreement
  let acc = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const differ = v128.xor(f32x4.gt(v128.load(x + o), zero), f32x4.ge(v128.load(t + o), half));
    acc = i32x4.add(acc, v128.not(differ));
  }
  let count = -(i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3));
  for (; i < n; i++) {
    const o = <usize>i << 2;
    if ((load<f32>(x + o) > 0) == (load<f32>(t + o) >= 0.5)) count++;
  }
  return <f64>count;
}

/** Σ x[i]², each square and the sum in f64 */
export function sumSquares(x: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3));
    a0 = f64x2.add(a0, f64x2.mul(lo, lo));
    a1 = f64x2.add(a1, f64x2.mul(hi, hi));
  }
  let s = hsum2(f64x2.add(a0, a1));
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    s += v * v;
  }
  return s;
}

/** The index of the first NaN or ±Infinity among n values, or −1 (16 values a test: exponent bits all ones). */
export function firstNonFinite(x: usize, n: i32): i32 {
  const exp = i32x4.splat(0x7f800000);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const p = x + (<usize>i << 2);
    const a = i32x4.eq(v128.and(v128.load(p), exp), exp);
    const b = i32x4.eq(v128.and(v128.load(p, 16), exp), exp);
    const c = i32x4.eq(v128.and(v128.load(p, 32), exp), exp);
    const d = i32x4.eq(v128.and(v128.load(p, 48), exp), exp);
    if (v128.any_true(v128.or(v128.or(a, b), v128.or(c, d)))) break;
  }
  for (; i < n; i++) {
    if ((load<i32>(x + (<usize>i << 2)) & 0x7f800000) == 0x7f800000) return i;
  }
  return -1;
}
