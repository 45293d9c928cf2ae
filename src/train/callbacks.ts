/** Training callbacks: the Callback contract and earlyStopping (with restore-best-weights). */

import { checkBoolean, checkChoice, checkInt, checkNumber, checkOptions, typeError } from '../errors.js';
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
  /** A factor on the optimizer's learning rate from the next epoch on (reduceLrOnPlateau); fit multiplies all of them. */
  learningRateFactor?(): number;
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

function checkMonitor(op: string, monitor: unknown): Monitor {
  return checkChoice(op, 'monitor', monitor, ['loss', 'valLoss', 'accuracy', 'valAccuracy']);
}

/** Throws a TypeError when fit cannot report `monitor` (no validation data, or a loss without accuracy). */
function checkMonitorAvailable(op: string, monitor: Monitor, info: TrainInfo): void {
  if (monitor.startsWith('val') && !info.hasValidation) throw typeError(op, `monitor '${monitor}' needs validationData in fit`);
  if (monitor.endsWith('ccuracy') && !info.hasAccuracy) throw typeError(op, `monitor '${monitor}' needs a classification loss (mse has no accuracy)`);
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
  const monitor = checkMonitor(op, options.monitor ?? 'valLoss');
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
      checkMonitorAvailable(op, monitor, info);
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

export interface ReduceLrOnPlateauOptions {
  /** Figure to watch (default 'valLoss'); losses must fall, accuracies rise. */
  monitor?: Monitor;
  /** Multiply the learning rate by this on a plateau (default 0.1, in (0, 1)). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 1e-4, as Keras). */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The learning rate is never reduced below this (default 0). */
  minLr?: number;
}

/**
 * Lowers the learning rate when `monitor` stops improving (Keras's ReduceLROnPlateau): after `patience` epochs
 * without an improvement of at least `minDelta`, the rate is multiplied by `factor` (not below `minLr`), then
 * `cooldown` epochs pass before counting again. `history.lr` shows the rates used.
 *
 * ```ts
 * await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), epochs: 100, validationData: [xv, yv],
 *   callbacks: [reduceLrOnPlateau({ monitor: 'valLoss', factor: 0.5, patience: 5, minLr: 1e-4 })] });
 * ```
 */
export function reduceLrOnPlateau(options: ReduceLrOnPlateauOptions = {}): Callback {
  const op = 'reduceLrOnPlateau';
  checkOptions(op, options, ['monitor', 'factor', 'patience', 'minDelta', 'cooldown', 'minLr'], { min_lr: 'minLr', minLR: 'minLr' });
  const monitor = checkMonitor(op, options.monitor ?? 'valLoss');
  const factor = checkNumber(op, 'factor', options.factor ?? 0.1, { positive: true, below: 1 });
  const patience = checkInt(op, 'patience', options.patience ?? 10, 0);
  const minDelta = checkNumber(op, 'minDelta', options.minDelta ?? 1e-4, { min: 0 });
  const cooldown = checkInt(op, 'cooldown', options.cooldown ?? 0, 0);
  const minLr = checkNumber(op, 'minLr', options.minLr ?? 0, { min: 0 });
  const sign = monitor.endsWith('ccuracy') ? -1 : 1;
  let scale = 1, best = Infinity, wait = 0, cooling = 0;
  return {
    onTrainBegin(_model, info) {
      checkMonitorAvailable(op, monitor, info);
      scale = 1; best = Infinity; wait = 0; cooling = 0;
    },
    onEpochEnd(_epoch, logs) {
      const v = sign * (logs[monitor] as number);
      if (cooling > 0) {
        cooling--;
        wait = 0;
      }
      if (v < best - minDelta) {
        best = v;
        wait = 0;
      } else if (cooling === 0 && ++wait >= patience) {
        const base = logs.lr / scale; // the optimizer's own rate this epoch
        if (logs.lr > minLr) scale = Math.max(scale * factor, base > 0 ? minLr / base : 0);
        wait = 0;
        cooling = cooldown;
      }
    },
    learningRateFactor: () => scale,
  };
}
