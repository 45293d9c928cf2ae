/** Training callbacks: the Callback contract and earlyStopping (with restore-best-weights). */

import { checkBoolean, checkInt, checkNumber, checkOptions, typeError } from '../errors.js';
import type { Network } from '../nn/network.js';
import type { EpochLogs, History } from './history.js';

/** What `fit` tells callbacks before the first epoch. */
export interface TrainInfo {
  hasValidation: boolean;
  hasAccuracy: boolean;
}

/** Hooks into `fit`. Returning false from `onEpochEnd` stops training after that epoch. */
export interface Callback {
  /** Called before anything changes; may throw to refuse the configuration. */
  onTrainBegin?(model: Network, info: TrainInfo): void;
  onEpochEnd?(epoch: number, logs: EpochLogs, model: Network): boolean | void;
  onTrainEnd?(model: Network, history: History): void;
}

export type Monitor = 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy';

export interface EarlyStoppingOptions {
  /** Figure to watch (default 'valLoss'); losses must fall, accuracies rise. */
  monitor?: Monitor;
  /** Epochs without improvement before stopping (default 10). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** At the end of training, put back the weights of the best epoch (default false). */
  restoreBestWeights?: boolean;
}

/**
 * Stops `fit` once `monitor` has not improved for `patience` epochs. With `restoreBestWeights`, the
 * model ends with the weights of its best epoch (also when training ran to the end), and
 * `history.bestEpoch` says which.
 *
 * ```ts
 * await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: adam(), epochs: 500, validationData: [xv, yv],
 *   callbacks: [earlyStopping({ monitor: 'valLoss', patience: 20, restoreBestWeights: true })] });
 * ```
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback {
  const op = 'earlyStopping';
  checkOptions(op, options, ['monitor', 'patience', 'minDelta', 'restoreBestWeights'], { restoreBest: 'restoreBestWeights', min_delta: 'minDelta' });
  const monitor = options.monitor ?? 'valLoss';
  if (!['loss', 'valLoss', 'accuracy', 'valAccuracy'].includes(monitor)) {
    throw typeError(op, `unknown monitor ${JSON.stringify(monitor)}; expected 'loss', 'valLoss', 'accuracy' or 'valAccuracy'`);
  }
  const patience = checkInt(op, 'patience', options.patience ?? 10, 0);
  const minDelta = checkNumber(op, 'minDelta', options.minDelta ?? 0, { min: 0 });
  const restore = checkBoolean(op, 'restoreBestWeights', options.restoreBestWeights ?? false);
  const sign = monitor.endsWith('ccuracy') ? -1 : 1; // compare sign·value: smaller is better
  let best = Infinity;
  let bestEpoch = -1;
  let wait = 0;
  let bestWeights: Float32Array[] | null = null;
  let stopped = false;
  return {
    onTrainBegin(_model, info) {
      if (monitor.startsWith('val') && !info.hasValidation) throw typeError(op, `monitor '${monitor}' needs validationData in fit`);
      if (monitor.endsWith('ccuracy') && !info.hasAccuracy) throw typeError(op, `monitor '${monitor}' needs a classification loss (mse has no accuracy)`);
      best = Infinity;
      bestEpoch = -1;
      wait = 0;
      bestWeights = null;
      stopped = false;
    },
    onEpochEnd(epoch, logs, model) {
      const v = sign * (logs[monitor] as number);
      if (v < best - minDelta) {
        best = v;
        bestEpoch = epoch;
        wait = 0;
        if (restore) bestWeights = model.snapshot();
        return;
      }
      if (++wait > patience) {
        stopped = true;
        return false;
      }
    },
    onTrainEnd(model, history) {
      if (bestEpoch >= 0) history.bestEpoch = bestEpoch;
      if (stopped) history.stoppedBy = 'earlyStopping';
      if (restore && bestWeights) model.restore(bestWeights);
    },
  };
}
