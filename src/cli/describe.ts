/** A model's shape in words for the CLI: topology, layer chain and parameter count, from configured layers (a model's, or a parsed file's). */

import type { Layer, Shape } from '../nn/layer.js';
import { fmtCount, summarize, type ModelSummary } from '../model/summary.js';

export { fmtCount };

export interface ModelDescription {
  /** `784-128-64-10` for a stack of dense layers (with normalize, batch norm, activations, dropout between); the layer chain otherwise. */
  topology: string;
  /** `dense(784→128) → relu → …` */
  layers: string;
  parameters: number;
  summary: ModelSummary;
}

/**
 * Describes layers configured for `inputShape` (`model.layers`, or `layersOf(parseModel(bytes))`).
 *
 * ```ts
 * describeModel(model.inputShape, model.layers).topology; // '784-128-64-10'
 * ```
 */
export function describeModel(inputShape: Shape, layers: readonly Layer[]): ModelDescription {
  const summary = summarize(inputShape, layers);
  const chain = layers.map(String).join(' → ');
  const weighted = layers.filter((l) => l.weightShapes().length > 0);
  // normalize and batch norm keep the width: a stack of dense layers with them is still `4-32-3`
  const allDense = inputShape.length === 1 && weighted.every((l) => ['dense', 'normalize', 'batchNorm'].includes(l.kind));
  const dense = weighted.filter((l) => l.kind === 'dense');
  const topology = allDense && dense.length > 0 ? [inputShape[0], ...dense.map((l) => l.outputShape[0])].join('-') : chain;
  return { topology, layers: chain, parameters: summary.totalParams, summary };
}

/** Bytes as `427.5 KiB`. */
export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}
