/** One MNIST epoch the natural tfjs-layers way: a sequential dense/ReLU model, `model.fit(..., { shuffle: false })`. */

import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from './tfjs.js';
import type { MnistEpoch, MnistProblem } from './mnist.js';

/**
 * 784-128-64-10, ReLU hidden layers, softmax output with categorical cross-entropy, SGD(lr), batch 64,
 * no shuffling, starting from the problem's weights. The x and y tensors are built once, outside
 * the timed `epoch()` (tfjs's favour: simdnet's `fit` copies its inputs in each call).
 */
export function tfjsLayersMnistEpoch(p: MnistProblem): MnistEpoch {
  const sizes = p.sizes;
  const layers = [];
  for (let i = 1; i < sizes.length; i++) {
    const last = i === sizes.length - 1;
    layers.push(tfl.layers.dense({
      units: sizes[i],
      activation: last ? 'softmax' : 'relu',
      ...(i === 1 ? { inputShape: [sizes[0]] } : {}),
    }));
  }
  const model = tfl.sequential({ layers });
  model.compile({ optimizer: tf.train.sgd(p.lr), loss: 'categoricalCrossentropy' });
  const init = p.weights.flatMap((w, i) => [tf.tensor2d(w.W, [sizes[i], sizes[i + 1]]), tf.tensor1d(w.b)]);
  model.setWeights(init);
  init.forEach((t) => t.dispose());
  const X = tf.tensor2d(p.x, [p.rows, sizes[0]]);
  const Y = tf.tensor2d(p.yOneHot, [p.rows, sizes[sizes.length - 1]]);
  return {
    async epoch() {
      const h = await model.fit(X, Y, { batchSize: p.batchSize, epochs: 1, shuffle: false, verbose: 0 });
      return h.history.loss[0] as number;
    },
    weights() {
      const ws = model.getWeights().map((t) => t.dataSync().slice() as Float32Array);
      return Array.from({ length: ws.length / 2 }, (_, i) => ({ W: ws[2 * i], b: ws[2 * i + 1] }));
    },
    dispose() {
      X.dispose();
      Y.dispose();
      model.dispose();
    },
  };
}
