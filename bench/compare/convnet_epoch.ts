/** MNIST convnet workload: one epoch of conv 5×5×8 → relu → maxpool 2 → conv 5×5×16 → relu → maxpool 2 → dense 10, softmax CE, batch 64, SGD, fixed data order, in seconds. */

import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '../../src/backend/index.js';
import { loadMnist } from '../../src/data/mnist_node.js';
import { initValues } from '../../src/nn/init.js';
import { conv2d } from '../../src/nn/conv2d.js';
import { dense } from '../../src/nn/dense.js';
import { flatten } from '../../src/nn/flatten.js';
import { relu } from '../../src/nn/activations.js';
import { sgd } from '../../src/nn/optimizers.js';
import { maxPool2d } from '../../src/nn/pooling.js';
import { sequential } from '../../src/model/sequential.js';
import { Random } from '../../src/random.js';
import { isSimdnet, prepare, type Contender } from './contenders.js';
import { convnetFlops } from './convnet.js';
import { tf } from './tfjs.js';

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

/** One contender's epoch: `epoch()` trains once over the rows in order and returns the mean batch loss. */
export interface ConvnetEpoch {
  epoch(): number | Promise<number>;
  weights(): LayerParams[];
  dispose(): void;
}

export type ConvnetVariant = 'model' | 'tfjs-layers';

/** Useful flops of one epoch over `rows` rows in batches of `batch` (convnetFlops per row, counted as issue 12 counts them). */
export function convnetEpochFlops(rows: number): number {
  return (convnetFlops(64) / 64) * rows;
}

/** The initial weights: Glorot uniform as conv2d and dense draw them (fans kh·kw·cin and kh·kw·cout for convolutions). */
export function convnetWeights(seed = 0): LayerParams[] {
  const rng = new Random(seed);
  const layer = (fanIn: number, fanOut: number, n: number, cout: number) => ({ W: initValues(rng, 'glorot', fanIn, fanOut, n), b: new Float32Array(cout) });
  return [layer(25, 25 * 8, 25 * 8, 8), layer(200, 25 * 16, 200 * 16, 16), layer(256, 10, 256 * 10, 10)];
}

/** A problem over given images (the smoke test uses a few synthetic ones). */
export function convnetProblemFrom(x: Float32Array, labels: Uint8Array, batchSize = 64, lr = 0.05): ConvnetProblem {
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

/** simdnet's layers and one `fit(x, labels, { epochs: 1, batchSize: 64, shuffle: false })` per epoch. */
function simdnetEpoch(c: 'simdnet-wasm' | 'simdnet-ts', p: ConvnetProblem): ConvnetEpoch {
  setBackend(c === 'simdnet-wasm' ? 'wasm' : 'ts');
  const model = sequential([
    conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 16, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }), flatten(), dense(10),
  ]);
  model.setWeights(p.weights.map((w) => ({ W: w.W, b: w.b })));
  const x = { data: p.x, shape: [p.rows, 784] as const };
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

/**
 * The same convnet the natural tfjs-layers way (Conv2D with relu, MaxPooling2D, Flatten, Dense with softmax,
 * categorical cross-entropy, `model.fit(..., { shuffle: false })`), X and Y built once outside the timed epoch.
 */
function tfjsEpoch(p: ConvnetProblem): ConvnetEpoch {
  const model = tfl.sequential({ layers: [
    tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5, activation: 'relu' }), tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }), tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.flatten(), tfl.layers.dense({ units: 10, activation: 'softmax' }),
  ] });
  model.compile({ optimizer: tf.train.sgd(p.lr), loss: 'categoricalCrossentropy' });
  const shapes = [[5, 5, 1, 8], [8], [5, 5, 8, 16], [16], [256, 10], [10]];
  const init = p.weights.flatMap((w) => [w.W, w.b]).map((v, i) => tf.tensor(v, shapes[i]));
  model.setWeights(init);
  tf.dispose(init);
  const X = tf.tensor4d(p.x, [p.rows, 28, 28, 1]);
  const Y = tf.tensor2d(p.yOneHot, [p.rows, 10]);
  return {
    async epoch() {
      const h = await model.fit(X, Y, { batchSize: p.batchSize, epochs: 1, shuffle: false, verbose: 0 });
      return h.history.loss[0] as number;
    },
    weights() {
      const ws = model.getWeights().map((t) => t.dataSync().slice() as Float32Array);
      return [0, 1, 2].map((i) => ({ W: ws[2 * i], b: ws[2 * i + 1] }));
    },
    dispose() {
      tf.dispose([X, Y]);
      model.dispose();
    },
  };
}

/** The ways each contender trains the convnet: simdnet through its model API, tfjs through tfjs-layers. */
export function convnetVariants(c: Contender): ConvnetVariant[] {
  return isSimdnet(c) ? ['model'] : ['tfjs-layers'];
}

/** Builds contender `c`'s epoch on a fresh copy of the problem's weights. */
export async function convnetEpoch(c: Contender, variant: ConvnetVariant, p: ConvnetProblem): Promise<ConvnetEpoch> {
  await prepare(c);
  if (isSimdnet(c)) return simdnetEpoch(c, p);
  if (variant !== 'tfjs-layers') throw new RangeError(`convnetEpoch: ${c} has no ${variant} variant`);
  // tfjs-wasm 4.22 registers no Conv2DBackpropFilter: say so before building anything
  if (!tf.getKernel('Conv2DBackpropFilter', tf.getBackend())) throw new Error(`Kernel 'Conv2DBackpropFilter' not registered for backend '${tf.getBackend()}'`);
  return tfjsEpoch(p);
}
