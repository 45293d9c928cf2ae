/** fit's options: what each one means, and checkFitOptions, which validates them all before any weight moves. */

import { checkBoolean, checkChoice, checkInt, checkNumber, checkOptions, typeError } from '../errors.js';
import type { LossName, TargetInput } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import { isOptimizer, type Optimizer } from '../nn/optimizers.js';
import type { MatrixInput } from '../tensor.js';
import type { Callback } from './callbacks.js';
import type { EpochLogs } from './history.js';
import { checkClip, type ClipPlan } from './clip.js';
import { checkL2, checkRows, lossHead, modelInput, type LossHead } from './inputs.js';
import type { Matrix } from '../matrix.js';
import type { Targets } from '../nn/losses.js';

export interface FitOptions {
  loss: LossName;
  optimizer: Optimizer;
  /**
   * L2 strength (default 0). The reported loss is mean(data loss) + (l2/2)·ΣW² over the weights (not
   * the biases), and the optimizers use the gradient g + l2·W. The tutorials map as follows:
   * - WildML sums gradients over the N examples (dW = Xᵀ·δ, no 1/N) and adds reg_lambda·W, with loss
   *   (Σ CE + reg_lambda/2·ΣW²)/N; the identical run here is `lr = epsilon·N`, `l2 = reg_lambda/N`
   *   (ε = 0.01, λ = 0.01, N = 200 → `sgd({ lr: 2 })`, `l2: 5e-5`; test/train/conventions.test.ts checks it).
   * - micrograd adds alpha·Σp² over ALL parameters, biases included: `l2 = 2·alpha` gives the same
   *   weight decay, but biases here are not regularized.
   */
  l2?: number;
  /** Passes over the data (default 1). With `sampling: 'random'`, use `steps`. */
  epochs?: number;
  /** Rows per batch (default 32, capped at the data size; batchSize ≥ rows means full batch). */
  batchSize?: number;
  /** Reshuffle the rows before each epoch (default true; ignored for full batches, whose gradient does not depend on order). */
  shuffle?: boolean;
  /**
   * 'epoch' (default): each epoch visits every row once, in batches.
   * 'random': micrograd's get_batch: each step draws `batchSize` distinct random rows; each step is one history entry.
   */
  sampling?: 'epoch' | 'random';
  /** Number of steps for `sampling: 'random'` (default: epochs). */
  steps?: number;
  /** Seed (an integer) for shuffling, sampling and dropout masks (default 0). */
  seed?: number;
  /** Held-out [x, y], evaluated after every epoch (valLoss includes the L2 penalty, like loss). */
  validationData?: [MatrixInput, TargetInput];
  /** Called after every epoch with its 0-based index; return false to stop. */
  onEpochEnd?: (epoch: number, logs: EpochLogs) => boolean | void;
  /** Called after every batch with the 0-based step and that batch's loss (and accuracy); return false to stop. */
  onBatchEnd?: (step: number, logs: EpochLogs) => boolean | void;
  callbacks?: Callback[];
  /**
   * Clip by global norm (> 0): when the norm of every loss gradient taken together, √(Σ g²), exceeds it, all of them
   * are scaled by clipNorm/norm before the update (PyTorch's clip_grad_norm_, Keras's global_clipnorm). The L2 term is
   * added by the optimizer after clipping. Not with `clipValue`.
   */
  clipNorm?: number;
  /** Clip each gradient value to [−clipValue, clipValue] (> 0) before the update (Keras's clipvalue). Not with `clipNorm`. */
  clipValue?: number;
  /**
   * Give the event loop a turn at most every this many ms (default 10; Infinity: never). fit yields between batches,
   * never inside one: a single batch that takes longer (a full batch of 20 000 rows through 512-wide layers takes
   * about a second) holds the thread that long; use mini-batches, or train in a worker.
   */
  yieldEvery?: number;
}

const FIT_OPTIONS = ['loss', 'optimizer', 'l2', 'epochs', 'batchSize', 'shuffle', 'sampling', 'steps', 'seed', 'validationData', 'onEpochEnd', 'onBatchEnd', 'callbacks', 'clipNorm', 'clipValue', 'yieldEvery'];
const FIT_HINTS: Record<string, string> = {
  learningRate: 'optimizer: sgd({ lr })', lr: 'optimizer: sgd({ lr })', learning_rate: 'optimizer: sgd({ lr })',
  batch_size: 'batchSize', validation_data: 'validationData', validationSplit: 'validationData: [x, y] (see trainTestSplit)',
  epoch: 'epochs', callback: 'callbacks', verbose: 'onEpochEnd: (epoch, logs) => console.log(epoch, logs)',
  clipnorm: 'clipNorm', global_clipnorm: 'clipNorm', globalClipNorm: 'clipNorm', clipvalue: 'clipValue', maxNorm: 'clipNorm',
};

