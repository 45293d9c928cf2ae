/** Batch norm on both backends against Ioffe & Szegedy's equations in f64, and its backward against finite differences of the training forward. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { createTsBackend } from '../../../src/backend/ts/ts_backend.js';
import * as spec from '../../../src/backend/ts/spec.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { Random } from '../../../src/random.js';
import { U, firstMismatch, run, type Bound } from '../parity.js';

// The reference is written from the paper (Ioffe & Szegedy 2015, Algorithm 1 and the chain rule of section 3), in f64,
// from x (not from x̂): μ = Σx/m, σ² = Σ(x − μ)²/m, x̂ = (x − μ)/√(σ² + ε), y = γx̂ + β;
// ∂σ² = Σ ∂x̂·(x − μ)·(−½)(σ² + ε)^(−3/2), ∂μ = −Σ ∂x̂/√(σ² + ε) + ∂σ²·Σ −2(x − μ)/m,
// ∂x = ∂x̂/√(σ² + ε) + ∂σ²·2(x − μ)/m + ∂μ/m, ∂γ = Σ ∂y·x̂, ∂β = Σ ∂y, with ∂x̂ = ∂y·γ.
// Kernel vs reference, on the same f32 inputs (u = 2⁻²⁴; scales in the bounds below, 1% margin):
//  - mean, variance, invStd: f64 values rounded to f32 (u), plus the f64 sums' error: rows·2⁻⁵³ of Σ|x| for the mean,
//    and for the variance (sums of d = x − x₀, then Σd²/m − (Σd/m)²) rows·2⁻⁵³ of variance + (μ − x₀)².
//  - x̂ = (x − m)·s from the f32 m and s: m's rounding moves it by u·|μ|·s, s's and the two operations by 3u|x̂|:
//    scale 4|x̂| + 2|μ|·s. (A mean large against the spread is what costs: μ = 1000, σ = 0.01 gives 2e5·u.)
//  - y: |γ| times x̂'s bound plus the product, sum and a spare rounding (3u on |γx̂| + |β|).
//  - backward, fed x̂ and invStd rounded from the reference: dβ (u), dγ (its x̂ inputs: u·Σ|dy·x̂|, then u), and
//    dx = k·(dy − dβ/m − x̂·dγ/m) with E = |dy| + |dβ|/m + |x̂|·Σ|dy·x̂|/m: the kernel's arithmetic 7u·|k|E (see
//    toolkit_parity.test.ts), its rounded inputs 4u·|k|E, k's rounding u·|k|E: c = 12 on |k|·E.
// Finite differences need f64 to be sharp, so they run through the specification itself on Float64Arrays (its loops
// take any array; nothing rounds): central differences with h = 10⁻⁴·σ of the column (σ = 1/invStd). With the scale
// S = Σ|c|·(|γ|·s + 1) of ∂L/∂x, the truncation error is ~(h/σ)²·S = 1e-8·S, and rounding moves x − μ by ~2⁻⁵²·|x|
// (|x| up to 1000 here), i.e. L by 2⁻⁵²·(|x|·s + 1)·S, divided by h·s = 10⁻⁴: tolerance S·(1e-7 + 2⁻⁵⁰·(|x|·s + 1)/10⁻⁴).
// dγ and dβ: L is linear in them, so only rounding remains (h = 10⁻⁵, tolerance 1e-7·Σ|c|).
// The WASM kernel is tied to the specification by toolkit_parity.test.ts.

const EPS = 1e-3;
const SHAPES: [number, number][] = [[1, 3], [2, 2], [3, 5], [8, 4], [17, 3], [64, 7], [5, 1]];

interface Ref { y: Float64Array; xhat: Float64Array; mean: Float64Array; variance: Float64Array; invStd: Float64Array }

/** The forward pass as the paper writes it, in f64. */
function refForward(x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, rows: number, cols: number, eps: number): Ref {
  const n = rows * cols;
  const r: Ref = { y: new Float64Array(n), xhat: new Float64Array(n), mean: new Float64Array(cols), variance: new Float64Array(cols), invStd: new Float64Array(cols) };
  for (let j = 0; j < cols; j++) {
    const col = Array.from({ length: rows }, (_, i) => x[i * cols + j]);
    const mu = col.reduce((a, b) => a + b, 0) / rows;
    const v = col.reduce((a, b) => a + (b - mu) ** 2, 0) / rows;
    r.mean[j] = mu;
    r.variance[j] = v;
    r.invStd[j] = 1 / Math.sqrt(v + eps);
    col.forEach((xi, i) => {
      r.xhat[i * cols + j] = (xi - mu) / Math.sqrt(v + eps);
      r.y[i * cols + j] = gamma[j] * r.xhat[i * cols + j] + beta[j];
    });
  }
  return r;
}

