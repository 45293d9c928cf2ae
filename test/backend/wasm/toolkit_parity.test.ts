/** The training-toolkit kernels (dropout, batch norm, normalizeColumns, softmaxBackward, clipping, nesterov / adamw / rmsprop / adagrad) against the pure-TS specification. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { createTsBackend } from '../../../src/backend/ts/ts_backend.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { relaxedSimdSupported, type SimdChoice } from '../../../src/backend/wasm/loader.js';
import { Random } from '../../../src/random.js';
import { U, abs, parityMismatch, run, type Bound, type Call } from '../parity.js';

// Tolerances, as in wasm_backend.test.ts: element i may differ by c·u·scale[i] (u = 2⁻²⁴), scale the sum of the
// magnitudes of the terms forming it, c the roundings on the way (WASM rounds every f32 operation, and its scalars
// once to f32; TS computes in f64 and rounds once when storing), plus a margin of 1% for second-order terms.
// "Exact" (c = 0) means the same values, signed zeros included (parity.ts, firstDifference).
//  - optimizers, one step: as wasm_backend.test.ts's sgd / momentum / adam, term by term (see each case).
//  - dropout and its backward: exact (an integer hash; a product of two f32 is exact in f64, so TS's one rounding
//    is WASM's).
//  - scaleInPlace, clipInPlace: exact (the scalar rounded to f32 on both sides).
//  - softmaxBackward: Σ dy·y of f32 products summed in f64, rounded once (≤ 2u·Σ|dy·y|), then the difference, the
//    product and TS's rounding (3u on |y|·|dy − S|): scale |y|·(2Σ|dy·y| + 3|dy − S|).
//  - normalizeColumns: WASM rounds x − shift and the product, TS once: 3u·|y|. Its backward: exact.
//  - batch norm's statistics (mean, variance, invStd, dγ, dβ) and batchNormUpdateMoving: exact, being f64 sums in
//    row order and f64 arithmetic in the same order on both sides (one f64x2 lane per column in WASM), rounded to
//    f32 once. Everything downstream then starts from the same f32 values, which keeps the other bounds local:
//    x̂ = (x − m)·s is normalizeColumns' 3u·|x̂|; y = γ·x̂ + β from x̂s 3u apart: |γ|·3u|x̂| + γx̂ (u) + the sum
//    (u) + TS (u): 6|γx̂| + 2|β|; inference y = (x − mm)·(γ·s) + β: d, k, d·k (3u on |dk|), the sum and TS's
//    rounding: 5|dk| + 2|β|; backward dx = k·(dy − dβ/rows − x̂·dγ/rows): 1/rows, the two scalings, x̂·b, two
//    differences, k and the product (4u on E = |dy| + |dβ/rows| + |x̂·dγ/rows| inside, then 3u on |k|·E with
//    TS's): c = 8 on |k|·E.

const SIZES = [1, 3, 4, 5, 17, 63, 257];
// rows × cols of the column kernels: single rows, columns not multiples of 4 (and 1, 2: normalize's flat path)
const SHAPES: [number, number][] = [
  [1, 1], [1, 5], [2, 1], [3, 3], [4, 4], [5, 7], [17, 5], [63, 9], [257, 3], [64, 128], [100, 2], [9, 1], [33, 17], [7, 8],
];
const BUILDS: SimdChoice[] = relaxedSimdSupported() ? ['baseline', 'relaxed'] : ['baseline'];

const ts: Backend = createTsBackend();
let wasm: Backend;

function randn(rng: Random, n: number, std = 1, mean = 0): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal(mean, std));
}
const zeros = (n: number) => new Float32Array(n);
const exact = (n: number): Bound => ({ c: 0, scale: new Float64Array(n) });
const rel = (x: ArrayLike<number>, c: number, floor = 0): Bound => ({ c, scale: abs(x), floor });

function check(call: Call, outs: number[], bounds: (t: Float32Array[]) => Bound[]): void {
  expect(parityMismatch(ts, wasm, call, outs, bounds)).toBeNull();
  expect(wasm.liveBuffers()).toBe(0);
}

/** Batch inputs: random, a large mean over a small spread (cancellation), a constant column, and a zero column. */
function batchInputs(rng: Random, rows: number, cols: number): Float32Array[] {
  const shifted = randn(rng, rows * cols, 0.01, 1000);
  const mixed = randn(rng, rows * cols, 3);
  for (let r = 0; r < rows; r++) {
    mixed[r * cols] = 2.5; // constant column: variance exactly 0
    if (cols > 1) mixed[r * cols + cols - 1] = 0;
  }
  return [randn(rng, rows * cols, 2, 0.5), shifted, mixed];
}

