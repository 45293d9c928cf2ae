/** The training loop: check everything, upload once, then per batch forward → fused loss → backward → clip → one update per parameter. */

import { typeError } from '../errors.js';
import type { TargetInput } from '../nn/losses.js';
import type { Param } from '../nn/layer.js';
import type { Network } from '../nn/network.js';
import { Random } from '../random.js';
import type { MatrixInput } from '../tensor.js';
import { DeviceData, Sampler } from './batching.js';
import { clipGradients } from './clip.js';
import { checkFitOptions, type FitOptions, type FitPlan } from './fit_options.js';
import { NonFiniteLossError } from './errors.js';
import { History, type EpochLogs } from './history.js';
import { l2Penalty } from './inputs.js';
import { batchCorrect, evaluateData, INFERENCE_CHUNK, trials } from './metrics.js';

export type { FitOptions } from './fit_options.js';

/** A macrotask turn: lets timers, I/O and rendering run (setImmediate in Node, MessageChannel in browsers). */
export function nextTurn(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((r) => setImmediate(r));
  return new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); r(); };
    ch.port2.postMessage(0);
  });
}

/** One fit's running state: the plan, the uploaded data, the counters the loop advances. */
interface Run {
  readonly model: Network;
  readonly plan: FitPlan;
  readonly data: DeviceData;
  readonly valData: DeviceData | null;
  readonly sampler: Sampler;
  /** Dropout's mask seeds, one per dropout layer per step: a stream of its own, so dropout leaves the batch order alone. */
  readonly masks: Random;
  readonly history: History;
  readonly params: Param[];
  /** Optimizer steps so far. */
  step: number;
  /** The product of the callbacks' learning-rate factors (reduceLrOnPlateau), updated after each epoch. */
  lrScale: number;
  stop: boolean;
  lastYield: number;
}

/**
 * Trains `model` on (x, y). Everything is checked before any weight changes; the data is uploaded once; a
 * steady-state step allocates no backend memory. See `FitOptions`.
 *
 * ```ts
 * const history = await fit(model, x, y, { loss: 'hinge', optimizer: sgd({ lr: linearDecay({ start: 1, end: 0.1, steps: 100 }) }),
 *   sampling: 'random', batchSize: 128, steps: 100, l2: 2e-4 });
 * ```
 */
export async function fit(model: Network, x: MatrixInput, y: TargetInput, options: FitOptions): Promise<History> {
  const plan = checkFitOptions(model, x, y, options);
  const step = model.layers.find((l) => l.kind === 'step');
  if (step) throw typeError('fit', 'the model contains step(), whose gradient is zero everywhere; it can predict but not be trained (use sigmoid to train, then swap)');
  model.beginFit();
  let run: Run | null = null;
  try {
    const hasAccuracy = plan.head.spec.accuracy !== null;
    for (const cb of plan.callbacks) cb.onTrainBegin?.(model, { hasValidation: plan.validation !== null, hasAccuracy });
    run = startRun(model, plan, new History(hasAccuracy, plan.validation !== null));
    for (let epoch = 0; epoch < plan.epochs && !run.stop; epoch++) await trainEpoch(run, epoch);
    run.history.steps = run.step;
    for (const cb of plan.callbacks) cb.onTrainEnd?.(model, run.history);
    return run.history;
  } finally {
    if (run) run.history.steps = run.step;
    model.setTraining(false);
    model.endFit();
    run?.data.dispose();
    run?.valData?.dispose();
  }
}

/** Sizes the model's buffers, uploads the data, records the loss on the model. */
function startRun(model: Network, plan: FitPlan, history: History): Run {
  const valRows = plan.validation ? Math.min(plan.validation.x.shape[0], INFERENCE_CHUNK) : 0;
  model.ensureCapacity(Math.max(plan.batchSize, valRows));
  model.lastLoss = plan.head.spec.name;
  model.lastL2 = plan.l2;
  model.stopTraining = false;
  const be = model.backend;
  const data = new DeviceData(be, plan.x, plan.targets, model.capacity);
  let valData: DeviceData | null = null;
  try {
    if (plan.validation) valData = new DeviceData(be, plan.validation.x, plan.validation.targets, model.capacity);
  } catch (e) {
    data.dispose();
    throw e;
  }
  const rng = new Random(plan.seed);
  return {
    model, plan, data, valData, sampler: new Sampler(plan.x.shape[0], rng), masks: new Random(maskSeed(plan.seed)), history,
    params: model.params(), step: 0, lrScale: 1, stop: false, lastYield: performance.now(),
  };
}

