/** Training in a Web Worker: the page-side helper, the worker-side runner, and the message types between them. */

export { trainInWorker } from './client.js';
export type { TrainInWorkerOptions, TrainingRun, WorkerLike } from './client.js';
export { runTraining } from './train.js';
export type { TrainingControl } from './train.js';
export type {
  DoneMessage, ErrorMessage, FitConfig, FromWorker, LayerWeightsJSON, ModelConfig, OptimizerConfig,
  ProgressMessage, StopRequest, ToWorker, TrainRequest,
} from './protocol.js';
