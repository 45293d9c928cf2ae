/** One training run for the CLI: backend, model from the config, fit with timing hooks, test figures. */

import { getBackend, init, setBackend, threadInfo, type Backend } from '../backend/index.js';
import { activationByName } from '../nn/activations.js';
import { batchNorm } from '../nn/batch_norm.js';
import { dense } from '../nn/dense.js';
import { dropout } from '../nn/dropout.js';
import type { Layer } from '../nn/layer.js';
import { normalize } from '../nn/normalize.js';
import { optimizerFromConfig, type LearningRate, type Optimizer } from '../nn/optimizers.js';
import { stepDecay } from '../nn/schedules.js';
import { mlp, sequential, type Sequential } from '../model/sequential.js';
import { oneHotMatrix } from '../data/convert.js';
import type { Matrix } from '../matrix.js';
import type { CliDataset, TrainConfig } from './datasets.js';
import { cnnLayers } from './models.js';

/** One epoch as the CLI reports it (1-based epoch; seconds include the validation pass). */
export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  seconds: number;
}

export interface RunHooks {
  onBackend?(name: string): void;
  /** Test figures of the freshly initialised model, before the first step. */
  onUntrained?(figures: { loss: number; accuracy: number | null }): void;
  onEpochStart?(epoch: number): void;
  /** `done` batches of the current epoch are finished; `loss` is the last batch's. */
  onBatchEnd?(done: number, loss: number): void;
  onEpochEnd?(record: EpochRecord): void;
  /** Asked after every batch: true ends training there (the partial epoch is still recorded). */
  shouldStop?(): boolean;
  /** Milliseconds, monotonic (default performance.now). */
  now?(): number;
}

/** Per-epoch arrays (what lossCurve draws and report.json stores). */
export interface RunHistory {
  loss: number[];
  accuracy?: number[];
  valLoss: number[];
  valAccuracy?: number[];
  lr: number[];
}

export interface RunResult {
  model: Sequential;
  history: RunHistory;
  epochs: EpochRecord[];
  /** On the test set, after training. `accuracy` is null for regression. */
  test: { loss: number; accuracy: number | null };
  /** Test figures of the untrained model (the tutorial plots them as epoch 0). */
  untrained: { loss: number; accuracy: number | null };
  /** Wall-clock seconds inside fit (training and the per-epoch validation passes). */
  trainSeconds: number;
  /** True when `shouldStop` ended training early. */
  stopped: boolean;
  /** For a model that is one dense unit on one input (celsius): the learned y = w·x + b. */
  line?: { w: number; b: number };
}

/** The current backend in words: `wasm (WebAssembly SIMD, relaxed build, 1 thread)` or `ts (pure TypeScript)`. */
function describeBackend(): string {
  const be = getBackend() as Backend & { build?: string };
  if (be.name !== 'wasm') return 'ts (pure TypeScript)';
  const threads = threadInfo().threads;
  return `wasm (WebAssembly SIMD, ${be.build} build, ${threads} thread${threads > 1 ? 's' : ''})`;
}

/** Makes `config.backend` current (loading WASM when asked for it, with `threads` threads). */
export async function selectBackend(name: TrainConfig['backend'], threads = 1): Promise<void> {
  if (name === 'wasm') await init({ backend: 'wasm', threads });
  else setBackend('ts');
}

/**
 * The model the config describes: mlp() for the usual case, explicit layers when the preset or the flags need more
 * (a normalize first layer fitted on the training split, batch norm, dropout, an output activation, an initializer).
 * Deterministic: the same config and data give the same initial weights (used to plot "before training").
 */
export function buildModel(data: CliDataset, config: TrainConfig): Sequential {
  if (config.model === 'cnn') return sequential(cnnLayers(data, config), { seed: config.seed });
  const sizes = [...config.hidden, data.outputs];
  const plain = config.normalize === 'none' && config.dropout === 0 && !config.batchNorm;
  if (plain && config.outputActivation === 'none' && config.init === undefined) {
    return mlp(data.inputs, sizes, { activation: config.activation, seed: config.seed });
  }
  const act = (name: TrainConfig['activation']): Layer => activationByName('train', name);
  const layers: Layer[] = config.normalize === 'none' ? [] : [normalize.fit(data.xTrain, { method: config.normalize })];
  let prev = data.inputs;
  sizes.forEach((n, i) => {
    layers.push(dense(prev, n, { init: config.init, bias: config.biasInit }));
    const hidden = i < sizes.length - 1;
    if (hidden && config.batchNorm) layers.push(batchNorm());
    if (hidden) layers.push(act(config.activation));
    else if (config.outputActivation !== 'none') layers.push(act(config.outputActivation));
    if (hidden && config.dropout > 0) layers.push(dropout(config.dropout));
    prev = n;
  });
  return sequential(layers, { seed: config.seed });
}

/** The optimizer the config names ('nesterov': momentum with Nesterov's update). */
export function buildOptimizer(config: TrainConfig): Optimizer {
  const lr: LearningRate = config.lrDecay === 1 ? config.lr : stepDecay({ start: config.lr, factor: config.lrDecay, every: 1, per: 'epoch' });
  if (config.optimizer === 'nesterov') return optimizerFromConfig('train', { name: 'momentum', nesterov: true, lr });
  return optimizerFromConfig('train', { name: config.optimizer, lr });
}

