/** The LSTM and simple RNN in f64 from the equations (Keras gate order i, f, c, o), batch-major like the kernels, each value with its f32 error bound (bounds.ts). */

import { add, dot, exact, mul, oneMinus, sigmoid, tanh, type E } from './bounds.js';

/** Sizes of a batch of sequences; y keeps the last `outSteps` steps. */
export interface Dims {
  batch: number;
  steps: number;
  units: number;
  outSteps: number;
}

/** Offset of row (b, t) with rows of w values; of step t's output in y (−1: not kept). */
export const rowOf = (d: Dims, b: number, t: number, w: number): number => (b * d.steps + t) * w;
export const outOf = (d: Dims, b: number, t: number): number => {
  const s = t - (d.steps - d.outSteps);
  return s < 0 ? -1 : (b * d.outSteps + s) * d.units;
};

/** x_t·W + b for every row: the input projection (x [rows × F], W [F × n], b [n]). */
export function project(x: ArrayLike<number>, W: ArrayLike<number>, b: ArrayLike<number>, rows: number, F: number, n: number): E[] {
  const out: E[] = [];
  for (let r = 0; r < rows; r++) {
    const xs = Array.from({ length: F }, (_, k) => exact(x[r * F + k]));
    for (let q = 0; q < n; q++) out.push(dot(exact(b[q]), xs, (k) => W[k * n + q]));
  }
  return out;
}

/** One LSTM step of one sample: z = zx + h·U, i = σ, f = σ, g = tanh, o = σ, c′ = f·c + i·g, h′ = o·tanh(c′). */
export function lstmStep(zx: readonly E[], h: readonly E[], c: readonly E[], U: ArrayLike<number>, units: number) {
  const w = 4 * units;
  const z = zx.map((zq, q) => dot(zq, h, (k) => U[k * w + q]));
  const gates = z.map((v, q) => (q >= 2 * units && q < 3 * units ? tanh(v) : sigmoid(v)));
  const cell = c.map((cj, j) => add(mul(gates[units + j], cj), mul(gates[j], gates[2 * units + j])));
  const hNext = cell.map((cj, j) => mul(gates[3 * units + j], tanh(cj)));
  return { gates, cell, h: hNext };
}

/** lstmForward's outputs from zx (x·W + b per row): the gates, c, hp (h_{t−1} per row) and y. */
export function lstmSequence(zx: readonly E[], U: ArrayLike<number>, d: Dims) {
  const { batch, steps, units } = d;
  const gates: E[] = [], c: E[] = [], hp: E[] = [], y: E[] = Array(batch * d.outSteps * units);
  for (let b = 0; b < batch; b++) {
    let h = Array.from({ length: units }, () => exact(0)), cell = h;
    for (let t = 0; t < steps; t++) {
      const r = rowOf(d, b, t, 4 * units);
      const s = lstmStep(zx.slice(r, r + 4 * units), h, cell, U, units);
      gates.push(...s.gates);
      c.push(...s.cell);
      hp.push(...h);
      [h, cell] = [s.h, s.cell];
      const yo = outOf(d, b, t);
      if (yo >= 0) y.splice(yo, units, ...h);
    }
  }
  return { gates, c, hp, y };
}

/** lstmBackward from saved f32 gates and cells (exact inputs): dz per row, by backpropagation through time. */
export function lstmSequenceBackward(z: ArrayLike<number>, c: ArrayLike<number>, U: ArrayLike<number>, dy: ArrayLike<number>, d: Dims): E[] {
  const { batch, steps, units } = d;
  const w = 4 * units;
  const dz: E[] = Array(batch * steps * w);
  for (let b = 0; b < batch; b++) {
    let dh = Array.from({ length: units }, () => exact(0)), dc = dh;
    for (let t = steps - 1; t >= 0; t--) {
      const r = rowOf(d, b, t, w), cr = rowOf(d, b, t, units), yo = outOf(d, b, t);
      const g = (k: number, j: number): E => exact(z[r + k * units + j]);
      const rowDz: E[] = Array(w);
      dc = dc.map((dcj, j) => {
        const dhj = yo >= 0 ? add(dh[j], exact(dy[yo + j])) : dh[j];
        const tc = tanh(exact(c[cr + j]));
        const dcell = add(dcj, mul(mul(dhj, g(3, j)), oneMinus(mul(tc, tc))));
        const prev = exact(t > 0 ? c[cr - units + j] : 0);
        rowDz[j] = mul(mul(dcell, g(2, j)), mul(g(0, j), oneMinus(g(0, j))));
        rowDz[units + j] = mul(mul(dcell, prev), mul(g(1, j), oneMinus(g(1, j))));
        rowDz[2 * units + j] = mul(mul(dcell, g(0, j)), oneMinus(mul(g(2, j), g(2, j))));
        rowDz[3 * units + j] = mul(mul(dhj, tc), mul(g(3, j), oneMinus(g(3, j))));
        return mul(dcell, g(1, j));
      });
      dz.splice(r, w, ...rowDz);
      dh = Array.from({ length: units }, (_, k) => dot(exact(0), rowDz, (q) => U[k * w + q]));
    }
  }
  return dz;
}

/** rnnTanhForward / rnnReluForward from zx: h (written over z), hp and y. */
export function rnnSequence(zx: readonly E[], U: ArrayLike<number>, d: Dims, act: 'tanh' | 'relu') {
  const { batch, steps, units } = d;
  const hs: E[] = [], hp: E[] = [], y: E[] = Array(batch * d.outSteps * units);
  const f = act === 'tanh' ? tanh : (v: E): E => (v.v > 0 ? v : exact(0));
  for (let b = 0; b < batch; b++) {
    let h = Array.from({ length: units }, () => exact(0));
    for (let t = 0; t < steps; t++) {
      const r = rowOf(d, b, t, units);
      hp.push(...h);
      h = Array.from({ length: units }, (_, q) => f(dot(zx[r + q], h, (k) => U[k * units + q])));
      hs.push(...h);
      const yo = outOf(d, b, t);
      if (yo >= 0) y.splice(yo, units, ...h);
    }
  }
  return { h: hs, hp, y };
}

/** rnn…Backward from the saved f32 h: dz per row. */
export function rnnSequenceBackward(h: ArrayLike<number>, U: ArrayLike<number>, dy: ArrayLike<number>, d: Dims, act: 'tanh' | 'relu'): E[] {
  const { batch, steps, units } = d;
  const dz: E[] = Array(batch * steps * units);
  for (let b = 0; b < batch; b++) {
    let dh = Array.from({ length: units }, () => exact(0));
    for (let t = steps - 1; t >= 0; t--) {
      const r = rowOf(d, b, t, units), yo = outOf(d, b, t);
      const row = dh.map((dhj, j) => {
        const g = yo >= 0 ? add(dhj, exact(dy[yo + j])) : dhj;
        const hj = exact(h[r + j]);
        return act === 'tanh' ? mul(g, oneMinus(mul(hj, hj))) : hj.v > 0 ? g : exact(0);
      });
      dz.splice(r, units, ...row);
      dh = Array.from({ length: units }, (_, k) => dot(exact(0), row, (q) => U[k * units + q]));
    }
  }
  return dz;
}
