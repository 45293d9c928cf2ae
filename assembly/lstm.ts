/** LSTM over a batch of sequences, Keras gate order i, f, c, o: the forward (a GEMM per step, then one fused pass over the gates) and backpropagation through time under it. */

import { carryProduct, ld, st, outRow, rowAt, stepProduct, transposeInto, zero } from './steps';
// sigmoid4 and tanh4 (vector σ and tanh, one called copy each) are globals of steps.ts

// Buffers are batch-major rows (b, t) (steps.ts): z and dz [batch·steps × 4u], c and hp [batch·steps × u], U [u × 4u],
// y and dy [batch × outSteps × u]. The gate blocks of u columns are i, f, g (the candidate, Keras's "c"), o.

/**
 * Per step t: z_t += h_{t−1}·U (for t > 0; h_{−1} = c_{−1} = 0), then i = σ(z_i), f = σ(z_f), g = tanh(z_g),
 * o = σ(z_o) are written over z_t, c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t); hp row (b, t + 1) = h_t, hp row
 * (b, 0) = 0, and the last outSteps h_t go to y. On entry z holds x·W + b for every step (one matmulBias).
 */
export function lstmForward(z: usize, u: usize, c: usize, hp: usize, y: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize): void {
  const g4 = units << 2;
  for (let b = 0; b < batch; b++) zero(rowAt(hp, b, 0, steps, units), units);
  for (let t = 0; t < steps; t++) {
    if (t > 0) stepProduct(hp, units, u, g4, z, g4, 0, batch, steps, t, units, g4, true, scratch);
    for (let b = 0; b < batch; b++) {
      const zr = rowAt(z, b, t, steps, g4);
      const cr = rowAt(c, b, t, steps, units);
      const cp: usize = t > 0 ? cr - (<usize>units << 2) : 0;
      const hn: usize = t + 1 < steps ? rowAt(hp, b, t + 1, steps, units) : 0;
      const yr = outRow(y, b, t, steps, outSteps, units);
      let j = 0;
      for (; j + 4 <= units; j += 4) gatesForward(zr, cr, cp, hn, yr, units, j, 4);
      for (; j < units; j++) gatesForward(zr, cr, cp, hn, yr, units, j, 1);
    }
  }
}
/**
 * Backward through time from the saved gates (z after lstmForward) and cells c, t = steps − 1 … 0:
 * dh_t = dy_t + dz_{t+1}·Uᵀ, dc_t = dc_{t+1} ⊙ f_{t+1} + dh_t ⊙ o ⊙ (1 − tanh² c_t), and
 * dz_t = [dc ⊙ g ⊙ i(1 − i), dc ⊙ c_{t−1} ⊙ f(1 − f), dc ⊙ i ⊙ (1 − g²), dh ⊙ tanh(c_t) ⊙ o(1 − o)].
 * dh, dc [batch × u] hold the carries; ut [4u × u] receives Uᵀ. dW, db, dU and dx are then single GEMMs over dz.
 */
export function lstmBackward(z: usize, c: usize, u: usize, dy: usize, dz: usize, dh: usize, dc: usize, ut: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize): void {
  const g4 = units << 2;
  transposeInto(u, ut, units, g4);
  zero(dh, batch * units);
  zero(dc, batch * units);
  for (let t = steps - 1; t >= 0; t--) {
    for (let b = 0; b < batch; b++) {
      const zr = rowAt(z, b, t, steps, g4), dzr = rowAt(dz, b, t, steps, g4);
      const cr = rowAt(c, b, t, steps, units);
      const cp: usize = t > 0 ? cr - (<usize>units << 2) : 0;
      const carry = (<usize>(b * units)) << 2;
      const dyr = outRow(dy, b, t, steps, outSteps, units);
      let j = 0;
      for (; j + 4 <= units; j += 4) gatesBackward(zr, cr, cp, dyr, dzr, dh + carry, dc + carry, units, j, 4);
      for (; j < units; j++) gatesBackward(zr, cr, cp, dyr, dzr, dh + carry, dc + carry, units, j, 1);
    }
    if (t > 0) carryProduct(dz, g4, 0, ut, dh, batch, steps, t, g4, units, false, scratch);
  }
}

/** Units j … j + n − 1 (n = 4, or 1 for the tail) of one row's gates, cell and output. */
function gatesForward(zr: usize, cr: usize, cp: usize, hn: usize, yr: usize, units: i32, j: i32, n: i32): void {
  const o = <usize>j << 2, q = <usize>units << 2;
  const i = sigmoid4(ld(zr + o, n));
  const f = sigmoid4(ld(zr + q + o, n));
  const g = tanh4(ld(zr + 2 * q + o, n));
  const og = sigmoid4(ld(zr + 3 * q + o, n));
  const prev = cp ? ld(cp + o, n) : f32x4.splat(0);
  const cell = f32x4.add(f32x4.mul(f, prev), f32x4.mul(i, g));
  const h = f32x4.mul(og, tanh4(cell));
  st(zr + o, n, i);
  st(zr + q + o, n, f);
  st(zr + 2 * q + o, n, g);
  st(zr + 3 * q + o, n, og);
  st(cr + o, n, cell);
  if (hn) st(hn + o, n, h);
  if (yr) st(yr + o, n, h);
}

/** Units j … j + n − 1 of one row's gate gradients; reads the carry dh (replaced after the pass by dz_t·Uᵀ), sets the carry dc to dc ⊙ f. */
function gatesBackward(zr: usize, cr: usize, cp: usize, dyr: usize, dzr: usize, dh: usize, dc: usize, units: i32, j: i32, n: i32): void {
  const o = <usize>j << 2, q = <usize>units << 2;
  const one = f32x4.splat(1);
  let dhv = ld(dh + o, n);
  if (dyr) dhv = f32x4.add(dhv, ld(dyr + o, n));
  const i = ld(zr + o, n), f = ld(zr + q + o, n), g = ld(zr + 2 * q + o, n), og = ld(zr + 3 * q + o, n);
  const prev = cp ? ld(cp + o, n) : f32x4.splat(0);
  const tc = tanh4(ld(cr + o, n));
  const dcv = f32x4.add(ld(dc + o, n), f32x4.mul(f32x4.mul(dhv, og), f32x4.sub(one, f32x4.mul(tc, tc))));
  st(dzr + o, n, f32x4.mul(f32x4.mul(dcv, g), f32x4.mul(i, f32x4.sub(one, i))));
  st(dzr + q + o, n, f32x4.mul(f32x4.mul(dcv, prev), f32x4.mul(f, f32x4.sub(one, f))));
  st(dzr + 2 * q + o, n, f32x4.mul(f32x4.mul(dcv, i), f32x4.sub(one, f32x4.mul(g, g))));
  st(dzr + 3 * q + o, n, f32x4.mul(f32x4.mul(dhv, tc), f32x4.mul(og, f32x4.sub(one, og))));
  st(dc + o, n, f32x4.mul(dcv, f));
}
