/** Batch normalization per column of a row-major [rows × cols] batch: the training forward and its backward (inference and the moving statistics: batch_norm_inference.ts). */

import { COLUMN_TILE_FLOATS } from './simd';
import { loadN, storeN } from './lanes';


// A column is the unit of the statistics: a feature after a dense layer, a channel after a convolution (an NHWC
// output batch×h×w×c is a [batch·h·w × c] matrix). The statistics take one pass down the rows, 8 columns at a time
// (then 4, then the last 1–3), with f64 sums of the data shifted by its first row, d = x − x[0]: mean = x[0] + Σd/rows,
// variance = Σd²/rows − (Σd/rows)², never below 0. Shifting by a sample of the column keeps the subtraction from
// cancelling: it loses about log₂((mean − x[0])²/variance) of f64's 29 bits to spare over f32, so only a first row
// some 10⁴ standard deviations out would show in the f32 result. (Two passes, mean then Σ(x − mean)², sweep the batch
// twice: the whole forward took 290 µs instead of 241 µs on 64·24·24 × 8, measured.) The elementwise passes run in
// f32 by tiles of rows, column block by column block (simd.ts, COLUMN_TILE_FLOATS). No scratch memory.

/** Lanes 0–1 of `lo` and of `hi` (f64x2 each) rounded to f32, as one f32x4. */
// @ts-ignore: decorator
@inline function narrow(lo: v128, hi: v128): v128 {
  return f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** Lanes 2–3 of an f32x4 widened to f64x2 (promote_low gives lanes 0–1). */
// @ts-ignore: decorator
@inline function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3));
}

/** 1/√(v + eps) on two f64 lanes. */
// @ts-ignore: decorator
@inline function invSqrt(v: v128, eps: f64): v128 {
  return f64x2.div(f64x2.splat(1), f64x2.sqrt(f64x2.add(v, f64x2.splat(eps))));
}

/**
 * Stores mean, variance and invStd of the w ≤ 4 columns at byte offset c from the shift k (lanes 0–1 in k0, 2–3 in
 * k1), a = Σd and q = Σd² (same split): m = a/rows, mean = k + m, variance = max(q/rows − m², 0).
 */
// @ts-ignore: decorator
@inline function storeMoments(mean: usize, variance: usize, invStd: usize, c: usize, w: i32, k0: v128, k1: v128, a0: v128, a1: v128, q0: v128, q1: v128, rows: i32, eps: f64): void {
  const vn = f64x2.splat(<f64>rows), zero = f64x2.splat(0);
  const m0 = f64x2.div(a0, vn), m1 = f64x2.div(a1, vn);
  const v0 = f64x2.max(f64x2.sub(f64x2.div(q0, vn), f64x2.mul(m0, m0)), zero);
  const v1 = f64x2.max(f64x2.sub(f64x2.div(q1, vn), f64x2.mul(m1, m1)), zero);
  storeN(mean + c, w, narrow(f64x2.add(k0, m0), f64x2.add(k1, m1)));
  storeN(variance + c, w, narrow(v0, v1));
  storeN(invStd + c, w, narrow(invSqrt(v0, eps), invSqrt(v1, eps)));
}

/** The moments of 8 columns at byte offset c: two vectors per row, their shifted sums in eight f64x2 accumulators. */
function moments8(x: usize, mean: usize, variance: usize, invStd: usize, c: usize, rows: i32, stride: usize, eps: f64): void {
  const ka = v128.load(x + c), kb = v128.load(x + c, 16);
  const ka0 = f64x2.promote_low_f32x4(ka), ka1 = promoteHigh(ka), kb0 = f64x2.promote_low_f32x4(kb), kb1 = promoteHigh(kb);
  let a0 = f64x2.splat(0), a1 = a0, b0 = a0, b1 = a0, qa0 = a0, qa1 = a0, qb0 = a0, qb1 = a0;
  let p = x + c;
  for (let r = 0; r < rows; r++, p += stride) {
    const va = v128.load(p), vb = v128.load(p, 16);
    const da0 = f64x2.sub(f64x2.promote_low_f32x4(va), ka0), da1 = f64x2.sub(promoteHigh(va), ka1);
    const db0 = f64x2.sub(f64x2.promote_low_f32x4(vb), kb0), db1 = f64x2.sub(promoteHigh(vb), kb1);
    a0 = f64x2.add(a0, da0); a1 = f64x2.add(a1, da1); b0 = f64x2.add(b0, db0); b1 = f64x2.add(b1, db1);
    qa0 = f64x2.add(qa0, f64x2.mul(da0, da0)); qa1 = f64x2.add(qa1, f64x2.mul(da1, da1));
    qb0 = f64x2.add(qb0, f64x2.mul(db0, db0)); qb1 = f64x2.add(qb1, f64x2.mul(db1, db1));
  }
  storeMoments(mean, variance, invStd, c, 4, ka0, ka1, a0, a1, qa0, qa1, rows, eps);
  storeMoments(mean, variance, invStd, c + 16, 4, kb0, kb1, b0, b1, qb0, qb1, rows, eps);
}