/** Training targets for the loss: class labels, one-hot rows (classes under mse, as in tutorial 001), or the n×1 regression matrix. */
function targets(data: CliDataset, config: TrainConfig, part: 'train' | 'test'): Uint8Array | Int32Array | Matrix {
  if (data.task === 'regression') return part === 'train' ? data.yTrain! : data.yTest!;
  const labels = part === 'train' ? data.labelsTrain! : data.labelsTest!;
  return config.loss === 'mse' ? oneHotMatrix(labels, data.outputs) : labels;
}

/** Fraction of rows whose largest output is the label (for losses whose evaluate() has no accuracy, i.e. mse). */
function argmaxAccuracy(model: Sequential, x: Matrix, labels: ArrayLike<number>): number {
  const predicted = model.predictClasses(x);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

/** evaluate(), plus the argmax accuracy when the loss has none but the task is classification. */
function measure(model: Sequential, data: CliDataset, config: TrainConfig, y: Uint8Array | Int32Array | Matrix): { loss: number; accuracy: number | null } {
  const r = model.evaluate(data.xTest, y, { loss: config.loss });
  if (r.accuracy === null && data.task === 'classification') r.accuracy = argmaxAccuracy(model, data.xTest, data.labelsTest!);
  return r;
}

/** w and b of a model that is a single dense unit on a single input, else undefined. */
function lineOf(model: Sequential): { w: number; b: number } | undefined {
  if (model.layers.length !== 1 || model.inputSize !== 1 || model.outputSize !== 1) return undefined;
  const { W, b } = model.getWeights()[0];
  return { w: W[0][0], b: b[0] };
}

/**
 * Trains a fresh model on `data` as `config` says and measures it on the test set (which also
 * serves as validation data each epoch, as in tutorial 001).
 *
 * ```ts
 * const data = loadCliDataset('moons', { seed: 0 });
 * const r = await trainFromConfig(data, defaultConfig('moons', 'default'));
 * r.test.accuracy; r.model.save();
 * ```
 */
export async function trainFromConfig(data: CliDataset, config: TrainConfig, hooks: RunHooks = {}): Promise<RunResult> {
  const now = hooks.now ?? (() => performance.now());
  await selectBackend(config.backend, config.threads);
  hooks.onBackend?.(describeBackend());
  const model = buildModel(data, config);
  try {
    const yTrain = targets(data, config, 'train');
    const yTest = targets(data, config, 'test');
    const untrained = measure(model, data, config, yTest);
    hooks.onUntrained?.(untrained);
    const classify = data.task === 'classification';
    const history: RunHistory = { loss: [], valLoss: [], lr: [], ...(classify ? { valAccuracy: [] } : {}) };
    const rows = data.xTrain.shape[0];
    const perEpoch = Math.ceil(rows / Math.min(config.batchSize, rows));
    const epochs: EpochRecord[] = [];
    // An epoch's time runs from the end of the previous one (the first includes the upload of the data).
    const t0 = now();
    let epochStart = t0;
    let stopped = false;
    hooks.onEpochStart?.(1);
    await model.fit(data.xTrain, yTrain, {
      loss: config.loss,
      optimizer: buildOptimizer(config),
      epochs: config.epochs,
      batchSize: config.batchSize,
      l2: config.l2, ...(config.clipNorm > 0 ? { clipNorm: config.clipNorm } : {}),
      shuffle: true,
      seed: config.seed,
      validationData: [data.xTest, yTest],
      onBatchEnd(step, logs) {
        hooks.onBatchEnd?.((step % perEpoch) + 1, logs.loss);
        if (hooks.shouldStop?.()) {
          stopped = true;
          return false;
        }
      },
      onEpochEnd(epoch, logs) {
        // Under mse the loss has no accuracy; the test set's argmax accuracy is what tutorial 001 plots.
        const valAccuracy = logs.valAccuracy ?? (classify ? argmaxAccuracy(model, data.xTest, data.labelsTest!) : undefined);
        const r: EpochRecord = { epoch: epoch + 1, loss: logs.loss, accuracy: logs.accuracy, valLoss: logs.valLoss,
          valAccuracy, seconds: (now() - epochStart) / 1000 };
        history.loss.push(logs.loss);
        history.lr.push(logs.lr);
        history.valLoss.push(logs.valLoss!);
        if (logs.accuracy !== undefined) (history.accuracy ??= []).push(logs.accuracy);
        if (valAccuracy !== undefined) history.valAccuracy!.push(valAccuracy);
        epochs.push(r);
        hooks.onEpochEnd?.(r);
        epochStart = now();
        if (epoch + 1 < config.epochs && !stopped) hooks.onEpochStart?.(epoch + 2);
      },
    });
    const trainSeconds = (now() - t0) / 1000;
    const test = measure(model, data, config, yTest);
    return { model, history, epochs, test, untrained, trainSeconds, stopped, line: lineOf(model) };
  } catch (e) {
    model.dispose();
    throw e;
  }
}
