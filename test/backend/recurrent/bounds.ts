/** f64 arithmetic that carries, with each value, a bound on how far an f32 implementation's value may be from it (a running error analysis): the ground the recurrent references stand on. */

/** u = 2^−24, the unit roundoff of f32. */
export const u = 2 ** -24;

/** An f64 value and a bound on the distance of an f32 implementation's value from it. */
export interface E {
  v: number;
  e: number;
}

export const exact = (v: number): E => ({ v, e: 0 });
export const values = (x: ArrayLike<number>): E[] => Array.from(x, exact);

// Each f32 operation rounds once (≤ u relative to its result, bounded here by the operands' magnitudes); errors
// of the operands propagate to first order, plus the product of the two bounds for products. An implementation
// that keeps intermediates in f64 (the TS specification) rounds less, so the same bound holds for it.

export function mul(a: E, b: E): E {
  const v = a.v * b.v;
  return { v, e: Math.abs(a.v) * b.e + Math.abs(b.v) * a.e + a.e * b.e + u * Math.abs(v) };
}
export function add(a: E, b: E): E {
  return { v: a.v + b.v, e: a.e + b.e + u * (Math.abs(a.v) + Math.abs(b.v)) };
}
export function sub(a: E, b: E): E {
  return { v: a.v - b.v, e: a.e + b.e + u * (Math.abs(a.v) + Math.abs(b.v)) };
}
export const oneMinus = (a: E): E => sub(exact(1), a);

/**
 * Relative error of the f32 activations: WASM's vector sigmoid ≤ 1.93e-7 and tanh ≤ 1.7e-7 on [−40, 40]
 * (assembly/simd.ts; test/backend/wasm/exp_error.test.ts measures them again), i.e. ≤ 3.3u, result rounding
 * included; the TS specification's f64 result rounded once is within 1u.
 */
const ACT = 3.3 * u;

/**
 * σ(a): the input's error through the slope, plus the activation's own. The slope is taken at a.v and raised by
 * max|σ″|·a.e (|σ″| ≤ 1/(6√3) < 0.1), so it covers the interval a.v ± a.e; it never exceeds max σ′ = 1/4.
 */
export function sigmoid(a: E): E {
  const v = 1 / (1 + Math.exp(-a.v));
  return { v, e: Math.min(0.25, v * (1 - v) + 0.1 * a.e) * a.e + ACT * v };
}
/** tanh(a), as sigmoid with |tanh″| ≤ 4/(3√3) < 0.77 and max tanh′ = 1. */
export function tanh(a: E): E {
  const v = Math.tanh(a.v);
  return { v, e: Math.min(1, 1 - v * v + 0.77 * a.e) * a.e + ACT * Math.abs(v) };
}

/** γ_n = n·u / (1 − n·u): the bound on n terms summed in f32, in any order (blocked, or with fused multiply-adds, is within it). */
export const gamma = (n: number): number => (n * u) / (1 - n * u);

/** init + Σ_k a[k]·w(k) with exact weights (a GEMM element or a carried gradient): γ_{K+1} of the terms' magnitudes plus the propagated errors. */
export function dot(init: E, a: readonly E[], w: (k: number) => number): E {
  let v = init.v, mag = Math.abs(init.v), e = init.e;
  for (let k = 0; k < a.length; k++) {
    const wk = w(k);
    v += a[k].v * wk;
    mag += Math.abs(a[k].v * wk);
    e += Math.abs(wk) * a[k].e;
  }
  return { v, e: e + gamma(a.length + 1) * mag };
}

/** Σ of terms (a column sum), in any order. */
export function sum(terms: readonly E[]): E {
  let v = 0, mag = 0, e = 0;
  for (const t of terms) {
    v += t.v;
    mag += Math.abs(t.v);
    e += t.e;
  }
  return { v, e: e + gamma(terms.length) * mag };
}

/**
 * The first element of `actual` farther from the reference than its bound, described, or null. The bounds are
 * first-order: the neglected terms are products of two errors (≈ 1e-13 relative here), which the factor 1.001 covers.
 */
export function outsideBound(actual: ArrayLike<number>, ref: readonly E[], label: string): string | null {
  if (actual.length !== ref.length) return `${label}: length ${actual.length} ≠ ${ref.length}`;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(actual[i] - ref[i].v);
    if (!(d <= 1.001 * ref[i].e)) return `${label}[${i}]: ${actual[i]} vs f64 ${ref[i].v}, |diff| ${d.toExponential(3)} > bound ${ref[i].e.toExponential(3)}`;
  }
  return null;
}
