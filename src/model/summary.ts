/** model.summary(): a Keras-style table of the layers, their output shapes and parameter counts, from configured layers (built or not). */

import { fmtSampleShape, type Layer, type Shape } from '../nn/layer.js';

export interface SummaryRow {
  layer: string;
  outputShape: Shape;
  /** Trained weights of the layer. */
  params: number;
  /** Saved but not trained (batch norm's moving statistics, normalize's mean and deviation). */
  nonTrainable: number;
}

export interface ModelSummary {
  inputShape: Shape;
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** The table as printed by `simdnet info` and `console.log(model.summary().text)`. */
  text: string;
}

/** `109386` → `109,386`. */
export function fmtCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The summary of layers already configured for `inputShape` (a model's layers, or a parsed file's before building).
 *
 * ```ts
 * console.log(mlp(784, [128, 64, 10]).summary().text);
 * // Layer            Output shape   Param #
 * // dense(784→128)   [128]          100,480 …
 * ```
 */
export function summarize(inputShape: Shape, layers: readonly Layer[]): ModelSummary {
  const rows = layers.map((l) => {
    const count = (trained: boolean): number => l.weightShapes().filter((w) => w.trainable === trained).reduce((s, w) => s + w.size, 0);
    return { layer: String(l), outputShape: l.outputShape, params: count(true), nonTrainable: count(false) };
  });
  const trainableParams = rows.reduce((s, r) => s + r.params, 0);
  const nonTrainableParams = rows.reduce((s, r) => s + r.nonTrainable, 0);
  const totalParams = trainableParams + nonTrainableParams;
  return { inputShape, rows, totalParams, trainableParams, nonTrainableParams, text: table(inputShape, rows, trainableParams, nonTrainableParams) };
}

function table(inputShape: Shape, rows: SummaryRow[], trainable: number, nonTrainable: number): string {
  const cells = [['Layer', 'Output shape', 'Param #'], ['input', fmtSampleShape(inputShape), '0'],
    ...rows.map((r) => [r.layer, fmtSampleShape(r.outputShape), fmtCount(r.params + r.nonTrainable)])];
  const widths = [0, 1, 2].map((c) => Math.max(...cells.map((row) => row[c].length)));
  const line = (row: string[]): string => `${row[0].padEnd(widths[0])}   ${row[1].padEnd(widths[1])}   ${row[2].padStart(widths[2])}`;
  const rule = (ch: string): string => ch.repeat(widths[0] + widths[1] + widths[2] + 6);
  return [
    line(cells[0]), rule('─'), ...cells.slice(1).map(line), rule('═'),
    `Total params: ${fmtCount(trainable + nonTrainable)}`,
    `Trainable params: ${fmtCount(trainable)}`,
    `Non-trainable params: ${fmtCount(nonTrainable)}`,
  ].join('\n');
}
