/** Public names of the neural-network layer: layers, models, losses, optimizers, schedules, gradient checks. */

export { dense, Dense } from './dense.js';
export type { DenseOptions } from './dense.js';
export { relu, leakyRelu, tanh, sigmoid, step } from './activations.js';
export type { ActivationName } from './activations.js';
export type { Initializer, BiasInit } from './init.js';
export type { Layer, LayerKind, LayerConfig } from './module.js';
export { Sequential, sequential, mlp } from './sequential.js';
export type { SequentialOptions, MlpOptions } from './sequential.js';
export { Neuron, neuron } from './neuron.js';
export type { NeuronOptions } from './neuron.js';
export { LOSS_NAMES } from './losses.js';
export type { LossName, TargetInput } from './losses.js';
export { sgd, momentum, adam } from './optimizers.js';
export type { Optimizer, LearningRate } from './optimizers.js';
export { linearDecay, stepDecay, exponentialDecay } from './schedules.js';
export type { Schedule, SchedulePer } from './schedules.js';
export { gradCheck } from './gradcheck.js';
export type { GradCheckOptions, GradCheckResult } from './gradcheck.js';
export type { GradientsResult } from './gradients.js';
export type { LayerWeights, LayerWeightsInput } from './weights.js';