/** Everything fit needs, checked: the loss head, the data as matrices and targets, and the loop's settings. */
export interface FitPlan {
  head: LossHead;
  optimizer: Optimizer;
  l2: number;
  clip: ClipPlan;
  x: Matrix;
  targets: Targets;
  validation: { x: Matrix; targets: Targets } | null;
  /** Epochs, or steps with random sampling (each one an epoch of one batch). */
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  sampling: 'epoch' | 'random';
  seed: number;
  yieldEvery: number;
  callbacks: Callback[];
  onEpochEnd: FitOptions['onEpochEnd'];
  onBatchEnd: FitOptions['onBatchEnd'];
}

/** Validates every option and the data against the model; nothing is allocated or changed. */
export function checkFitOptions(model: Network, x: MatrixInput, y: TargetInput, options: FitOptions): FitPlan {
  const op = 'fit';
  if (!options || typeof options !== 'object') throw typeError(op, 'options { loss, optimizer, … } are required');
  const o = checkOptions(op, options, FIT_OPTIONS, FIT_HINTS);
  const head = lossHead(op, model, o.loss);
  if (!isOptimizer(o.optimizer)) throw typeError(op, 'optimizer must be made by sgd(), momentum(), adam() or another optimizer factory');
  const sampling = checkChoice(op, 'sampling', o.sampling ?? 'epoch', ['epoch', 'random']);
  const random = sampling === 'random';
  const epochs = checkInt(op, random && o.steps !== undefined ? 'steps' : 'epochs', random ? o.steps ?? o.epochs ?? 1 : o.epochs ?? 1);
  const seed = checkInt(op, 'seed', o.seed ?? 0, 0, 2 ** 53 - 1);
  const yieldEvery = o.yieldEvery ?? 10;
  if (yieldEvery !== Infinity) checkNumber(op, 'yieldEvery', yieldEvery, { min: 0 });
  const callbacks = checkCallbacks(op, o);
  const m = modelInput(op, model, x);
  const targets = head.spec.targets(op, 'y', y, model.outputSize);
  checkRows(op, m.shape[0], targets.rows);
  return {
    head, optimizer: o.optimizer, l2: checkL2(op, o.l2), clip: checkClip(op, o.clipNorm, o.clipValue), x: m, targets,
    validation: checkValidation(op, model, head, o.validationData),
    epochs, batchSize: Math.min(checkInt(op, 'batchSize', o.batchSize ?? 32), m.shape[0]),
    shuffle: checkBoolean(op, 'shuffle', o.shuffle ?? true), sampling, seed, yieldEvery, callbacks,
    onEpochEnd: o.onEpochEnd, onBatchEnd: o.onBatchEnd,
  };
}

function checkCallbacks(op: string, o: FitOptions): Callback[] {
  for (const name of ['onEpochEnd', 'onBatchEnd'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'function') throw typeError(op, `${name} must be a function`);
  }
  const callbacks = o.callbacks ?? [];
  if (!Array.isArray(callbacks)) throw typeError(op, 'callbacks must be an array');
  callbacks.forEach((cb, i) => {
    const hooks = ['onTrainBegin', 'onEpochEnd', 'onTrainEnd'] as const;
    if (!cb || typeof cb !== 'object' || !hooks.some((h) => typeof cb[h] === 'function')) {
      throw typeError(op, `callbacks[${i}] is not a callback (an object with onTrainBegin, onEpochEnd or onTrainEnd; e.g. earlyStopping())`);
    }
  });
  return callbacks;
}

function checkValidation(op: string, model: Network, head: LossHead, vd: FitOptions['validationData']): FitPlan['validation'] {
  if (vd === undefined) return null;
  if (!Array.isArray(vd) || vd.length !== 2) throw typeError(op, 'validationData must be [x, y]');
  const x = modelInput(op, model, vd[0], 'validation x');
  const targets = head.spec.targets(op, 'validation y', vd[1], model.outputSize);
  checkRows(op, x.shape[0], targets.rows, 'validation x', 'validation y');
  return { x, targets };
}