/** The moments of the w ≤ 4 columns at byte offset c (loadN reads exactly w floats; the lanes above are 0, not stored). */
function moments4(x: usize, mean: usize, variance: usize, invStd: usize, c: usize, w: i32, rows: i32, stride: usize, eps: f64): void {
  const k = loadN(x + c, w);
  const k0 = f64x2.promote_low_f32x4(k), k1 = promoteHigh(k);
  let a0 = f64x2.splat(0), a1 = a0, q0 = a0, q1 = a0;
  let p = x + c;
  for (let r = 0; r < rows; r++, p += stride) {
    const v = loadN(p, w);
    const d0 = f64x2.sub(f64x2.promote_low_f32x4(v), k0), d1 = f64x2.sub(promoteHigh(v), k1);
    a0 = f64x2.add(a0, d0); a1 = f64x2.add(a1, d1);
    q0 = f64x2.add(q0, f64x2.mul(d0, d0)); q1 = f64x2.add(q1, f64x2.mul(d1, d1));
  }
  storeMoments(mean, variance, invStd, c, w, k0, k1, a0, a1, q0, q1, rows, eps);
}

/** mean, biased variance and 1/√(variance + eps) of every column (see above), each computed in f64 and stored as f32. */
function columnMoments(x: usize, mean: usize, variance: usize, invStd: usize, rows: i32, cols: i32, eps: f64): void {
  const stride = <usize>cols << 2;
  let j = 0;
  for (; j + 8 <= cols; j += 8) moments8(x, mean, variance, invStd, <usize>j << 2, rows, stride, eps);
  for (; j < cols; j += 4) moments4(x, mean, variance, invStd, <usize>j << 2, min(4, cols - j), rows, stride, eps);
}

/**
 * Training forward with the batch's statistics, per column: mean = Σx/rows, variance = Σ(x − mean)²/rows (biased: what
 * Keras and PyTorch normalize with; computed from shifted f64 sums, see above), invStd = 1/√(variance + eps),
 * x̂ = (x − mean)·invStd, y = γ·x̂ + β. The statistics are rounded to f32 when stored; x̂ and y are f32 from the stored
 * mean and invStd. A single row gives
 * variance 0, x̂ = 0 and y = β (Keras allows it). Saves x̂ and invStd for backward; mean and variance feed
 * batchNormUpdateMoving. rows ≥ 1.
 */
export function batchNorm(x: usize, gamma: usize, beta: usize, y: usize, xhat: usize, mean: usize, variance: usize, invStd: usize, rows: i32, cols: i32, eps: f64): void {
  columnMoments(x, mean, variance, invStd, rows, cols, eps);
  const stride = <usize>cols << 2;
  const tile = max(16, COLUMN_TILE_FLOATS / cols);
  for (let r0 = 0; r0 < rows; r0 += tile) normalizeTile(x, gamma, beta, y, xhat, mean, invStd, <usize>r0 * stride, min(tile, rows - r0), cols);
}

