/** GRU with the reset gate after the recurrent product (Keras's reset_after = True, the TF2 default), gate order z, r, h: the forward and backpropagation through time under it. */

import { carryProduct, ld, st, outRow, rowAt, stepProductBias, transposeInto, zero } from './steps';
import { columnSums } from './lanes';
// sigmoid4 and tanh4 (vector σ and tanh, one called copy each) are globals of steps.ts

// Buffers are batch-major rows (b, t) (steps.ts): z, dz and dr [batch·steps × 3u], g [batch·steps × 4u],
// hp [batch·steps × u], U [u × 3u], bias [2 × 3u] (row 0 input bias, already in z; row 1 recurrent bias),
// y and dy [batch × outSteps × u]. Gate blocks of u columns: z (update), r (reset), h (candidate).

/**
 * Per step t: g_t[0 : 3u] = h_{t−1}·U + b_r (h_{−1} = 0), then z = σ(x_z + g_z), r = σ(x_r + g_r),
 * ĥ = tanh(x_h + r ⊙ g_h), h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ, where x_· is z_t (x·W + b_in, one matmulBias).
 * Saves g_t = [z, r, ĥ, h_{t−1}·U_h + b_rh] for backward; hp row (b, t + 1) = h_t, row (b, 0) = 0; the last
 * outSteps h_t go to y.
 */
export function gruForward(z: usize, u: usize, bias: usize, g: usize, hp: usize, y: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize): void {
  const g3 = units * 3, g4 = units << 2;
  for (let b = 0; b < batch; b++) zero(rowAt(hp, b, 0, steps, units), units);
  for (let t = 0; t < steps; t++) {
    stepProductBias(hp, units, u, g3, bias + (<usize>g3 << 2), g, g4, batch, steps, t, units, g3, scratch);
    for (let b = 0; b < batch; b++) {
      const zr = rowAt(z, b, t, steps, g3), gr = rowAt(g, b, t, steps, g4);
      const hr = rowAt(hp, b, t, steps, units);
      const hn: usize = t + 1 < steps ? hr + (<usize>units << 2) : 0;
      const yr = outRow(y, b, t, steps, outSteps, units);
      let j = 0;
      for (; j + 4 <= units; j += 4) gatesForward(zr, gr, hr, hn, yr, units, j, 4);
      for (; j < units; j++) gatesForward(zr, gr, hr, hn, yr, units, j, 1);
    }
  }
}
/**
 * Backward through time from g and hp, t = steps − 1 … 0, with dh_t = dy_t + carry:
 * dẑ = dh ⊙ (h_{t−1} − ĥ) ⊙ z(1 − z), dâ = dh ⊙ (1 − z) ⊙ (1 − ĥ²), dr̂ = dâ ⊙ g_h ⊙ r(1 − r);
 * dz_t = [dẑ, dr̂, dâ] (the input side: dW = xᵀ·dz, dx = dz·Wᵀ), dr_t = [dẑ, dr̂, dâ ⊙ r] (the recurrent side:
 * dU = hpᵀ·dr), carry = dh ⊙ z + dr_t·Uᵀ. db = [Σ dz; Σ dr] over all rows. dh [batch × u] holds the carry,
 * ut [3u × u] receives Uᵀ.
 */
export function gruBackward(g: usize, hp: usize, u: usize, dy: usize, dz: usize, dr: usize, db: usize, dh: usize, ut: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize): void {
  const g3 = units * 3, g4 = units << 2;
  transposeInto(u, ut, units, g3);
  zero(dh, batch * units);
  for (let t = steps - 1; t >= 0; t--) {
    for (let b = 0; b < batch; b++) {
      const gr = rowAt(g, b, t, steps, g4), hr = rowAt(hp, b, t, steps, units);
      const dzr = rowAt(dz, b, t, steps, g3), drr = rowAt(dr, b, t, steps, g3);
      const carry = dh + ((<usize>(b * units)) << 2);
      const dyr = outRow(dy, b, t, steps, outSteps, units);
      let j = 0;
      for (; j + 4 <= units; j += 4) gatesBackward(gr, hr, dyr, dzr, drr, carry, units, j, 4);
      for (; j < units; j++) gatesBackward(gr, hr, dyr, dzr, drr, carry, units, j, 1);
    }
    if (t > 0) carryProduct(dr, g3, 0, ut, dh, batch, steps, t, g3, units, true, scratch);
  }
  columnSums(dz, db, batch * steps, g3);
  columnSums(dr, db + (<usize>g3 << 2), batch * steps, g3);
}

/** Units j … j + n − 1 (n = 4, or 1 for the tail) of one row: gates from x_· (zr) and the recurrent product (gr), then h_t. */
function gatesForward(zr: usize, gr: usize, hr: usize, hn: usize, yr: usize, units: i32, j: i32, n: i32): void {
  const o = <usize>j << 2, q = <usize>units << 2;
  const zg = sigmoid4(f32x4.add(ld(zr + o, n), ld(gr + o, n)));
  const r = sigmoid4(f32x4.add(ld(zr + q + o, n), ld(gr + q + o, n)));
  const rh = ld(gr + 2 * q + o, n);
  const hh = tanh4(f32x4.add(ld(zr + 2 * q + o, n), f32x4.mul(r, rh)));
  const prev = ld(hr + o, n);
  const h = f32x4.add(f32x4.mul(zg, prev), f32x4.mul(f32x4.sub(f32x4.splat(1), zg), hh));
  st(gr + o, n, zg);
  st(gr + q + o, n, r);
  st(gr + 2 * q + o, n, hh);
  st(gr + 3 * q + o, n, rh);
  if (hn) st(hn + o, n, h);
  if (yr) st(yr + o, n, h);
}

/** Units j … j + n − 1 of one row's gradients; the carry dh is read and replaced by dh ⊙ z (the product is added after the pass). */
function gatesBackward(gr: usize, hr: usize, dyr: usize, dzr: usize, drr: usize, dh: usize, units: i32, j: i32, n: i32): void {
  const o = <usize>j << 2, q = <usize>units << 2;
  const one = f32x4.splat(1);
  let dhv = ld(dh + o, n);
  if (dyr) dhv = f32x4.add(dhv, ld(dyr + o, n));
  const zg = ld(gr + o, n), r = ld(gr + q + o, n), hh = ld(gr + 2 * q + o, n), rh = ld(gr + 3 * q + o, n);
  const prev = ld(hr + o, n);
  const dzh = f32x4.mul(f32x4.mul(dhv, f32x4.sub(prev, hh)), f32x4.mul(zg, f32x4.sub(one, zg)));
  const dah = f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, zg)), f32x4.sub(one, f32x4.mul(hh, hh)));
  const drh = f32x4.mul(f32x4.mul(dah, rh), f32x4.mul(r, f32x4.sub(one, r)));
  st(dzr + o, n, dzh);
  st(dzr + q + o, n, drh);
  st(dzr + 2 * q + o, n, dah);
  st(drr + o, n, dzh);
  st(drr + q + o, n, drh);
  st(drr + 2 * q + o, n, f32x4.mul(dah, r));
  st(dh + o, n, f32x4.mul(dhv, zg));
}
