/** Plain-loop batch normalization per column of a [rows × cols] batch: training forward and backward, inference forward, moving statistics. */

type F = Float32Array;

/**
 * Per column, from f64 sums of d = x − x[0] (the data shifted by its first row, which keeps the subtraction from
 * cancelling): mean = x[0] + Σd/rows, variance = max(Σd²/rows − (Σd/rows)², 0) (biased), invStd = 1/√(variance + eps),
 * each stored as f32; then x̂ = (x − mean)·invStd and y = γ·x̂ + β from the stored values. One row: x̂ = 0, y = β.
 */
export function batchNorm(x: F, gamma: F, beta: F, y: F, xhat: F, mean: F, variance: F, invStd: F, rows: number, cols: number, eps: number): void {
  for (let j = 0; j < cols; j++) {
    const k = x[j];
    let s = 0;
    let q = 0;
    for (let r = 0; r < rows; r++) {
      const d = x[r * cols + j] - k;
      s += d;
      q += d * d;
    }
    const m = s / rows;
    const v = Math.max(q / rows - m * m, 0);
    mean[j] = k + m;
    variance[j] = v;
    invStd[j] = 1 / Math.sqrt(v + eps);
  }
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const i = r * cols + j;
      xhat[i] = (x[i] - mean[j]) * invStd[j];
      y[i] = gamma[j] * xhat[i] + beta[j];
    }
  }
}
/** dβ = Σ dy, dγ = Σ dy·x̂ (f64 sums, stored as f32); dx = γ·invStd·(dy − dβ/rows − x̂·dγ/rows), per column */
export function batchNormBackward(xhat: F, gamma: F, invStd: F, dy: F, dx: F, dgamma: F, dbeta: F, rows: number, cols: number): void {
  for (let j = 0; j < cols; j++) {
    let b = 0;
    let g = 0;
    for (let r = 0; r < rows; r++) {
      b += dy[r * cols + j];
      g += dy[r * cols + j] * xhat[r * cols + j];
    }
    dbeta[j] = b;
    dgamma[j] = g;
  }
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const i = r * cols + j;
      dx[i] = gamma[j] * invStd[j] * (dy[i] - dbeta[j] / rows - (xhat[i] * dgamma[j]) / rows);
    }
  }
}

/** invStd = 1/√(movingVar + eps) per column (stored as f32); y = (x − movingMean)·(γ·invStd) + β */
export function batchNormInference(x: F, movingMean: F, movingVar: F, gamma: F, beta: F, y: F, invStd: F, rows: number, cols: number, eps: number): void {
  for (let j = 0; j < cols; j++) invStd[j] = 1 / Math.sqrt(movingVar[j] + eps);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const i = r * cols + j;
      y[i] = (x[i] - movingMean[j]) * (gamma[j] * invStd[j]) + beta[j];
    }
  }
}

/**
 * movingMean = μ·movingMean + (1 − μ)·mean; movingVar = μ·movingVar + (1 − μ)·variance·rows/(rows − 1) (the unbiased
 * batch variance; factor 1 for one row), in f64 in this order (assembly/batch_norm.ts does the same, bit for bit)
 */
export function batchNormUpdateMoving(mean: F, variance: F, movingMean: F, movingVar: F, cols: number, rows: number, momentum: number): void {
  const b = 1 - momentum;
  const bv = rows > 1 ? (b * rows) / (rows - 1) : b;
  for (let j = 0; j < cols; j++) {
    movingMean[j] = momentum * movingMean[j] + b * mean[j];
    movingVar[j] = momentum * movingVar[j] + bv * variance[j];
  }
}
