/** MNIST convnet workload: one epoch of conv 5×5×8 → relu → maxpool 2 → conv 5×5×16 → relu → maxpool 2 → dense 10, softmax CE, batch 64, SGD, fixed data order, in seconds. */

import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '../../src/backend/index.js';
import { sgd } from '../../src/nn/optimizers.js';
import { isSimdnet, prepare, type Contender } from './contenders.js';
import { convnetFlops } from './convnet.js';
import { simdnetConvnet, type ConvnetProblem, type LayerParams } from './convnet_problem.js';
import { tf } from './tfjs.js';

export { convnetProblem, convnetProblemFrom, convnetWeights, firstConvnetRows, type ConvnetProblem, type LayerParams } from './convnet_problem.js';

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

/** simdnet's layers and one `fit(x, labels, { epochs: 1, batchSize: 64, shuffle: false })` per epoch. */
function simdnetEpoch(c: 'simdnet-wasm' | 'simdnet-ts', p: ConvnetProblem): ConvnetEpoch {
  setBackend(c === 'simdnet-wasm' ? 'wasm' : 'ts');
  const model = simdnetConvnet(p);
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
