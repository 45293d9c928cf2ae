/** Public names of training: fit, history, callbacks, gradients and their check, training errors. */

export { fit } from './fit.js';
export type { FitOptions } from './fit_options.js';
export { History } from './history.js';
export type { EpochLogs } from './history.js';
export { earlyStopping, reduceLrOnPlateau } from './callbacks.js';
export type { Callback, EarlyStoppingOptions, ReduceLrOnPlateauOptions, Monitor, TrainInfo } from './callbacks.js';
export { NonFiniteLossError } from './errors.js';
export type { EvaluateOptions } from './metrics.js';
export { gradCheck } from './gradcheck.js';
export type { GradCheckOptions, GradCheckResult } from './gradcheck.js';
export type { GradientsResult } from './gradients.js';
