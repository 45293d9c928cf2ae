/** The convolution and pooling kernels (assembly/im2col.ts, conv.ts, pool.ts) against the pure-TS specification at awkward shapes. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { createTsBackend } from '../../../src/backend/ts/ts_backend.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { relaxedSimdSupported, type SimdChoice } from '../../../src/backend/wasm/loader.js';
import { Random } from '../../../src/random.js';
import { CONV_CASES, POOL_CASES, geometryOf, randn, type ConvCase } from '../conv_cases.js';
import { firstMismatch, run, type Bound, type Call } from '../parity.js';

// Tolerances, as in wasm_backend.test.ts: element i may differ by c·u·scale[i], scale the sum of the magnitudes of
// the terms that form it (computed by running the specification on |inputs|), c the two sides' rounding counts added.
//  - conv2d: bias + k products summed in f32 by WASM and in f64 then rounded by TS: c = 2(k + 2) as for matmul
//    (k = kh·kw·c). conv2dBackwardFilter: m = batch·ho·wo products per element: c = 2(m + 2). conv2dBackwardInput:
//    cout products per window, up to kh·kw windows per element: c = 2(cout + kh·kw + 2).
//  - im2col, pad2d, transpose, maxPool2d (values and positions), maxPool2dBackward and col2im: copies, or the same f32 additions in
//    the same order on both sides (an f64 sum of two f32s rounded to f32 is the f32 sum): exact.
//  - averages: WASM sums `count` terms in f32 (count − 1 roundings) and divides (1), TS rounds once: c = count + 2
//    against Σ|x|/count. avgPool2dBackward: each of t windows adds dy/count (a quotient and a sum: 2 roundings each).

const BUILDS: SimdChoice[] = relaxedSimdSupported() ? ['baseline', 'relaxed'] : ['baseline'];
const ts: Backend = createTsBackend();
let wasm: Backend;

function check(call: Call, outs: number[], bounds: (t: Float32Array[]) => Bound[]): Float32Array[] {
  const t = run(ts, call);
  const w = run(wasm, call);
  const bs = bounds(t.bufs);
  outs.forEach((o, i) => expect(firstMismatch(w.bufs[o], t.bufs[o], bs[i]), `${call.kernel}(${call.rest.join(', ')}) buffer ${o}`).toBeNull());
  expect(wasm.liveBuffers()).toBe(0);
  return w.bufs;
}
/** Buffer `i` after running the specification (for the bounds' scales: the spec on |inputs|). */
const specOut = (call: Call, i: number): Float32Array => run(ts, call).bufs[i];
const f32abs = (x: Float32Array): Float32Array => Float32Array.from(x, Math.abs);
const exact = (n: number): Bound => ({ c: 0, scale: new Float64Array(n) });
const zeros = (n: number): Float32Array => new Float32Array(n);
/** The same values on the same backend: equal as numbers (±0 and NaN alike). */
const same = (a: Float32Array, b: Float32Array, what: string): void => expect(firstMismatch(a, b, exact(a.length)), what).toBeNull();

