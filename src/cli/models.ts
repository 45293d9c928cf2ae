/** The model families `simdnet train --model` builds: mlp (dense layers, the default) and cnn (a small convnet for image datasets). */

import { activationByName } from '../nn/activations.js';
import { batchNorm } from '../nn/batch_norm.js';
import { conv2d } from '../nn/conv2d.js';
import { dropout } from '../nn/dropout.js';
import { dense } from '../nn/dense.js';
import { flatten } from '../nn/flatten.js';
import type { Layer } from '../nn/layer.js';
import { maxPool2d } from '../nn/pooling.js';
import { intListFlag, UsageError, type Parsed } from './args.js';
import type { CliDataset, DatasetName, TrainConfig } from './datasets.js';

export const MODELS = ['mlp', 'cnn'] as const;
export type ModelName = (typeof MODELS)[number];

/** The sample shape of each image dataset (the rows are these images flattened, NHWC). */
const IMAGES: Partial<Record<DatasetName, [number, number, number]>> = { mnist: [28, 28, 1] };

/**
 * The convnet's defaults on MNIST (measured: README, "A convnet on MNIST"): conv 5×5×32 → relu → maxpool 2 →
 * conv 5×5×64 → relu → maxpool 2 → dense 10, Adam from lr 0.003 × 0.25 per epoch, batch 64, 3 epochs.
 */
export function cnnDefaults(config: TrainConfig): void {
  Object.assign(config, { model: 'cnn', filters: [32, 64], hidden: [], activation: 'relu', outputActivation: 'none', loss: 'softmaxCrossEntropy',
    optimizer: 'adam', lr: 0.003, lrDecay: 0.25, epochs: 3, batchSize: 64 });
}

/**
 * `--model cnn` (image datasets only, not with a preset) sets the convnet's defaults before the other flags apply;
 * `--filters a,b` (cnn only) gives each 5×5 convolution block's width.
 */
export function readModelChoice(c: string, p: Parsed, config: TrainConfig, model: ModelName | undefined): void {
  const filters = intListFlag(c, p, 'filters');
  if (model !== 'cnn') {
    if (filters !== undefined) throw new UsageError(c, '--filters goes with --model cnn');
    return;
  }
  if (!IMAGES[config.dataset]) throw new UsageError(c, `--model cnn needs an image dataset (mnist), not '${config.dataset}'`);
  if (config.preset !== 'default') throw new UsageError(c, `--model cnn has no preset '${config.preset}'`);
  cnnDefaults(config);
  if (filters !== undefined) {
    if (filters.length === 0) throw new UsageError(c, '--filters needs at least one width (e.g. 16,32)');
    config.filters = filters;
  }
}

/**
 * The convnet the config describes: per width in `filters`, conv 5×5 (→ batchNorm with --batch-norm) → activation →
 * maxpool 2; then flatten, the hidden dense layers with the activation (and dropout after each, with --dropout),
 * dropout before the output with --dropout, and the output dense layer. A stack too deep for the image is refused
 * by sequential, naming the layer.
 */
export function cnnLayers(data: CliDataset, config: TrainConfig): Layer[] {
  const act = () => activationByName('train', config.activation);
  const layers: Layer[] = [];
  (config.filters ?? [32, 64]).forEach((filters, i) => {
    layers.push(conv2d({ ...(i === 0 ? { inputShape: IMAGES[data.name] } : {}), filters, kernelSize: 5 }));
    if (config.batchNorm) layers.push(batchNorm());
    layers.push(act(), maxPool2d({ poolSize: 2 }));
  });
  layers.push(flatten());
  for (const units of config.hidden) {
    layers.push(dense(units));
    if (config.batchNorm) layers.push(batchNorm());
    layers.push(act());
    if (config.dropout > 0) layers.push(dropout(config.dropout));
  }
  if (config.dropout > 0 && config.hidden.length === 0) layers.push(dropout(config.dropout));
  layers.push(dense(data.outputs));
  return layers;
}

/** `conv 5×5×16 → maxpool 2 → conv 5×5×32 → maxpool 2 → 10, relu` for the model line. */
export function cnnTopology(data: CliDataset, config: TrainConfig): string {
  const blocks = (config.filters ?? []).map((f) => `conv 5×5×${f} → maxpool 2`);
  return [...blocks, ...config.hidden.map(String), String(data.outputs)].join(' → ') + `, ${config.activation}`;
}
