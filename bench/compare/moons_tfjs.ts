/** The WildML moons training step written the two natural TensorFlow.js ways: optimizer.minimize and layers trainOnBatch. */

import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from './tfjs.js';
import type { MoonsProblem, MoonsStep } from './moons.js';

/**
 * tfjs-core: variables, the loss as tf ops, `tf.train.sgd(lr).minimize(..., returnCost)`.
 * Loss = mean softmax cross-entropy + l2/2·(ΣW1² + ΣW2²), as in the tutorial.
 */
export function tfjsCoreMoonsStep(p: MoonsProblem): MoonsStep {
  const { w, hidden } = p;
  const X = tf.tensor2d(p.x, [p.rows, 2]);
  const Y = tf.tensor2d(p.yOneHot, [p.rows, 2]);
  const W1 = tf.variable(tf.tensor2d(w.W1, [2, hidden]));
  const b1 = tf.variable(tf.tensor1d(w.b1));
  const W2 = tf.variable(tf.tensor2d(w.W2, [hidden, 2]));
  const b2 = tf.variable(tf.tensor1d(w.b2));
  const opt = tf.train.sgd(p.lr);
  const half = tf.scalar(p.l2 / 2);
  return {
    step() {
      const cost = opt.minimize(() => {
        const h = tf.tanh(tf.add(tf.matMul(X, W1), b1));
        const logits = tf.add(tf.matMul(h, W2), b2);
        const data = tf.losses.softmaxCrossEntropy(Y, logits);
        return tf.add(data, tf.mul(half, tf.add(tf.sum(tf.square(W1)), tf.sum(tf.square(W2)))));
      }, true)!;
      const loss = cost.dataSync()[0];
      cost.dispose();
      return loss;
    },
    weights: () => ({
      W1: W1.dataSync().slice() as Float32Array, b1: b1.dataSync().slice() as Float32Array,
      W2: W2.dataSync().slice() as Float32Array, b2: b2.dataSync().slice() as Float32Array,
    }),
    dispose() {
      for (const t of [X, Y, W1, b1, W2, b2, half]) t.dispose();
      opt.dispose();
    },
  };
}

/**
 * tfjs-layers: `tf.sequential` of dense(tanh) and dense(softmax) with an L2 kernel regularizer
 * (l2/2·ΣW², tfjs's l2 adds l2·ΣW²), categorical cross-entropy, `await model.trainOnBatch(x, y)`.
 */
export function tfjsLayersMoonsStep(p: MoonsProblem): MoonsStep {
  const { w, hidden } = p;
  const reg = () => tfl.regularizers.l2({ l2: p.l2 / 2 });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: hidden, activation: 'tanh', inputShape: [2], kernelRegularizer: reg() }),
      tfl.layers.dense({ units: 2, activation: 'softmax', kernelRegularizer: reg() }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(p.lr), loss: 'categoricalCrossentropy' });
  const init = [tf.tensor2d(w.W1, [2, hidden]), tf.tensor1d(w.b1), tf.tensor2d(w.W2, [hidden, 2]), tf.tensor1d(w.b2)];
  model.setWeights(init);
  init.forEach((t) => t.dispose());
  const X = tf.tensor2d(p.x, [p.rows, 2]);
  const Y = tf.tensor2d(p.yOneHot, [p.rows, 2]);
  return {
    async step() {
      return (await model.trainOnBatch(X, Y)) as number;
    },
    weights() {
      const [W1, b1, W2, b2] = model.getWeights().map((t) => t.dataSync().slice() as Float32Array);
      return { W1, b1, W2, b2 };
    },
    dispose() {
      X.dispose();
      Y.dispose();
      model.dispose();
    },
  };
}