/** The paper's backward pass, through ∂σ² and ∂μ, in f64. */
function refBackward(x: ArrayLike<number>, gamma: ArrayLike<number>, dy: ArrayLike<number>, rows: number, cols: number, eps: number) {
  const f = refForward(x, gamma, new Float64Array(cols), rows, cols, eps);
  const dx = new Float64Array(rows * cols), dgamma = new Float64Array(cols), dbeta = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const mu = f.mean[j], v = f.variance[j], at = (i: number) => i * cols + j;
    let dvar = 0, dmu = 0, sumDev = 0;
    for (let i = 0; i < rows; i++) {
      const dxh = dy[at(i)] * gamma[j];
      dvar += dxh * (x[at(i)] - mu) * -0.5 * (v + eps) ** -1.5;
      dmu -= dxh / Math.sqrt(v + eps);
      sumDev += -2 * (x[at(i)] - mu);
      dgamma[j] += dy[at(i)] * f.xhat[at(i)];
      dbeta[j] += dy[at(i)];
    }
    dmu += (dvar * sumDev) / rows;
    for (let i = 0; i < rows; i++) {
      dx[at(i)] = (dy[at(i)] * gamma[j]) / Math.sqrt(v + eps) + (dvar * 2 * (x[at(i)] - mu)) / rows + dmu / rows;
    }
  }
  return { dx, dgamma, dbeta, f };
}

function randn(rng: Random, n: number, std = 1, mean = 0): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal(mean, std));
}
/** Random columns, except the first (mean 1000, spread 0.01) and, with 3 or more columns, a constant last one. */
function inputs(rng: Random, rows: number, cols: number): Float32Array {
  const x = randn(rng, rows * cols, 1.5, -0.3);
  for (let r = 0; r < rows; r++) {
    x[r * cols] = rng.normal(1000, 0.01);
    if (cols >= 3) x[r * cols + cols - 1] = 4;
  }
  return x;
}
const zeros = (n: number) => new Float32Array(n);
const bound = (c: number, scale: ArrayLike<number>): Bound => ({ c, scale: Float64Array.from(scale, (s) => 1.01 * s) });
const toF32 = (a: ArrayLike<number>) => Float32Array.from(a);

const backends: [string, () => Backend][] = [];
let wasm: Backend;
beforeAll(async () => {
  wasm = await createWasmBackend(undefined, { simd: 'baseline' });
});
backends.push(['ts', () => createTsBackend()], ['wasm', () => wasm]);

