/** Every WASM kernel against the pure-TS specification, forward and backward, at awkward sizes and extreme values. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { createTsBackend } from '../../../src/backend/ts/ts_backend.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { relaxedSimdSupported, type SimdChoice } from '../../../src/backend/wasm/loader.js';
import { Random } from '../../../src/random.js';
import { U, abs, absProduct, firstMismatch, run, transpose, type Bound, type Call } from '../parity.js';

// Tolerances. Each element may differ by c·u·scale (u = 2⁻²⁴), where scale is the sum of magnitudes of
// the terms forming it, so the bound is the usual forward-error bound of the two implementations added.
//  - matmul family: each side accumulates k products in f32, error ≤ k·u·(|A||B|)ᵢⱼ, so c = 2(k + 2).
//  - transcendental kernels: the vector exp (assembly/simd.ts) was measured at ≤ 8.4e-8 relative (≈ 1.4u);
//    sigmoid ≤ 1.93e-7 and tanh ≤ 1.7e-7 relative on [−40, 40] (test/backend/wasm/exp_error.test.ts measures
//    them again). The TS side rounds its f64 result to f32 (≤ 1u), so rtol = 2e-7 + u + margin → c = 6 (3.6e-7).
//  - exact kernels (relu, step, biasAdd, colSum in the same order): c = 0.

const SIZES = [1, 3, 4, 5, 17, 63, 257];
// matmul shapes m×k×n: the brief's set plus non-multiples of the 4×8 register block on every side
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [3, 5, 7], [2, 16, 16], [100, 2, 16], [64, 784, 128],
  [5, 9, 13], [4, 8, 8], [6, 3, 12], [7, 17, 33], [9, 1, 4], [13, 31, 11],
  // depths past the 256-deep k-blocks of the packed kernel (and, for matmulTransA, m past them)
  [3, 513, 10], [300, 7, 9],
];

// Every build this process can run: relaxed SIMD needs Chrome ≥ 114 / Node ≥ 22, or Node 20 with
// --experimental-wasm-relaxed-simd (test/backend/wasm/relaxed.test.ts reruns this file that way).
const BUILDS: SimdChoice[] = relaxedSimdSupported() ? ['baseline', 'relaxed'] : ['baseline'];
if (process.env.SIMDNET_EXPECT_RELAXED) it('relaxed SIMD is runnable in this process', () => expect(BUILDS).toContain('relaxed'));

const ts: Backend = createTsBackend();
let wasm: Backend;

function randn(rng: Random, n: number, std = 1): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.normal(0, std);
  return x;
}

/** Runs `call` on both backends; checks buffer `outs[i]` with `bounds[i]` (from the TS result) and the return value. */
function check(call: Call, outs: number[], bounds: (ts: Float32Array[]) => Bound[], retTol?: (ret: number) => number): void {
  const t = run(ts, call);
  const w = run(wasm, call);
  const bs = bounds(t.bufs);
  outs.forEach((o, i) => {
    const msg = firstMismatch(w.bufs[o], t.bufs[o], bs[i]);
    expect(msg, `${call.kernel}(${call.rest.join(', ')}) buffer ${o}`).toBeNull();
  });
  if (retTol) {
    expect(typeof w.ret).toBe('number');
    expect(Math.abs(w.ret! - t.ret!), `${call.kernel} return: wasm ${w.ret}, ts ${t.ret}`).toBeLessThanOrEqual(retTol(t.ret!));
  }
  expect(wasm.liveBuffers()).toBe(0);
}

const exact = (n: number): Bound => ({ c: 0, scale: new Float64Array(n) });
const rel = (x: ArrayLike<number>, c: number, floor = 0): Bound => ({ c, scale: abs(x), floor });

/** Inputs for the elementwise kernels: random, extreme (±40, ±100, ±1e3), zeros and signed zeros. */
function elementwiseInputs(rng: Random, n: number): Float32Array[] {
  const extreme = [40, -40, 100, -100, 1e3, -1e3, 0, -0, 1e-6, -1e-6, 88, -88, 0.3, -0.3, 16.6, -16.6];
  return [randn(rng, n, 3), Float32Array.from({ length: n }, (_, i) => extreme[i % extreme.length]), new Float32Array(n)];
}

