/** The moons step and the MNIST epoch written with simdnet's model API: mlp(), setWeights(), fit(). */

import { setBackend } from '../../src/backend/index.js';
import { sgd } from '../../src/nn/optimizers.js';
import { mlp } from '../../src/model/sequential.js';
import type { MnistEpoch, MnistProblem } from './mnist.js';
import type { MoonsProblem, MoonsStep } from './moons.js';

const backendOf = (c: 'simdnet-wasm' | 'simdnet-ts') => (c === 'simdnet-wasm' ? 'wasm' : 'ts');

/**
 * `mlp(2, [3, 2], { activation: 'tanh' })` trained with `fit(..., { batchSize: 200, l2 })`. `steps(n)` is
 * ONE `fit` call with `epochs: n` (how a user runs the tutorial's 20000 passes), so the per-step time
 * includes fit's per-epoch work (accuracy, history) but not its per-call upload and validation.
 */
export function simdnetModelMoonsStep(c: 'simdnet-wasm' | 'simdnet-ts', p: MoonsProblem): MoonsStep {
  setBackend(backendOf(c));
  const model = mlp(2, [p.hidden, 2], { activation: 'tanh', seed: 0 });
  model.setWeights([{ W: p.w.W1, b: p.w.b1 }, { W: p.w.W2, b: p.w.b2 }]);
  const x = { data: p.x, shape: [p.rows, 2] as const };
  const optimizer = sgd({ lr: p.lr });
  const steps = async (n: number) => {
    const h = await model.fit(x, p.labels, { loss: 'softmaxCrossEntropy', optimizer, l2: p.l2, epochs: n, batchSize: p.rows, yieldEvery: Infinity });
    return h.loss[h.loss.length - 1];
  };
  return {
    step: () => steps(1),
    steps,
    weights() {
      const [l1, l2] = model.getWeights();
      return { W1: Float32Array.from(l1.W.flat()), b1: Float32Array.from(l1.b), W2: Float32Array.from(l2.W.flat()), b2: Float32Array.from(l2.b) };
    },
    dispose: () => model.dispose(),
  };
}

/**
 * `mlp(784, [128, 64, 10], { activation: 'relu' })` and one `fit(x, labels, { epochs: 1, batchSize: 64,
 * shuffle: false })` per epoch; each call uploads x (what a user calling fit once per epoch pays).
 */
export function simdnetModelMnistEpoch(c: 'simdnet-wasm' | 'simdnet-ts', p: MnistProblem): MnistEpoch {
  setBackend(backendOf(c));
  const s = p.sizes;
  const model = mlp(s[0], s.slice(1), { activation: 'relu', seed: 0 });
  model.setWeights(p.weights.map((w) => ({ W: w.W, b: w.b })));
  const x = { data: p.x, shape: [p.rows, s[0]] as const };
  const optimizer = sgd({ lr: p.lr });
  return {
    async epoch() {
      const h = await model.fit(x, p.labels, { loss: 'softmaxCrossEntropy', optimizer, epochs: 1, batchSize: p.batchSize, shuffle: false });
      return h.loss[0];
    },
    weights: () => model.getWeights().map((w) => ({ W: Float32Array.from(w.W.flat()), b: Float32Array.from(w.b) })),
    dispose: () => model.dispose(),
  };
}
