/** The typed list of exports the TS side expects from build/simdnet.wasm (assembly/index.ts), checked by test/backend/abi.test.ts. */

import type { KernelName } from '../backend.js';

type P = number; // a byte address in linear memory
type N = number; // an element count
type S = number; // a scalar parameter

/** Every function the module exports, with its wasm signature. Pointers come first, then sizes, then scalars. */
export interface WasmExports {
  matmul(a: P, b: P, c: P, m: N, k: N, n: N, scratch: P): void;
  matmulAcc(a: P, b: P, c: P, m: N, k: N, n: N, scratch: P): void;
  matmulBias(a: P, b: P, bias: P, c: P, m: N, k: N, n: N, scratch: P): void;
  matmulBiasRelu(a: P, b: P, bias: P, c: P, m: N, k: N, n: N, scratch: P): void;
  matmulBiasTanh(a: P, b: P, bias: P, c: P, m: N, k: N, n: N, scratch: P): void;
  matmulBiasSigmoid(a: P, b: P, bias: P, c: P, m: N, k: N, n: N, scratch: P): void;
  matmulTransA(a: P, b: P, c: P, m: N, k: N, n: N, scratch: P): void;
  matmulTransB(a: P, b: P, c: P, m: N, k: N, n: N): void;
  biasAdd(x: P, bias: P, y: P, rows: N, cols: N): void;

  colSum(x: P, out: P, rows: N, cols: N): void;
  rowArgmax(x: P, out: P, rows: N, cols: N): void;
  argmaxMatches(x: P, t: P, rows: N, cols: N): number;
  signMatches(x: P, t: P, n: N): number;
  sumSquares(x: P, n: N): number;

  relu(x: P, y: P, n: N): void;
  reluBackward(x: P, dy: P, dx: P, n: N): void;
  leakyRelu(x: P, y: P, n: N, alpha: S): void;
  leakyReluBackward(x: P, dy: P, dx: P, n: N, alpha: S): void;
  sigmoid(x: P, y: P, n: N): void;
  sigmoidBackward(y: P, dy: P, dx: P, n: N): void;
  tanh(x: P, y: P, n: N): void;
  tanhBackward(y: P, dy: P, dx: P, n: N): void;
  step(x: P, y: P, n: N): void;
  softmax(x: P, y: P, rows: N, cols: N): void;

  softmaxCrossEntropy(logits: P, target: P, dlogits: P, rows: N, cols: N): number;
  mse(pred: P, target: P, dpred: P, n: N): number;
  sigmoidCrossEntropy(logits: P, target: P, dlogits: P, n: N): number;
  hinge(scores: P, labels: P, dscores: P, n: N): number;

  sgd(w: P, g: P, n: N, lr: S, l2: S): void;
  momentum(w: P, g: P, v: P, n: N, lr: S, mu: S, l2: S): void;
  adam(w: P, g: P, m: P, v: P, n: N, lrT: S, b1: S, b2: S, eps: S, l2: S): void;

  /** End of the module's static data: where the JS heap starts. */
  heapBase(): P;
  /** Bytes of the scratch block the matmul kernels take as their last argument (a packed panel of B). */
  scratchBytes(): N;
}

/** Each export's parameter count (what `fn.length` of the instance's export must be). */
export const ABI = {
  matmul: 7, matmulAcc: 7, matmulBias: 8, matmulBiasRelu: 8, matmulBiasTanh: 8, matmulBiasSigmoid: 8, matmulTransA: 7, matmulTransB: 6, biasAdd: 5,
  colSum: 4, rowArgmax: 4, argmaxMatches: 4, signMatches: 3, sumSquares: 2,
  relu: 3, reluBackward: 4, leakyRelu: 4, leakyReluBackward: 5, sigmoid: 3, sigmoidBackward: 4,
  tanh: 3, tanhBackward: 4, step: 3, softmax: 4,
  softmaxCrossEntropy: 5, mse: 4, sigmoidCrossEntropy: 4, hinge: 4,
  sgd: 5, momentum: 7, adam: 10,
  heapBase: 0, scratchBytes: 0,
} as const satisfies { [K in keyof WasmExports]: number };

/** Exports that are not kernels of the Backend interface. */
export const NON_KERNEL_EXPORTS = ['heapBase', 'scratchBytes'] as const;

/**
 * Kernels that take one argument more than their Backend method: a trailing pointer to a scratch block of
 * `scratchBytes()` bytes, owned by the backend (kernels never allocate; a threaded build gives each worker its own).
 */
export const SCRATCH_KERNELS = ['matmul', 'matmulAcc', 'matmulBias', 'matmulBiasRelu', 'matmulBiasTanh', 'matmulBiasSigmoid', 'matmulTransA'] as const;

// Compile-time check: every Backend kernel is an export (a missing one is a type error here).
const _kernelsAreExports: { [K in KernelName]: (typeof ABI)[K] } = ABI;
void _kernelsAreExports;
