/** The training loop: validate everything, upload once, then forward → fused loss → backward → one update per parameter. */

import { checkInt, typeError } from '../errors.js';
import { checkL2, checkRows, l2Penalty, modelInput } from '../nn/input.js';
import { lossByName, type LossName, type TargetInput } from '../nn/losses.js';
import { isOptimizer, type Optimizer } from '../nn/optimizers.js';
import type { Sequential } from '../nn/sequential.js';
import { Random } from '../random.js';
import type { MatrixInput } from '../tensor.js';
import { DeviceData, Sampler } from './batching.js';
import type { Callback } from './callbacks.js';
import { NonFiniteLossError } from './errors.js';
import { History, type EpochLogs } from './history.js';
import { batchCorrect, evaluateData, INFERENCE_CHUNK, trials } from './metrics.js';

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
  /** Seed for shuffling and sampling (default 0). */
  seed?: number;
  /** Held-out [x, y], evaluated after every epoch (valLoss includes the L2 penalty, like loss). */
  validationData?: [MatrixInput, TargetInput];
  /** Called after every epoch; return false to stop. */
  onEpochEnd?: (epoch: number, logs: EpochLogs) => boolean | void;
  /** Called after every batch with that batch's loss (and accuracy); return false to stop. */
  onBatchEnd?: (step: number, logs: EpochLogs) => boolean | void;
  callbacks?: Callback[];
  /** Give the event loop a turn at most every this many ms (default 10; Infinity: never). */
  yieldEvery?: number;
}

/** A macrotask turn: lets timers, I/O and rendering run (setImmediate in Node, MessageChannel in browsers). */
export function nextTurn(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((r) => setImmediate(r));
  return new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); r(); };
    ch.port2.postMessage(0);
  });
}

/**
 * Trains `model` on (x, y). Everything is checked before any weight changes; the data is uploaded
 * once; a steady-state step allocates no backend memory. See `FitOptions`.
 *
 * ```ts
 * const history = await fit(model, x, y, { loss: 'hinge', optimizer: sgd({ lr: linearDecay({ start: 1, end: 0.1, steps: 100 }) }),
 *   sampling: 'random', batchSize: 128, steps: 100, l2: 2e-4 });
 * ```
 */
