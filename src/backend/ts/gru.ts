/** Plain-loop GRUs over batch-major sequences (row b·steps + t), Keras gate order z, r, h: the specification of assembly/gru.ts (reset after the product) and gru_reset_before.ts. */

import { outOf, rowOf, rowTimes, rowTimesT, sigmoid } from './sequence.js';

type F = Float32Array;

/**
 * Per step t: g_t[0 : 3u] = h_{t−1}·U + b_r (h_{−1} = 0; b_r = bias row 1); z = σ(x_z + g_z), r = σ(x_r + g_r),
 * ĥ = tanh(x_h + r·g_h), h_t = z·h_{t−1} + (1 − z)·ĥ with x = z_t (x·W + b_in); g_t = [z, r, ĥ, g_h] saved;
 * h_t to hp row (b, t + 1) (row (b, 0) = 0) and, for the last outSteps steps, to y
 */
export function gruForward(z: F, u: F, bias: F, g: F, hp: F, y: F, batch: number, steps: number, units: number, outSteps: number): void {
  const w = 3 * units;
  for (let b = 0; b < batch; b++) {
    hp.fill(0, rowOf(b, 0, steps, units), rowOf(b, 1, steps, units));
    for (let t = 0; t < steps; t++) {
      const zr = rowOf(b, t, steps, w), gr = rowOf(b, t, steps, 4 * units), hr = rowOf(b, t, steps, units);
      for (let q = 0; q < w; q++) g[gr + q] = bias[w + q];
      rowTimes(hp, hr, u, w, 0, units, w, g, gr, true);
      const yo = outOf(b, t, steps, outSteps, units);
      for (let j = 0; j < units; j++) {
        const [zi, ri, hi, ci] = [0, 1, 2, 3].map((k) => gr + k * units + j);
        g[ci] = g[hi];
        g[zi] = sigmoid(z[zr + j] + g[zi]);
        g[ri] = sigmoid(z[zr + units + j] + g[ri]);
        g[hi] = Math.tanh(z[zr + 2 * units + j] + g[ri] * g[ci]);
        const h = g[zi] * hp[hr + j] + (1 - g[zi]) * g[hi];
        if (t + 1 < steps) hp[hr + units + j] = h;
        if (yo >= 0) y[yo + j] = h;
      }
    }
  }
}
/**
 * Backward through time from g and hp, dh_t = dy_t + carry: dẑ = dh·(h_{t−1} − ĥ)·z(1 − z), dâ = dh·(1 − z)·(1 − ĥ²),
 * dr̂ = dâ·g_h·r(1 − r); dz_t = [dẑ, dr̂, dâ], dr_t = [dẑ, dr̂, dâ·r], carry = dh·z + dr_t·Uᵀ; db = [Σ dz; Σ dr] over
 * the rows in order (ut: WASM's room for Uᵀ, unused here)
 */
export function gruBackward(g: F, hp: F, u: F, dy: F, dz: F, dr: F, db: F, dh: F, ut: F, batch: number, steps: number, units: number, outSteps: number): void {
  const w = 3 * units;
  for (let b = 0; b < batch; b++) {
    const k = b * units;
    dh.fill(0, k, k + units);
    for (let t = steps - 1; t >= 0; t--) {
      const gr = rowOf(b, t, steps, 4 * units), hr = rowOf(b, t, steps, units), zr = rowOf(b, t, steps, w);
      const yo = outOf(b, t, steps, outSteps, units);
      for (let j = 0; j < units; j++) {
        const [zg, r, hh, rh] = [0, 1, 2, 3].map((q) => g[gr + q * units + j]);
        const d = dh[k + j] + (yo >= 0 ? dy[yo + j] : 0);
        const dzh = d * (hp[hr + j] - hh) * zg * (1 - zg);
        const dah = d * (1 - zg) * (1 - hh * hh);
        const drh = dah * rh * r * (1 - r);
        [dz[zr + j], dz[zr + units + j], dz[zr + 2 * units + j]] = [dzh, drh, dah];
        [dr[zr + j], dr[zr + units + j], dr[zr + 2 * units + j]] = [dzh, drh, dah * r];
        dh[k + j] = d * zg;
      }
      if (t > 0) rowTimesT(dr, zr, u, w, 0, units, w, dh, k, true);
    }
  }
  db.fill(0, 0, 2 * w);
  for (let row = 0; row < batch * steps; row++) {
    for (let q = 0; q < w; q++) {
      db[q] += dz[row * w + q];
      db[w + q] += dr[row * w + q];
    }
  }
}

