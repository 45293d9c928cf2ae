/** The messages between a page and the training worker: plain JSON in (data, model, fit), progress and weights out. */

import type { LayerConfig } from '../nn/layer.js';
import type { OptimizerName } from '../nn/optimizers.js';
import type { LayerWeights } from '../nn/weights.js';

/**
 * The protocol, in one picture (every message is plain JSON: numbers, arrays, strings):
 *
 * ```text
 * page                                   worker (src/worker/worker.ts)
 *  ── { type: 'train', data, model, fit, reportEvery } ──▶
 *  ◀── { type: 'progress', epoch, epochs, loss, accuracy, weights? }   after every epoch (epoch: 0-based index); weights every `reportEvery`
 *  ── { type: 'stop' } ──▶                                      (optional) ends at the next batch, which still finishes its epoch's report
 *  ◀── { type: 'done', epochsDone, loss, accuracy, weights, stopped, ms }
 *  ◀── { type: 'error', name, message }                         bad config or data: nothing else follows
 * ```
 * One worker runs one training at a time; send another 'train' after 'done' to train again. Epochs are numbered as
 * everywhere in simdnet: `epoch` is a 0-based index (history[epoch], callbacks' epoch); text for people says
 * "epoch epoch + 1 of epochs".
 */

/**
 * The model to train: an `mlp(inputs, layers, { activation, seed })` by its sizes, any stack of layers by their
 * configs (`model.layers.map((l) => l.config())` and `model.inputShape`), or a saved model's bytes (`model.save()`).
 * Layers that hold statistics (normalize's shift and scale, batch norm's moving ones) start as the identity from a
 * config; send a saved model, or `weights` as `getWeights()` gives them, to carry them over.
 */
export type ModelConfig = MlpConfig | LayersConfig | SavedModelConfig;

/** Layer sizes and activation of an `mlp(inputs, layers, { activation, seed })`. */
export interface MlpConfig {
  inputs: number;
  /** Widths of the dense layers, the last one being the output (e.g. [16, 16, 2]). */
  layers: number[];
  activation?: 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid';
  seed?: number;
}

/** Any stack of layers: their configs as `layer.config()` gives them, the input shape, the seed of the weights. */
export interface LayersConfig {
  inputShape: number[];
  layers: LayerConfig[];
  seed?: number;
}

/** A saved model (`model.save()`), whose weights training starts from. */
export interface SavedModelConfig {
  saved: Uint8Array;
}

/** An optimizer by name with its factory's options: `{ name: 'adam', lr: 0.001 }` (see optimizerFromConfig). */
export interface OptimizerConfig {
  name: OptimizerName;
  lr?: number;
  [option: string]: unknown;
}

export interface FitConfig {
  /** Loss name as accepted by `fit` (default 'softmaxCrossEntropy' for integer labels). */
  loss?: string;
  optimizer: OptimizerConfig;
  epochs: number;
  batchSize?: number;
  shuffle?: boolean;
  /** Seed of the batch shuffling and of dropout's masks (default: the fit default). */
  seed?: number;
  l2?: number;
  /** fit's gradient clipping: by global norm, or each value (not both). */
  clipNorm?: number;
  clipValue?: number;
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

/** Page → worker: stop at the next batch (that epoch still reports); a 'done' message with `stopped: true` follows. */
export interface StopRequest {
  type: 'stop';
}

/** One layer's weights by name, as `model.getWeights()` returns them (dense: W is [inputs × outputs], b is [outputs]). */
export type LayerWeightsJSON = LayerWeights;

export type ToWorker = TrainRequest | StopRequest;

/** Worker → page, after each epoch. `weights` (as from `model.getWeights()`) every `reportEvery` epochs. */
export interface ProgressMessage {
  type: 'progress';
  /** 0-based index of the epoch just finished. */
  epoch: number;
  epochs: number;
  loss: number;
  accuracy?: number;
  weights?: LayerWeightsJSON[];
}

/** Worker → page, when training ends (all epochs, or stopped). */
export interface DoneMessage {
  type: 'done';
  /** Epochs run (the last one possibly cut short by a stop). */
  epochsDone: number;
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
