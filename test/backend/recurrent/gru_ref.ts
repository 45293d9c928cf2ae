/** The GRU in f64 from the Keras equations (gate order z, r, h; reset after or before the recurrent product), batch-major like the kernels, each value with its f32 error bound (bounds.ts). */

import { add, dot, exact, mul, oneMinus, sigmoid, sub, sum, tanh, type E } from './bounds.js';
import { outOf, rowOf, type Dims } from './lstm_ref.js';

const zeros = (n: number): E[] => Array.from({ length: n }, () => exact(0));

/**
 * One GRU step of one sample. Reset after (Keras reset_after = True): m = h·U + b_r, z = σ(x_z + m_z), r = σ(x_r + m_r),
 * ĥ = tanh(x_h + r·m_h). Reset before (False; b_r unused): z = σ(x_z + h·U_z), r = σ(x_r + h·U_r),
 * ĥ = tanh(x_h + (r·h)·U_h). Both: h′ = z·h + (1 − z)·ĥ.
 */
export function gruStep(zx: readonly E[], h: readonly E[], U: ArrayLike<number>, br: ArrayLike<number> | null, units: number) {
  const w = 3 * units;
  const col = (q: number) => (k: number) => U[k * w + q];
  // reset after: m = h·U + b_r is a product of its own, added to x after; reset before: h·U_zr accumulates onto x
  const m = br ? Array.from({ length: w }, (_, q) => dot(exact(br[q]), h, col(q))) : [];
  const pre = (q: number): E => (br ? add(zx[q], m[q]) : dot(zx[q], h, col(q)));
  const zg = Array.from({ length: units }, (_, j) => sigmoid(pre(j)));
  const r = Array.from({ length: units }, (_, j) => sigmoid(pre(units + j)));
  const rh = h.map((hj, j) => mul(r[j], hj));
  const hh = Array.from({ length: units }, (_, j) =>
    tanh(br ? add(zx[2 * units + j], mul(r[j], m[2 * units + j])) : dot(zx[2 * units + j], rh, col(2 * units + j))));
  const hNext = h.map((hj, j) => add(mul(zg[j], hj), mul(oneMinus(zg[j]), hh[j])));
  return { zg, r, hh, mh: m.slice(2 * units), rh, h: hNext };
}

/** gruForward's (br given) or gruResetBeforeForward's (br null) outputs from zx: gates (g: [z, r, ĥ, m_h] / z: [z, r, ĥ]), hp, rh, y. */
export function gruSequence(zx: readonly E[], U: ArrayLike<number>, br: ArrayLike<number> | null, d: Dims) {
  const { batch, steps, units } = d;
  const gates: E[] = [], hp: E[] = [], rh: E[] = [], y: E[] = Array(batch * d.outSteps * units);
  for (let b = 0; b < batch; b++) {
    let h = zeros(units);
    for (let t = 0; t < steps; t++) {
      const r = rowOf(d, b, t, 3 * units);
      const s = gruStep(zx.slice(r, r + 3 * units), h, U, br, units);
      gates.push(...s.zg, ...s.r, ...s.hh, ...(br ? s.mh : []));
      hp.push(...h);
      rh.push(...s.rh);
      h = s.h;
      const yo = outOf(d, b, t);
      if (yo >= 0) y.splice(yo, units, ...h);
    }
  }
  return { gates, hp, rh, y };
}