/** x̂ and y of `count` rows from byte offset o (see batchNorm): column blocks down the rows, coefficients in registers. */
function normalizeTile(x: usize, gamma: usize, beta: usize, y: usize, xhat: usize, mean: usize, invStd: usize, o: usize, count: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  let j = 0;
  for (; j + 8 <= cols; j += 8) {
    const c = <usize>j << 2;
    const ma = v128.load(mean + c), mb = v128.load(mean + c, 16), sa = v128.load(invStd + c), sb = v128.load(invStd + c, 16);
    const ga = v128.load(gamma + c), gb = v128.load(gamma + c, 16), ba = v128.load(beta + c), bb = v128.load(beta + c, 16);
    let p = o + c;
    for (let r = 0; r < count; r++, p += stride) {
      const ha = f32x4.mul(f32x4.sub(v128.load(x + p), ma), sa), hb = f32x4.mul(f32x4.sub(v128.load(x + p, 16), mb), sb);
      v128.store(xhat + p, ha);
      v128.store(xhat + p, hb, 16);
      v128.store(y + p, f32x4.add(f32x4.mul(ga, ha), ba));
      v128.store(y + p, f32x4.add(f32x4.mul(gb, hb), bb), 16);
    }
  }
  for (; j < cols; j += 4) {
    const c = <usize>j << 2, w = min(4, cols - j);
    const m = loadN(mean + c, w), s = loadN(invStd + c, w), g = loadN(gamma + c, w), b = loadN(beta + c, w);
    let p = o + c;
    for (let r = 0; r < count; r++, p += stride) {
      const h = f32x4.mul(f32x4.sub(loadN(x + p, w), m), s);
      storeN(xhat + p, w, h);
      storeN(y + p, w, f32x4.add(f32x4.mul(g, h), b));
    }
  }
}
/**
 * dβ = Σ_rows dy, dγ = Σ_rows dy·x̂ (f64 sums, stored as f32), dx = γ·invStd·(dy − dβ/rows − x̂·dγ/rows), per column,
 * from the saved x̂ and invStd: the standard dx = invStd·(dŷ − mean(dŷ) − x̂·mean(dŷ·x̂)) with dŷ = γ·dy.
 */
export function batchNormBackward(xhat: usize, gamma: usize, invStd: usize, dy: usize, dx: usize, dgamma: usize, dbeta: usize, rows: i32, cols: i32): void {
  columnGradSums(xhat, dy, dgamma, dbeta, rows, cols);
  const stride = <usize>cols << 2;
  const inv = f32x4.splat(<f32>(1.0 / <f64>rows));
  // tiles of TILE rows; in each, column blocks walked down the rows, so each block's coefficients stay in registers
  // while the tile's rows stay in cache
  const tile = max(16, COLUMN_TILE_FLOATS / cols);
  for (let r0 = 0; r0 < rows; r0 += tile) {
    dxTile(xhat, gamma, invStd, dy, dx, dgamma, dbeta, <usize>r0 * stride, min(tile, rows - r0), cols, inv);
  }
}

/** dx of rows [r0, r0 + count) (r0 given as the byte offset `o`), see batchNormBackward. */
function dxTile(xhat: usize, gamma: usize, invStd: usize, dy: usize, dx: usize, dgamma: usize, dbeta: usize, o: usize, count: i32, cols: i32, inv: v128): void {
  const stride = <usize>cols << 2;
  const rows = count;
  let j = 0;
  for (; j + 8 <= cols; j += 8) {
    const c = <usize>j << 2;
    const ka = f32x4.mul(v128.load(gamma + c), v128.load(invStd + c)), kb = f32x4.mul(v128.load(gamma + c, 16), v128.load(invStd + c, 16));
    const aa = f32x4.mul(v128.load(dbeta + c), inv), ab = f32x4.mul(v128.load(dbeta + c, 16), inv);
    const ba = f32x4.mul(v128.load(dgamma + c), inv), bb = f32x4.mul(v128.load(dgamma + c, 16), inv);
    let p = o + c;
    for (let r = 0; r < rows; r++, p += stride) {
      v128.store(dx + p, f32x4.mul(ka, f32x4.sub(f32x4.sub(v128.load(dy + p), aa), f32x4.mul(v128.load(xhat + p), ba))));
      v128.store(dx + p, f32x4.mul(kb, f32x4.sub(f32x4.sub(v128.load(dy + p, 16), ab), f32x4.mul(v128.load(xhat + p, 16), bb))), 16);
    }
  }
  for (; j < cols; j += 4) {
    const c = <usize>j << 2, w = min(4, cols - j);
    const k = f32x4.mul(loadN(gamma + c, w), loadN(invStd + c, w));
    const a = f32x4.mul(loadN(dbeta + c, w), inv), b = f32x4.mul(loadN(dgamma + c, w), inv);
    let p = o + c;
    for (let r = 0; r < rows; r++, p += stride) {
      storeN(dx + p, w, f32x4.mul(k, f32x4.sub(f32x4.sub(loadN(dy + p, w), a), f32x4.mul(loadN(xhat + p, w), b))));
    }
  }
}

