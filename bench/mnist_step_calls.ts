/** The kernel calls of one MLP training step as fit makes them (src/nn/dense.ts, network.ts), on buffers allocated once, for bench/mnist_step.ts. */

import type { Backend, Buf } from '../src/backend/backend.js';

/** Which step makes a call: both, or only the one with separate (dW, db, dX, activation derivative) or fused backward kernels. */
export type StepSet = 'both' | 'separate' | 'fused';

/** One kernel call: what it is, its size, its useful flops, which step makes it, and the call itself. */
export interface StepCall {
  name: string;
  shape: string;
  flops: number;
  set: StepSet;
  run: () => void;
}

/**
 * Every call of one step of an MLP `sizes` (ReLU between layers, softmax CE on the last, SGD) at batch B: the fused
 * forward products, the loss, then per layer from the top: dW, db, dX and the ReLU derivative below it; the updates.
 * `buf(len, relu)` makes an operand (relu: non-negative values, as a saved ReLU output).
 */
export function stepCalls(be: Backend, buf: (len: number, relu?: boolean) => Buf, sizes: number[], B: number): StepCall[] {
  const L = sizes.length - 1, C = sizes[L];
  const x = buf(B * sizes[0], true), t = buf(B * C), dOut = buf(B * C);
  const W = sizes.slice(1).map((n, l) => buf(sizes[l] * n)), b = sizes.slice(1).map((n) => buf(n));
  const gW = W.map((w) => buf(w.length)), gb = b.map((v) => buf(v.length));
  const y = sizes.slice(1).map((n, l) => buf(B * n, l < L - 1));
  const dy = sizes.slice(1).map((n) => buf(B * n)), dx = sizes.slice(1, L).map((n) => buf(B * n));
  const calls: StepCall[] = [];
  // a checkout from before the fused backward kernels lacks them: its calls are left out
  const has = (kernel: string) => typeof (be as unknown as Record<string, unknown>)[kernel] === 'function';
  const add = (name: string, shape: number[], flops: number, run: () => void, set: StepSet = 'both') => {
    if (set !== 'fused' || has('matmulTransAColSum')) calls.push({ name, shape: shape.join('×'), flops, set, run });
  };
  for (let l = 0; l < L; l++) {
    const [k, n] = [sizes[l], sizes[l + 1]], inp = l === 0 ? x : y[l - 1];
    if (l < L - 1) add(`dense ${l + 1} forward (matmulBiasRelu)`, [B, k, n], 2 * B * k * n, () => be.matmulBiasRelu(inp, W[l], b[l], y[l], B, k, n));
    else add(`dense ${l + 1} forward (matmulBias)`, [B, k, n], 2 * B * k * n, () => be.matmulBias(inp, W[l], b[l], y[l], B, k, n));
  }
  add('softmaxCrossEntropy', [B, C], 0, () => be.softmaxCrossEntropy(y[L - 1], t, dOut, B, C));
  add('argmaxMatches (training accuracy)', [B, C], 0, () => be.argmaxMatches(y[L - 1], t, B, C));
  for (let l = L - 1; l >= 0; l--) {
    const [k, n] = [sizes[l], sizes[l + 1]], inp = l === 0 ? x : y[l - 1];
    add(`dense ${l + 1} dW (matmulTransA)`, [B, k, n], 2 * B * k * n, () => be.matmulTransA(inp, dy[l], gW[l], B, k, n), 'separate');
    add(`dense ${l + 1} db (colSum)`, [B, n], 0, () => be.colSum(dy[l], gb[l], B, n), 'separate');
    add(`dense ${l + 1} dW + db (matmulTransAColSum)`, [B, k, n], 2 * B * k * n, () => be.matmulTransAColSum(inp, dy[l], gW[l], gb[l], B, k, n), 'fused');
    if (l === 0) continue;
    add(`dense ${l + 1} dX (matmulTransB)`, [B, k, n], 2 * B * k * n, () => be.matmulTransB(dy[l], W[l], dx[l - 1], B, k, n), 'separate');
    add(`relu ${l} backward (reluBackward)`, [B * k], 0, () => be.reluBackward(y[l - 1], dx[l - 1], dy[l - 1], B * k), 'separate');
    add(`dense ${l + 1} dX ⊙ relu′ (matmulTransBReluBackward)`, [B, k, n], 2 * B * k * n, () => be.matmulTransBReluBackward(dy[l], W[l], y[l - 1], dy[l - 1], B, k, n), 'fused');
  }
  for (let l = 0; l < L; l++) {
    add(`sgd W${l + 1}`, [W[l].length], 0, () => be.sgd(W[l], gW[l], W[l].length, 1e-9, 0));
    add(`sgd b${l + 1}`, [b[l].length], 0, () => be.sgd(b[l], gb[l], b[l].length, 1e-9, 0));
  }
  return calls;
}
