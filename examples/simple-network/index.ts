/** Tutorial 001 with tensors: a step-function perceptron, a layer on single and stacked inputs, and sigmoid networks trained with L2 and cross-entropy losses. */

import { makeBlobs, oneHot, trainTestSplit } from '../../src/data/index.js';
import { dense, neuron, relu, sequential, sgd, sigmoid, type Layer } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { lossCurve } from '../../src/plot/index.js';
import { backendFromArgv, isMain, pct, saveFigures, svgDirFromArgv, useBackend, type BackendChoice, type Figure } from '../cli.js';

export interface PerceptronDemo {
  weights: number[];
  bias: number;
  input: number[];
  /** step(x·w + b): 0 or 1. */
  output: number;
}

/**
 * The tutorial's first cell: a 3-input perceptron with U(−1, 1) weights and bias and a step activation,
 * fed a random input from [0, 1)³ (numpy's rand).
 *
 * ```ts
 * const { weights, bias, input, output } = perceptronDemo({ seed: 0, log: console.log });
 * ```
 */
export function perceptronDemo(opts: { seed?: number; log?: (line: string) => void } = {}): PerceptronDemo {
  const seed = opts.seed ?? 0;
  const log = opts.log ?? (() => {});
  const perceptron = neuron(3, { activation: 'step', seed });
  try {
    const rng = new Random(seed + 1);
    const input = [rng.next(), rng.next(), rng.next()];
    const output = perceptron.activate(input);
    const r = { weights: perceptron.weights, bias: perceptron.bias, input, output };
    log(`Perceptron's random weights = [${r.weights.map((v) => v.toFixed(8)).join(' ')}], and random bias = ${r.bias.toFixed(8)}`);
    log(`Input vector : [${input.map((v) => v.toFixed(8)).join(' ')}]`);
    log(`Perceptron's output value given \`x\` : ${output}`);
    return r;
  } finally {
    perceptron.dispose();
  }
}

/**
 * The tutorial's second cell: a fully connected 2→3 ReLU layer (standard-normal W and b) on two inputs,
 * one at a time and stacked as a batch of 2, which must give the same rows.
 *
 * ```ts
 * const { single, stacked } = layerDemo({ seed: 0 }); // stacked[i] equals single[i]
 * ```
 */
export function layerDemo(opts: { seed?: number; log?: (line: string) => void } = {}): { W: number[][]; b: number[]; inputs: number[][]; single: number[][]; stacked: number[][] } {
  const seed = opts.seed ?? 0;
  const log = opts.log ?? (() => {});
  const layer = sequential([dense(2, 3, { init: 'standardNormal', bias: 'init' }), relu()], { seed });
  try {
    const rng = new Random(seed + 1);
    const inputs = [[rng.uniform(-1, 1), rng.uniform(-1, 1)], [rng.uniform(-1, 1), rng.uniform(-1, 1)]];
    const single = inputs.map((x) => layer.predict([x])[0]);
    const stacked = layer.predict(inputs);
    inputs.forEach((x, i) => log(`Layer's output value given \`x${i + 1}\` = [${x.map((v) => v.toFixed(4)).join(', ')}] : [${single[i].map((v) => v.toFixed(4)).join(', ')}]`));
    log(`Layer's output value given \`[x1, x2]\` :\n${stacked.map((r) => `  [${r.map((v) => v.toFixed(4)).join(', ')}]`).join('\n')}`);
    const { W, b } = layer.getWeights()[0];
    return { W, b, inputs, single, stacked };
  } finally {
    layer.dispose();
  }
}

export interface NetworkOptions {
  /** Backend to select before building the models (default: keep the current one). */
  backend?: BackendChoice;
  /** 'l2' (the tutorial's loss_L2 on sigmoid outputs) or 'crossEntropy' (its binary cross-entropy on sigmoid outputs). */
  loss: 'l2' | 'crossEntropy';
  /** Training epochs (default 30). */
  epochs?: number;
  /** Mini-batch size (default 30, the tutorial's). */
  batchSize?: number;
  /**
   * The tutorial's learning rate (default 1e-3). Its output derivatives are not divided by the batch size nor
   * by the number of outputs (2·(pred − target) for loss_L2; pred − target through the sigmoid for cross-entropy),
   * while simdnet's losses are means over rows × outputs: lr = learningRate · batchSize · classes gives the
   * tutorial's updates.
   */
  learningRate?: number;
  /** Hidden-layer sizes (default [64, 32], the tutorial's MNIST classifier). */
  hidden?: number[];
  /** Seed of the data, weights and shuffles (default 42, the tutorial's np.random.seed(42)). */
  seed?: number;
  log?: (line: string) => void;
  /** Also draw the tutorial's figure: training loss and validation accuracy per epoch, epoch 0 untrained (default false). */
  plot?: boolean;
}

export interface NetworkResult {
  /** Loss and validation accuracy before training. */
  untrained: { loss: number; valAccuracy: number };
  /** Per-epoch training loss (mean over the epoch's batches) and validation accuracy (argmax of the outputs). */
  losses: number[];
  valAccuracies: number[];
  /** With `plot`: simple-network-<loss>.svg. */
  figure?: Figure;
}