/** Every kernel of a convolution at one shape: the patch kernels, the direct forward (plain and fused), the filter gradient and the input gradient. */
function convCase(k: ConvCase, rng: Random): void {
  const g = geometryOf(k);
  const { batch, cout } = k;
  const { h, w, c, kh, kw, sh, sw, ho, wo, padTop, padLeft } = g;
  const hp = h + padTop + g.padBottom, wp = w + padLeft + g.padRight;
  const m = batch * ho * wo, kk = kh * kw * c;
  const win = [batch, h, w, c, kh, kw, sh, sw, padTop, padLeft, ho, wo];
  const x = randn(rng, batch * h * w * c), W = randn(rng, kk * cout, 1 / Math.sqrt(kk)), bias = randn(rng, cout), dy = randn(rng, m * cout);

  const [, patches] = check({ kernel: 'im2col', bufs: [x, zeros(m * kk)], rest: win }, [1], () => [exact(m * kk)]);
  check({ kernel: 'col2im', bufs: [randn(rng, m * kk), zeros(x.length)], rest: win }, [1], () => [exact(x.length)]);
  check({ kernel: 'transpose', bufs: [W, zeros(W.length)], rest: [kk, cout] }, [1], () => [exact(W.length)]);
  const [, xp] = check({ kernel: 'pad2d', bufs: [x, zeros(batch * hp * wp * c)], rest: [batch, h, w, c, padTop, padLeft, hp, wp] }, [1], () => [exact(batch * hp * wp * c)]);

  const geo = [batch, hp, wp, c, kh, kw, sh, sw, ho, wo, cout];
  const yScale = specOut({ kernel: 'conv2d', bufs: [f32abs(xp), f32abs(W), f32abs(bias), zeros(m * cout)], rest: geo }, 3);
  const [, , , y] = check({ kernel: 'conv2d', bufs: [xp, W, bias, zeros(m * cout)], rest: geo }, [3], () => [{ c: 2 * (kk + 2) * 1.01, scale: yScale, floor: 1e-38 }]);
  fusedConv(xp, W, bias, y, geo, yScale, 2 * (kk + 2) * 1.01);

  const dwScale = specOut({ kernel: 'conv2dBackwardFilter', bufs: [f32abs(xp), f32abs(dy), zeros(kk * cout)], rest: geo }, 2);
  const [, , dw] = check({ kernel: 'conv2dBackwardFilter', bufs: [xp, dy, zeros(kk * cout)], rest: geo }, [2], () => [{ c: 2 * (m + 2) * 1.01, scale: dwScale, floor: 1e-38 }]);

  // the input gradient in one pass, over the padded input's valid windows; c: the WASM side rounds each of cout
  // products and sums (2 each) and each window's add into dx, the TS side each window's add
  const Wt = run(ts, { kernel: 'transpose', bufs: [W, zeros(W.length)], rest: [kk, cout] }).bufs[1];
  const dxScale = specOut({ kernel: 'conv2dBackwardInput', bufs: [f32abs(dy), f32abs(Wt), zeros(xp.length)], rest: geo }, 2);
  check({ kernel: 'conv2dBackwardInput', bufs: [dy, Wt, zeros(xp.length)], rest: geo }, [2], () => [{ c: 2 * (cout + kh * kw + 2) * 1.01, scale: dxScale, floor: 1e-38 }]);

  // the direct kernels compute the sums of im2col + the table's GEMMs in the same order: the same numbers
  const viaGemm = run(wasm, { kernel: 'matmulBias', bufs: [patches, W, bias, zeros(m * cout)], rest: [m, kk, cout] }).bufs[3];
  same(y, viaGemm, 'conv2d(pad2d(x)) = im2col + matmulBias');
  const dwGemm = run(wasm, { kernel: 'matmulTransA', bufs: [patches, dy, zeros(kk * cout)], rest: [m, kk, cout] }).bufs[2];
  same(dw, dwGemm, 'conv2dBackwardFilter(pad2d(x)) = im2col + matmulTransA');
}

/** The fused kernels: within the forward bound carried through the activation (slope ≤ 1), and equal to conv2d followed by the activation kernel. */
function fusedConv(xp: Float32Array, W: Float32Array, bias: Float32Array, y: Float32Array, geo: number[], yScale: Float32Array, c: number): void {
  const n = y.length;
  for (const [kernel, single] of [['conv2dRelu', 'relu'], ['conv2dLeakyRelu', 'leakyRelu']] as const) {
    const scalars = kernel === 'conv2dLeakyRelu' ? [0.1] : [];
    // relu passes the forward's error on; leaky relu's α·y rounds once more, with an f32 α against TS's f64 (2u of |y|)
    const [, , , fused] = check({ kernel, bufs: [xp, W, bias, zeros(n)], rest: [...geo, ...scalars] }, [3], ([, , , t]) => [{
      c: 1, scale: Float64Array.from(t, (v, i) => c * yScale[i] + 2 * Math.abs(v)), floor: 1e-38,
    }]);
    const after = run(wasm, { kernel: single, bufs: [y, zeros(n)], rest: [n, ...scalars] }).bufs[1];
    same(fused, after, `${kernel} = conv2d then ${single}`);
  }
}