describe.each(backends)('%s backend against the f64 equations', (_name, backend) => {
  it('a hand-worked 2×2 batch: column [1, 3] → mean 2, variance 1, x̂ = ∓1/√1.001; constant column [10, 10] → x̂ = 0, y = β', () => {
    const be = backend();
    const x = Float32Array.from([1, 10, 3, 10]), gamma = Float32Array.from([2, 1]), beta = Float32Array.from([0.5, -1]);
    const out = run(be, { kernel: 'batchNorm', bufs: [x, gamma, beta, zeros(4), zeros(4), zeros(2), zeros(2), zeros(2)], rest: [2, 2, 1e-3] }).bufs;
    const h = 1 / Math.sqrt(1.001);
    expect(Array.from(out[5])).toEqual([2, 10]);
    expect(Array.from(out[6])).toEqual([1, 0]);
    expect(firstMismatch(out[4], Float32Array.from([-h, 0, h, 0]), { c: 3, scale: [h, 0, h, 0] })).toBeNull();
    expect(firstMismatch(out[3], Float32Array.from([0.5 - 2 * h, -1, 0.5 + 2 * h, -1]), { c: 8, scale: [2.5, 1, 2.5, 1] })).toBeNull();
    // backward of L = Σ y·[1, 0, 0, 0]: dβ = [1, 0], dγ = [−h, 0]; dx of column 0 = γ·s·(dy − 1/2 − x̂·(−h)/2) = ±h(1 − h²)
    const bw = run(be, { kernel: 'batchNormBackward', bufs: [out[4], gamma, out[7], Float32Array.from([1, 0, 0, 0]), zeros(4), zeros(2), zeros(2)], rest: [2, 2] }).bufs;
    expect(Array.from(bw[6])).toEqual([1, 0]);
    expect(firstMismatch(bw[5], Float32Array.from([-h, 0]), { c: 3, scale: [h, 0] })).toBeNull();
    const d = 2 * h * (0.5 - (h * h) / 2);
    expect(firstMismatch(bw[4], Float32Array.from([d, 0, -d, 0]), { c: 16, scale: [2 * h, 0, 2 * h, 0] })).toBeNull();
  });

  for (const [rows, cols] of SHAPES) {
    it(`${rows}×${cols}: training forward, backward, inference, moving statistics`, () => {
      const be = backend();
      const rng = new Random(rows * 100 + cols);
      const n = rows * cols, x = inputs(rng, rows, cols), gamma = randn(rng, cols), beta = randn(rng, cols), dy = randn(rng, n);
      const ref = refForward(x, gamma, beta, rows, cols, EPS);
      const out = run(be, { kernel: 'batchNorm', bufs: [x, gamma, beta, zeros(n), zeros(n), zeros(cols), zeros(cols), zeros(cols)], rest: [rows, cols, EPS] }).bufs;
      const col = (a: ArrayLike<number>, i: number) => a[i % cols];
      const absSum = (j: number, f: (i: number) => number) => Array.from({ length: rows }, (_, r) => Math.abs(f(r * cols + j))).reduce((a, b) => a + b, 0);
      const xhScale = Float64Array.from(ref.xhat, (v, i) => 4 * Math.abs(v) + 2 * Math.abs(col(ref.mean, i)) * col(ref.invStd, i));
      const checks: [Float32Array, Float64Array, Bound][] = [
        [out[5], ref.mean, bound(1, Float64Array.from(ref.mean, (m, j) => Math.abs(m) + rows * 2 ** -28 * absSum(j, (i) => x[i]) / rows))],
        [out[6], ref.variance, bound(1, Float64Array.from(ref.variance, (v, j) => v + rows * 2 ** -28 * (v + (ref.mean[j] - x[j]) ** 2)))],
        [out[7], ref.invStd, bound(1, Float64Array.from(ref.invStd, (s, j) => s * (1 + (rows * 2 ** -28 * (ref.variance[j] + (ref.mean[j] - x[j]) ** 2)) / (ref.variance[j] + EPS))))],
        [out[4], ref.xhat, bound(1, xhScale)],
        [out[3], ref.y, bound(1, Float64Array.from(ref.y, (_, i) => Math.abs(col(gamma, i)) * xhScale[i] + 3 * (Math.abs(col(gamma, i) * ref.xhat[i]) + Math.abs(col(beta, i)))))],
      ];
      for (const [actual, expected, b] of checks) expect(firstMismatch(actual, toF32(expected), b)).toBeNull();

      // backward from the reference's x̂ and invStd rounded to f32
      const bw = refBackward(x, gamma, dy, rows, cols, EPS);
      const got = run(be, { kernel: 'batchNormBackward', bufs: [toF32(ref.xhat), gamma, toF32(ref.invStd), dy, zeros(n), zeros(cols), zeros(cols)], rest: [rows, cols] }).bufs;
      const dyXh = (j: number) => absSum(j, (i) => dy[i] * ref.xhat[i]);
      const E = Float64Array.from(dy, (d, i) => Math.abs(d) + Math.abs(col(bw.dbeta, i)) / rows + (Math.abs(ref.xhat[i]) * dyXh(i % cols)) / rows);
      expect(firstMismatch(got[6], toF32(bw.dbeta), bound(1, Float64Array.from(bw.dbeta, (b, j) => Math.abs(b) + rows * 2 ** -28 * absSum(j, (i) => dy[i]))))).toBeNull();
      expect(firstMismatch(got[5], toF32(bw.dgamma), bound(2, Float64Array.from(bw.dgamma, (_, j) => dyXh(j))))).toBeNull();
      expect(firstMismatch(got[4], toF32(bw.dx), bound(12, Float64Array.from(E, (e, i) => Math.abs(col(gamma, i) * col(ref.invStd, i)) * e)))).toBeNull();

      // inference: y = γ·(x − mm)/√(mv + ε) + β; the kernel's 5|dk| + 2|β| (toolkit_parity) plus invStd's rounding
      const mm = randn(rng, cols), mv = Float32Array.from(randn(rng, cols), (v) => v * v + 0.1);
      const inf = run(be, { kernel: 'batchNormInference', bufs: [x, mm, mv, gamma, beta, zeros(n), zeros(cols)], rest: [rows, cols, EPS] }).bufs;
      const k = (i: number) => col(gamma, i) / Math.sqrt(col(mv, i) + EPS);
      const yInf = Float64Array.from(x, (v, i) => (v - col(mm, i)) * k(i) + col(beta, i));
      expect(firstMismatch(inf[5], toF32(yInf), bound(1, Float64Array.from(x, (v, i) => 6 * Math.abs((v - col(mm, i)) * k(i)) + 2 * Math.abs(col(beta, i)))))).toBeNull();
    });
  }

  it('moving statistics over several steps follow moving = μ·moving + (1 − μ)·batch, with the unbiased variance', () => {
    const be = backend();
    const rng = new Random(7);
    const cols = 5, momentum = 0.9;
    let mm = new Float64Array(cols), mv = new Float64Array(cols).fill(1); // Keras's initial values: zeros, ones
    // error bound carried with the state: each step rounds the new moving value (u·|new|) and brought in the batch
    // statistic rounded to f32 ((1 − μ)·u·|stat|), and shrinks the earlier error by μ
    let sm = new Float64Array(cols), sv = new Float64Array(cols);
    const bufs: Float32Array[] = [zeros(cols), zeros(cols), zeros(cols), Float32Array.from(mv)];
    for (const rows of [8, 3, 1, 64, 2]) {
      const x = randn(rng, rows * cols, 2, 1);
      const ref = refForward(x, new Float64Array(cols).fill(1), new Float64Array(cols), rows, cols, EPS);
      const fw = run(be, { kernel: 'batchNorm', bufs: [x, new Float32Array(cols).fill(1), zeros(cols), zeros(rows * cols), zeros(rows * cols), zeros(cols), zeros(cols), zeros(cols)], rest: [rows, cols, EPS] }).bufs;
      const upd = run(be, { kernel: 'batchNormUpdateMoving', bufs: [fw[5], fw[6], bufs[2], bufs[3]], rest: [cols, rows, momentum] }).bufs;
      [bufs[2], bufs[3]] = [upd[2], upd[3]];
      const bessel = rows > 1 ? rows / (rows - 1) : 1; // one row: no correction (TensorFlow's rule)
      mm = mm.map((m, j) => momentum * m + (1 - momentum) * ref.mean[j]);
      mv = mv.map((v, j) => momentum * v + (1 - momentum) * ref.variance[j] * bessel);
      sm = sm.map((s, j) => momentum * s + Math.abs(mm[j]) + (1 - momentum) * Math.abs(ref.mean[j]) * (1 + rows * 2 ** -28));
      sv = sv.map((s, j) => momentum * s + mv[j] + (1 - momentum) * bessel * ref.variance[j] * (1 + rows * 2 ** -28));
      expect(firstMismatch(bufs[2], toF32(mm), bound(1, sm)), `moving mean after a batch of ${rows}`).toBeNull();
      expect(firstMismatch(bufs[3], toF32(mv), bound(1, sv)), `moving variance after a batch of ${rows}`).toBeNull();
    }
    // with momentum 0 the moving variance is the batch's corrected one: ×2 after 2 rows (the biased 0.5 would fail), ×1 after 1
    const upd = (rows: number) => run(be, { kernel: 'batchNormUpdateMoving', bufs: [zeros(1), Float32Array.from([0.5]), zeros(1), zeros(1)], rest: [1, rows, 0] }).bufs[3][0];
    expect([upd(2), upd(1), upd(5)]).toEqual([1, 0.5, 0.625]);
  });
});

