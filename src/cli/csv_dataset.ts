/** `simdnet train --csv file --target column`: a CSV file as a CLI dataset, split into training and validation rows; the task follows the target column. */

import { readCsv } from '../data/csv_node.js';
import { trainTestSplit } from '../data/split.js';
import type { Matrix } from '../matrix.js';
import { UsageError } from './args.js';
import type { CliDataset } from './datasets.js';

/** 'classify': the target holds classes; 'regress': real values; 'auto': text classifies, numbers regress. */
export type CsvTask = 'auto' | 'classify' | 'regress';

export interface CsvDatasetOptions {
  /** The label column: a header name, or a 0-based index (digits only). */
  target: string;
  task: CsvTask;
  /** Fraction of the rows held out for validation (and the final test figures), in (0, 1). */
  valSplit: number;
  seed: number;
}

/** `--target`: a 0-based column index when it is a plain integer, else a header name. */
function column(target: string): string | number {
  return /^\d+$/.test(target) ? Number(target) : target;
}

const list = (names: readonly string[], max = 6): string => (names.length > max ? `${names.slice(0, max).join(', ')}, …` : names.join(', '));

/**
 * Reads `path` with its target column, splits the rows (seeded shuffle) into training and validation parts, and
 * describes it. A CSV error names the file, line and column; a split that leaves no training row, or a class target
 * with one class, is a UsageError.
 *
 * ```ts
 * const d = loadCsvDataset('data/iris.csv', { target: 'species', task: 'auto', valSplit: 0.2, seed: 0 });
 * d.task; d.outputs; // 'classification', 3
 * ```
 */
export function loadCsvDataset(path: string, o: CsvDatasetOptions): CliDataset {
  const kind = o.task === 'classify' ? 'class' : o.task === 'regress' ? 'value' : 'auto';
  const d = readCsv(path, { target: column(o.target), targetKind: kind });
  const rows = d.x.shape[0];
  if (rows < 2) throw new UsageError('train', `${path} has ${rows} data row; a training and a validation part need at least 2`);
  const classify = d.targetKind === 'class';
  if (classify && d.classes!.length < 2) throw new UsageError('train', `the target column '${o.target}' of ${path} holds one class (${d.classes![0]}); nothing to classify`);
  const y = classify ? Int32Array.from(d.y!) : ({ data: Float32Array.from(d.y!), shape: [rows, 1] } as Matrix);
  const split = trainTestSplit(d.x, y, { testFraction: o.valSplit, seed: o.seed });
  if (split.xTrain.shape[0] === 0) throw new UsageError('train', `--val-split ${o.valSplit} leaves no training row of ${rows}`);
  const features = d.names ?? Array.from({ length: d.x.shape[1] }, (_, j) => `column ${d.columns[j]}`);
  const what = classify ? `${d.classes!.length} classes (${list(d.classes!)})` : 'real values (regression)';
  const base = {
    name: 'csv' as const, inputs: d.x.shape[1], features, xTrain: split.xTrain, xTest: split.xTest,
    description: `${path}: ${split.xTrain.shape[0]} training and ${split.xTest.shape[0]} validation rows, ` +
      `${d.x.shape[1]} feature${d.x.shape[1] > 1 ? 's' : ''} (${list(features)}), target '${o.target}': ${what}`,
  };
  if (classify) {
    return { ...base, task: 'classification', outputs: d.classes!.length, classNames: d.classes!, labelsTrain: split.yTrain as Int32Array, labelsTest: split.yTest as Int32Array };
  }
  return { ...base, task: 'regression', outputs: 1, yTrain: split.yTrain as Matrix, yTest: split.yTest as Matrix };
}