/** @internal The seed of the mask generator: the fit's seed with its low 32 bits flipped by a constant (distinct, reproducible). */
export function maskSeed(seed: number): number {
  const hi = Math.floor(seed / 2 ** 32);
  return hi * 2 ** 32 + ((seed ^ 0x5bd1e995) >>> 0);
}

/** One epoch: its batches, then validation, history and the callbacks. */
async function trainEpoch(run: Run, epoch: number): Promise<void> {
  const { model, plan } = run;
  const rows = plan.x.shape[0];
  const random = plan.sampling === 'random';
  const fullBatch = !random && plan.batchSize === rows;
  const order = random ? run.sampler.randomBatch(plan.batchSize) : plan.shuffle && !fullBatch ? run.sampler.shuffled() : null;
  const batches = random ? 1 : Math.ceil(rows / plan.batchSize);
  let lossSum = 0, correct = 0, seen = 0, lr = 0;
  model.setTraining(true);
  for (let b = 0; b < batches && !run.stop; b++) {
    const count = Math.min(plan.batchSize, rows - b * plan.batchSize);
    const r = trainStep(run, epoch, b * plan.batchSize, count, order);
    lossSum += r.loss * count;
    correct += r.correct;
    seen += count;
    lr = r.lr;
    if (!run.stop && performance.now() - run.lastYield >= plan.yieldEvery) {
      await nextTurn();
      run.lastYield = performance.now();
    }
  }
  model.setTraining(false);
  const spec = plan.head.spec;
  const logs: EpochLogs = { loss: lossSum / seen, lr };
  if (spec.accuracy) logs.accuracy = correct / trials(spec, seen, model.outputSize);
  if (run.valData) {
    const v = evaluateData(model, run.valData, plan.head, plan.l2);
    logs.valLoss = v.loss;
    if (spec.accuracy) logs.valAccuracy = v.accuracy!;
  }
  endEpoch(run, epoch, logs);
}

/** One batch: forward, the loss and its gradient in one kernel, backward, clipping, one update per parameter, then the layers' moving statistics. */
function trainStep(run: Run, epoch: number, start: number, count: number, order: ArrayLike<number> | null): { loss: number; correct: number; lr: number } {
  const { model, plan } = run;
  const { spec, end } = plan.head;
  const be = model.backend;
  const batch = run.data.select(start, count, order);
  model.beginTrainingStep(run.masks);
  const out = model.forward(batch.x, count, end);
  const params = run.params;
  const loss = spec.compute(be, out, batch.t!, model.dOut, count, model.outputSize) + l2Penalty(be, params, plan.l2);
  if (!Number.isFinite(loss)) throw new NonFiniteLossError(epoch, run.step, loss, run.history);
  const correct = spec.accuracy ? batchCorrect(model, spec, out, batch.t!, count) : 0;
  model.backward(model.dOut, count, end);
  if (plan.clip) clipGradients(be, params, plan.clip);
  const lr = plan.optimizer.rateAt(run.step, epoch) * run.lrScale;
  for (const p of params) plan.optimizer.update(be, p, lr, plan.l2);
  model.endTrainingStep();
  if (plan.onBatchEnd) {
    const logs: EpochLogs = { loss, lr };
    if (spec.accuracy) logs.accuracy = correct / trials(spec, count, model.outputSize);
    if (plan.onBatchEnd(run.step, logs) === false) run.stop = true;
  }
  run.step++;
  if (model.stopTraining) run.stop = true;
  return { loss, correct, lr };
}

function endEpoch(run: Run, epoch: number, logs: EpochLogs): void {
  const { model, plan, history } = run;
  history.push(logs);
  if (plan.onEpochEnd?.(epoch, logs) === false) run.stop = true;
  for (const cb of plan.callbacks) if (cb.onEpochEnd?.(epoch, logs, model) === false) run.stop = true;
  if (model.stopTraining) run.stop = true;
  if (run.stop && history.stoppedBy === 'end') history.stoppedBy = 'callback';
  run.lrScale = plan.callbacks.reduce((f, cb) => f * (cb.learningRateFactor?.() ?? 1), 1);
}
