/** Plain-loop reductions: column sums (bias gradients), row argmax (accuracy), sum of squares (L2). */

type F = Float32Array;

/** out[j] = Σ_r x[r, j] */
export function colSum(x: F, out: F, rows: number, cols: number): void {
  out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[j] += x[r * cols + j];
}

/** out[r] = first index of the maximum of row r */
export function rowArgmax(x: F, out: F, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestV = x[r * cols];
    for (let j = 1; j < cols; j++) {
      const v = x[r * cols + j];
      if (v > bestV) { bestV = v; best = j; }
    }
    out[r] = best;
  }
}

/** Σ_r [argmax x[r, ·] = argmax t[r, ·]], both by rowArgmax's rule */
export function argmaxMatches(x: F, t: F, rows: number, cols: number): number {
  let count = 0;
  for (let r = 0; r < rows; r++) if (firstArgmax(x, r * cols, cols) === firstArgmax(t, r * cols, cols)) count++;
  return count;
}

/** The first index of the maximum of a[o .. o + cols), as in rowArgmax. */
function firstArgmax(a: F, o: number, cols: number): number {
  let best = 0;
  let bestV = a[o];
  for (let j = 1; j < cols; j++) {
    if (a[o + j] > bestV) { bestV = a[o + j]; best = j; }
  }
  return best;
}

/** Σ_i [(x[i] > 0) = (t[i] ≥ 0.5)] */
export function signMatches(x: F, t: F, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (x[i] > 0 === t[i] >= 0.5) count++;
  return count;
}

/** Σ x[i]², accumulated in f64 */
export function sumSquares(x: F, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * x[i];
  return s;
}

/** The index of the first NaN or ±Infinity among n values, or −1. */
export function firstNonFinite(x: F, n: number): number {
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) return i;
  return -1;
}
