/** Plain-loop simple recurrent layers over batch-major sequences (row b·steps + t): the specification of assembly/rnn.ts. */

import { outOf, rowOf, rowTimes, rowTimesT } from './sequence.js';

type F = Float32Array;

/** z_t += h_{t−1}·U (t > 0; h_{−1} = 0), h_t = tanh(z_t) over z_t; hp row (b, t + 1) = h_t, row (b, 0) = 0; the last outSteps h_t to y */
export function rnnTanhForward(z: F, u: F, hp: F, y: F, batch: number, steps: number, units: number, outSteps: number): void {
  rnnForward(z, u, hp, y, batch, steps, units, outSteps, Math.tanh);
}
/** dz_t = (dy_t + dz_{t+1}·Uᵀ) ⊙ (1 − h_t²), from the saved h; dh carries (ut: WASM's room for Uᵀ, unused here) */
export function rnnTanhBackward(h: F, u: F, dy: F, dz: F, dh: F, ut: F, batch: number, steps: number, units: number, outSteps: number): void {
  rnnBackward(h, u, dy, dz, dh, batch, steps, units, outSteps, (v) => 1 - v * v);
}

/** As rnnTanhForward with h_t = max(0, z_t) (z > 0 ? z : 0) */
export function rnnReluForward(z: F, u: F, hp: F, y: F, batch: number, steps: number, units: number, outSteps: number): void {
  rnnForward(z, u, hp, y, batch, steps, units, outSteps, (v) => (v > 0 ? v : 0));
}
/** dz_t = (dy_t + dz_{t+1}·Uᵀ) ⊙ [h_t > 0], from the saved h */
export function rnnReluBackward(h: F, u: F, dy: F, dz: F, dh: F, ut: F, batch: number, steps: number, units: number, outSteps: number): void {
  rnnBackward(h, u, dy, dz, dh, batch, steps, units, outSteps, (v) => (v > 0 ? 1 : 0));
}

function rnnForward(z: F, u: F, hp: F, y: F, batch: number, steps: number, units: number, outSteps: number, act: (v: number) => number): void {
  for (let b = 0; b < batch; b++) {
    hp.fill(0, rowOf(b, 0, steps, units), rowOf(b, 1, steps, units));
    for (let t = 0; t < steps; t++) {
      const r = rowOf(b, t, steps, units);
      if (t > 0) rowTimes(hp, r, u, units, 0, units, units, z, r, true);
      const yo = outOf(b, t, steps, outSteps, units);
      for (let j = 0; j < units; j++) {
        z[r + j] = act(z[r + j]);
        if (t + 1 < steps) hp[r + units + j] = z[r + j];
        if (yo >= 0) y[yo + j] = z[r + j];
      }
    }
  }
}

function rnnBackward(h: F, u: F, dy: F, dz: F, dh: F, batch: number, steps: number, units: number, outSteps: number, slope: (h: number) => number): void {
  for (let b = 0; b < batch; b++) {
    const c = b * units;
    dh.fill(0, c, c + units);
    for (let t = steps - 1; t >= 0; t--) {
      const r = rowOf(b, t, steps, units);
      const yo = outOf(b, t, steps, outSteps, units);
      for (let j = 0; j < units; j++) dz[r + j] = (dh[c + j] + (yo >= 0 ? dy[yo + j] : 0)) * slope(h[r + j]);
      if (t > 0) rowTimesT(dz, r, u, units, 0, units, units, dh, c, false);
    }
  }
}
