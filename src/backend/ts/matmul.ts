/** Plain-loop matrix products, fused dense + activation, bias add: the specification the WASM kernels in assembly/matmul.ts are tested against. */

import { relu, sigmoid, tanh } from './activations.js';

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

/** y[r, j] = x[r, j] + bias[j] */
export function biasAdd(x: F, bias: F, y: F, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) y[r * cols + j] = x[r * cols + j] + bias[j];
}
