/** Plain-loop optimizer updates, in place. g′ = g + l2·w is the gradient of loss + (l2/2)·Σw². */

type F = Float32Array;

/** w −= lr · g′ */
export function sgd(w: F, g: F, n: number, lr: number, l2: number): void {
  for (let i = 0; i < n; i++) w[i] -= lr * (g[i] + l2 * w[i]);
}

/** v = mu·v + g′; w −= lr · v */
export function momentum(w: F, g: F, v: F, n: number, lr: number, mu: number, l2: number): void {
  for (let i = 0; i < n; i++) {
    v[i] = mu * v[i] + g[i] + l2 * w[i];
    w[i] -= lr * v[i];
  }
}

/** m = b1·m + (1−b1)·g′; v = b2·v + (1−b2)·g′²; w −= lrT · m / (√v + eps) */
export function adam(w: F, g: F, m: F, v: F, n: number, lrT: number, b1: number, b2: number, eps: number, l2: number): void {
  for (let i = 0; i < n; i++) {
    const gi = g[i] + l2 * w[i];
    m[i] = b1 * m[i] + (1 - b1) * gi;
    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
    w[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + eps);
  }
}
