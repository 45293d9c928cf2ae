/** The dropout mask: seeded and reproducible, identical on both backends, and statistically a fair, independent coin per element and per seed. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import * as spec from '../../../src/backend/ts/spec.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { Random } from '../../../src/random.js';
import { run } from '../parity.js';

// The statistical checks are deterministic (fixed seeds), with bounds at 5 standard deviations of the statistic under
// the hypothesis of independent fair draws: a correct mask fails one with probability ~6e-7, while the defects they
// target (a bias, lanes or neighbours that move together, two seeds giving the same or a shifted mask) move the
// statistic by hundreds of standard deviations at N = 2²⁰.

const N = 1 << 20;
const PHI = 0x9e3779b9;

/** MurmurHash3's 32-bit finalizer, written out here from its published definition. */
function fmix32(h: number): number {
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
/** The inverse of multiplication by an odd a modulo 2³² (Newton's iteration, 5 rounds double the correct bits to 32+). */
function inverseMod32(a: number): number {
  let x = a;
  for (let k = 0; k < 5; k++) x = Math.imul(x, 2 - Math.imul(a, x)) >>> 0;
  return x;
}
/** fmix32⁻¹: each xorshift undone (a shift of 13 needs a second step at 26), each multiplication by its inverse. */
function unfmix32(h: number): number {
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, inverseMod32(0xc2b2ae35)) >>> 0;
  h = (h ^ (h >>> 13) ^ (h >>> 26)) >>> 0;
  h = Math.imul(h, inverseMod32(0x85ebca6b)) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The keep indicators (1 kept, 0 dropped) and the mask of `n` elements for `seed`, from the specification. */
function draw(seed: number, rate: number, n = N): { keep: Uint8Array; mask: Float32Array } {
  const x = new Float32Array(n).fill(1), y = new Float32Array(n), mask = new Float32Array(n);
  spec.dropout(x, y, mask, n, rate, seed);
  const keep = new Uint8Array(n); // (Uint8Array.from with a map function is 30 times slower than this loop)
  for (let i = 0; i < n; i++) keep[i] = mask[i] > 0 ? 1 : 0;
  return { keep, mask };
}

/** Pearson correlation of a[i + shift] and b[i] over the overlap. */
function correlation(a: Uint8Array, b: Uint8Array, shift = 0): { r: number; count: number } {
  let sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0, count = 0;
  for (let i = Math.max(0, -shift); i + shift < a.length && i < b.length; i++) {
    const x = a[i + shift], y = b[i];
    sa += x; sb += y; sab += x * y; saa += x * x; sbb += y * y; count++;
  }
  const cov = sab / count - (sa / count) * (sb / count);
  return { r: cov / Math.sqrt((saa / count - (sa / count) ** 2) * (sbb / count - (sb / count) ** 2)), count };
}

/** |ρ| ≤ 5/√count: the correlation of independent sequences is ~N(0, 1/count). */
function expectUncorrelated(a: Uint8Array, b: Uint8Array, shift: number, what: string): void {
  const { r, count } = correlation(a, b, shift);
  expect(Math.abs(r), `${what}: correlation ${r}`).toBeLessThanOrEqual(5 / Math.sqrt(count));
}

describe('dropout mask statistics (specification; the WASM kernel gives the same bits)', () => {
  it('keeps 1 − rate of the elements within 5σ, at rates from 0.001 to 0.999', () => {
    for (const rate of [0.001, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.6, 0.75, 0.9, 0.95, 0.999]) {
      const kept = draw(12345, rate).keep.reduce((s, k) => s + k, 0);
      const sd = Math.sqrt(N * rate * (1 - rate));
      expect(Math.abs(kept - N * (1 - rate)), `rate ${rate}: kept ${kept}`).toBeLessThanOrEqual(5 * sd);
    }
  });

  it('stores exactly 0 or f32(1/(1 − rate)), so the mean of the mask (E[y]/x) is 1 within 5σ', () => {
    for (const rate of [0.1, 0.5, 0.8]) {
      const { mask } = draw(99, rate);
      const scale = Math.fround(1 / (1 - rate));
      expect(mask.every((m) => m === 0 || m === scale)).toBe(true);
      const mean = mask.reduce((s, m) => s + m, 0) / N;
      expect(Math.abs(mean - scale * (1 - rate)), `rate ${rate}`).toBeLessThanOrEqual(5 * scale * Math.sqrt((rate * (1 - rate)) / N));
    }
  });

  it('rate 0 keeps everything: the mask is all ones and y = x', () => {
    const x = Float32Array.from({ length: 257 }, (_, i) => Math.sin(i) * 1e3);
    const y = new Float32Array(257), mask = new Float32Array(257);
    spec.dropout(x, y, mask, 257, 0, 5);
    expect(mask.every((m) => m === 1)).toBe(true);
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  it('neighbouring positions are independent: no correlation at lags 1 to 8 (inside and across SIMD lanes), 16, 64, 1024', () => {
    for (const rate of [0.5, 0.1]) {
      const { keep } = draw(2024, rate);
      for (const lag of [1, 2, 3, 4, 5, 6, 7, 8, 16, 64, 1024]) expectUncorrelated(keep, keep, lag, `rate ${rate}, lag ${lag}`);
    }
  });

  it('groups of 4 consecutive decisions (one SIMD vector) take all 16 patterns equally often (χ², 15 dof, p > 1e-6)', () => {
    const { keep } = draw(77, 0.5);
    const counts = new Array(16).fill(0);
    for (let i = 0; i < N; i += 4) counts[keep[i] | (keep[i + 1] << 1) | (keep[i + 2] << 2) | (keep[i + 3] << 3)]++;
    const expected = N / 4 / 16;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(50.3); // the 1 − 1e-6 quantile of χ² with 15 degrees of freedom
  });

  it('is the documented hash: dropped exactly when fmix32((i·0x9E3779B9) XOR fmix32(seed)) >>> 8 < round(rate·2²⁴)', () => {
    expect([0, 1, 0xdeadbeef, 0xffffffff].every((h) => fmix32(unfmix32(h)) === h && unfmix32(fmix32(h)) === h)).toBe(true);
    for (const [seed, rate] of [[0, 0.5], [-7, 0.1], [0xcafef00d, 0.3], [42, 0.999]]) {
      const { keep } = draw(seed, rate, 4099);
      const key = fmix32(seed >>> 0), t = Math.floor(rate * 2 ** 24 + 0.5);
      const mine = Uint8Array.from({ length: 4099 }, (_, i) => (fmix32((Math.imul(i, PHI) ^ key) >>> 0) >>> 8 < t ? 0 : 1));
      expect(Array.from(keep)).toEqual(Array.from(mine));
    }
  });

  it('different seeds give independent masks, also shifted against each other (seeds 1 apart, 1 bit apart, keys k·φ apart)', () => {
    const base = 0x1234567;
    const a = draw(base, 0.5).keep;
    // keys k·φ apart would give the same mask shifted by k if the key were added to the counter i·φ instead of XORed
    const keyShift = (k: number) => unfmix32((fmix32(base) + k * PHI) >>> 0);
    const others: [number, string][] = [
      [base + 1, 'seed + 1'], [base ^ 1, 'low bit flipped'], [base ^ 0x80000000, 'high bit flipped'],
      [keyShift(1), 'key + φ'], [keyShift(2), 'key + 2φ'], [keyShift(-3), 'key − 3φ'],
    ];
    for (const [seed, what] of others) {
      const b = draw(seed, 0.5).keep;
      for (let shift = -8; shift <= 8; shift++) expectUncorrelated(a, b, shift, `${what}, shift ${shift}`);
    }
  });

  it("seeds drawn from a model's Random give masks that are pairwise uncorrelated and each keep 1 − rate", () => {
    const rng = new Random(0);
    const n = 1 << 16;
    const masks = Array.from({ length: 24 }, () => draw(rng.nextUint32(), 0.3, n).keep);
    for (let s = 0; s < masks.length; s++) {
      const kept = masks[s].reduce((acc, k) => acc + k, 0);
      expect(Math.abs(kept - 0.7 * n)).toBeLessThanOrEqual(5 * Math.sqrt(n * 0.21));
      for (let t = s + 1; t < masks.length; t++) expectUncorrelated(masks[s], masks[t], 0, `steps ${s} and ${t}`);
    }
  });

  it('the same seed gives the same mask, whose first n elements are the mask of n elements (a shorter last batch)', () => {
    const long = draw(31337, 0.4, 1000).mask;
    expect(Array.from(draw(31337, 0.4, 1000).mask)).toEqual(Array.from(long));
    for (const n of [1, 3, 4, 5, 17, 63, 257]) expect(Array.from(draw(31337, 0.4, n).mask)).toEqual(Array.from(long.subarray(0, n)));
    expect(Array.from(draw(31338, 0.4, 1000).mask)).not.toEqual(Array.from(long));
    // seeds are taken modulo 2³²: −1 and 2³² − 1 are the same seed
    expect(Array.from(draw(-1, 0.4, 100).mask)).toEqual(Array.from(draw(2 ** 32 - 1, 0.4, 100).mask));
  });
});

describe('the WASM kernel draws the same bits over long runs', () => {
  let wasm: Backend;
  beforeAll(async () => {
    wasm = await createWasmBackend(undefined, { simd: 'baseline' });
  });
  it('2²⁰ + 3 elements, seeds from Random, rates 0.1 / 0.5 / 0.9', () => {
    const rng = new Random(8);
    const n = N + 3;
    const x = Float32Array.from({ length: n }, () => rng.normal());
    for (const rate of [0.1, 0.5, 0.9]) {
      const seed = rng.nextUint32();
      const call = { kernel: 'dropout' as const, bufs: [x, new Float32Array(n), new Float32Array(n)], rest: [n, rate, seed] };
      const w = run(wasm, call);
      const y = new Float32Array(n), mask = new Float32Array(n);
      spec.dropout(x, y, mask, n, rate, seed);
      expect(w.bufs[2].every((m, i) => m === mask[i]), `mask, rate ${rate}`).toBe(true);
      expect(w.bufs[1].every((v, i) => Object.is(v, y[i])), `y, rate ${rate}`).toBe(true);
    }
  });
});
