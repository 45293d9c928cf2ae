/** Loss kernels: each returns the mean loss (summed in f64) and writes its gradient in the same pass. */

import { expv, logv, sigmoidv, accum64, hsum2, hsum } from './simd';
import { gatherLanes, scatterLanes, rowMax } from './lanes';

/**
 * Fused softmax + cross-entropy: loss = −Σ t·log softmax(z) / rows, with log softmax(z) = z − max − log Σ e^(z − max);
 * dz = (softmax(z) − t) / rows. Stable for any finite logits (every exp argument is ≤ 0).
 */
export function softmaxCrossEntropy(z: usize, t: usize, dz: usize, rows: i32, cols: i32): f64 {
  const invRows = f32x4.splat(<f32>1 / <f32>rows);
  if (cols < 4) return narrowSoftmaxCrossEntropy(z, t, dz, rows, cols, invRows);
  let loss: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const off = (<usize>r * <usize>cols) << 2;
    const zr = z + off, tr = t + off, dr = dz + off;
    const max = rowMax(zr, cols);
    const vmax = f32x4.splat(max);
    // pass 1: e = e^(z − max) into dz; Σe, Σt·(z − max) and Σt
    let vsum = f32x4.splat(0), vtz = f32x4.splat(0), vt = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      const d = f32x4.sub(v128.load(zr + o), vmax);
      const e = expv(d);
      const tv = v128.load(tr + o);
      v128.store(dr + o, e);
      vsum = f32x4.add(vsum, e);
      vtz = f32x4.add(vtz, f32x4.mul(tv, d));
      vt = f32x4.add(vt, tv);
    }
    let sum = hsum(vsum), tz = hsum(vtz), ts = hsum(vt);
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const d = load<f32>(zr + o) - max;
      const e = f32x4.extract_lane(expv(f32x4.splat(d)), 0);
      const tv = load<f32>(tr + o);
      store<f32>(dr + o, e);
      sum += e;
      tz += tv * d;
      ts += tv;
    }
    // −Σ t·(z − max − logΣ) = logΣ·Σt − Σ t·(z − max)
    loss += Math.log(<f64>sum) * <f64>ts - <f64>tz;
    // pass 2: dz = (e / Σ − t) / rows
    const vinv = f32x4.splat(<f32>1 / sum);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(dr + o, f32x4.mul(f32x4.sub(f32x4.mul(v128.load(dr + o), vinv), v128.load(tr + o)), invRows));
    }
    const inv = <f32>1 / sum, ir = f32x4.extract_lane(invRows, 0);
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(dr + o, (load<f32>(dr + o) * inv - load<f32>(tr + o)) * ir);
    }
  }
  return loss / <f64>rows;
}

// ---- softmax cross-entropy for rows narrower than a vector (1 to 3 classes) ----
// A row of 2 classes fills half a v128, so the row loop above would send every element through its scalar tail
// and call an f64 log per row. Here the lanes are 4 consecutive rows instead: column j of 4 rows is gathered
// into one vector, and the row's log Σ is the vector logv (simd.ts; ≤ 1.2e-7 absolute on the sums in [1, 3]).

/** Fused softmax + cross-entropy (see softmaxCrossEntropy) with lanes = rows, for cols ≤ 3. */
function narrowSoftmaxCrossEntropy(z: usize, t: usize, dz: usize, rows: i32, cols: i32, invRows: v128): f64 {
  const ld = <usize>cols << 2;
  let acc = f64x2.splat(0);
  let r = 0;
  if (cols == 2) {
    for (; r + 4 <= rows; r += 4) {
      const o = <usize>r << 3;
      acc = accum64(acc, sce2Rows(z + o, t + o, dz + o, invRows));
    }
  }
  for (; r + 4 <= rows; r += 4) {
    const o = <usize>r * ld;
    acc = accum64(acc, sceRows(z + o, t + o, dz + o, ld, cols, 4, invRows));
  }
  if (r < rows) {
    const o = <usize>r * ld;
    acc = accum64(acc, sceRows(z + o, t + o, dz + o, ld, cols, rows - r, invRows));
  }
  return hsum2(acc) / <f64>rows;
}

