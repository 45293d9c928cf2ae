/** The convolution and pooling specifications against independent references: f64 loops written another way, the adjoint identity, finite differences, a hand-worked case. */

import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../../src/backend/geometry.js';
import * as spec from '../../../src/backend/ts/spec.js';
import { Random } from '../../../src/random.js';
import { CONV_CASES, POOL_CASES, geometryOf, randn } from '../conv_cases.js';

const U = 2 ** -24;

// ---- f64 references: loops over output pixels that test each tap against the input's edges (no padded copy, no patches) ----

/** x[b, iy, ix, ci] or 0 outside, for the window of (oy, ox) at tap (ky, kx). */
function tap(x: ArrayLike<number>, g: Geometry, b: number, oy: number, ox: number, ky: number, kx: number, ci: number): number {
  const iy = oy * g.sh - g.padTop + ky, ix = ox * g.sw - g.padLeft + kx;
  return iy < 0 || iy >= g.h || ix < 0 || ix >= g.w ? 0 : x[((b * g.h + iy) * g.w + ix) * g.c + ci];
}

/** Calls f(b, oy, ox, ky, kx, ci, pixel index, weight row) for every tap of every output pixel. */
function eachTap(g: Geometry, batch: number, f: (b: number, oy: number, ox: number, ky: number, kx: number, ci: number, p: number, q: number) => void): void {
  for (let b = 0; b < batch; b++) for (let oy = 0; oy < g.ho; oy++) for (let ox = 0; ox < g.wo; ox++) {
    const p = (b * g.ho + oy) * g.wo + ox;
    for (let ky = 0; ky < g.kh; ky++) for (let kx = 0; kx < g.kw; kx++) for (let ci = 0; ci < g.c; ci++) f(b, oy, ox, ky, kx, ci, p, (ky * g.kw + kx) * g.c + ci);
  }
}

/** y = conv(x, W) + b in f64, and the scale Σ|terms| of each element. */
function refConv(x: Float32Array, W: Float32Array, bias: Float32Array, g: Geometry, batch: number, cout: number): [Float64Array, Float64Array] {
  const y = new Float64Array(batch * g.ho * g.wo * cout), s = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) { y[i] = bias[i % cout]; s[i] = Math.abs(bias[i % cout]); }
  eachTap(g, batch, (b, oy, ox, ky, kx, ci, p, q) => {
    const v = tap(x, g, b, oy, ox, ky, kx, ci);
    for (let co = 0; co < cout; co++) { y[p * cout + co] += v * W[q * cout + co]; s[p * cout + co] += Math.abs(v * W[q * cout + co]); }
  });
  return [y, s];
}

/** dW = Σ over pixels of tap ⊗ dy, and dX = Σ over the windows holding a pixel of W·dy, in f64, with their scales. */
function refGrads(x: Float32Array, W: Float32Array, dy: Float32Array, g: Geometry, batch: number, cout: number): Float64Array[] {
  const dw = new Float64Array(W.length), dws = new Float64Array(W.length), dx = new Float64Array(x.length), dxs = new Float64Array(x.length);
  eachTap(g, batch, (b, oy, ox, ky, kx, ci, p, q) => {
    const iy = oy * g.sh - g.padTop + ky, ix = ox * g.sw - g.padLeft + kx;
    const inside = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
    const v = tap(x, g, b, oy, ox, ky, kx, ci), xi = ((b * g.h + iy) * g.w + ix) * g.c + ci;
    for (let co = 0; co < cout; co++) {
      const d = dy[p * cout + co];
      dw[q * cout + co] += v * d; dws[q * cout + co] += Math.abs(v * d);
      if (inside) { dx[xi] += W[q * cout + co] * d; dxs[xi] += Math.abs(W[q * cout + co] * d); }
    }
  });
  return [dw, dws, dx, dxs];
}

