/** Loss kernels: each returns the mean loss (summed in f64) and writes its gradient in the same pass. */

import { expv, sigmoidv, accum64, hsum2, hsum } from './simd';
import { rowMax } from './activations';

/**
 * Fused softmax + cross-entropy: loss = −Σ t·log softmax(z) / rows, with log softmax(z) = z − max − log Σ e^(z − max);
 * dz = (softmax(z) − t) / rows. Stable for any finite logits (every exp argument is ≤ 0).
 */
export function softmaxCrossEntropy(z: usize, t: usize, dz: usize, rows: i32, cols: i32): f64 {
  const invRows = f32x4.splat(<f32>1 / <f32>rows);
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
