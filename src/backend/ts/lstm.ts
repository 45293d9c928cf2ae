/** Plain-loop LSTM over batch-major sequences (row b·steps + t), Keras gate order i, f, c, o: the specification of assembly/lstm.ts. */

import { outOf, rowOf, rowTimes, rowTimesT, sigmoid } from './sequence.js';

type F = Float32Array;

/**
 * Per step t: z_t += h_{t−1}·U (t > 0; h_{−1} = c_{−1} = 0); i = σ, f = σ, g = tanh, o = σ of z_t's four blocks,
 * written over z_t; c_t = f·c_{t−1} + i·g; h_t = o·tanh(c_t) to hp row (b, t + 1) (row (b, 0) = 0) and, for the
 * last outSteps steps, to y
 */
export function lstmForward(z: F, u: F, c: F, hp: F, y: F, batch: number, steps: number, units: number, outSteps: number): void {
  const w = 4 * units;
  for (let b = 0; b < batch; b++) {
    hp.fill(0, rowOf(b, 0, steps, units), rowOf(b, 1, steps, units));
    for (let t = 0; t < steps; t++) {
      const zr = rowOf(b, t, steps, w), cr = rowOf(b, t, steps, units);
      if (t > 0) rowTimes(hp, cr, u, w, 0, units, w, z, zr, true);
      const yo = outOf(b, t, steps, outSteps, units);
      for (let j = 0; j < units; j++) {
        const [i, f, g, o] = [0, 1, 2, 3].map((k) => zr + k * units + j);
        z[i] = sigmoid(z[i]);
        z[f] = sigmoid(z[f]);
        z[g] = Math.tanh(z[g]);
        z[o] = sigmoid(z[o]);
        c[cr + j] = z[f] * (t > 0 ? c[cr - units + j] : 0) + z[i] * z[g];
        const h = z[o] * Math.tanh(c[cr + j]);
        if (t + 1 < steps) hp[cr + units + j] = h;
        if (yo >= 0) y[yo + j] = h;
      }
    }
  }
}
/**
 * Backward through time from the saved gates and cells: dh_t = dy_t + dz_{t+1}·Uᵀ, dc_t = dc_{t+1}·f_{t+1} +
 * dh_t·o·(1 − tanh² c_t); dz_t = [dc·g·i(1 − i), dc·c_{t−1}·f(1 − f), dc·i·(1 − g²), dh·tanh(c_t)·o(1 − o)].
 * dh, dc hold the carries (ut: WASM's room for Uᵀ, unused here)
 */
export function lstmBackward(z: F, c: F, u: F, dy: F, dz: F, dh: F, dc: F, ut: F, batch: number, steps: number, units: number, outSteps: number): void {
  const w = 4 * units;
  for (let b = 0; b < batch; b++) {
    const k = b * units;
    dh.fill(0, k, k + units);
    dc.fill(0, k, k + units);
    for (let t = steps - 1; t >= 0; t--) {
      const zr = rowOf(b, t, steps, w), cr = rowOf(b, t, steps, units);
      const yo = outOf(b, t, steps, outSteps, units);
      for (let j = 0; j < units; j++) {
        const [i, f, g, o] = [0, 1, 2, 3].map((q) => z[zr + q * units + j]);
        const d = dh[k + j] + (yo >= 0 ? dy[yo + j] : 0);
        const tc = Math.tanh(c[cr + j]);
        const dcell = dc[k + j] + d * o * (1 - tc * tc);
        dz[zr + j] = dcell * g * i * (1 - i);
        dz[zr + units + j] = dcell * (t > 0 ? c[cr - units + j] : 0) * f * (1 - f);
        dz[zr + 2 * units + j] = dcell * i * (1 - g * g);
        dz[zr + 3 * units + j] = d * tc * o * (1 - o);
        dc[k + j] = dcell * f;
      }
      if (t > 0) rowTimesT(dz, zr, u, w, 0, units, w, dh, k, false);
    }
  }
}
