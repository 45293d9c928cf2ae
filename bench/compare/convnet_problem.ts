/** The MNIST convnet problem without any contender: its data, initial weights and simdnet's model (no TensorFlow.js imported, for bench:torch's children). */

import { loadMnist } from '../../src/data/mnist_node.js';
import { initValues } from '../../src/nn/init.js';
import { conv2d } from '../../src/nn/conv2d.js';
import { dense } from '../../src/nn/dense.js';
import { flatten } from '../../src/nn/flatten.js';
import { relu } from '../../src/nn/activations.js';
import { maxPool2d } from '../../src/nn/pooling.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { Random } from '../../src/random.js';

/** W (conv: the HWIO kernel as [kh·kw·cin × cout]; dense: [in × out]) and b of each weighted layer. */
export interface LayerParams { W: Float32Array; b: Float32Array }

/** Everything that defines the epoch, shared by every contender. */
export interface ConvnetProblem {
  rows: number;
  /** rows × 784 pixels in [0, 1], NHWC rows of 28×28×1. */
  x: Float32Array;
  labels: Uint8Array;
  yOneHot: Float32Array;
  batchSize: number;
  lr: number;
  /** conv1 [25 × 8], conv2 [200 × 16], dense [256 × 10]: Glorot uniform with Keras's fans, from seed 0; zero biases. */
  weights: LayerParams[];
}

/** The initial weights: Glorot uniform as conv2d and dense draw them (fans kh·kw·cin and kh·kw·cout for convolutions). */
export function convnetWeights(seed = 0): LayerParams[] {
  const rng = new Random(seed);
  const layer = (fanIn: number, fanOut: number, n: number, cout: number) => ({ W: initValues(rng, 'glorot', fanIn, fanOut, n), b: new Float32Array(cout) });
  return [layer(25, 25 * 8, 25 * 8, 8), layer(200, 25 * 16, 200 * 16, 16), layer(256, 10, 256 * 10, 10)];
}

/** The epoch's batch size and SGD learning rate. */
export const CONVNET_TRAINING = { batchSize: 64, lr: 0.05 };

/** A problem over given images (the smoke test uses a few synthetic ones). */
export function convnetProblemFrom(x: Float32Array, labels: Uint8Array, batchSize = CONVNET_TRAINING.batchSize, lr = CONVNET_TRAINING.lr): ConvnetProblem {
  const rows = labels.length;
  const yOneHot = new Float32Array(rows * 10);
  labels.forEach((l, i) => { yOneHot[i * 10 + l] = 1; });
  return { rows, x, labels, yOneHot, batchSize, lr, weights: convnetWeights() };
}

/** The first `rows` MNIST training images (all 60000 by default). */
export function convnetProblem(rows?: number): ConvnetProblem {
  const { train } = loadMnist({ limitTrain: rows, limitTest: 1 });
  return convnetProblemFrom(train.x.data, train.y);
}

/** The same problem restricted to its first `rows` rows. */
export function firstConvnetRows(p: ConvnetProblem, rows: number): ConvnetProblem {
  return { ...p, rows, x: p.x.subarray(0, rows * 784), labels: p.labels.subarray(0, rows), yOneHot: p.yOneHot.subarray(0, rows * 10) };
}

/**
 * conv 5×5×8 → relu → maxpool 2 → conv 5×5×16 → relu → maxpool 2 → flatten → dense 10 (logits; the loss is
 * softmax cross-entropy), on the current backend, with the problem's weights.
 */
export function simdnetConvnet(p: ConvnetProblem): Sequential {
  const model = sequential([
    conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 16, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }), flatten(), dense(10),
  ]);
  model.setWeights(p.weights.map((w) => ({ W: w.W, b: w.b })));
  return model;
}