describe.each(BUILDS)('%s build', (build) => {
  beforeAll(async () => {
    wasm = await createWasmBackend(undefined, { simd: build });
  });

  describe('wasm ↔ ts parity: im2col.ts and conv.ts', () => {
    const rng = new Random(21);
    for (const k of CONV_CASES) {
      it(`${k.name}: ${k.batch}×${k.h}×${k.w}×${k.c}, ${k.kh}×${k.kw}/${k.sh}×${k.sw} ${k.padding} → ${k.cout}`, () => convCase(k, rng));
    }
    it('the kernels write exactly their outputs (guards after every output are untouched)', () => {
      const k = CONV_CASES[8];
      const g = geometryOf(k);
      const m = k.batch * g.ho * g.wo, kk = g.kh * g.kw * g.c, hp = g.h + g.padTop + g.padBottom, wp = g.w + g.padLeft + g.padRight;
      const geo = [k.batch, hp, wp, g.c, g.kh, g.kw, g.sh, g.sw, g.ho, g.wo, k.cout];
      const guarded = (n: number): Float32Array => new Float32Array(n + 5).fill(7);
      const xp = randn(rng, k.batch * hp * wp * g.c), W = randn(rng, kk * k.cout), b = randn(rng, k.cout);
      const outs = [
        run(wasm, { kernel: 'conv2dLeakyRelu', bufs: [xp, W, b, guarded(m * k.cout)], rest: [...geo, 0.2] }).bufs[3].subarray(m * k.cout),
        run(wasm, { kernel: 'conv2dBackwardFilter', bufs: [xp, randn(rng, m * k.cout), guarded(kk * k.cout)], rest: geo }).bufs[2].subarray(kk * k.cout),
        run(wasm, { kernel: 'im2col', bufs: [randn(rng, k.batch * g.h * g.w * g.c), guarded(m * kk)], rest: [k.batch, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.ho, g.wo] }).bufs[1].subarray(m * kk),
      ];
      for (const o of outs) expect(Array.from(o)).toEqual([7, 7, 7, 7, 7]);
    });
  });

  describe('wasm ↔ ts parity: pool.ts', () => {
    const rng = new Random(22);
    for (const k of POOL_CASES) {
      it(`${k.name}: ${k.batch}×${k.h}×${k.w}×${k.c}, ${k.kh}×${k.kw}/${k.sh}×${k.sw} ${k.padding}`, () => {
        const g = geometryOf(k);
        const { batch } = k;
        const inSize = g.h * g.w * g.c, outSize = g.ho * g.wo * g.c;
        const win = [batch, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.ho, g.wo];
        // random values, and values from a set of four with NaN and −∞ among them (ties: the first maximum wins)
        const tied = Float32Array.from({ length: batch * inSize }, (_, i) => [1, -1, 2, 2, NaN, -Infinity, 0, 1][(i * 5 + (i >> 3)) % 8]);
        for (const x of [randn(rng, batch * inSize), tied]) {
          const [, , argmax] = check({ kernel: 'maxPool2d', bufs: [x, zeros(batch * outSize), zeros(batch * outSize)], rest: win }, [1, 2], () => [exact(batch * outSize), exact(batch * outSize)]);
          const dy = randn(rng, batch * outSize);
          check({ kernel: 'maxPool2dBackward', bufs: [dy, argmax, zeros(batch * inSize)], rest: win }, [2], () => [exact(batch * inSize)]);
        }
        const x = randn(rng, batch * inSize), dy = randn(rng, batch * outSize);
        const meanAbs = specOut({ kernel: 'avgPool2d', bufs: [f32abs(x), zeros(batch * outSize)], rest: win }, 1);
        const window = g.kh * g.kw;
        check({ kernel: 'avgPool2d', bufs: [x, zeros(batch * outSize)], rest: win }, [1], () => [{ c: window + 2, scale: meanAbs, floor: 1e-38 }]);
        const dxScale = specOut({ kernel: 'avgPool2dBackward', bufs: [f32abs(dy), zeros(batch * inSize)], rest: win }, 1);
        const overlap = Math.ceil(g.kh / g.sh) * Math.ceil(g.kw / g.sw);
        check({ kernel: 'avgPool2dBackward', bufs: [dy, zeros(batch * inSize)], rest: win }, [1], () => [{ c: 2 * overlap + 2, scale: dxScale, floor: 1e-38 }]);
      });
    }
    it('globalAvgPool2d and its backward at awkward sizes', () => {
      for (const [batch, hw, c] of [[1, 1, 1], [2, 5, 3], [3, 17, 4], [1, 64, 13], [4, 1, 9], [2, 144, 32]]) {
        const x = randn(rng, batch * hw * c), dy = randn(rng, batch * c);
        const meanAbs = specOut({ kernel: 'globalAvgPool2d', bufs: [f32abs(x), zeros(batch * c)], rest: [batch, hw, c] }, 1);
        check({ kernel: 'globalAvgPool2d', bufs: [x, zeros(batch * c)], rest: [batch, hw, c] }, [1], () => [{ c: hw + 2, scale: meanAbs, floor: 1e-38 }]);
        // one quotient per element on both sides (f64 then f32 is the correctly rounded f32 quotient): exact
        check({ kernel: 'globalAvgPool2dBackward', bufs: [dy, zeros(batch * hw * c)], rest: [batch, hw, c] }, [1], () => [exact(batch * hw * c)]);
      }
    });
  });
});
