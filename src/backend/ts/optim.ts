/** Plain-loop first-order optimizer updates (sgd, momentum, Nesterov), in place. g′ = g + l2·w is the gradient of loss + (l2/2)·Σw². */

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

/** v = mu·v + g′; w −= lr · (g′ + mu·v)  (Nesterov momentum, Sutskever's form as PyTorch's) */
export function nesterov(w: F, g: F, v: F, n: number, lr: number, mu: number, l2: number): void {
  for (let i = 0; i < n; i++) {
    const gi = g[i] + l2 * w[i];
    v[i] = mu * v[i] + gi;
    w[i] -= lr * (gi + mu * v[i]);
  }
}