describe.each(BUILDS)('%s build', (build) => {
  beforeAll(async () => {
    wasm = await createWasmBackend(undefined, { simd: build });
  });

  describe('dropout.ts', () => {
    const rng = new Random(11);
    for (const n of SIZES) {
      it(`n = ${n}`, () => {
        const x = randn(rng, n), dy = randn(rng, n);
        for (const rate of [0, 0.1, 0.5, 0.9, 0.999]) {
          for (const seed of [0, 1, -1, 0x7fffffff, 2 ** 31, 2 ** 32 - 1, 123456789, rng.nextUint32()]) {
            check({ kernel: 'dropout', bufs: [x, zeros(n), zeros(n)], rest: [n, rate, seed] }, [1, 2], () => [exact(n), exact(n)]);
          }
        }
        const mask = run(ts, { kernel: 'dropout', bufs: [x, zeros(n), zeros(n)], rest: [n, 0.3, 7] }).bufs[2];
        check({ kernel: 'dropoutBackward', bufs: [mask, dy, zeros(n)], rest: [n] }, [2], () => [exact(n)]);
      });
    }
  });

  describe('clip.ts', () => {
    const rng = new Random(15);
    for (const n of SIZES) {
      it(`n = ${n}`, () => {
        const special = Float32Array.from({ length: n }, (_, i) => [NaN, -0, 0, Infinity, -Infinity, 3.5, -3.5, 1e-40][i % 8]);
        for (const v of [randn(rng, n), special]) {
          for (const s of [0.3, 1, 0, 1 / 3, 1e-20]) check({ kernel: 'scaleInPlace', bufs: [v], rest: [n, s] }, [0], () => [exact(n)]);
          for (const limit of [0, 0.5, 1 / 3, 3.5, Infinity]) check({ kernel: 'clipInPlace', bufs: [v], rest: [n, limit] }, [0], () => [exact(n)]);
        }
      });
    }
  });

  describe('normalize.ts', () => {
    const rng = new Random(16);
    for (const [rows, cols] of SHAPES) {
      it(`${rows}×${cols}`, () => {
        const n = rows * cols;
        for (const x of batchInputs(rng, rows, cols)) {
          const shift = randn(rng, cols), scale = randn(rng, cols), dy = randn(rng, n);
          check({ kernel: 'normalizeColumns', bufs: [x, shift, scale, zeros(n)], rest: [rows, cols] }, [3], ([, , , y]) => [rel(y, 3.03)]);
          check({ kernel: 'normalizeColumnsBackward', bufs: [scale, dy, zeros(n)], rest: [rows, cols] }, [2], () => [exact(n)]);
        }
      });
    }
    it('writes exactly its output (a guard after y untouched)', () => {
      for (const [rows, cols] of [[3, 5], [5, 2], [2, 1], [9, 3]] as const) {
        const n = rows * cols;
        const r = run(wasm, { kernel: 'normalizeColumns', bufs: [randn(rng, n), randn(rng, cols), randn(rng, cols), new Float32Array(n + 3).fill(7)], rest: [rows, cols] });
        expect(Array.from(r.bufs[3].subarray(n))).toEqual([7, 7, 7]);
      }
    });
  });

  describe('batch_norm.ts, batch_norm_inference.ts', () => {
    const rng = new Random(12);
    for (const [rows, cols] of SHAPES) {
      it(`${rows}×${cols}`, () => {
        const n = rows * cols;
        for (const x of batchInputs(rng, rows, cols)) {
          const gamma = randn(rng, cols), beta = randn(rng, cols), dy = randn(rng, n);
          const c = (i: number) => i % cols;
          for (const eps of [1e-3, 1e-5]) {
            // batchNorm(x, γ, β, y, x̂, mean, variance, invStd, rows, cols, eps): statistics exact, x̂ and y as above
            check({ kernel: 'batchNorm', bufs: [x, gamma, beta, zeros(n), zeros(n), zeros(cols), zeros(cols), zeros(cols)], rest: [rows, cols, eps] },
              [5, 6, 7, 4, 3], ([, , , , xh]) => [exact(cols), exact(cols), exact(cols), rel(xh, 3.03),
                { c: 1, scale: Float64Array.from(xh, (v, i) => 1.01 * (6 * Math.abs(gamma[c(i)] * v) + 2 * Math.abs(beta[c(i)]))) }]);
          }
          const fw = run(ts, { kernel: 'batchNorm', bufs: [x, gamma, beta, zeros(n), zeros(n), zeros(cols), zeros(cols), zeros(cols)], rest: [rows, cols, 1e-3] });
          const [xh, invStd] = [fw.bufs[4], fw.bufs[7]];
          // batchNormBackward(x̂, γ, invStd, dy, dx, dγ, dβ, rows, cols): sums exact, dx with c = 8 on |k|·E
          check({ kernel: 'batchNormBackward', bufs: [xh, gamma, invStd, dy, zeros(n), zeros(cols), zeros(cols)], rest: [rows, cols] },
            [5, 6, 4], ([, , , , , dg, db]) => [exact(cols), exact(cols), {
              c: 8.08,
              scale: Float64Array.from(dy, (d, i) => Math.abs(gamma[c(i)] * invStd[c(i)]) * (Math.abs(d) + Math.abs(db[c(i)] / rows) + Math.abs((xh[i] * dg[c(i)]) / rows))),
            }]);
          const mm = randn(rng, cols), mv = Float32Array.from(randn(rng, cols), (v) => v * v);
          // batchNormInference(x, movingMean, movingVar, γ, β, y, invStd, rows, cols, eps)
          check({ kernel: 'batchNormInference', bufs: [x, mm, mv, gamma, beta, zeros(n), zeros(cols)], rest: [rows, cols, 1e-3] }, [6, 5], ([, , , , , , s]) => [
            exact(cols),
            { c: 1, scale: Float64Array.from(x, (v, i) => 1.01 * (5 * Math.abs((v - mm[c(i)]) * gamma[c(i)] * s[c(i)]) + 2 * Math.abs(beta[c(i)]))) },
          ]);
          for (const momentum of [0.99, 0.9, 0]) {
            check({ kernel: 'batchNormUpdateMoving', bufs: [fw.bufs[5], fw.bufs[6], mm, mv], rest: [cols, rows, momentum] }, [2, 3], () => [exact(cols), exact(cols)]);
          }
        }
      });
    }
    it('a single row: variance 0, x̂ = 0 and y = β exactly, on both backends', () => {
      const x = Float32Array.from([3, -1e3, 0.25, 7]), gamma = Float32Array.from([2, 3, 4, 5]), beta = Float32Array.from([0.5, -1, 0, 9]);
      for (const be of [ts, wasm]) {
        const r = run(be, { kernel: 'batchNorm', bufs: [x, gamma, beta, zeros(4), zeros(4), zeros(4), zeros(4), zeros(4)], rest: [1, 4, 1e-3] });
        expect(Array.from(r.bufs[3])).toEqual(Array.from(beta));
        expect(Array.from(r.bufs[4])).toEqual([0, 0, 0, 0]);
        expect(Array.from(r.bufs[5])).toEqual(Array.from(x));
        expect(Array.from(r.bufs[6])).toEqual([0, 0, 0, 0]);
        expect(Array.from(r.bufs[7])).toEqual(new Array(4).fill(Math.fround(1 / Math.sqrt(1e-3))));
      }
    });
    it('training forward and backward write exactly their outputs (guards after every buffer untouched)', () => {
      for (const [rows, cols] of [[3, 5], [5, 2], [2, 1], [9, 3]] as const) {
        const n = rows * cols;
        const guard = (len: number) => new Float32Array(len + 3).fill(7);
        const r = run(wasm, { kernel: 'batchNorm', bufs: [randn(rng, n), randn(rng, cols), randn(rng, cols), guard(n), guard(n), guard(cols), guard(cols), guard(cols)], rest: [rows, cols, 1e-3] });
        for (const [b, len] of [[3, n], [4, n], [5, cols], [6, cols], [7, cols]]) expect(Array.from(r.bufs[b].subarray(len)), `batchNorm buffer ${b}`).toEqual([7, 7, 7]);
        const bw = run(wasm, { kernel: 'batchNormBackward', bufs: [randn(rng, n), randn(rng, cols), randn(rng, cols), randn(rng, n), guard(n), guard(cols), guard(cols)], rest: [rows, cols] });
        for (const [b, len] of [[4, n], [5, cols], [6, cols]]) expect(Array.from(bw.bufs[b].subarray(len)), `batchNormBackward buffer ${b}`).toEqual([7, 7, 7]);
      }
    });
  });

  describe('activations.ts: softmaxBackward', () => {
    const rng = new Random(13);
    for (const rows of SIZES) {
      for (const cols of [1, 2, 3, 4, 5, 10, 17]) {
        it(`${rows}×${cols}`, () => {
          const n = rows * cols;
          const big = Float32Array.from({ length: n }, (_, i) => [1e3, -1e3, 999.5, 1000.25, -999][(i * 7) % 5]);
          for (const logits of [randn(rng, n, 4), big, zeros(n)]) {
            const y = run(ts, { kernel: 'softmax', bufs: [logits, zeros(n)], rest: [rows, cols] }).bufs[1];
            const dy = randn(rng, n);
            check({ kernel: 'softmaxBackward', bufs: [y, dy, zeros(n)], rest: [rows, cols] }, [2], () => [softmaxBackwardBound(y, dy, rows, cols)]);
          }
        });
      }
    }
  });

  describe('optim.ts, optim_adaptive.ts: one step', () => {
    const rng = new Random(14);
    for (const n of SIZES) {
      it(`n = ${n}`, () => {
        const w = randn(rng, n), g = randn(rng, n), v = randn(rng, n), m = randn(rng, n, 0.1);
        const v2 = Float32Array.from(randn(rng, n, 0.1), (x) => x * x);
        const [lr, l2, mu] = [0.05, 1e-3, 0.9];
        const gp = Float64Array.from(w, (wi, i) => Math.abs(g[i]) + l2 * Math.abs(wi));
        // nesterov: v as momentum's (c = 4); w − lr·(g′ + μ·v′) with v′'s error and 4 more roundings: c = 8
        const vS = Float64Array.from(gp, (x, i) => mu * Math.abs(v[i]) + x);
        const wS = Float64Array.from(w, (wi, i) => Math.abs(wi) + lr * (gp[i] + mu * vS[i]));
        check({ kernel: 'nesterov', bufs: [w, g, v], rest: [n, lr, mu, l2] }, [0, 2], () => [{ c: 8, scale: wS }, { c: 4, scale: vS }]);
        // adamw: adam's bound (wasm_backend.test.ts) with decay·w added to w's terms
        const [lrT, b1, b2, eps, decay] = [0.01, 0.9, 0.999, 1e-8, 0.004];
        check({ kernel: 'adamw', bufs: [w, g, m, v2], rest: [n, lrT, b1, b2, eps, l2, decay] }, [0, 2, 3], (t) => {
          const mS = Float64Array.from(gp, (x, i) => b1 * Math.abs(m[i]) + (1 - b1) * x);
          const v2S = Float64Array.from(gp, (x, i) => b2 * v2[i] + (1 - b2) * x * x);
          const step = (i: number) => (lrT * Math.abs(t[2][i])) / (Math.sqrt(t[3][i]) + eps);
          const wA = Float64Array.from(w, (wi, i) => Math.abs(wi) * (1 + decay) + 4 * step(i) * (1 + mS[i] / Math.max(Math.abs(t[2][i]), 1e-30)));
          return [{ c: 8, scale: wA }, { c: 4, scale: mS }, { c: 4, scale: v2S }];
        });
        for (const [rho, e, mom] of [[0.9, 1e-7, 0], [0.9, 1e-7, 0.9], [0.5, 0.1, 0.5]]) rmspropCase(w, g, v2, v, gp, n, rho, e, mom);
        adagradCase(w, g, v2, gp, n);
      });
    }
  });
});