/** Softmax bound: exp (1.4u) + the f32 row sum (cols/4 + 3 roundings in 4 lanes) + 1/sum and the product + TS's rounding, plus the rounding of x − max, which e^(x−max) turns into a relative error |x − max|·u. */
function softmaxBound(x: Float32Array, y: Float32Array, rows: number, cols: number): Bound {
  const scale = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, x[r * cols + j]);
    for (let j = 0; j < cols; j++) {
      const i = r * cols + j;
      scale[i] = y[i] * (cols / 4 + 8 + Math.abs(x[i] - max));
    }
  }
  return { c: 2, scale, floor: 1e-38 };
}

/**
 * matmulBiasRelu / Tanh / Sigmoid: against the TS spec, with the product's bound carried through the activation
 * (relu passes it on, tanh and sigmoid scale it by their slope ≤ 1 and ≤ 1/4, plus their own 6u), and bit for
 * bit equal to matmulBias followed by the separate activation kernel on the same backend.
 */
function fusedDense(a: Float32Array, b: Float32Array, bias: Float32Array, m: number, k: number, n: number, abb: Float64Array): void {
  const c = 2 * (k + 2);
  const z = run(ts, { kernel: 'matmulBias', bufs: [a, b, bias, new Float32Array(m * n)], rest: [m, k, n] }).bufs[3];
  const slope = { matmulBiasRelu: () => 1, matmulBiasTanh: (v: number) => 1 - Math.tanh(v) ** 2, matmulBiasSigmoid: (v: number) => { const s = 1 / (1 + Math.exp(-v)); return s * (1 - s); } };
  const single = { matmulBiasRelu: 'relu', matmulBiasTanh: 'tanh', matmulBiasSigmoid: 'sigmoid' } as const;
  for (const kernel of ['matmulBiasRelu', 'matmulBiasTanh', 'matmulBiasSigmoid'] as const) {
    const own = kernel === 'matmulBiasRelu' ? 0 : 6;
    check({ kernel, bufs: [a, b, bias, new Float32Array(m * n)], rest: [m, k, n] }, [3], ([, , , y]) => [{
      c: 1, scale: Float64Array.from(y, (v, i) => c * abb[i] * slope[kernel](z[i]) * 1.01 + own * Math.abs(v)), floor: 1e-38,
    }]);
    const fused = run(wasm, { kernel, bufs: [a, b, bias, new Float32Array(m * n)], rest: [m, k, n] }).bufs[3];
    const pre = run(wasm, { kernel: 'matmulBias', bufs: [a, b, bias, new Float32Array(m * n)], rest: [m, k, n] }).bufs[3];
    const after = run(wasm, { kernel: single[kernel], bufs: [pre, new Float32Array(m * n)], rest: [m * n] }).bufs[1];
    expect(firstMismatch(fused, after, exact(m * n)), `${kernel} = matmulBias then ${single[kernel]}`).toBeNull();
  }
}

