/** The simple (Elman) recurrent layer, h_t = act(x_t·W + h_{t−1}·U + b) with tanh or relu: the forwards and backpropagation through time under each. */

import { carryProduct, ld, st, outRow, rowAt, stepProduct, transposeInto, zero } from './steps';
// sigmoid4 and tanh4 (vector σ and tanh, one called copy each) are globals of steps.ts

// Buffers are batch-major rows (b, t) (steps.ts): z, dz and hp [batch·steps × u], U [u × u], y and dy
// [batch × outSteps × u]. The activation is an argument of the shared loops (TANH or RELU).

const TANH = 0;
const RELU = 1;

/**
 * Per step t: z_t += h_{t−1}·U (t > 0; h_{−1} = 0), h_t = tanh(z_t) written over z_t; hp row (b, t + 1) = h_t,
 * row (b, 0) = 0; the last outSteps h_t go to y. On entry z holds x·W + b for every step (one matmulBias).
 */
export function rnnTanhForward(z: usize, u: usize, hp: usize, y: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize): void {
  rnnForward(z, u, hp, y, batch, steps, units, outSteps, scratch, TANH);
}
/** dz_t = (dy_t + dz_{t+1}·Uᵀ) ⊙ (1 − h_t²), from the saved h (z after the forward); dh [batch × u] carries, ut [u × u] receives Uᵀ. */
export function rnnTanhBackward(h: usize, u: usize, dy: usize, dz: usize, dh: usize, ut: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize): void {
  rnnBackward(h, u, dy, dz, dh, ut, batch, steps, units, outSteps, scratch, TANH);
}

/** As rnnTanhForward with h_t = max(0, z_t) (z > 0 ? z : 0, so NaN maps to 0 as relu does). */
export function rnnReluForward(z: usize, u: usize, hp: usize, y: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize): void {
  rnnForward(z, u, hp, y, batch, steps, units, outSteps, scratch, RELU);
}
/** dz_t = (dy_t + dz_{t+1}·Uᵀ) ⊙ [h_t > 0], from the saved h. */
export function rnnReluBackward(h: usize, u: usize, dy: usize, dz: usize, dh: usize, ut: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize): void {
  rnnBackward(h, u, dy, dz, dh, ut, batch, steps, units, outSteps, scratch, RELU);
}

function rnnForward(z: usize, u: usize, hp: usize, y: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize, act: i32): void {
  for (let b = 0; b < batch; b++) zero(rowAt(hp, b, 0, steps, units), units);
  for (let t = 0; t < steps; t++) {
    if (t > 0) stepProduct(hp, units, u, units, z, units, 0, batch, steps, t, units, units, true, scratch);
    for (let b = 0; b < batch; b++) {
      const zr = rowAt(z, b, t, steps, units);
      const hn: usize = t + 1 < steps ? rowAt(hp, b, t + 1, steps, units) : 0;
      const yr = outRow(y, b, t, steps, outSteps, units);
      let j = 0;
      for (; j + 4 <= units; j += 4) activateLanes(zr, hn, yr, j, 4, act);
      for (; j < units; j++) activateLanes(zr, hn, yr, j, 1, act);
    }
  }
}

function rnnBackward(h: usize, u: usize, dy: usize, dz: usize, dh: usize, ut: usize, batch: i32, steps: i32, units: i32, outSteps: i32, scratch: usize, act: i32): void {
  transposeInto(u, ut, units, units);
  zero(dh, batch * units);
  for (let t = steps - 1; t >= 0; t--) {
    for (let b = 0; b < batch; b++) {
      const hr = rowAt(h, b, t, steps, units), dzr = rowAt(dz, b, t, steps, units);
      const carry = dh + ((<usize>(b * units)) << 2);
      const dyr = outRow(dy, b, t, steps, outSteps, units);
      let j = 0;
      for (; j + 4 <= units; j += 4) gradLanes(hr, dyr, carry, dzr, j, 4, act);
      for (; j < units; j++) gradLanes(hr, dyr, carry, dzr, j, 1, act);
    }
    if (t > 0) carryProduct(dz, units, 0, ut, dh, batch, steps, t, units, units, false, scratch);
  }
}

/** h = act(z) over units j … j + n − 1 (n = 4, or 1 for the tail), written over z and to hp's next row and y. */
function activateLanes(zr: usize, hn: usize, yr: usize, j: i32, n: i32, act: i32): void {
  const o = <usize>j << 2;
  const v = ld(zr + o, n);
  const h = act == TANH ? tanh4(v) : v128.and(v, f32x4.gt(v, f32x4.splat(0)));
  st(zr + o, n, h);
  if (hn) st(hn + o, n, h);
  if (yr) st(yr + o, n, h);
}

/** dz = (carry + dy) ⊙ act′ over units j … j + n − 1. */
function gradLanes(hr: usize, dyr: usize, dh: usize, dzr: usize, j: i32, n: i32, act: i32): void {
  const o = <usize>j << 2;
  let d = ld(dh + o, n);
  if (dyr) d = f32x4.add(d, ld(dyr + o, n));
  const h = ld(hr + o, n);
  const dz = act == TANH ? f32x4.mul(d, f32x4.sub(f32x4.splat(1), f32x4.mul(h, h))) : v128.and(d, f32x4.gt(h, f32x4.splat(0)));
  st(dzr + o, n, dz);
}
