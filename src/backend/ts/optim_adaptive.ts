/** Plain-loop adaptive optimizer updates (adam, adamw, rmsprop, adagrad), in place. g′ = g + l2·w; epsilon placed as Keras places it. */

type F = Float32Array;

/** m = b1·m + (1−b1)·g′; v = b2·v + (1−b2)·g′²; w −= lrT · m / (√v + eps) */
export function adam(w: F, g: F, m: F, v: F, n: number, lrT: number, b1: number, b2: number, eps: number, l2: number): void {
  for (let i = 0; i < n; i++) {
    const gi = g[i] + l2 * w[i];
    m[i] = b1 * m[i] + (1 - b1) * gi;
    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
    w[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + eps);
  }
}

/** adam's moments, then w −= decay·w + lrT · m / (√v + eps)  (decoupled weight decay, decay = lr·weightDecay; subtracted first) */
export function adamw(w: F, g: F, m: F, v: F, n: number, lrT: number, b1: number, b2: number, eps: number, l2: number, decay: number): void {
  for (let i = 0; i < n; i++) {
    const gi = g[i] + l2 * w[i];
    m[i] = b1 * m[i] + (1 - b1) * gi;
    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
    w[i] = w[i] - decay * w[i] - (lrT * m[i]) / (Math.sqrt(v[i]) + eps);
  }
}

/** ms = rho·ms + (1−rho)·g′²; mom = mu·mom + lr · g′ / √(ms + eps); w −= mom  (Keras's RMSprop) */
export function rmsprop(w: F, g: F, ms: F, mom: F, n: number, lr: number, rho: number, eps: number, mu: number, l2: number): void {
  for (let i = 0; i < n; i++) {
    const gi = g[i] + l2 * w[i];
    ms[i] = rho * ms[i] + (1 - rho) * gi * gi;
    mom[i] = mu * mom[i] + (lr * gi) / Math.sqrt(ms[i] + eps);
    w[i] -= mom[i];
  }
}

/** acc += g′²; w −= lr · g′ / √(acc + eps)  (Keras's Adagrad) */
export function adagrad(w: F, g: F, acc: F, n: number, lr: number, eps: number, l2: number): void {
  for (let i = 0; i < n; i++) {
    const gi = g[i] + l2 * w[i];
    acc[i] += gi * gi;
    w[i] -= (lr * gi) / Math.sqrt(acc[i] + eps);
  }
}
