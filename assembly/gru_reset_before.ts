/** GRU with the reset gate before the recurrent product (Keras's reset_after = False, TensorFlow.js's only GRU), gate order z, r, h: the forward and backpropagation through time under it. */

import { carryProduct, ld, st, outRow, productTransA, rowAt, stepProduct, transposeInto, zero } from './steps';
// sigmoid4 and tanh4 (vector σ and tanh, one called copy each) are globals of steps.ts

// Buffers are batch-major rows (b, t) (steps.ts): z and dz [batch·steps × 3u], rh and hp [batch·steps × u],
// U and dU [u × 3u] (columns 0 : 2u act on h_{t−1}, columns 2u : 3u on r ⊙ h_{t−1}), y and dy [batch × outSteps × u].
// Two products per step: the update and reset gates need h_{t−1}·U_zr, the candidate needs r first.

/**
 * Per step t (h_{−1} = 0): z_t[0 : 2u] += h_{t−1}·U_zr; z = σ(·), r = σ(·) written over them; rh_t = r ⊙ h_{t−1};
 * z_t[2u : 3u] += rh_t·U_h; ĥ = tanh(·) written over it; h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ. On entry z holds x·W + b
 * (one matmulBias). hp row (b, t + 1) = h_t, row (b, 0) = 0; the last outSteps h_t go to y.
 */
export function gruResetBeforeForward(z: usize, u: usize, rh: usize, hp: usize, y: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize): void {
  const g3 = units * 3;
  const uh = u + (<usize>(units << 1) << 2);
  for (let b = 0; b < batch; b++) zero(rowAt(hp, b, 0, steps, units), units);
  for (let t = 0; t < steps; t++) {
    if (t > 0) stepProduct(hp, units, u, g3, z, g3, 0, batch, steps, t, units, units << 1, true, scratch);
    for (let b = 0; b < batch; b++) {
      const zr = rowAt(z, b, t, steps, g3), hr = rowAt(hp, b, t, steps, units), rr = rowAt(rh, b, t, steps, units);
      let j = 0;
      for (; j + 4 <= units; j += 4) resetLanes(zr, hr, rr, units, j, 4);
      for (; j < units; j++) resetLanes(zr, hr, rr, units, j, 1);
    }
    if (t > 0) stepProduct(rh, units, uh, g3, z, g3, units << 1, batch, steps, t, units, units, true, scratch);
    for (let b = 0; b < batch; b++) {
      const zr = rowAt(z, b, t, steps, g3), hr = rowAt(hp, b, t, steps, units);
      const hn: usize = t + 1 < steps ? hr + (<usize>units << 2) : 0;
      const yr = outRow(y, b, t, steps, outSteps, units);
      let j = 0;
      for (; j + 4 <= units; j += 4) outputLanes(zr, hr, hn, yr, units, j, 4);
      for (; j < units; j++) outputLanes(zr, hr, hn, yr, units, j, 1);
    }
  }
}
/**
 * Backward through time from the saved gates (z after the forward), hp and rh, t = steps − 1 … 0, dh_t = dy_t + carry:
 * dẑ = dh ⊙ (h_{t−1} − ĥ) ⊙ z(1 − z), dâ = dh ⊙ (1 − z) ⊙ (1 − ĥ²), d(rh) = dâ·U_hᵀ, dr̂ = d(rh) ⊙ h_{t−1} ⊙ r(1 − r);
 * dz_t = [dẑ, dr̂, dâ]; carry = dh ⊙ z + d(rh) ⊙ r + [dẑ, dr̂]·U_zrᵀ. Then dU = [hpᵀ·dz_zr, rhᵀ·dz_h] over all rows.
 * dh, drh [batch × u] are work (the carry and d(rh)); ut [3u × u] receives Uᵀ.
 */
