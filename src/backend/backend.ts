/** The one interface both backends satisfy: buffer management plus every kernel, with one name per kernel. */

/**
 * An opaque handle to `length` f32 values owned by a backend. Only the backend that
 * allocated a buffer may use it; nothing outside `src/backend/` looks inside.
 */
export interface Buf {
  readonly length: number;
}

export type BackendName = 'ts' | 'wasm';

/**
 * All sizes are counted in elements; matrices are row-major f32. Argument order is
 * inputs, then outputs, then sizes, then scalar parameters (STYLE.md rule 2).
 * Kernels do not validate: callers (`ops`, `nn`) check shapes before calling.
 */
export interface Backend {
  readonly name: BackendName;

  // ---- memory ----
  /** A new zero-filled buffer of `length` f32 values. */
  alloc(length: number): Buf;
  /** Releases a buffer. Freeing twice throws. */
  free(buf: Buf): void;
  /** Copies `data` into `buf` starting at element `offset`. */
  write(buf: Buf, data: ArrayLike<number>, offset?: number): void;
  /** A copy of `length` elements from `offset` (default: the whole buffer). */
  read(buf: Buf, offset?: number, length?: number): Float32Array;
  /** Sets every element of `buf` to `value`. */
  fill(buf: Buf, value: number): void;
  /** dst[dstOffset + i] = src[srcOffset + i] for i < n. */
  copy(src: Buf, dst: Buf, n: number, srcOffset?: number, dstOffset?: number): void;
  /** dst row r = src row indices[start + r], for r < count; rows have `cols` elements. */
  gatherRows(src: Buf, indices: ArrayLike<number>, dst: Buf, start: number, count: number, cols: number): void;
  /** Number of buffers allocated and not yet freed. */
  liveBuffers(): number;
  /** Bytes held by live buffers. */
  bytesInUse(): number;

  // ---- matmul.ts ----
  /** C[m×n] = A[m×k] · B[k×n] */
  matmul(a: Buf, b: Buf, c: Buf, m: number, k: number, n: number): void;
  /** C[m×n] += A[m×k] · B[k×n] */
  matmulAcc(a: Buf, b: Buf, c: Buf, m: number, k: number, n: number): void;
  /** C[m×n] = A[m×k] · B[k×n] + bias[n] on every row */
  matmulBias(a: Buf, b: Buf, bias: Buf, c: Buf, m: number, k: number, n: number): void;
  /** C[m×n] = max(0, A[m×k] · B[k×n] + bias[n])  (dense + relu in one call; reluBackward from C gives the same mask as from the pre-activation) */
  matmulBiasRelu(a: Buf, b: Buf, bias: Buf, c: Buf, m: number, k: number, n: number): void;
  /** C[m×n] = tanh(A[m×k] · B[k×n] + bias[n])  (dense + tanh in one call) */
  matmulBiasTanh(a: Buf, b: Buf, bias: Buf, c: Buf, m: number, k: number, n: number): void;
  /** C[m×n] = σ(A[m×k] · B[k×n] + bias[n])  (dense + sigmoid in one call) */
  matmulBiasSigmoid(a: Buf, b: Buf, bias: Buf, c: Buf, m: number, k: number, n: number): void;
  /** C[k×n] = A[m×k]ᵀ · B[m×n]  (weight gradient: dW = Xᵀ·dY) */
  matmulTransA(a: Buf, b: Buf, c: Buf, m: number, k: number, n: number): void;
  /** C[m×k] = A[m×n] · B[k×n]ᵀ  (input gradient: dX = dY·Wᵀ) */
  matmulTransB(a: Buf, b: Buf, c: Buf, m: number, k: number, n: number): void;
  /** y[r, j] = x[r, j] + bias[j] */
  biasAdd(x: Buf, bias: Buf, y: Buf, rows: number, cols: number): void;

  // ---- reduce.ts ----
  /** out[j] = Σ_r x[r, j]  (bias gradient) */
  colSum(x: Buf, out: Buf, rows: number, cols: number): void;
  /** out[r] = index of the largest x[r, ·] (first on ties), stored as f32 */
  rowArgmax(x: Buf, out: Buf, rows: number, cols: number): void;
  /** Σ_r [argmax x[r, ·] = argmax t[r, ·]], both by rowArgmax's rule: correct rows of an argmax classifier against one-hot targets */
  argmaxMatches(x: Buf, t: Buf, rows: number, cols: number): number;
  /** Σ_i [(x[i] > 0) = (t[i] ≥ 0.5)]: correct outputs of a sign classifier against 0/1 (or ±1) targets */
  signMatches(x: Buf, t: Buf, n: number): number;
  /** Σ x[i]² (for the L2 penalty) */
  sumSquares(x: Buf, n: number): number;

