/** Batch normalization at inference (from the moving statistics) and the moving-statistics update; training is in batch_norm.ts. */

import { COLUMN_TILE_FLOATS } from './simd';
import { loadN, storeN } from './lanes';

/**
 * Inference forward from the moving statistics: invStd = 1/√(movingVar + eps) per column (f64, stored as f32, the
 * same arithmetic as batchNorm's), then y = (x − movingMean)·(γ·invStd) + β along the rows. `invStd` is an output
 * (the layer's own cols-long buffer), so the rows need no square root.
 */
export function batchNormInference(x: usize, movingMean: usize, movingVar: usize, gamma: usize, beta: usize, y: usize, invStd: usize, rows: i32, cols: i32, eps: f64): void {
  const veps = f64x2.splat(eps), one = f64x2.splat(1);
  let j = 0;
  for (; j + 2 <= cols; j += 2) {
    const c = <usize>j << 2;
    const v = f64x2.promote_low_f32x4(v128.load64_zero(movingVar + c));
    v128.store64_lane(invStd + c, f32x4.demote_f64x2_zero(f64x2.div(one, f64x2.sqrt(f64x2.add(v, veps)))), 0);
  }
  if (j < cols) store<f32>(invStd + (<usize>j << 2), <f32>(1.0 / Math.sqrt(<f64>load<f32>(movingVar + (<usize>j << 2)) + eps)));
  const stride = <usize>cols << 2;
  const tile = max(16, COLUMN_TILE_FLOATS / cols);
  for (let r0 = 0; r0 < rows; r0 += tile) inferenceTile(x, movingMean, gamma, beta, y, invStd, <usize>r0 * stride, min(tile, rows - r0), cols);
}

/** y of `count` rows from byte offset o (see batchNormInference): column blocks down the rows, coefficients in registers. */
function inferenceTile(x: usize, movingMean: usize, gamma: usize, beta: usize, y: usize, invStd: usize, o: usize, count: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  let j = 0;
  for (; j + 8 <= cols; j += 8) {
    const c = <usize>j << 2;
    const ka = f32x4.mul(v128.load(gamma + c), v128.load(invStd + c)), kb = f32x4.mul(v128.load(gamma + c, 16), v128.load(invStd + c, 16));
    const ma = v128.load(movingMean + c), mb = v128.load(movingMean + c, 16), ba = v128.load(beta + c), bb = v128.load(beta + c, 16);
    let p = o + c;
    for (let r = 0; r < count; r++, p += stride) {
      v128.store(y + p, f32x4.add(f32x4.mul(f32x4.sub(v128.load(x + p), ma), ka), ba));
      v128.store(y + p, f32x4.add(f32x4.mul(f32x4.sub(v128.load(x + p, 16), mb), kb), bb), 16);
    }
  }
  for (; j < cols; j += 4) {
    const c = <usize>j << 2, w = min(4, cols - j);
    const k = f32x4.mul(loadN(gamma + c, w), loadN(invStd + c, w)), m = loadN(movingMean + c, w), b = loadN(beta + c, w);
    let p = o + c;
    for (let r = 0; r < count; r++, p += stride) storeN(y + p, w, f32x4.add(f32x4.mul(f32x4.sub(loadN(x + p, w), m), k), b));
  }
}

/**
 * movingMean = μ·movingMean + (1 − μ)·mean; movingVar = μ·movingVar + (1 − μ)·variance·rows/(rows − 1), per column
 * (Keras's momentum convention, μ = 0.99 there; PyTorch's momentum is 1 − μ). The moving variance takes the unbiased
 * batch variance, as PyTorch and TensorFlow's fused batch norm do (Keras 3 keeps the biased one); one row: factor 1,
 * as TensorFlow's. f64 arithmetic in the same order as the TS specification, so the two agree bit for bit.
 */
export function batchNormUpdateMoving(mean: usize, variance: usize, movingMean: usize, movingVar: usize, cols: i32, rows: i32, momentum: f64): void {
  const b = 1.0 - momentum;
  const bv = rows > 1 ? (b * <f64>rows) / <f64>(rows - 1) : b;
  const va = f64x2.splat(momentum), vb = f64x2.splat(b), vbv = f64x2.splat(bv);
  let j = 0;
  for (; j + 2 <= cols; j += 2) {
    const c = <usize>j << 2;
    const mm = f64x2.promote_low_f32x4(v128.load64_zero(movingMean + c));
    const mv = f64x2.promote_low_f32x4(v128.load64_zero(movingVar + c));
    const m = f64x2.promote_low_f32x4(v128.load64_zero(mean + c));
    const v = f64x2.promote_low_f32x4(v128.load64_zero(variance + c));
    v128.store64_lane(movingMean + c, f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(va, mm), f64x2.mul(vb, m))), 0);
    v128.store64_lane(movingVar + c, f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(va, mv), f64x2.mul(vbv, v))), 0);
  }
  if (j < cols) {
    const c = <usize>j << 2;
    store<f32>(movingMean + c, <f32>(momentum * <f64>load<f32>(movingMean + c) + b * <f64>load<f32>(mean + c)));
    store<f32>(movingVar + c, <f32>(momentum * <f64>load<f32>(movingVar + c) + bv * <f64>load<f32>(variance + c)));
  }
}
