/** Public names of the layers, losses, optimizers and schedules. */

export { dense, Dense } from './dense.js';
export type { DenseOptions } from './dense.js';
export { relu, leakyRelu, tanh, sigmoid, step } from './activations.js';
export { conv2d, Conv2d } from './conv2d.js';
export type { Conv2dOptions } from './conv2d.js';
export { maxPool2d, avgPool2d, globalAvgPool2d, MaxPool2d, AvgPool2d, GlobalAvgPool2d } from './pooling.js';
export type { Pool2dOptions } from './pooling.js';
export { flatten, Flatten } from './flatten.js';
export type { Padding, Size2 } from './window.js';
export type { ActivationName } from './activations.js';
export type { Initializer, BiasInit } from './init.js';
export type { Layer, LayerKind, LayerConfig, Shape, Weight, Param } from './layer.js';
export { layerFromConfig } from './registry.js';
export { LOSS_NAMES } from './losses.js';
export type { LossName, TargetInput } from './losses.js';
export { sgd, momentum, adam } from './optimizers.js';
export type { Optimizer, LearningRate } from './optimizers.js';
export { linearDecay, stepDecay, exponentialDecay, warmup } from './schedules.js';
export type { Schedule, SchedulePer } from './schedules.js';
export type { LayerWeights, LayerWeightsInput, WeightInput } from './weights.js';
export type { NetworkOptions } from './network.js';