/**
 * Loss and dz of `count` ≤ 4 rows (lane i = row i; rows `ld` bytes apart) of `cols` ≤ 3 classes. Returns the
 * rows' losses as lanes; a missing row reads z = t = 0, which gives a loss of exactly 0, and writes nothing.
 */
// @ts-ignore: decorator
@inline function sceRows(z: usize, t: usize, dz: usize, ld: usize, cols: i32, count: i32, invRows: v128): v128 {
  const z0 = gatherLanes(z, ld, count);
  let z1 = z0, z2 = z0;
  if (cols > 1) z1 = gatherLanes(z + 4, ld, count);
  if (cols > 2) z2 = gatherLanes(z + 8, ld, count);
  // f32x4.max propagates NaN, so a NaN logit makes its whole row NaN, as in the TS backend
  const max = f32x4.max(f32x4.max(z0, z1), z2);
  const d0 = f32x4.sub(z0, max);
  const e0 = expv(d0), t0 = gatherLanes(t, ld, count);
  let sum = e0, tz = f32x4.mul(t0, d0), ts = t0;
  let e1 = e0, e2 = e0, t1 = t0, t2 = t0;
  if (cols > 1) {
    const d1 = f32x4.sub(z1, max);
    e1 = expv(d1); t1 = gatherLanes(t + 4, ld, count);
    sum = f32x4.add(sum, e1); tz = f32x4.add(tz, f32x4.mul(t1, d1)); ts = f32x4.add(ts, t1);
  }
  if (cols > 2) {
    const d2 = f32x4.sub(z2, max);
    e2 = expv(d2); t2 = gatherLanes(t + 8, ld, count);
    sum = f32x4.add(sum, e2); tz = f32x4.add(tz, f32x4.mul(t2, d2)); ts = f32x4.add(ts, t2);
  }
  // dz = (e / Σ − t) / rows, as in the row loop
  const inv = f32x4.div(f32x4.splat(1), sum);
  scatterLanes(dz, ld, count, f32x4.mul(f32x4.sub(f32x4.mul(e0, inv), t0), invRows));
  if (cols > 1) scatterLanes(dz + 4, ld, count, f32x4.mul(f32x4.sub(f32x4.mul(e1, inv), t1), invRows));
  if (cols > 2) scatterLanes(dz + 8, ld, count, f32x4.mul(f32x4.sub(f32x4.mul(e2, inv), t2), invRows));
  // −Σ t·(z − max − logΣ) = logΣ·Σt − Σ t·(z − max): two terms ≥ 0 for t ≥ 0, no cancellation
  return f32x4.sub(f32x4.mul(logv(sum), ts), tz);
}

/**
 * sceRows for 4 rows of 2 classes, with the same results bit for bit: the 8 floats are split into the two columns
 * by shuffles, and one exp serves both (the class holding the max has z − max = +0 and e^0 = 1 exactly; the other's
 * z − max is d0 + d1, since one of the two is +0; a NaN row stays NaN).
 */
// @ts-ignore: decorator
@inline function sce2Rows(z: usize, t: usize, dz: usize, invRows: v128): v128 {
  const za = v128.load(z), zb = v128.load(z, 16), ta = v128.load(t), tb = v128.load(t, 16);
  const z0 = f32x4.shuffle(za, zb, 0, 2, 4, 6), z1 = f32x4.shuffle(za, zb, 1, 3, 5, 7);
  const t0 = f32x4.shuffle(ta, tb, 0, 2, 4, 6), t1 = f32x4.shuffle(ta, tb, 1, 3, 5, 7);
  const max = f32x4.max(z0, z1);
  const d0 = f32x4.sub(z0, max), d1 = f32x4.sub(z1, max);
  const e = expv(f32x4.add(d0, d1));
  const one = f32x4.splat(1), zero = f32x4.splat(0);
  const e0 = v128.bitselect(one, e, f32x4.eq(d0, zero)), e1 = v128.bitselect(one, e, f32x4.eq(d1, zero));
  const sum = f32x4.add(e0, e1);
  const tz = f32x4.add(f32x4.mul(t0, d0), f32x4.mul(t1, d1));
  const ts = f32x4.add(t0, t1);
  const inv = f32x4.div(one, sum);
  const g0 = f32x4.mul(f32x4.sub(f32x4.mul(e0, inv), t0), invRows);
  const g1 = f32x4.mul(f32x4.sub(f32x4.mul(e1, inv), t1), invRows);
  v128.store(dz, f32x4.shuffle(g0, g1, 0, 4, 1, 5));
  v128.store(dz, f32x4.shuffle(g0, g1, 2, 6, 3, 7), 16);
  return f32x4.sub(f32x4.mul(logv(sum), ts), tz);
}

