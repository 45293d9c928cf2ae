/** The messages between a page and the training worker: plain JSON in (data, model, fit), progress and weights out. */

import type { LayerWeights } from '../nn/weights.js';

/**
 * The protocol, in one picture (every message is plain JSON: numbers, arrays, strings):
 *
 * ```text
 * page                                   worker (src/worker/worker.ts)
 *  ── { type: 'train', data, model, fit, reportEvery } ──▶
 *  ◀── { type: 'progress', epoch, loss, accuracy, weights? }   after every epoch; weights every `reportEvery`
 *  ── { type: 'stop' } ──▶                                      (optional) ends after the current epoch
 *  ◀── { type: 'done', epoch, loss, accuracy, weights, stopped, ms }
 *  ◀── { type: 'error', name, message }                         bad config or data: nothing else follows
 * ```
 * One worker runs one training at a time; send another 'train' after 'done' to train again.
 */

/** Layer sizes and activation of an `mlp(inputs, layers, { activation, seed })`. */
export interface ModelConfig {
  inputs: number;
  /** Widths of the dense layers, the last one being the output (e.g. [16, 16, 2]). */
  layers: number[];
  activation?: 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid';
  seed?: number;
}

export interface OptimizerConfig {
  name: 'sgd' | 'momentum' | 'adam';
  lr: number;
}

export interface FitConfig {
  /** Loss name as accepted by `fit` (default 'softmaxCrossEntropy' for integer labels). */
  loss?: string;
  optimizer: OptimizerConfig;
  epochs: number;
  batchSize?: number;
  shuffle?: boolean;
  /** Seed of the batch shuffling (default: the fit default). */
  seed?: number;
}

/** Page → worker: start training. */
export interface TrainRequest {
  type: 'train';
  /** `x[i]` is a sample; `y[i]` its class index (or a target row for regression losses). */
  data: { x: number[][]; y: number[] | number[][] };
  model: ModelConfig;
  fit: FitConfig;
  /** Send the weights every this many epochs (default 10); the last epoch always sends them. */
  reportEvery?: number;
  /** Start from these weights (as sent back in a previous message) instead of a fresh initialization. */
  weights?: LayerWeightsJSON[];
}

/** Page → worker: stop after the current epoch; a 'done' message with `stopped: true` follows. */
export interface StopRequest {
  type: 'stop';
}

/** One layer's weights by name, as `model.getWeights()` returns them (dense: W is [inputs × outputs], b is [outputs]). */
export type LayerWeightsJSON = LayerWeights;

export type ToWorker = TrainRequest | StopRequest;

/** Worker → page, after each epoch. `weights` (as from `model.getWeights()`) every `reportEvery` epochs. */
export interface ProgressMessage {
  type: 'progress';
  /** 1-based epoch just finished. */
  epoch: number;
  epochs: number;
  loss: number;
  accuracy?: number;
  weights?: LayerWeightsJSON[];
}

/** Worker → page, when training ends (all epochs, or stopped). */
export interface DoneMessage {
  type: 'done';
  epoch: number;
  loss: number;
  accuracy?: number;
  weights: LayerWeightsJSON[];
  stopped: boolean;
  /** Wall time of the training in the worker, in milliseconds. */
  ms: number;
}

/** Worker → page: the request was rejected or training failed; `name` is the error class (RangeError…). */
export interface ErrorMessage {
  type: 'error';
  name: string;
  message: string;
}

export type FromWorker = ProgressMessage | DoneMessage | ErrorMessage;