/** dβ = Σ dy and dγ = Σ dy·x̂ of the w ≤ 4 columns at byte offset c, in f64 (a product of two f32 is exact in f64), stored as f32. */
function gradSums4(xhat: usize, dy: usize, dgamma: usize, dbeta: usize, c: usize, w: i32, rows: i32, stride: usize): void {
  let b0 = f64x2.splat(0), b1 = b0, g0 = b0, g1 = b0;
  let p = dy + c, q = xhat + c;
  for (let r = 0; r < rows; r++, p += stride, q += stride) {
    const d = loadN(p, w), h = loadN(q, w);
    const d0 = f64x2.promote_low_f32x4(d), d1 = promoteHigh(d);
    b0 = f64x2.add(b0, d0); b1 = f64x2.add(b1, d1);
    g0 = f64x2.add(g0, f64x2.mul(d0, f64x2.promote_low_f32x4(h))); g1 = f64x2.add(g1, f64x2.mul(d1, promoteHigh(h)));
  }
  storeN(dbeta + c, w, narrow(b0, b1));
  storeN(dgamma + c, w, narrow(g0, g1));
}

/** gradSums4 for 8 columns: two vectors per row, one pass. */
function gradSums8(xhat: usize, dy: usize, dgamma: usize, dbeta: usize, c: usize, rows: i32, stride: usize): void {
  let ba0 = f64x2.splat(0), ba1 = ba0, bb0 = ba0, bb1 = ba0, ga0 = ba0, ga1 = ba0, gb0 = ba0, gb1 = ba0;
  let p = dy + c, q = xhat + c;
  for (let r = 0; r < rows; r++, p += stride, q += stride) {
    const da = v128.load(p), db = v128.load(p, 16), ha = v128.load(q), hb = v128.load(q, 16);
    const da0 = f64x2.promote_low_f32x4(da), da1 = promoteHigh(da), db0 = f64x2.promote_low_f32x4(db), db1 = promoteHigh(db);
    ba0 = f64x2.add(ba0, da0); ba1 = f64x2.add(ba1, da1); bb0 = f64x2.add(bb0, db0); bb1 = f64x2.add(bb1, db1);
    ga0 = f64x2.add(ga0, f64x2.mul(da0, f64x2.promote_low_f32x4(ha))); ga1 = f64x2.add(ga1, f64x2.mul(da1, promoteHigh(ha)));
    gb0 = f64x2.add(gb0, f64x2.mul(db0, f64x2.promote_low_f32x4(hb))); gb1 = f64x2.add(gb1, f64x2.mul(db1, promoteHigh(hb)));
  }
  v128.store(dbeta + c, narrow(ba0, ba1));
  v128.store(dbeta + c, narrow(bb0, bb1), 16);
  v128.store(dgamma + c, narrow(ga0, ga1));
  v128.store(dgamma + c, narrow(gb0, gb1), 16);
}

/** dβ = Σ dy and dγ = Σ dy·x̂ of every column, one pass down the rows per block of 8 (then 4, then 1–3) columns. */
function columnGradSums(xhat: usize, dy: usize, dgamma: usize, dbeta: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  let j = 0;
  for (; j + 8 <= cols; j += 8) gradSums8(xhat, dy, dgamma, dbeta, <usize>j << 2, rows, stride);
  for (; j < cols; j += 4) gradSums4(xhat, dy, dgamma, dbeta, <usize>j << 2, min(4, cols - j), rows, stride);
}