/** Blobs standing in for MNIST: 10 classes in 20 dimensions, standardized like the tutorial's pixels / 255. */
export function blobsData(seed: number): { xTrain: number[][]; yTrain: number[]; xVal: number[][]; yVal: number[]; classes: number } {
  const classes = 10;
  const { x, y } = makeBlobs(3000, { centers: classes, features: 20, std: 4, seed });
  const cols = x[0].length;
  const mean = Array.from({ length: cols }, (_, j) => x.reduce((s, r) => s + r[j], 0) / x.length);
  const std = Array.from({ length: cols }, (_, j) => Math.sqrt(x.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / x.length));
  const xs = x.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
  const split = trainTestSplit(xs, y, { testFraction: 0.2, seed });
  return { xTrain: split.xTrain, yTrain: split.yTrain, xVal: split.xTest, yVal: split.yTest, classes };
}

/**
 * The tutorial's SimpleNetwork: dense layers with standard-normal W and b, a sigmoid after every layer
 * (the output one included), trained by mini-batch gradient descent, printing per-epoch training loss and
 * validation accuracy. For 'l2' the model ends in sigmoid and uses 'mse' on one-hot targets; for
 * 'crossEntropy' the last sigmoid is fused into 'sigmoidCrossEntropy' (the same function, computed stably
 * on logits). Reported losses are simdnet's means over rows × outputs (the tutorial's loss_L2 sums the
 * outputs: multiply by 10 to compare).
 *
 * ```ts
 * const r = await runNetwork({ backend: 'wasm', loss: 'crossEntropy', log: console.log });
 * r.valAccuracies.at(-1); // ≥ 0.9
 * ```
 */
export async function runNetwork(opts: NetworkOptions): Promise<NetworkResult> {
  if (opts.backend) await useBackend(opts.backend);
  const seed = opts.seed ?? 42;
  const epochs = opts.epochs ?? 30;
  const batchSize = opts.batchSize ?? 30;
  const hidden = opts.hidden ?? [64, 32];
  const log = opts.log ?? (() => {});
  const { xTrain, yTrain, xVal, yVal, classes } = blobsData(seed);
  const targets = oneHot(yTrain, classes);

  const sizes = [xTrain[0].length, ...hidden, classes];
  const layers: Layer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(dense(sizes[i], sizes[i + 1], { init: 'standardNormal', bias: 'init' }));
    if (i + 2 < sizes.length || opts.loss === 'l2') layers.push(sigmoid());
  }
  const model = sequential(layers, { seed });
  const loss = opts.loss === 'l2' ? 'mse' : 'sigmoidCrossEntropy';
  const valAccuracy = () => model.predictClasses(xVal).filter((c, i) => c === yVal[i]).length / yVal.length;
  try {
    const untrained = { loss: model.evaluate(xTrain, targets, { loss }).loss, valAccuracy: valAccuracy() };
    log(`${model}  (${opts.loss === 'l2' ? 'L2 loss' : 'cross-entropy'})`);
    log(`Untrained : training loss = ${untrained.loss.toFixed(6)} | val accuracy = ${(untrained.valAccuracy * 100).toFixed(2)}%`);
    const valAccuracies: number[] = [];
    const history = await model.fit(xTrain, targets, {
      loss,
      optimizer: sgd({ lr: (opts.learningRate ?? 1e-3) * batchSize * classes }),
      epochs,
      batchSize,
      seed,
      onEpochEnd: (i, logs) => {
        valAccuracies.push(valAccuracy());
        log(`Epoch ${String(i).padStart(4)}: training loss = ${logs.loss.toFixed(6)} | val accuracy = ${(valAccuracies[i] * 100).toFixed(2)}%`);
      },
    });
    const result: NetworkResult = { untrained, losses: history.loss, valAccuracies };
    if (opts.plot) {
      result.figure = {
        name: `simple-network-${opts.loss}.svg`,
        svg: lossCurve({ loss: [untrained.loss, ...history.loss], valAccuracy: [untrained.valAccuracy, ...valAccuracies] }, {
          title: `${model} with ${opts.loss === 'l2' ? 'L2 loss' : 'cross-entropy'}`, firstEpoch: 0, accuracyRange: [0, 1],
        }),
      };
    }
    return result;
  } finally {
    model.dispose();
  }
}

if (isMain(import.meta.url)) {
  const backend = backendFromArgv();
  const log = (line: string) => console.log(line);
  (async () => {
    await useBackend(backend);
    perceptronDemo({ log });
    layerDemo({ log });
    const svgDir = svgDirFromArgv();
    const l2 = await runNetwork({ loss: 'l2', log, plot: svgDir !== null });
    const ce = await runNetwork({ loss: 'crossEntropy', log, plot: svgDir !== null });
    log(`final val accuracy: L2 loss ${pct(l2.valAccuracies.at(-1)!)}, cross-entropy ${pct(ce.valAccuracies.at(-1)!)}`);
    if (svgDir) await saveFigures(svgDir, [l2.figure!, ce.figure!]);
  })().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
