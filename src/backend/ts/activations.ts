/** Plain-loop activations, each backward directly under its forward, from the cheapest saved value. */

type F = Float32Array;

/** y = max(0, x) */
export function relu(x: F, y: F, n: number): void {
  for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0;
}
/** dx = dy · [x > 0], from the saved input */
export function reluBackward(x: F, dy: F, dx: F, n: number): void {
  for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
}

/** y = x > 0 ? x : alpha·x */
export function leakyRelu(x: F, y: F, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
}
/** dx = dy · (x > 0 ? 1 : alpha), from the saved input */
export function leakyReluBackward(x: F, dy: F, dx: F, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : alpha * dy[i];
}

/** y = 1 / (1 + e^−x) */
export function sigmoid(x: F, y: F, n: number): void {
  for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
}
/** dx = dy · y · (1 − y), from the saved output */
export function sigmoidBackward(y: F, dy: F, dx: F, n: number): void {
  for (let i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
}

/** y = tanh(x) */
export function tanh(x: F, y: F, n: number): void {
  for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
}
/** dx = dy · (1 − y²), from the saved output */
export function tanhBackward(y: F, dy: F, dx: F, n: number): void {
  for (let i = 0; i < n; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
}

/** y = x > 0 ? 1 : 0 (Heaviside; forward only) */
export function step(x: F, y: F, n: number): void {
  for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? 1 : 0;
}

/** y[r, ·] = e^(x[r, ·] − max) / Σ e^(x[r, ·] − max) */
export function softmax(x: F, y: F, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(x[o + j] - max);
    for (let j = 0; j < cols; j++) y[o + j] = Math.exp(x[o + j] - max) / sum;
  }
}
/** dx[r, ·] = y[r, ·] ⊙ (dy[r, ·] − Σⱼ dy[r, j]·y[r, j]), from the saved output */
export function softmaxBackward(y: F, dy: F, dx: F, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += dy[o + j] * y[o + j];
    for (let j = 0; j < cols; j++) dx[o + j] = y[o + j] * (dy[o + j] - s);
  }
}