  // ---- activations.ts ----
  relu(x: Buf, y: Buf, n: number): void;
  /** dx = dy · [x > 0], from the saved input */
  reluBackward(x: Buf, dy: Buf, dx: Buf, n: number): void;
  leakyRelu(x: Buf, y: Buf, n: number, alpha: number): void;
  /** dx = dy · (x > 0 ? 1 : alpha), from the saved input */
  leakyReluBackward(x: Buf, dy: Buf, dx: Buf, n: number, alpha: number): void;
  sigmoid(x: Buf, y: Buf, n: number): void;
  /** dx = dy · y · (1 − y), from the saved output */
  sigmoidBackward(y: Buf, dy: Buf, dx: Buf, n: number): void;
  tanh(x: Buf, y: Buf, n: number): void;
  /** dx = dy · (1 − y²), from the saved output */
  tanhBackward(y: Buf, dy: Buf, dx: Buf, n: number): void;
  /** y = x > 0 ? 1 : 0 (forward only: its derivative is zero almost everywhere) */
  step(x: Buf, y: Buf, n: number): void;
  /** Row-wise softmax, max-subtracted. */
  softmax(x: Buf, y: Buf, rows: number, cols: number): void;

  // ---- losses.ts (each returns the mean loss and writes its gradient) ----
  /** Fused softmax + cross-entropy. target rows are probabilities (one-hot). dlogits = (softmax − target)/rows; returns −Σ target·log softmax / rows. */
  softmaxCrossEntropy(logits: Buf, target: Buf, dlogits: Buf, rows: number, cols: number): number;
  /** Σ (p − t)² / n; dpred = 2(p − t)/n */
  mse(pred: Buf, target: Buf, dpred: Buf, n: number): number;
  /** Binary cross-entropy on logits: Σ [max(z,0) − z·t + log(1 + e^−|z|)] / n; dz = (σ(z) − t)/n */
  sigmoidCrossEntropy(logits: Buf, target: Buf, dlogits: Buf, n: number): number;
  /** Max-margin: Σ max(0, 1 − y·s) / n with y = ±1; ds = −y/n where the margin is violated */
  hinge(scores: Buf, labels: Buf, dscores: Buf, n: number): number;

  // ---- optim.ts (in place; g′ = g + l2·w is the gradient of loss + l2/2·Σw²) ----
  /** w −= lr · g′ */
  sgd(w: Buf, g: Buf, n: number, lr: number, l2: number): void;
  /** v = mu·v + g′; w −= lr · v */
  momentum(w: Buf, g: Buf, v: Buf, n: number, lr: number, mu: number, l2: number): void;
  /** m = b1·m + (1−b1)·g′; v = b2·v + (1−b2)·g′²; w −= lrT · m / (√v + eps), lrT = lr·√(1−b2ᵗ)/(1−b1ᵗ) computed by the caller */
  adam(w: Buf, g: Buf, m: Buf, v: Buf, n: number, lrT: number, b1: number, b2: number, eps: number, l2: number): void;
}

/** Names of every kernel method, for the ABI and parity tests. */
export const KERNEL_NAMES = [
  'matmul', 'matmulAcc', 'matmulBias', 'matmulBiasRelu', 'matmulBiasTanh', 'matmulBiasSigmoid', 'matmulTransA', 'matmulTransB', 'biasAdd',
  'colSum', 'rowArgmax', 'argmaxMatches', 'signMatches', 'sumSquares',
  'relu', 'reluBackward', 'leakyRelu', 'leakyReluBackward', 'sigmoid', 'sigmoidBackward',
  'tanh', 'tanhBackward', 'step', 'softmax',
  'softmaxCrossEntropy', 'mse', 'sigmoidCrossEntropy', 'hinge',
  'sgd', 'momentum', 'adam',
] as const;

export type KernelName = (typeof KERNEL_NAMES)[number];
