/** Public names of models: Sequential and its builders, the neuron, loading a saved model, the summary. */

export { Sequential, sequential, mlp } from './sequential.js';
export type { SequentialOptions, MlpOptions } from './sequential.js';
export { Neuron, neuron } from './neuron.js';
export type { NeuronOptions } from './neuron.js';
export { loadModel } from './load.js';
export type { ModelSummary, SummaryRow } from './summary.js';
