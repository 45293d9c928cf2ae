/** runTraining: the worker side of the protocol as a plain function (build the model, fit, post progress and weights). */

import { checkInt, rangeError, typeError } from '../errors.js';
import { lossByName, type LossName } from '../nn/losses.js';
import { optimizerFromConfig } from '../nn/optimizers.js';
import { layerFromConfig } from '../nn/registry.js';
import { loadModel } from '../model/load.js';
import { mlp, sequential, type Sequential } from '../model/sequential.js';
import type { FromWorker, ModelConfig, TrainRequest } from './protocol.js';

/** How the worker lets runTraining see a 'stop' message. */
export interface TrainingControl {
  /** True once the page asked to stop; checked after every batch. */
  stopRequested(): boolean;
}

/** Yield to the worker's event loop at least this often (ms), so that a 'stop' message is seen within it. */
const WORKER_YIELD_MS = 2;

/** The model a request describes: an mlp by sizes, layers by config, or a saved model. */
export function modelFromConfig(op: string, config: ModelConfig | undefined): Sequential {
  if (!config || typeof config !== 'object') throw typeError(op, 'model must be { inputs, layers }, { inputShape, layers: [configs] } or { saved: bytes }');
  if ('saved' in config) return loadModel(config.saved);
  if ('inputShape' in config) {
    if (!Array.isArray(config.layers)) throw typeError(op, 'model.layers must be an array of layer configs');
    return sequential(config.layers.map((c) => layerFromConfig(c)), { inputShape: config.inputShape, seed: config.seed });
  }
  return mlp(config.inputs, config.layers, { activation: config.activation, seed: config.seed });
}

/**
 * Runs one training request and reports through `post`: a 'progress' message after every epoch
 * (with the weights every `reportEvery` epochs and on the last one), then 'done'; or one 'error'.
 * Runs anywhere (the worker calls it; tests call it directly in Node). Needs a backend (`await init()`).
 *
 * ```ts
 * await init();
 * await runTraining({ type: 'train', data: makeMoons(100, { seed: 0 }), model: { inputs: 2, layers: [8, 2], seed: 0 },
 *   fit: { optimizer: { name: 'adam', lr: 0.01 }, epochs: 20 } }, (msg) => console.log(msg.type));
 * ```
 */
export async function runTraining(request: TrainRequest, post: (message: FromWorker) => void, control: TrainingControl = { stopRequested: () => false }): Promise<void> {
  const op = 'trainInWorker';
  const t0 = performance.now();
  let model: Sequential | null = null;
  try {
    const { data, fit } = request;
    if (!data || !Array.isArray(data.x) || !Array.isArray(data.y)) throw typeError(op, 'data must be { x: number[][], y: number[] }');
    if (data.x.length !== data.y.length) throw rangeError(op, `data.x has ${data.x.length} rows but data.y has ${data.y.length}`);
    if (!fit || typeof fit !== 'object') throw typeError(op, 'fit must be { optimizer, epochs, … }');
    const epochs = checkInt(op, 'fit.epochs', fit.epochs);
    const every = checkInt(op, 'reportEvery', request.reportEvery ?? 10);
    const optimizer = optimizerFromConfig(`${op}: fit.optimizer`, fit.optimizer);
    const loss = lossByName(op, fit.loss ?? 'softmaxCrossEntropy').name;
    model = modelFromConfig(op, request.model);
    if (request.weights) model.setWeights(request.weights);
    const trained = model;
    let last = { epochsDone: 0, loss: NaN, accuracy: undefined as number | undefined };
    let stopped = false;
    await trained.fit(data.x, data.y, {
      loss: loss as LossName, optimizer, epochs, batchSize: fit.batchSize, shuffle: fit.shuffle, seed: fit.seed, l2: fit.l2,
      clipNorm: fit.clipNorm, clipValue: fit.clipValue,
      yieldEvery: WORKER_YIELD_MS,
      onBatchEnd: () => (control.stopRequested() ? (stopped = true, false) : undefined),
      onEpochEnd(epoch, logs) {
        last = { epochsDone: epoch + 1, loss: logs.loss, accuracy: logs.accuracy };
        const sendWeights = (epoch + 1) % every === 0 || epoch + 1 === epochs || stopped;
        post({ type: 'progress', epoch, epochs, loss: logs.loss, accuracy: logs.accuracy, ...(sendWeights ? { weights: trained.getWeights() } : {}) });
      },
    });
    post({ type: 'done', ...last, weights: trained.getWeights(), stopped, ms: performance.now() - t0 });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ type: 'error', name: e.name, message: e.message });
  } finally {
    model?.dispose();
  }
}
