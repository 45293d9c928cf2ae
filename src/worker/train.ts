/** runTraining: the worker side of the protocol as a plain function (build the model, fit, post progress and weights). */

import { checkInt, typeError, rangeError } from '../errors.js';
import { mlp } from '../model/sequential.js';
import { optimizerFromConfig } from '../nn/optimizers.js';
import type { LossName } from '../nn/losses.js';
import type { FromWorker, TrainRequest } from './protocol.js';

/** How the worker lets runTraining see a 'stop' message. */
export interface TrainingControl {
  /** True once the page asked to stop; checked after every epoch. */
  stopRequested(): boolean;
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
export async function runTraining(
  request: TrainRequest,
  post: (message: FromWorker) => void,
  control: TrainingControl = { stopRequested: () => false },
): Promise<void> {
  const op = 'trainInWorker';
  const t0 = performance.now();
  let model: ReturnType<typeof mlp> | null = null;
  try {
    const { data, model: config, fit } = request;
    if (!data || !Array.isArray(data.x) || !Array.isArray(data.y)) throw typeError(op, 'data must be { x: number[][], y: number[] }');
    if (data.x.length !== data.y.length) throw rangeError(op, `data.x has ${data.x.length} rows but data.y has ${data.y.length}`);
    if (!fit || typeof fit !== 'object') throw typeError(op, 'fit must be { optimizer, epochs, … }');
    const epochs = checkInt(op, 'fit.epochs', fit.epochs);
    const every = checkInt(op, 'reportEvery', request.reportEvery ?? 10);
    const optimizer = optimizerFromConfig(`${op}: fit.optimizer`, fit.optimizer);
    model = mlp(config?.inputs, config?.layers, { activation: config?.activation, seed: config?.seed });
    if (request.weights) model.setWeights(request.weights);

    let last = { epoch: 0, loss: NaN, accuracy: undefined as number | undefined };
    let stopped = false;
    const trained = model;
    await trained.fit(data.x, data.y, {
      loss: (fit.loss ?? 'softmaxCrossEntropy') as LossName,
      optimizer,
      epochs,
      batchSize: fit.batchSize,
      shuffle: fit.shuffle,
      seed: fit.seed,
      callbacks: [{
        onEpochEnd(epoch, logs) {
          const n = epoch + 1;
          last = { epoch: n, loss: logs.loss, accuracy: logs.accuracy };
          stopped = control.stopRequested();
          const sendWeights = n % every === 0 || n === epochs || stopped;
          post({ type: 'progress', epoch: n, epochs, loss: logs.loss, accuracy: logs.accuracy, ...(sendWeights ? { weights: trained.getWeights() } : {}) });
          if (stopped) return false;
        },
      }],
    });
    post({ type: 'done', epoch: last.epoch, loss: last.loss, accuracy: last.accuracy, weights: trained.getWeights(), stopped, ms: performance.now() - t0 });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ type: 'error', name: e.name, message: e.message });
  } finally {
    model?.dispose();
  }
}