/** gruBackward from the saved f32 g = [z, r, ĥ, m_h] and hp (exact inputs): dz, dr and db. */
export function gruSequenceBackward(g: ArrayLike<number>, hp: ArrayLike<number>, U: ArrayLike<number>, dy: ArrayLike<number>, d: Dims) {
  const { batch, steps, units } = d;
  const w = 3 * units;
  const dz: E[] = Array(batch * steps * w), dr: E[] = Array(batch * steps * w);
  for (let b = 0; b < batch; b++) {
    let dh = zeros(units);
    for (let t = steps - 1; t >= 0; t--) {
      const gr = rowOf(d, b, t, 4 * units), hr = rowOf(d, b, t, units), r3 = rowOf(d, b, t, w), yo = outOf(d, b, t);
      const s = (k: number, j: number): E => exact(g[gr + k * units + j]);
      const rowZ: E[] = Array(w), rowR: E[] = Array(w);
      const direct = dh.map((dhj, j) => {
        const dj = yo >= 0 ? add(dhj, exact(dy[yo + j])) : dhj;
        const dzh = mul(mul(dj, sub(exact(hp[hr + j]), s(2, j))), mul(s(0, j), oneMinus(s(0, j))));
        const dah = mul(mul(dj, oneMinus(s(0, j))), oneMinus(mul(s(2, j), s(2, j))));
        const drh = mul(mul(dah, s(3, j)), mul(s(1, j), oneMinus(s(1, j))));
        [rowZ[j], rowZ[units + j], rowZ[2 * units + j]] = [dzh, drh, dah];
        [rowR[j], rowR[units + j], rowR[2 * units + j]] = [dzh, drh, mul(dah, s(1, j))];
        return mul(dj, s(0, j));
      });
      dz.splice(r3, w, ...rowZ);
      dr.splice(r3, w, ...rowR);
      dh = direct.map((dk, k) => dot(dk, rowR, (q) => U[k * w + q]));
    }
  }
  const colSums = (x: E[]) => Array.from({ length: w }, (_, q) => sum(Array.from({ length: batch * steps }, (_, row) => x[row * w + q])));
  return { dz, dr, db: [...colSums(dz), ...colSums(dr)] };
}

/** gruResetBeforeBackward from the saved f32 gates [z, r, ĥ], hp and rh: dz and dU. */
export function gruResetBeforeSequenceBackward(z: ArrayLike<number>, hp: ArrayLike<number>, rh: ArrayLike<number>, U: ArrayLike<number>, dy: ArrayLike<number>, d: Dims) {
  const { batch, steps, units } = d;
  const w = 3 * units;
  const dz: E[] = Array(batch * steps * w);
  for (let b = 0; b < batch; b++) {
    let dh = zeros(units);
    for (let t = steps - 1; t >= 0; t--) {
      const r3 = rowOf(d, b, t, w), hr = rowOf(d, b, t, units), yo = outOf(d, b, t);
      const s = (k: number, j: number): E => exact(z[r3 + k * units + j]);
      const row: E[] = Array(w);
      const direct = dh.map((dhj, j) => {
        const dj = yo >= 0 ? add(dhj, exact(dy[yo + j])) : dhj;
        row[j] = mul(mul(dj, sub(exact(hp[hr + j]), s(2, j))), mul(s(0, j), oneMinus(s(0, j))));
        row[2 * units + j] = mul(mul(dj, oneMinus(s(0, j))), oneMinus(mul(s(2, j), s(2, j))));
        return mul(dj, s(0, j));
      });
      const ah = row.slice(2 * units);
      const drh = Array.from({ length: units }, (_, k) => dot(exact(0), ah, (q) => U[k * w + 2 * units + q]));
      drh.forEach((dk, j) => (row[units + j] = mul(mul(dk, exact(hp[hr + j])), mul(s(1, j), oneMinus(s(1, j))))));
      dz.splice(r3, w, ...row);
      const zr = row.slice(0, 2 * units);
      dh = direct.map((dk, k) => dot(add(dk, mul(drh[k], s(1, k))), zr, (q) => U[k * w + q]));
    }
  }
  const rows = batch * steps;
  const du = Array.from({ length: units * w }, (_, i) => {
    const [p, q] = [Math.floor(i / w), i % w];
    const a = q < 2 * units ? hp : rh;
    return dot(exact(0), Array.from({ length: rows }, (_, row) => dz[row * w + q]), (row) => a[row * units + p]);
  });
  return { dz, du };
}
