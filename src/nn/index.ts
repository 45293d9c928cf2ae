/** Public names of the layers, losses, optimizers and schedules. */

export { dense, Dense } from './dense.js';
export type { DenseOptions } from './dense.js';
export { relu, leakyRelu, tanh, sigmoid, step } from './activations.js';
export type { ActivationName } from './activations.js';
export { dropout, Dropout } from './dropout.js';
export { batchNorm, BatchNorm } from './batch_norm.js';
export type { BatchNormOptions } from './batch_norm.js';
export { softmax, Softmax } from './softmax.js';
export { normalize, Normalize } from './normalize.js';
export type { NormalizeMethod, NormalizeStats, NormalizeFitOptions } from './normalize.js';
export type { Initializer, BiasInit } from './init.js';
export type { Layer, LayerKind, LayerConfig, Shape, Weight, Param } from './layer.js';
export { layerFromConfig } from './registry.js';
export { LOSS_NAMES } from './losses.js';
export type { LossName, TargetInput } from './losses.js';
export { sgd, momentum, adam, adamw, rmsprop, adagrad } from './optimizers.js';
export type { Optimizer, OptimizerKind, LearningRate } from './optimizers.js';
export { linearDecay, stepDecay, exponentialDecay, warmup } from './schedules.js';
export type { Schedule, SchedulePer } from './schedules.js';
export type { LayerWeights, LayerWeightsInput, WeightInput } from './weights.js';
export type { NetworkOptions } from './network.js';