export function gruResetBeforeBackward(z: usize, hp: usize, rh: usize, u: usize, dy: usize, dz: usize, du: usize, dh: usize, drh: usize, ut: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize): void {
  const g3 = units * 3, g2 = units << 1;
  transposeInto(u, ut, units, g3);
  zero(dh, batch * units);
  for (let t = steps - 1; t >= 0; t--) {
    for (let b = 0; b < batch; b++) {
      const zr = rowAt(z, b, t, steps, g3), hr = rowAt(hp, b, t, steps, units), dzr = rowAt(dz, b, t, steps, g3);
      const carry = dh + ((<usize>(b * units)) << 2);
      const dyr = outRow(dy, b, t, steps, outSteps, units);
      let j = 0;
      for (; j + 4 <= units; j += 4) outputGrads(zr, hr, dyr, dzr, carry, units, j, 4);
      for (; j < units; j++) outputGrads(zr, hr, dyr, dzr, carry, units, j, 1);
    }
    carryProduct(dz, g3, g2, ut + (<usize>(g2 * units) << 2), drh, batch, steps, t, units, units, false, scratch);
    for (let b = 0; b < batch; b++) {
      const zr = rowAt(z, b, t, steps, g3), hr = rowAt(hp, b, t, steps, units), dzr = rowAt(dz, b, t, steps, g3);
      const row = (<usize>(b * units)) << 2;
      let j = 0;
      for (; j + 4 <= units; j += 4) resetGrads(zr, hr, drh + row, dzr, dh + row, units, j, 4);
      for (; j < units; j++) resetGrads(zr, hr, drh + row, dzr, dh + row, units, j, 1);
    }
    if (t > 0) carryProduct(dz, g3, 0, ut, dh, batch, steps, t, g2, units, true, scratch);
  }
  productTransA(hp, dz, 0, g3, du, 0, g3, batch * steps, units, g2, scratch);
  productTransA(rh, dz, g2, g3, du, g2, g3, batch * steps, units, units, scratch);
}

/** z = σ(·), r = σ(·) over units j … j + n − 1 (n = 4, or 1 for the tail), and rh = r ⊙ h_{t−1}. */
function resetLanes(zr: usize, hr: usize, rr: usize, units: i32, j: i32, n: i32): void {
  const o = <usize>j << 2, q = <usize>units << 2;
  const r = sigmoid4(ld(zr + q + o, n));
  st(zr + o, n, sigmoid4(ld(zr + o, n)));
  st(zr + q + o, n, r);
  st(rr + o, n, f32x4.mul(r, ld(hr + o, n)));
}

/** ĥ = tanh(·) and h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ over units j … j + n − 1. */
function outputLanes(zr: usize, hr: usize, hn: usize, yr: usize, units: i32, j: i32, n: i32): void {
  const o = <usize>j << 2, q = <usize>units << 2;
  const zg = ld(zr + o, n);
  const hh = tanh4(ld(zr + 2 * q + o, n));
  const h = f32x4.add(f32x4.mul(zg, ld(hr + o, n)), f32x4.mul(f32x4.sub(f32x4.splat(1), zg), hh));
  st(zr + 2 * q + o, n, hh);
  if (hn) st(hn + o, n, h);
  if (yr) st(yr + o, n, h);
}

/** dẑ and dâ over units j … j + n − 1; the carry dh is read and replaced by dh ⊙ z. */
function outputGrads(zr: usize, hr: usize, dyr: usize, dzr: usize, dh: usize, units: i32, j: i32, n: i32): void {
  const o = <usize>j << 2, q = <usize>units << 2;
  const one = f32x4.splat(1);
  let dhv = ld(dh + o, n);
  if (dyr) dhv = f32x4.add(dhv, ld(dyr + o, n));
  const zg = ld(zr + o, n), hh = ld(zr + 2 * q + o, n);
  st(dzr + o, n, f32x4.mul(f32x4.mul(dhv, f32x4.sub(ld(hr + o, n), hh)), f32x4.mul(zg, f32x4.sub(one, zg))));
  st(dzr + 2 * q + o, n, f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, zg)), f32x4.sub(one, f32x4.mul(hh, hh))));
  st(dh + o, n, f32x4.mul(dhv, zg));
}

/** dr̂ = d(rh) ⊙ h_{t−1} ⊙ r(1 − r) and carry += d(rh) ⊙ r over units j … j + n − 1. */
function resetGrads(zr: usize, hr: usize, drh: usize, dzr: usize, dh: usize, units: i32, j: i32, n: i32): void {
  const o = <usize>j << 2, q = <usize>units << 2;
  const r = ld(zr + q + o, n), d = ld(drh + o, n);
  st(dzr + q + o, n, f32x4.mul(f32x4.mul(d, ld(hr + o, n)), f32x4.mul(r, f32x4.sub(f32x4.splat(1), r))));
  st(dh + o, n, f32x4.add(ld(dh + o, n), f32x4.mul(d, r)));
}
