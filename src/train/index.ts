/** Public names of training: fit, history, callbacks and training errors. */

export { fit } from './fit.js';
export type { FitOptions } from './fit.js';
export { History } from './history.js';
export type { EpochLogs } from './history.js';
export { earlyStopping } from './callbacks.js';
export type { Callback, EarlyStoppingOptions, Monitor, TrainInfo } from './callbacks.js';
export { NonFiniteLossError } from './errors.js';
export type { EvaluateOptions } from './metrics.js';