describe.each(BUILDS)('%s build', (build) => {
  beforeAll(async () => {
    const be = await createWasmBackend(undefined, { simd: build });
    expect(be.build).toBe(build);
    wasm = be;
  });

  describe('wasm ↔ ts parity: matmul.ts', () => {
    const rng = new Random(1);
    for (const [m, k, n] of SHAPES) {
      it(`${m}×${k}×${n}`, () => {
        const a = randn(rng, m * k), b = randn(rng, k * n), c0 = randn(rng, m * n), bias = randn(rng, n);
        const ab = absProduct(a, b, m, k, n);
        const c = 2 * (k + 2);
        check({ kernel: 'matmul', bufs: [a, b, new Float32Array(m * n)], rest: [m, k, n] }, [2], () => [{ c, scale: ab }]);
        const abc = ab.map((v, i) => v + Math.abs(c0[i]));
        check({ kernel: 'matmulAcc', bufs: [a, b, c0], rest: [m, k, n] }, [2], () => [{ c, scale: abc }]);
        const abb = ab.map((v, i) => v + Math.abs(bias[i % n]));
        check({ kernel: 'matmulBias', bufs: [a, b, bias, new Float32Array(m * n)], rest: [m, k, n] }, [3], () => [{ c, scale: abb }]);
        // matmulTransA(a: m×k, b2: m×n) = aᵀ·b2, k×n
        const b2 = randn(rng, m * n);
        const atb = absProduct(transpose(a, m, k), b2, k, m, n);
        check({ kernel: 'matmulTransA', bufs: [a, b2, new Float32Array(k * n)], rest: [m, k, n] }, [2], () => [{ c: 2 * (m + 2), scale: atb }]);
        // matmulTransB(a3: m×n, b3: k×n) = a3·b3ᵀ, m×k
        const a3 = randn(rng, m * n), b3 = randn(rng, k * n);
        const abt = absProduct(a3, transpose(b3, k, n), m, n, k);
        check({ kernel: 'matmulTransB', bufs: [a3, b3, new Float32Array(m * k)], rest: [m, k, n] }, [2], () => [{ c: 2 * (n + 2), scale: abt }]);
        check({ kernel: 'biasAdd', bufs: [c0, bias, new Float32Array(m * n)], rest: [m, n] }, [2], () => [exact(m * n)]);
        fusedDense(a, b, bias, m, k, n, abb);
      });
    }
    // narrow products (n ≤ 4 takes the one-vector-per-row path) at awkward shapes, and the fused kernels on them
    for (const [m, k, n] of [[200, 2, 3], [200, 3, 2], [5, 1, 1], [3, 7, 4], [9, 300, 3], [17, 5, 2], [1, 2, 4], [6, 600, 1], [7, 4, 4], [300, 3, 1], [13, 1, 3]] as const) {
      it(`narrow ${m}×${k}×${n}`, () => {
        const a = randn(rng, m * k), b = randn(rng, k * n), c0 = randn(rng, m * n), bias = randn(rng, n);
        const ab = absProduct(a, b, m, k, n);
        const c = 2 * (k + 2);
        check({ kernel: 'matmul', bufs: [a, b, new Float32Array(m * n)], rest: [m, k, n] }, [2], () => [{ c, scale: ab }]);
        check({ kernel: 'matmulAcc', bufs: [a, b, c0], rest: [m, k, n] }, [2], () => [{ c, scale: ab.map((v, i) => v + Math.abs(c0[i])) }]);
        const abb = ab.map((v, i) => v + Math.abs(bias[i % n]));
        check({ kernel: 'matmulBias', bufs: [a, b, bias, new Float32Array(m * n)], rest: [m, k, n] }, [3], () => [{ c, scale: abb }]);
        fusedDense(a, b, bias, m, k, n, abb);
        // the backward products of a narrow layer (k, n ≤ 4 take their narrow paths) and its bias gradient
        const dy = randn(rng, m * n);
        check({ kernel: 'matmulTransA', bufs: [a, dy, new Float32Array(k * n)], rest: [m, k, n] }, [2],
          () => [{ c: 2 * (m + 2), scale: absProduct(transpose(a, m, k), dy, k, m, n) }]);
        check({ kernel: 'matmulTransB', bufs: [dy, b, new Float32Array(m * k)], rest: [m, k, n] }, [2],
          () => [{ c: 2 * (n + 2), scale: absProduct(dy, transpose(b, k, n), m, n, k) }]);
        check({ kernel: 'colSum', bufs: [dy, new Float32Array(n)], rest: [m, n] }, [1], () => [exact(n)]);
      });
    }
    it('narrow and fused kernels write exactly m·n elements (the guard after C is untouched)', () => {
      for (const [m, k, n] of [[7, 3, 1], [7, 3, 2], [7, 3, 3], [7, 3, 4], [7, 3, 5], [9, 20, 9]] as const) {
        for (const kernel of ['matmulBias', 'matmulBiasRelu', 'matmulBiasTanh', 'matmulBiasSigmoid'] as const) {
          const out = new Float32Array(m * n + 5).fill(7);
          const r = run(wasm, { kernel, bufs: [randn(rng, m * k), randn(rng, k * n), randn(rng, n), out], rest: [m, k, n] });
          expect(Array.from(r.bufs[3].subarray(m * n)), `${kernel} ${m}×${k}×${n}`).toEqual([7, 7, 7, 7, 7]);
        }
      }
    });
    it('all-zero operands give exact zeros', () => {
      const z = new Float32Array(7 * 9);
      check({ kernel: 'matmul', bufs: [z, z.slice(), new Float32Array(49).fill(5)], rest: [7, 9, 7] }, [2], () => [exact(49)]);
    });
  });

  describe('wasm ↔ ts parity: reduce.ts', () => {
    const rng = new Random(2);
    it('colSum past 16 columns and below: 2 or 3 column vectors in one pass, with scalar tails', () => {
      for (const cols of [9, 11, 12, 13, 15, 20, 24, 28, 31]) {
        for (const rows of [1, 5, 33]) check({ kernel: 'colSum', bufs: [randn(rng, rows * cols), new Float32Array(cols)], rest: [rows, cols] }, [1], () => [exact(cols)]);
      }
    });
    for (const n of SIZES) {
      it(`n = ${n}`, () => {
        const rows = n, cols = (n % 7) + 3;
        const x = randn(rng, rows * cols);
        check({ kernel: 'colSum', bufs: [x, new Float32Array(cols)], rest: [rows, cols] }, [1], () => [exact(cols)]);
        const y = randn(rng, n * 5);
        y[3] = y[1] = 9; // a tie: the first index must win
        check({ kernel: 'rowArgmax', bufs: [y, new Float32Array(n)], rest: [n, 5] }, [1], () => [exact(n)]);
        const z = randn(rng, n);
        check({ kernel: 'sumSquares', bufs: [z], rest: [n] }, [], () => [], (r) => 1e-12 * r);
        // firstNonFinite: none, then a NaN, −Infinity or +Infinity at each awkward position (both must find the first)
        check({ kernel: 'firstNonFinite', bufs: [z], rest: [n] }, [], () => [], () => 0);
        for (const [at, v] of [[n - 1, NaN], [Math.floor(n / 2), -Infinity], [0, Infinity], [n - 1, 3.4e38]] as const) {
          const w = z.slice();
          w[at] = v;
          if (n > 2) w[n - 2] = NaN; // a later one, which must not be reported first unless at is later
          check({ kernel: 'firstNonFinite', bufs: [w], rest: [n] }, [], () => [], () => 0);
        }
      });
    }
    it('argmaxMatches and signMatches at awkward sizes, with ties, NaN and the 0.5 / 0 thresholds', () => {
      for (const rows of SIZES) {
        for (const cols of [1, 2, 3, 10]) {
          const x = randn(rng, rows * cols);
          const t = new Float32Array(rows * cols);
          for (let r = 0; r < rows; r++) t[r * cols + rng.int(cols)] = 1;
          // about half the rows predict their own label, so the count is neither 0 nor all
          for (let r = 0; r < rows; r += 2) for (let j = 0; j < cols; j++) x[r * cols + j] = t[r * cols + j];
          if (rows > 2 && cols > 1) { x[cols] = NaN; x[2 * cols + 1] = x[2 * cols]; }
          const tr = run(ts, { kernel: 'argmaxMatches', bufs: [x, t], rest: [rows, cols] }).ret!;
          expect(run(wasm, { kernel: 'argmaxMatches', bufs: [x, t], rest: [rows, cols] }).ret, `argmaxMatches ${rows}×${cols}`).toBe(tr);
          if (rows >= 4) expect(tr).toBeGreaterThan(0);
        }
        const n = rows;
        const s = Float32Array.from(randn(rng, n), (v, i) => (i % 5 === 0 ? 0 : i % 7 === 0 ? NaN : v));
        const tb = Float32Array.from({ length: n }, (_, i) => [0, 1, 0.5, 0.4999, -1][i % 5]);
        expect(run(wasm, { kernel: 'signMatches', bufs: [s, tb], rest: [n] }).ret, `signMatches n = ${n}`)
          .toBe(run(ts, { kernel: 'signMatches', bufs: [s, tb], rest: [n] }).ret);
      }
      // an independent count for one case: rows 0 and 2 match, row 1 (argmax 1 vs label 0) does not
      expect(run(wasm, { kernel: 'argmaxMatches', bufs: [Float32Array.from([2, 1, 0, 3, 5, 5]), Float32Array.from([1, 0, 1, 0, 1, 0])], rest: [3, 2] }).ret).toBe(2);
      expect(run(wasm, { kernel: 'signMatches', bufs: [Float32Array.from([1, -1, 0, 2, NaN]), Float32Array.from([1, 0, 0, 0.5, 0])], rest: [5] }).ret).toBe(5);
    });
    it('rowArgmax with NaN, −∞ and ties across lanes', () => {
      const x = Float32Array.from([NaN, 5, 1, 1, -Infinity, -Infinity, -Infinity, -Infinity, 2, NaN, 2, 0, 3, 3, 3, 3]);
      check({ kernel: 'rowArgmax', bufs: [x, new Float32Array(4)], rest: [4, 4] }, [1], () => [exact(4)]);
      check({ kernel: 'rowArgmax', bufs: [x, new Float32Array(2)], rest: [2, 8] }, [1], () => [exact(2)]);
    });
  });

  describe('wasm ↔ ts parity: activations.ts', () => {
    const rng = new Random(3);
    for (const n of SIZES) {
      it(`n = ${n}`, () => {
        for (const x of elementwiseInputs(rng, n)) {
          const dy = randn(rng, n);
          const out = new Float32Array(n);
          check({ kernel: 'relu', bufs: [x, out], rest: [n] }, [1], () => [exact(n)]);
          check({ kernel: 'reluBackward', bufs: [x, dy, out], rest: [n] }, [2], () => [exact(n)]);
          check({ kernel: 'step', bufs: [x, out], rest: [n] }, [1], () => [exact(n)]);
          // alpha·x: TS multiplies by the f64 alpha, WASM by its f32 rounding: ≤ 2u apart
          check({ kernel: 'leakyRelu', bufs: [x, out], rest: [n, 0.01] }, [1], ([, y]) => [rel(y, 2)]);
          check({ kernel: 'leakyReluBackward', bufs: [x, dy, out], rest: [n, 0.01] }, [2], ([, , d]) => [rel(d, 2)]);
          check({ kernel: 'sigmoid', bufs: [x, out], rest: [n] }, [1], ([, y]) => [rel(y, 6, 1e-38)]);
          check({ kernel: 'tanh', bufs: [x, out], rest: [n] }, [1], ([, y]) => [rel(y, 6, 1e-38)]);
          // backward from a saved output in [0, 1] (sigmoid) or [−1, 1] (tanh): three f32 roundings vs one
          const s = Float32Array.from(x, (v) => 1 / (1 + Math.exp(-v)));
          check({ kernel: 'sigmoidBackward', bufs: [s, dy, out], rest: [n] }, [2], ([, , d]) => [rel(d, 4)]);
          const t = Float32Array.from(x, Math.tanh);
          // 1 − y² loses y²'s rounding to cancellation, so the scale is |dy|·(|1 − y²| + y²)
          const scale = Float64Array.from(t, (v, i) => Math.abs(dy[i]) * (Math.abs(1 - v * v) + v * v));
          check({ kernel: 'tanhBackward', bufs: [t, dy, out], rest: [n] }, [2], () => [{ c: 4, scale }]);
        }
      });
    }
  });

  describe('wasm ↔ ts parity: softmax and losses.ts', () => {
    const rng = new Random(4);
    const oneHot = (rows: number, cols: number): Float32Array => {
      const t = new Float32Array(rows * cols);
      for (let r = 0; r < rows; r++) t[r * cols + rng.int(cols)] = 1;
      return t;
    };
    for (const n of SIZES) {
      for (const cols of [1, 2, 3, 4, 10, 17]) {
        it(`softmax / softmaxCrossEntropy ${n}×${cols}`, () => {
          const big = Float32Array.from({ length: n * cols }, (_, i) => [1e3, -1e3, 999.5, 1000.25, -999][(i * 7) % 5]);
          for (const x of [randn(rng, n * cols, 4), big, new Float32Array(n * cols)]) {
            check({ kernel: 'softmax', bufs: [x, new Float32Array(n * cols)], rest: [n, cols] }, [1], ([xx, y]) => [softmaxBound(xx, y, n, cols)]);
            const t = oneHot(n, cols);
            // dz = (p − t)/rows: p's bound plus the roundings of the subtraction and the scaling
            const boundDz = (): Bound => {
              const p = run(ts, { kernel: 'softmax', bufs: [x, new Float32Array(n * cols)], rest: [n, cols] }).bufs[1];
              const sb = softmaxBound(x, p, n, cols);
              return { c: 2, scale: Float64Array.from(sb.scale, (s, i) => (s + 2 * (p[i] + t[i])) / n), floor: 1e-38 };
            };
            // loss per row = log Σ − (z_t − max): Σ's relative error becomes an absolute one, z − max rounds once.
            // Rows of ≤ 3 classes take log Σ from the vector logv (measured ≤ 1.18e-7 ≈ 2u absolute per row, sum
            // included: exp_error.test.ts), inside the (cols + 12)·u per row this bound allows.
            check({ kernel: 'softmaxCrossEntropy', bufs: [x, t, new Float32Array(n * cols)], rest: [n, cols] }, [2], () => [boundDz()],
              (loss) => (cols + 12) * U * (1 + Math.abs(loss)) + 2e3 * U);
          }
        });
      }
      it(`mse, sigmoidCrossEntropy, hinge n = ${n}`, () => {
        for (const p of elementwiseInputs(rng, n)) {
          const t = randn(rng, n);
          // dp = 2(p − t)/n: p − t rounds once in f32 (relative to |p| + |t|), then WASM rounds 2/n and the product
          // and TS rounds its f64 result once: 4 roundings (c = 3 failed at 3.04 once the random stream shifted)
          const sc = Float64Array.from(p, (v, i) => (2 * (Math.abs(v) + Math.abs(t[i]))) / n);
          check({ kernel: 'mse', bufs: [p, t, new Float32Array(n)], rest: [n] }, [2], () => [{ c: 4, scale: sc }],
            (loss) => 4 * U * loss + 1e-300);
          const tb = Float32Array.from({ length: n }, () => rng.uniform());
          // dz = (σ(z) − t)/n: σ within 6u (above), the subtraction and scaling 2u more, relative to (σ + t)/n
          const sg = Float64Array.from(p, (z, i) => (1 / (1 + Math.exp(-z)) + tb[i]) / n);
          const lossScale = Array.from(p).reduce((s, z, i) => s + Math.abs(z) * (1 + tb[i]) + 1, 0) / n;
          check({ kernel: 'sigmoidCrossEntropy', bufs: [p, tb, new Float32Array(n)], rest: [n] }, [2], () => [{ c: 8, scale: sg, floor: 1e-38 }],
            () => 4 * U * lossScale);
          const y = Float32Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
          // margin 1 − y·s rounds once in f32 (y = ±1 makes y·s exact); ds = −y/n is correctly rounded both ways
          const hs = Array.from(p).reduce((s, v) => s + 1 + Math.abs(v), 0) / n;
          check({ kernel: 'hinge', bufs: [p, y, new Float32Array(n)], rest: [n] }, [2], () => [rel(new Float32Array(n).fill(1 / n), 1)],
            () => 2 * U * hs);
        }
      });
    }
  });

  describe('wasm ↔ ts parity: optim.ts', () => {
    const rng = new Random(5);
    for (const n of SIZES) {
      it(`n = ${n}`, () => {
        const w = randn(rng, n), g = randn(rng, n), v = randn(rng, n), m = randn(rng, n, 0.1);
        const v2 = Float32Array.from(randn(rng, n, 0.1), (x) => x * x);
        const [lr, l2, mu] = [0.05, 1e-3, 0.9];
        // sums of magnitudes of each update's terms; a few f32 roundings (and the f32 scalars) against f64
        const sgdScale = Float64Array.from(w, (wi, i) => Math.abs(wi) + lr * (Math.abs(g[i]) + l2 * Math.abs(wi)));
        check({ kernel: 'sgd', bufs: [w, g], rest: [n, lr, l2] }, [0], () => [{ c: 4, scale: sgdScale }]);
        const vScale = Float64Array.from(w, (wi, i) => mu * Math.abs(v[i]) + Math.abs(g[i]) + l2 * Math.abs(wi));
        const wScale = Float64Array.from(w, (wi, i) => Math.abs(wi) + lr * vScale[i]);
        check({ kernel: 'momentum', bufs: [w, g, v], rest: [n, lr, mu, l2] }, [0, 2], () => [{ c: 6, scale: wScale }, { c: 4, scale: vScale }]);
        const [lrT, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-8];
        check({ kernel: 'adam', bufs: [w, g, m, v2], rest: [n, lrT, b1, b2, eps, l2] }, [0, 2, 3], (t) => {
          const gp = Float64Array.from(w, (wi, i) => Math.abs(g[i]) + l2 * Math.abs(wi));
          const mS = Float64Array.from(gp, (x, i) => b1 * Math.abs(m[i]) + (1 - b1) * x);
          const vS = Float64Array.from(gp, (x, i) => b2 * v2[i] + (1 - b2) * x * x);
          // the step lrT·m/(√v + eps): relative error ~ m's + half v's + the division's
          const wS = Float64Array.from(w, (wi, i) => Math.abs(wi) + 4 * Math.abs(t[0][i] - wi) * (1 + mS[i] / Math.max(Math.abs(t[2][i]), 1e-30)));
          return [{ c: 8, scale: wS }, { c: 4, scale: mS }, { c: 4, scale: vS }];
        });
      });
    }
  });
});
