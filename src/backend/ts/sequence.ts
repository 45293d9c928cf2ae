/** Helpers of the recurrent specifications (rnn.ts, lstm.ts, gru.ts): batch-major row offsets, the per-step product, where outputs go. Not kernels. */

type F = Float32Array;

/** Offset of row (b, t) of a batch-major sequence buffer with rows of `w` values: sample b's step t. */
export function rowOf(b: number, t: number, steps: number, w: number): number {
  return (b * steps + t) * w;
}

/** Offset of step t's output in y [batch × outSteps × units] (the last outSteps steps), or −1 when step t is not kept. */
export function outOf(b: number, t: number, steps: number, outSteps: number, units: number): number {
  const s = t - (steps - outSteps);
  return s < 0 ? -1 : (b * outSteps + s) * units;
}

/**
 * c[co + q] (= or +=) Σ_k a[ao + k] · m[k·ld + mo + q] for q < n, k < kk: a row times a block of columns of a
 * row-major matrix, summed in f64 and rounded once.
 */
export function rowTimes(a: F, ao: number, m: F, ld: number, mo: number, kk: number, n: number, c: F, co: number, add: boolean): void {
  for (let q = 0; q < n; q++) {
    let s = add ? c[co + q] : 0;
    for (let k = 0; k < kk; k++) s += a[ao + k] * m[k * ld + mo + q];
    c[co + q] = s;
  }
}

/**
 * c[co + k] (= or +=) Σ_q a[ao + q] · m[k·ld + mo + q] for k < kk, q < n: a row times the transpose of a block of
 * columns (the gradient passed back through U), summed in f64 and rounded once.
 */
export function rowTimesT(a: F, ao: number, m: F, ld: number, mo: number, kk: number, n: number, c: F, co: number, add: boolean): void {
  for (let k = 0; k < kk; k++) {
    let s = add ? c[co + k] : 0;
    for (let q = 0; q < n; q++) s += a[ao + q] * m[k * ld + mo + q];
    c[co + k] = s;
  }
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