/** Bound of softmaxBackward (derivation in the header), with S = Σ dy·y per row in f64 and a floor for subnormal y. */
function softmaxBackwardBound(y: Float32Array, dy: Float32Array, rows: number, cols: number): Bound {
  const scale = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let s = 0, sa = 0;
    for (let j = 0; j < cols; j++) {
      s += dy[r * cols + j] * y[r * cols + j];
      sa += Math.abs(dy[r * cols + j] * y[r * cols + j]);
    }
    for (let j = 0; j < cols; j++) {
      const i = r * cols + j;
      scale[i] = 1.01 * Math.abs(y[i]) * (2 * sa + 3 * Math.abs(dy[i] - s));
    }
  }
  return { c: 1, scale, floor: 1e-44 };
}

/**
 * rmsprop, one step: ms′ = ρ·ms + (1 − ρ)·g′² (g′ 2u, its square 4u, 2 more roundings: c = 6 on its terms); the increment
 * lr·g′/√(ms′ + ε) carries half of ms′'s relative error plus ~6 roundings: c = 8 on |inc|·(1 + msS/(ms′ + ε)); mom′
 * adds μ·mom (c = 8 on the sum) and w′ = w − mom′ one more (c = 9, taken as 10).
 */
function rmspropCase(w: Float32Array, g: Float32Array, ms: Float32Array, mom: Float32Array, gp: Float64Array, n: number, rho: number, eps: number, mu: number): void {
  const [lr, l2] = [0.01, 1e-3];
  check({ kernel: 'rmsprop', bufs: [w, g, ms, mom], rest: [n, lr, rho, eps, mu, l2] }, [0, 2, 3], (t) => {
    const msS = Float64Array.from(gp, (x, i) => rho * ms[i] + (1 - rho) * x * x);
    const momS = Float64Array.from(gp, (x, i) => mu * Math.abs(mom[i]) + ((lr * x) / Math.sqrt(t[2][i] + eps)) * (1 + msS[i] / (t[2][i] + eps)));
    return [{ c: 10, scale: Float64Array.from(w, (wi, i) => Math.abs(wi) + momS[i]) }, { c: 6, scale: msS }, { c: 8, scale: momS }];
  });
}

/** adagrad, one step: acc′ = acc + g′² (c = 6), w′ = w − lr·g′/√(acc′ + ε) as rmsprop's increment (c = 10 on w's terms). */
function adagradCase(w: Float32Array, g: Float32Array, acc: Float32Array, gp: Float64Array, n: number): void {
  const [lr, eps, l2] = [0.1, 1e-7, 1e-3];
  check({ kernel: 'adagrad', bufs: [w, g, acc], rest: [n, lr, eps, l2] }, [0, 2], (t) => {
    const accS = Float64Array.from(gp, (x, i) => acc[i] + x * x);
    const wS = Float64Array.from(gp, (x, i) => Math.abs(w[i]) + ((lr * x) / Math.sqrt(t[2][i] + eps)) * (1 + accS[i] / (t[2][i] + eps)));
    return [{ c: 10, scale: wS }, { c: 6, scale: accS }];
  });
}
