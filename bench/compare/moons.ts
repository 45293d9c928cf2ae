/** Moons workload: one full-batch WildML training step (2-3-2 tanh + softmax CE, L2, SGD) per contender, in µs. */

import type { Backend, Buf } from '../../src/backend/index.js';
import { makeMoons } from '../../src/data/moons.js';
import { Random } from '../../src/random.js';
import { isSimdnet, prepare, simdnetBackend, type Contender } from './contenders.js';
import { simdnetModelMoonsStep } from './simdnet_model.js';
import { tfjsCoreMoonsStep, tfjsLayersMoonsStep } from './moons_tfjs.js';

/** The network's parameters, W stored [in × out] as in simdnet's dense and tfjs's kernels. */
export interface MoonsWeights { W1: Float32Array; b1: Float32Array; W2: Float32Array; b2: Float32Array }

/** Everything that defines the step, shared by every contender. */
export interface MoonsProblem {
  rows: number;
  hidden: number;
  /** rows × 2 points, row-major. */
  x: Float32Array;
  labels: Uint8Array;
  yOneHot: Float32Array;
  lr: number;
  l2: number;
  w: MoonsWeights;
}

/** One contender's training step: `step()` updates the weights and returns the loss before the update. */
export interface MoonsStep {
  step(): number | Promise<number>;
  /** `n` steps, returning the last loss; by default `step()` in a loop (the model API runs one fit of n epochs). */
  steps?(n: number): number | Promise<number>;
  weights(): MoonsWeights;
  dispose(): void;
}

/**
 * The tutorial's problem: make_moons(200, noise 0.2), H = 3 hidden units, lr 0.01, L2 0.01, weights
 * drawn N(0, 1)/√fan-in and zero biases (np.random.randn(in, H) / sqrt(in)), here from seed 0.
 */
export function moonsProblem(rows = 200, hidden = 3): MoonsProblem {
  const d = makeMoons(rows, { noise: 0.2, seed: 0 });
  const x = new Float32Array(rows * 2);
  const labels = new Uint8Array(rows);
  const yOneHot = new Float32Array(rows * 2);
  d.x.forEach((p, i) => { x[2 * i] = p[0]; x[2 * i + 1] = p[1]; labels[i] = d.y[i]; yOneHot[2 * i + d.y[i]] = 1; });
  const rng = new Random(0);
  const randn = (n: number, fanIn: number) => Float32Array.from({ length: n }, () => rng.normal() / Math.sqrt(fanIn));
  const w = { W1: randn(2 * hidden, 2), b1: new Float32Array(hidden), W2: randn(hidden * 2, hidden), b2: new Float32Array(2) };
  return { rows, hidden, x, labels, yOneHot, lr: 0.01, l2: 0.01, w };
}

/**
 * simdnet, written directly on the backend kernels with every buffer allocated once: the floor under
 * any simdnet API for this step (what `Sequential` does, without its bookkeeping).
 */
export function simdnetKernelMoonsStep(be: Backend, p: MoonsProblem): MoonsStep {
  const { rows: n, hidden: h } = p;
  const all: Buf[] = [];
  const buf = (len: number, init?: ArrayLike<number>) => {
    const b = be.alloc(len);
    if (init) be.write(b, init);
    all.push(b);
    return b;
  };
  const X = buf(n * 2, p.x), Y = buf(n * 2, p.yOneHot);
  const W1 = buf(2 * h, p.w.W1), b1 = buf(h, p.w.b1), W2 = buf(h * 2, p.w.W2), b2 = buf(2, p.w.b2);
  const gW1 = buf(2 * h), gb1 = buf(h), gW2 = buf(h * 2), gb2 = buf(2);
  const z1 = buf(n * h), a1 = buf(n * h), z2 = buf(n * 2), dz2 = buf(n * 2), da1 = buf(n * h), dz1 = buf(n * h);
  return {
    step() {
      be.matmulBias(X, W1, b1, z1, n, 2, h);
      be.tanh(z1, a1, n * h);
      be.matmulBias(a1, W2, b2, z2, n, h, 2);
      const data = be.softmaxCrossEntropy(z2, Y, dz2, n, 2);
      const loss = data + (p.l2 / 2) * (be.sumSquares(W1, 2 * h) + be.sumSquares(W2, h * 2));
      be.matmulTransA(a1, dz2, gW2, n, h, 2);
      be.colSum(dz2, gb2, n, 2);
      be.matmulTransB(dz2, W2, da1, n, h, 2);
      be.tanhBackward(a1, da1, dz1, n * h);
      be.matmulTransA(X, dz1, gW1, n, 2, h);
      be.colSum(dz1, gb1, n, h);
      be.sgd(W1, gW1, 2 * h, p.lr, p.l2);
      be.sgd(b1, gb1, h, p.lr, 0);
      be.sgd(W2, gW2, h * 2, p.lr, p.l2);
      be.sgd(b2, gb2, 2, p.lr, 0);
      return loss;
    },
    weights: () => ({ W1: be.read(W1), b1: be.read(b1), W2: be.read(W2), b2: be.read(b2) }),
    dispose: () => all.forEach((b) => be.free(b)),
  };
}

/** The ways the step is written: simdnet's model API or its kernels; tfjs's ops + optimizer or its layers. */
export type MoonsVariant = 'model' | 'kernels' | 'tfjs-core' | 'tfjs-layers';

/** Builds contender `c`'s step in the given style on a fresh copy of the problem's weights. */
export async function moonsStep(c: Contender, variant: MoonsVariant, p: MoonsProblem): Promise<MoonsStep> {
  await prepare(c);
  if (isSimdnet(c)) {
    if (variant === 'model') return simdnetModelMoonsStep(c, p);
    if (variant !== 'kernels') throw new RangeError(`moonsStep: ${c} has no ${variant} variant`);
    return simdnetKernelMoonsStep(await simdnetBackend(c), p);
  }
  if (variant === 'tfjs-core') return tfjsCoreMoonsStep(p);
  if (variant === 'tfjs-layers') return tfjsLayersMoonsStep(p);
  throw new RangeError(`moonsStep: ${c} has no ${variant} variant`);
}

/** Runs `n` steps of `s` (its own `steps` if it has one), returning the last loss. */
export async function runSteps(s: MoonsStep, n: number): Promise<number> {
  if (s.steps) return s.steps(n);
  let loss = NaN;
  for (let i = 0; i < n; i++) {
    const r = s.step();
    loss = typeof r === 'number' ? r : await r;
  }
  return loss;
}
