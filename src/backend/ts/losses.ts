/** Plain-loop losses: each returns the mean loss (accumulated in f64) and writes its gradient. */

type F = Float32Array;

/** loss = −Σ t·log softmax(z) / rows (log-sum-exp, max-subtracted); dz = (softmax(z) − t) / rows */
export function softmaxCrossEntropy(z: F, t: F, dz: F, rows: number, cols: number): number {
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(z[o + j] - max);
    const logSum = Math.log(sum);
    for (let j = 0; j < cols; j++) {
      const logP = z[o + j] - max - logSum;
      loss -= t[o + j] * logP;
      dz[o + j] = (Math.exp(logP) - t[o + j]) / rows;
    }
  }
  return loss / rows;
}

/** loss = Σ (p − t)² / n; dp = 2(p − t) / n */
export function mse(p: F, t: F, dp: F, n: number): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i] - t[i];
    loss += d * d;
    dp[i] = (2 * d) / n;
  }
  return loss / n;
}

/** loss = Σ [max(z, 0) − z·t + log(1 + e^−|z|)] / n (stable on logits); dz = (σ(z) − t) / n */
export function sigmoidCrossEntropy(z: F, t: F, dz: F, n: number): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const zi = z[i];
    loss += Math.max(zi, 0) - zi * t[i] + Math.log1p(Math.exp(-Math.abs(zi)));
    dz[i] = (1 / (1 + Math.exp(-zi)) - t[i]) / n;
  }
  return loss / n;
}

/** loss = Σ max(0, 1 − y·s) / n, y = ±1; ds = −y / n where 1 − y·s > 0, else 0 */
export function hinge(s: F, y: F, ds: F, n: number): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const margin = 1 - y[i] * s[i];
    if (margin > 0) {
      loss += margin;
      ds[i] = -y[i] / n;
    } else {
      ds[i] = 0;
    }
  }
  return loss / n;
}
