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

/** Σ x[i]², accumulated in f64 */
export function sumSquares(x: F, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * x[i];
  return s;
}
