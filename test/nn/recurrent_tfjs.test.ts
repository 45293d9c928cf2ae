// Weights move between TensorFlow.js (tfjs-layers 4.22, CPU backend) and simdnet unchanged: the same LSTM, GRU, SimpleRNN and TimeDistributed(Dense) stacks give the same predictions.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, type BackendName } from '../../src/backend/index.js';
import { dense, gru, lstm, sequential, simpleRnn, timeDistributed, type Layer, type LayerWeightsInput } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { availableBackends } from './reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => {
  backends = await availableBackends();
  await tf.setBackend('cpu');
});

// TensorFlow.js's LSTM and GRU default to recurrentActivation 'hardSigmoid'; Keras (and simdnet) use 'sigmoid', so the
// TF.js layers are built with it. TF.js's GRU has no reset_after (it throws), so its GRU is simdnet's resetAfter: false.
// The weights are replaced before use; the initializer is set only because TF.js's default 'orthogonal' calls a chained
// op (.flatten()) that this Node set-up does not register.
const SIGMOID = { recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' } as const;

interface Pair { name: string; tfLayers: () => tfl.layers.Layer[]; ours: () => Layer[]; steps: number; features: number }

const PAIRS: Pair[] = [
  { name: 'LSTM (last step)', steps: 7, features: 3, tfLayers: () => [tfl.layers.lstm({ units: 5, inputShape: [7, 3], ...SIGMOID })], ours: () => [lstm({ units: 5, inputShape: [7, 3] })] },
  { name: 'GRU (reset before) → Dense', steps: 6, features: 2,
    tfLayers: () => [tfl.layers.gru({ units: 6, inputShape: [6, 2], ...SIGMOID }), tfl.layers.dense({ units: 2 })],
    ours: () => [gru({ units: 6, inputShape: [6, 2], resetAfter: false }), dense(2)] },
  { name: 'SimpleRNN (sequences) → LSTM (sequences) → TimeDistributed(Dense)', steps: 5, features: 4,
    tfLayers: () => [
      tfl.layers.simpleRNN({ units: 3, inputShape: [5, 4], returnSequences: true, recurrentInitializer: 'glorotUniform' }),
      tfl.layers.lstm({ units: 9, returnSequences: true, ...SIGMOID }),
      tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 2 }) }),
    ],
    ours: () => [simpleRnn({ units: 3, inputShape: [5, 4], returnSequences: true }), lstm({ units: 9, returnSequences: true }), timeDistributed(dense(2))] },
  { name: 'one step, one unit', steps: 1, features: 1,
    tfLayers: () => [tfl.layers.gru({ units: 1, inputShape: [1, 1], returnSequences: true, ...SIGMOID }), tfl.layers.lstm({ units: 1, ...SIGMOID })],
    ours: () => [gru({ units: 1, inputShape: [1, 1], returnSequences: true, resetAfter: false }), lstm({ units: 1 })] },
];

/** The same values as simdnet's per-layer weights by name: W, U, b (recurrent) or W, b (dense), each { data, shape }. */
function asOurs(model: tfl.Sequential): LayerWeightsInput[] {
  return model.layers.map((l) => {
    const ws = l.getWeights();
    const names = ws.length === 3 ? ['W', 'U', 'b'] : ['W', 'b'];
    return Object.fromEntries(ws.map((t, i) => [names[i], { data: t.dataSync(), shape: t.shape }]));
  });
}

/** |ours − theirs| ≤ 1e-5 relative (to the larger of |theirs| and 1e-2, so near-zero outputs compare absolutely at 1e-7). */
function expectClose(ours: ArrayLike<number>, theirs: ArrayLike<number>, label: string): void {
  expect(ours.length).toBe(theirs.length);
  for (let i = 0; i < theirs.length; i++) {
    const tol = 1e-5 * Math.max(Math.abs(theirs[i]), 1e-2);
    expect(Math.abs(ours[i] - theirs[i]), `${label} element ${i}: ${ours[i]} vs ${theirs[i]}`).toBeLessThanOrEqual(tol);
  }
}

describe.each(PAIRS)('$name', (p) => {
  it('TensorFlow.js weights into simdnet by setWeights unchanged, and simdnet weights back: the same predictions', () => {
    const rng = new Random(p.steps * 31 + p.features);
    const theirs = tfl.sequential({ layers: p.tfLayers() });
    // random weights everywhere (biases too), not TF.js's initial zeros
    theirs.setWeights(theirs.getWeights().map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => rng.normal(0, 0.6)), w.shape)));
    const x = Float32Array.from({ length: 4 * p.steps * p.features }, () => rng.uniform(-1.5, 1.5));
    const expected = (theirs.predict(tf.tensor3d(x, [4, p.steps, p.features])) as tf.Tensor).dataSync();
    for (const be of backends) {
      setBackend(be);
      const ours = sequential(p.ours(), { seed: 1 });
      ours.setWeights(asOurs(theirs));
      expectClose(ours.predict({ data: x, shape: [4, p.steps * p.features] }).data, expected, `${be} ${ours}`);
      // and back: simdnet's own (seeded) weights into TF.js, in the same documented form
      const fresh = sequential(p.ours(), { seed: 2 });
      const back = tfl.sequential({ layers: p.tfLayers() });
      back.setWeights(fresh.getWeights().flatMap((lw, i) => theirs.layers[i].getWeights().map((w, k) => {
        const v = Object.values(lw)[k] as number[] | number[][];
        return tf.tensor(v.flat(), w.shape);
      })));
      const again = (back.predict(tf.tensor3d(x, [4, p.steps, p.features])) as tf.Tensor).dataSync();
      expectClose(fresh.predict({ data: x, shape: [4, p.steps * p.features] }).data, again, `${be} ${fresh} → TF.js`);
      ours.dispose();
      fresh.dispose();
      back.dispose();
    }
    theirs.dispose();
  });
});