/**
 * Per step t (h_{−1} = 0): z_t[0 : 2u] += h_{t−1}·U_zr, z = σ, r = σ over them; rh_t = r·h_{t−1};
 * z_t[2u : 3u] += rh_t·U_h, ĥ = tanh over it; h_t = z·h_{t−1} + (1 − z)·ĥ to hp row (b, t + 1) and y
 */
export function gruResetBeforeForward(z: F, u: F, rh: F, hp: F, y: F, batch: number, steps: number, units: number, outSteps: number): void {
  const w = 3 * units;
  for (let b = 0; b < batch; b++) {
    hp.fill(0, rowOf(b, 0, steps, units), rowOf(b, 1, steps, units));
    for (let t = 0; t < steps; t++) {
      const zr = rowOf(b, t, steps, w), hr = rowOf(b, t, steps, units);
      rowTimes(hp, hr, u, w, 0, units, 2 * units, z, zr, true);
      for (let j = 0; j < 2 * units; j++) z[zr + j] = sigmoid(z[zr + j]);
      for (let j = 0; j < units; j++) rh[hr + j] = z[zr + units + j] * hp[hr + j];
      rowTimes(rh, hr, u, w, 2 * units, units, units, z, zr + 2 * units, true);
      const yo = outOf(b, t, steps, outSteps, units);
      for (let j = 0; j < units; j++) {
        const zg = z[zr + j];
        z[zr + 2 * units + j] = Math.tanh(z[zr + 2 * units + j]);
        const h = zg * hp[hr + j] + (1 - zg) * z[zr + 2 * units + j];
        if (t + 1 < steps) hp[hr + units + j] = h;
        if (yo >= 0) y[yo + j] = h;
      }
    }
  }
}
/**
 * Backward through time, dh_t = dy_t + carry: dẑ = dh·(h_{t−1} − ĥ)·z(1 − z), dâ = dh·(1 − z)·(1 − ĥ²),
 * d(rh) = dâ·U_hᵀ, dr̂ = d(rh)·h_{t−1}·r(1 − r); dz_t = [dẑ, dr̂, dâ]; carry = dh·z + d(rh)·r + [dẑ, dr̂]·U_zrᵀ;
 * dU = [Σ h_{t−1}ᵀ·[dẑ, dr̂], Σ rh_tᵀ·dâ] (ut: WASM's room for Uᵀ, unused here)
 */
export function gruResetBeforeBackward(z: F, hp: F, rh: F, u: F, dy: F, dz: F, du: F, dh: F, drh: F, ut: F, batch: number, steps: number, units: number, outSteps: number): void {
  const w = 3 * units;
  du.fill(0, 0, units * w);
  for (let b = 0; b < batch; b++) {
    const k = b * units;
    dh.fill(0, k, k + units);
    for (let t = steps - 1; t >= 0; t--) {
      const zr = rowOf(b, t, steps, w), hr = rowOf(b, t, steps, units);
      const yo = outOf(b, t, steps, outSteps, units);
      for (let j = 0; j < units; j++) {
        const zg = z[zr + j], hh = z[zr + 2 * units + j];
        const d = dh[k + j] + (yo >= 0 ? dy[yo + j] : 0);
        dz[zr + j] = d * (hp[hr + j] - hh) * zg * (1 - zg);
        dz[zr + 2 * units + j] = d * (1 - zg) * (1 - hh * hh);
        dh[k + j] = d * zg;
      }
      rowTimesT(dz, zr + 2 * units, u, w, 2 * units, units, units, drh, k, false);
      for (let j = 0; j < units; j++) {
        const r = z[zr + units + j];
        dz[zr + units + j] = drh[k + j] * hp[hr + j] * r * (1 - r);
        dh[k + j] += drh[k + j] * r;
      }
      if (t > 0) rowTimesT(dz, zr, u, w, 0, units, 2 * units, dh, k, true);
    }
  }
  addTransA(hp, dz, du, batch * steps, units, w, 0, 2 * units);
  addTransA(rh, dz, du, batch * steps, units, w, 2 * units, units);
}

/** du[p, q0 + q] += Σ_row a[row, p] · d[row, q0 + q] for p < units, q < n (rows of d and du are w wide). */
function addTransA(a: F, d: F, du: F, rows: number, units: number, w: number, q0: number, n: number): void {
  for (let p = 0; p < units; p++) {
    for (let q = q0; q < q0 + n; q++) {
      let s = 0;
      for (let row = 0; row < rows; row++) s += a[row * units + p] * d[row * w + q];
      du[p * w + q] += s;
    }
  }
}