/** loss = Σ (p − t)² / n; dp = 2(p − t) / n */
export function mse(p: usize, t: usize, dp: usize, n: i32): f64 {
  const scale: f32 = <f32>2 / <f32>n;
  const vs = f32x4.splat(scale);
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const d = f32x4.sub(v128.load(p + o), v128.load(t + o));
    acc = accum64(acc, f32x4.mul(d, d));
    v128.store(dp + o, f32x4.mul(d, vs));
  }
  let loss = hsum2(acc);
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const d = load<f32>(p + o) - load<f32>(t + o);
    loss += <f64>(d * d);
    store<f32>(dp + o, d * scale);
  }
  return loss / <f64>n;
}

/** loss = Σ [max(z, 0) − z·t + log(1 + e^−|z|)] / n (stable on logits); dz = (σ(z) − t) / n */
export function sigmoidCrossEntropy(z: usize, t: usize, dz: usize, n: i32): f64 {
  const invN = f32x4.splat(<f32>1 / <f32>n);
  const zero = f32x4.splat(0);
  let loss: f64 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const zv = v128.load(z + o), tv = v128.load(t + o);
    v128.store(dz + o, f32x4.mul(f32x4.sub(sigmoidv(zv), tv), invN));
    // the log1p term in f64, lane by lane: it is the one part a short polynomial would get wrong near 0
    const e = expv(f32x4.neg(f32x4.abs(zv)));
    const lin = f32x4.sub(f32x4.max(zv, zero), f32x4.mul(zv, tv));
    loss += <f64>f32x4.extract_lane(lin, 0) + Math.log1p(<f64>f32x4.extract_lane(e, 0));
    loss += <f64>f32x4.extract_lane(lin, 1) + Math.log1p(<f64>f32x4.extract_lane(e, 1));
    loss += <f64>f32x4.extract_lane(lin, 2) + Math.log1p(<f64>f32x4.extract_lane(e, 2));
    loss += <f64>f32x4.extract_lane(lin, 3) + Math.log1p(<f64>f32x4.extract_lane(e, 3));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const zv = f32x4.splat(load<f32>(z + o)), tv = f32x4.splat(load<f32>(t + o));
    store<f32>(dz + o, f32x4.extract_lane(f32x4.mul(f32x4.sub(sigmoidv(zv), tv), invN), 0));
    const e = expv(f32x4.neg(f32x4.abs(zv)));
    const lin = f32x4.sub(f32x4.max(zv, zero), f32x4.mul(zv, tv));
    loss += <f64>f32x4.extract_lane(lin, 0) + Math.log1p(<f64>f32x4.extract_lane(e, 0));
  }
  return loss / <f64>n;
}

/** loss = Σ max(0, 1 − y·s) / n with y = ±1; ds = −y / n where 1 − y·s > 0, else 0 */
export function hinge(s: usize, y: usize, ds: usize, n: i32): f64 {
  const one = f32x4.splat(1), zero = f32x4.splat(0);
  const vn = f32x4.splat(<f32>n);
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const yv = v128.load(y + o);
    const margin = f32x4.sub(one, f32x4.mul(yv, v128.load(s + o)));
    const hit = f32x4.gt(margin, zero);
    acc = accum64(acc, v128.and(margin, hit));
    v128.store(ds + o, v128.and(f32x4.div(f32x4.neg(yv), vn), hit));
  }
  let loss = hsum2(acc);
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const yv = load<f32>(y + o);
    const margin: f32 = 1 - yv * load<f32>(s + o);
    if (margin > 0) {
      loss += <f64>margin;
      store<f32>(ds + o, -yv / <f32>n);
    } else {
      store<f32>(ds + o, 0);
    }
  }
  return loss / <f64>n;
}