export async function fit(model: Sequential, x: MatrixInput, y: TargetInput, options: FitOptions): Promise<History> {
  const op = 'fit';
  if (!options || typeof options !== 'object') throw typeError(op, 'options { loss, optimizer, … } are required');
  const spec = lossByName(op, options.loss);
  spec.checkOutputs(op, model.outputSize);
  const opt = options.optimizer;
  if (!isOptimizer(opt)) throw typeError(op, 'optimizer must be made by sgd(), momentum() or adam()');
  const l2 = checkL2(op, options.l2);
  const sampling = options.sampling ?? 'epoch';
  if (sampling !== 'epoch' && sampling !== 'random') throw typeError(op, `sampling must be 'epoch' or 'random', got ${JSON.stringify(sampling)}`);
  const epochs = checkInt(op, sampling === 'random' && options.steps !== undefined ? 'steps' : 'epochs',
    sampling === 'random' ? options.steps ?? options.epochs ?? 1 : options.epochs ?? 1);
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== 'boolean') throw typeError(op, `shuffle must be a boolean, got ${typeof shuffle}`);
  const yieldEvery = options.yieldEvery ?? 10;
  if (typeof yieldEvery !== 'number' || !(yieldEvery >= 0)) throw typeError(op, `yieldEvery must be a number ≥ 0 (ms), got ${String(yieldEvery)}`);
  const rng = new Random(options.seed ?? 0);
  const callbacks = options.callbacks ?? [];
  if (!Array.isArray(callbacks)) throw typeError(op, 'callbacks must be an array');
  for (const name of ['onEpochEnd', 'onBatchEnd'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw typeError(op, `${name} must be a function`);
  }
  if (model.training) throw new Error('fit: this model is already training (await the running fit first)');
  const step = model.layers.find((l) => l.kind === 'step');
  if (step) throw typeError(op, 'the model contains step(), whose gradient is zero everywhere; it can predict but not be trained (use sigmoid to train, then swap)');

  const m = modelInput(op, model, x);
  const targets = spec.targets(op, 'y', y, model.outputSize);
  checkRows(op, m.shape[0], targets.rows);
  const rows = m.shape[0];
  const batchSize = Math.min(checkInt(op, 'batchSize', options.batchSize ?? 32), rows);
  let val: { m: ReturnType<typeof modelInput>; t: typeof targets } | null = null;
  if (options.validationData !== undefined) {
    const vd = options.validationData;
    if (!Array.isArray(vd) || vd.length !== 2) throw typeError(op, 'validationData must be [x, y]');
    const vm = modelInput(op, model, vd[0], 'validation x');
    const vt = spec.targets(op, 'validation y', vd[1], model.outputSize);
    checkRows(op, vm.shape[0], vt.rows, 'validation x', 'validation y');
    val = { m: vm, t: vt };
  }
  const hasAccuracy = spec.accuracy !== null;
  for (const cb of callbacks) cb.onTrainBegin?.(model, { hasValidation: val !== null, hasAccuracy });

  // Everything is valid: allocate, upload, train.
  const be = model.backend;
  const cols = model.outputSize;
  model.ensureCapacity(Math.max(batchSize, val ? Math.min(val.m.shape[0], INFERENCE_CHUNK) : 0));
  model.lastLoss = spec.name;
  model.lastL2 = l2;
  model.stopTraining = false;
  const data = new DeviceData(be, m, targets, model.capacity);
  let valData: DeviceData | null = null;
  try {
    valData = val ? new DeviceData(be, val.m, val.t, model.capacity) : null;
  } catch (e) {
    data.dispose();
    throw e;
  }
  model.training = true;
  const sampler = new Sampler(rows, rng);
  const params = model.params();
  const history = new History(hasAccuracy, val !== null);
  const fullBatch = sampling === 'epoch' && batchSize === rows;
  const batchesPerEpoch = sampling === 'random' ? 1 : Math.ceil(rows / batchSize);
  let k = 0; // optimizer steps in this fit
  let lastYield = performance.now();
  let stop = false;
  try {
    for (let epoch = 0; epoch < epochs && !stop; epoch++) {
      const order = sampling === 'random' ? sampler.randomBatch(batchSize) : shuffle && !fullBatch ? sampler.shuffled() : null;
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let lr = 0;
      for (let b = 0; b < batchesPerEpoch; b++) {
        const start = b * batchSize;
        const count = Math.min(batchSize, rows - start);
        const batch = data.select(start, count, order);
        const out = model.forwardBuf(batch.x, count);
        const loss = spec.compute(be, out, batch.t!, model.dOut, count, cols) + l2Penalty(be, params, l2);
        if (!Number.isFinite(loss)) throw new NonFiniteLossError(epoch, k, loss, history);
        const batchCorrectCount = hasAccuracy ? batchCorrect(model, spec, out, batch.t!, count) : 0;
        model.backwardBuf(model.dOut, count);
        lr = opt.rateAt(k, epoch);
        for (const p of params) opt.update(be, p, lr, l2);
        k++;
        lossSum += loss * count;
        correct += batchCorrectCount;
        seen += count;
        if (options.onBatchEnd) {
          const logs: EpochLogs = { loss, lr };
          if (hasAccuracy) logs.accuracy = batchCorrectCount / trials(spec, count, cols);
          if (options.onBatchEnd(k - 1, logs) === false) stop = true;
        }
        if (model.stopTraining) stop = true;
        if (stop) break;
        const now = performance.now();
        if (now - lastYield >= yieldEvery) {
          await nextTurn();
          lastYield = performance.now();
        }
      }
      const logs: EpochLogs = { loss: lossSum / seen, lr };
      if (hasAccuracy) logs.accuracy = correct / trials(spec, seen, cols);
      if (valData && val) {
        const v = evaluateData(model, valData, spec, l2);
        logs.valLoss = v.loss;
        if (hasAccuracy) logs.valAccuracy = v.accuracy!;
      }
      history.push(logs);
      if (options.onEpochEnd?.(epoch, logs) === false) stop = true;
      for (const cb of callbacks) if (cb.onEpochEnd?.(epoch, logs, model) === false) stop = true;
      if (model.stopTraining) stop = true;
      if (stop && history.stoppedBy === 'end') history.stoppedBy = 'callback';
    }
    history.steps = k;
    for (const cb of callbacks) cb.onTrainEnd?.(model, history);
    return history;
  } finally {
    history.steps = k;
    model.training = false;
    data.dispose();
    valData?.dispose();
  }
}