function within(actual: ArrayLike<number>, expected: ArrayLike<number>, scale: ArrayLike<number>, c: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = c * U * scale[i] + 1e-30;
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) expect.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (tolerance ${tol})`);
  }
}

describe('convolution specification vs f64 loops over output pixels', () => {
  const rng = new Random(31);
  for (const k of CONV_CASES) {
    it(`${k.name}`, () => {
      const g = geometryOf(k);
      const { batch, cout } = k;
      const hp = g.h + g.padTop + g.padBottom, wp = g.w + g.padLeft + g.padRight;
      const m = batch * g.ho * g.wo, kk = g.kh * g.kw * g.c;
      const x = randn(rng, batch * g.h * g.w * g.c), W = randn(rng, kk * cout), bias = randn(rng, cout), dy = randn(rng, m * cout);
      const win = [batch, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.ho, g.wo] as const;
      const geo = [batch, hp, wp, g.c, g.kh, g.kw, g.sh, g.sw, g.ho, g.wo, cout] as const;
      const [y, ys] = refConv(x, W, bias, g, batch, cout);
      const [dw, dws, dx, dxs] = refGrads(x, W, dy, g, batch, cout);

      // conv2d sums each output in f64 and rounds once (c = 2 leaves room for the f64 sum's own error);
      // conv2dBackwardFilter adds into the Float32Array dW, rounding at each of its m additions
      const xp = new Float32Array(batch * hp * wp * g.c);
      spec.pad2d(x, xp, batch, g.h, g.w, g.c, g.padTop, g.padLeft, hp, wp);
      const yd = new Float32Array(m * cout), dwd = new Float32Array(kk * cout);
      spec.conv2d(xp, W, bias, yd, ...geo);
      within(yd, y, ys, 2, 'conv2d(pad2d(x))');
      spec.conv2dBackwardFilter(xp, dy, dwd, ...geo);
      within(dwd, dw, dws, m + 2, 'conv2dBackwardFilter');

      // the GEMM path: matmulAcc's f32 accumulator rounds at each of its k (or m) additions
      const patches = new Float32Array(m * kk), yg = new Float32Array(m * cout), dwg = new Float32Array(kk * cout);
      spec.im2col(x, patches, ...win);
      spec.matmulBias(patches, W, bias, yg, m, kk, cout);
      within(yg, y, ys, kk + 2, 'im2col + matmulBias');
      spec.matmulTransA(patches, dy, dwg, m, kk, cout);
      within(dwg, dw, dws, m + 2, 'im2col + matmulTransA');
      // the input gradient: dP = dY·Wᵀ (dot products summed in f64), then col2im adds ≤ kh·kw windows in f32
      const dp = new Float32Array(m * kk), dxg = new Float32Array(x.length);
      spec.matmulTransB(dy, W, dp, m, kk, cout);
      spec.col2im(dp, dxg, ...win);
      within(dxg, dx, dxs, g.kh * g.kw + 2, 'col2im(dY·Wᵀ)');
      // the same through transpose + matmul, whose f32 accumulator rounds at each of its cout additions
      const wt = new Float32Array(W.length);
      spec.transpose(W, wt, kk, cout);
      spec.matmul(dy, wt, dp, m, cout, kk);
      spec.col2im(dp, dxg, ...win);
      within(dxg, dx, dxs, cout + g.kh * g.kw + 2, 'col2im(matmul(dY, transpose(W)))');
    });
  }

  it('a hand-worked case fixes the layouts: HWIO weights, NHWC pixels, (ky, kx, ci) patch order', () => {
    // x: one 3×3 sample with 2 channels, channel 0 = 1..9 and channel 1 = 10·(1..9); W[ky, kx, ci, co] picks
    // co 0: x[oy, ox, 0] − x[oy + 1, ox + 1, 0]; co 1: x[oy, ox + 1, 1] / 10
    const x = Float32Array.from({ length: 18 }, (_, i) => (i % 2 ? 10 : 1) * (1 + (i >> 1)));
    const W = new Float32Array(2 * 2 * 2 * 2);
    W[((0 * 2 + 0) * 2 + 0) * 2 + 0] = 1;
    W[((1 * 2 + 1) * 2 + 0) * 2 + 0] = -1;
    W[((0 * 2 + 1) * 2 + 1) * 2 + 1] = 0.1;
    const y = new Float32Array(2 * 2 * 2);
    spec.conv2d(x, W, Float32Array.from([0, 100]), y, 1, 3, 3, 2, 2, 2, 1, 1, 2, 2, 2);
    // rows of 3: x0 at (oy, ox) is 3·oy + ox + 1; the diagonal neighbour is 4 more; channel 1 / 10 one column right
    expect(Array.from(y, (v) => Math.round(v * 1e4) / 1e4)).toEqual([-4, 102, -4, 103, -4, 105, -4, 106]);
  });
});

describe('im2col and col2im are transposes: ⟨im2col(x), P⟩ = ⟨x, col2im(P)⟩', () => {
  const rng = new Random(32);
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
  for (const k of CONV_CASES) {
    it(`${k.name}`, () => {
      const g = geometryOf(k);
      const win = [k.batch, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.ho, g.wo] as const;
      const rows = k.batch * g.ho * g.wo * g.kh * g.kw * g.c;
      // small integers: col2im's f32 sums of ≤ kh·kw of them and both f64 inner products are exact, so equality is exact
      const int = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.int(17) - 8);
      const x = int(k.batch * g.h * g.w * g.c), P = int(rows);
      const px = new Float32Array(rows), cp = new Float32Array(x.length);
      spec.im2col(x, px, ...win);
      spec.col2im(P, cp, ...win);
      expect(dot(px, P)).toBe(dot(x, cp));
      // normal values: col2im rounds each of its ≤ kh·kw additions; the difference is within that, relative to Σ|x·P|
      const xn = randn(rng, x.length), pn = randn(rng, rows);
      spec.im2col(xn, px, ...win);
      spec.col2im(pn, cp, ...win);
      let scale = 0;
      for (let i = 0; i < rows; i++) scale += Math.abs(px[i] * pn[i]);
      expect(Math.abs(dot(px, pn) - dot(xn, cp))).toBeLessThanOrEqual((g.kh * g.kw + 1) * U * scale);
    });
  }
});

describe('pooling backward against central differences', () => {
  const rng = new Random(33);
  for (const k of POOL_CASES) {
    it(`${k.name}`, () => {
      const g = geometryOf(k);
      const win = [k.batch, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.ho, g.wo] as const;
      const nIn = k.batch * g.h * g.w * g.c, nOut = k.batch * g.ho * g.wo * g.c;
      // distinct values 0.05 apart (shuffled), so a step of h = 0.01 never changes which input wins a window
      const x = Float32Array.from({ length: nIn }, (_, i) => 0.05 * i);
      for (let i = nIn - 1; i > 0; i--) { const j = rng.int(i + 1); [x[i], x[j]] = [x[j], x[i]]; }
      const dy = randn(rng, nOut);
      const arg = new Float32Array(nOut), dMax = new Float32Array(nIn), dAvg = new Float32Array(nIn);
      spec.maxPool2d(x, new Float32Array(nOut), arg, ...win);
      spec.maxPool2dBackward(dy, arg, dMax, ...win);
      spec.avgPool2dBackward(dy, dAvg, ...win);
      // L(x) = Σ dy·pool(x), the forward run on Float64Arrays (plain loops index any array), so the differences
      // carry f64 rounding only (≈ 1e-16·Σ|y·dy| / 0.02); dx itself is f32, within ≈ 10u·Σ|dy| ≈ 1e-6: tolerance 1e-5
      const loss = (f: (xx: Float32Array, yy: Float32Array) => void, xx: Float64Array): number => {
        const yy = new Float64Array(nOut);
        f(xx as unknown as Float32Array, yy as unknown as Float32Array);
        return yy.reduce((s, v, i) => s + v * dy[i], 0);
      };
      const maxF = (xx: Float32Array, yy: Float32Array) => spec.maxPool2d(xx, yy, new Float32Array(nOut), ...win);
      const avgF = (xx: Float32Array, yy: Float32Array) => spec.avgPool2d(xx, yy, ...win);
      for (let i = 0; i < nIn; i += Math.max(1, Math.floor(nIn / 60))) {
        const xp = Float64Array.from(x), xm = Float64Array.from(x);
        xp[i] += 0.01;
        xm[i] -= 0.01;
        expect(Math.abs((loss(maxF, xp) - loss(maxF, xm)) / 0.02 - dMax[i]), `maxPool2dBackward[${i}]`).toBeLessThan(1e-5);
        expect(Math.abs((loss(avgF, xp) - loss(avgF, xm)) / 0.02 - dAvg[i]), `avgPool2dBackward[${i}]`).toBeLessThan(1e-5);
      }
    });
  }
  it('globalAvgPool2dBackward', () => {
    const [batch, hw, c] = [2, 6, 3];
    const x = randn(rng, batch * hw * c), dy = randn(rng, batch * c);
    const dx = new Float32Array(x.length);
    spec.globalAvgPool2dBackward(dy, dx, batch, hw, c);
    const f = (xx: Float64Array): number => {
      const y = new Float64Array(batch * c);
      spec.globalAvgPool2d(xx as unknown as Float32Array, y as unknown as Float32Array, batch, hw, c);
      return y.reduce((s, v, j) => s + v * dy[j], 0);
    };
    for (let i = 0; i < x.length; i++) {
      const xp = Float64Array.from(x), xm = Float64Array.from(x);
      xp[i] += 0.01;
      xm[i] -= 0.01;
      expect(Math.abs((f(xp) - f(xm)) / 0.02 - dx[i])).toBeLessThan(1e-5);
    }
  });
});
