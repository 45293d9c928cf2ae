/** Plain-loop matrix products, fused dense + activation, the fused backward products, bias add: the specification the WASM kernels in assembly/matmul.ts and matmul_grad.ts are tested against. */

import { relu, reluBackward, sigmoid, sigmoidBackward, tanh, tanhBackward } from './activations.js';
import { colSum } from './reduce.js';

type F = Float32Array;

/** C[m×n] = A[m×k] · B[k×n] */
export function matmul(a: F, b: F, c: F, m: number, k: number, n: number): void {
  c.fill(0, 0, m * n);
  matmulAcc(a, b, c, m, k, n);
}

/** C[m×n] += A[m×k] · B[k×n] (i-p-j order: the inner loop walks rows of B and C) */
export function matmulAcc(a: F, b: F, c: F, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
    }
  }
}

/** C[m×n] = A[m×k] · B[k×n] + bias[n] */
export function matmulBias(a: F, b: F, bias: F, c: F, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c[i * n + j] = bias[j];
  matmulAcc(a, b, c, m, k, n);
}

/** C[m×n] = max(0, A[m×k] · B[k×n] + bias[n]): matmulBias, then relu in place */
export function matmulBiasRelu(a: F, b: F, bias: F, c: F, m: number, k: number, n: number): void {
  matmulBias(a, b, bias, c, m, k, n);
  relu(c, c, m * n);
}

/** C[m×n] = tanh(A[m×k] · B[k×n] + bias[n]): matmulBias, then tanh in place */
export function matmulBiasTanh(a: F, b: F, bias: F, c: F, m: number, k: number, n: number): void {
  matmulBias(a, b, bias, c, m, k, n);
  tanh(c, c, m * n);
}

/** C[m×n] = σ(A[m×k] · B[k×n] + bias[n]): matmulBias, then sigmoid in place */
export function matmulBiasSigmoid(a: F, b: F, bias: F, c: F, m: number, k: number, n: number): void {
  matmulBias(a, b, bias, c, m, k, n);
  sigmoid(c, c, m * n);
}

/** C[k×n] = A[m×k]ᵀ · B[m×n] */
export function matmulTransA(a: F, b: F, c: F, m: number, k: number, n: number): void {
  c.fill(0, 0, k * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      for (let j = 0; j < n; j++) c[p * n + j] += aip * b[i * n + j];
    }
  }
}

/** C[m×k] = A[m×n] · B[k×n]ᵀ */
export function matmulTransB(a: F, b: F, c: F, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * b[p * n + j];
      c[i * k + p] = s;
    }
  }
}

/** C[k×n] = A[m×k]ᵀ · B[m×n] and colsum[n] = Σ_rows B (a dense layer's dW and db): matmulTransA, then colSum */
export function matmulTransAColSum(a: F, b: F, c: F, colsum: F, m: number, k: number, n: number): void {
  matmulTransA(a, b, c, m, k, n);
  colSum(b, colsum, m, n);
}

/** C[m×k] = (A[m×n] · B[k×n]ᵀ) ⊙ [saved > 0] (dX through a ReLU): matmulTransB, then reluBackward in place */
export function matmulTransBReluBackward(a: F, b: F, saved: F, c: F, m: number, k: number, n: number): void {
  matmulTransB(a, b, c, m, k, n);
  reluBackward(saved, c, c, m * k);
}

/** C[m×k] = (A[m×n] · B[k×n]ᵀ) ⊙ (1 − y²) (dX through a tanh, from its output y = saved): matmulTransB, then tanhBackward */
export function matmulTransBTanhBackward(a: F, b: F, saved: F, c: F, m: number, k: number, n: number): void {
  matmulTransB(a, b, c, m, k, n);
  tanhBackward(saved, c, c, m * k);
}

/** C[m×k] = (A[m×n] · B[k×n]ᵀ) ⊙ y ⊙ (1 − y) (dX through a sigmoid, from its output y = saved): matmulTransB, then sigmoidBackward */
export function matmulTransBSigmoidBackward(a: F, b: F, saved: F, c: F, m: number, k: number, n: number): void {
  matmulTransB(a, b, c, m, k, n);
  sigmoidBackward(saved, c, c, m * k);
}

/** y[r, j] = x[r, j] + bias[j] */
export function biasAdd(x: F, bias: F, y: F, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) y[r * cols + j] = x[r * cols + j] + bias[j];
}
