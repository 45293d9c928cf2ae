/** Training in a Web Worker: the page-side helper, the worker-side runner, and the message types between them. */

export { trainInWorker } from './client.js';
export type { TrainInWorkerOptions, TrainingRun, WorkerLike, NodeWorkerLike } from './client.js';
export { runTraining, modelFromConfig } from './train.js';
export type { TrainingControl } from './train.js';
export type {
  DoneMessage, ErrorMessage, FitConfig, FromWorker, LayerWeightsJSON, ModelConfig, MlpConfig, LayersConfig, SavedModelConfig, OptimizerConfig,
  ProgressMessage, StopRequest, ToWorker, TrainRequest,
} from './protocol.js';