describe('the specification in f64 against finite differences of a loss through the training forward', () => {
  const f64 = (a: ArrayLike<number>) => Float64Array.from(a) as unknown as Float32Array;
  for (const [rows, cols] of SHAPES) {
    it(`${rows}×${cols}: dx, dγ, dβ of L = Σ c·y`, () => {
      const rng = new Random(rows * 31 + cols);
      const n = rows * cols;
      const x = f64(inputs(rng, rows, cols)), gamma = f64(randn(rng, cols)), beta = f64(randn(rng, cols)), c = f64(randn(rng, n));
      const forward = () => {
        const y = f64(new Float64Array(n));
        spec.batchNorm(x, gamma, beta, y, f64(new Float64Array(n)), f64(new Float64Array(cols)), f64(new Float64Array(cols)), f64(new Float64Array(cols)), rows, cols, EPS);
        return y.reduce((s, v, i) => s + v * c[i], 0);
      };
      const xhat = f64(new Float64Array(n)), invStd = f64(new Float64Array(cols));
      spec.batchNorm(x, gamma, beta, f64(new Float64Array(n)), xhat, f64(new Float64Array(cols)), f64(new Float64Array(cols)), invStd, rows, cols, EPS);
      const dx = f64(new Float64Array(n)), dgamma = f64(new Float64Array(cols)), dbeta = f64(new Float64Array(cols));
      spec.batchNormBackward(xhat, gamma, invStd, c, dx, dgamma, dbeta, rows, cols);
      const sigma = Array.from({ length: cols }, (_, j) => 1 / invStd[j]);
      const cAbs = c.reduce((s, v) => s + Math.abs(v), 0);
      const fd = (arr: Float32Array, i: number, h: number) => {
        const v0 = arr[i];
        arr[i] = v0 + h;
        const up = forward();
        arr[i] = v0 - h;
        const down = forward();
        arr[i] = v0;
        return (up - down) / (2 * h);
      };
      for (let i = 0; i < n; i++) {
        const j = i % cols;
        let xMax = 0;
        for (let r = 0; r < rows; r++) xMax = Math.max(xMax, Math.abs(x[r * cols + j]));
        const tol = cAbs * (Math.abs(gamma[j]) * invStd[j] + 1) * (1e-7 + (2 ** -50 * (xMax * invStd[j] + 1)) / 1e-4);
        expect(Math.abs(fd(x, i, 1e-4 * sigma[j]) - dx[i]), `dx[${i}]`).toBeLessThanOrEqual(tol);
      }
      for (let j = 0; j < cols; j++) {
        expect(Math.abs(fd(gamma, j, 1e-5) - dgamma[j]), `dγ[${j}]`).toBeLessThanOrEqual(1e-7 * cAbs);
        expect(Math.abs(fd(beta, j, 1e-5) - dbeta[j]), `dβ[${j}]`).toBeLessThanOrEqual(1e-7 * cAbs);
      }
    });
  }
});
