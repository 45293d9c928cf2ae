/** `simdnet train <dataset>` or `simdnet train --csv file --target column`: builds the model from flags, trains with progress, writes model, report and plots. */

import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { choiceFlag, intFlag, intListFlag, numberFlag, parseFlags, stringFlag, UsageError, type FlagSpecs, type Parsed } from './args.js';
import { loadCsvDataset, type CsvTask } from './csv_dataset.js';
import { CLI_OPTIMIZERS, DATASETS, defaultConfig, loadCliDataset, presetsOf, type CliDataset, type DatasetName, type TrainConfig } from './datasets.js';
import { TRAIN_HELP } from './help.js';
import type { CliIO } from './io.js';
import { cnnTopology, MODELS, readModelChoice } from './models.js';
import { EpochProgress, fmtDuration } from './progress.js';
import { writeOutputs } from './outputs.js';
import { trainFromConfig, type EpochRecord, type RunResult } from './run.js';
import { version } from './version.js';

const SPECS: FlagSpecs = {
  epochs: { type: 'string' }, batch: { type: 'string' }, hidden: { type: 'string' }, activation: { type: 'string' },
  optimizer: { type: 'string' }, lr: { type: 'string' }, 'lr-decay': { type: 'string' }, l2: { type: 'string' }, backend: { type: 'string' }, seed: { type: 'string' },
  preset: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' }, 'limit-test': { type: 'string' },
  'data-dir': { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  csv: { type: 'string' }, target: { type: 'string' }, task: { type: 'string' }, 'val-split': { type: 'string' },
  normalize: { type: 'string' }, dropout: { type: 'string' }, 'batch-norm': { type: 'boolean' }, 'clip-norm': { type: 'string' },
  model: { type: 'string' }, filters: { type: 'string' }, threads: { type: 'string' },
};

/** What the flags say: the training configuration plus where data comes from and where files go. */
export interface TrainRequest {
  config: TrainConfig;
  out: string;
  limit?: number;
  limitTest?: number;
  dataDir?: string;
  /** `--csv file --target column`: the data come from a CSV file instead of a named dataset. */
  csv?: { path: string; target: string; task: CsvTask; valSplit: number };
  quiet: boolean;
}

/** The dataset: a name among DATASETS, or a CSV file with its target column (`--csv file --target column`). */
function datasetOf(c: string, p: Parsed): { dataset: DatasetName; csv?: TrainRequest['csv'] } {
  const name = p.positionals[0];
  const path = stringFlag(c, p, 'csv');
  if (path === undefined) {
    for (const f of ['target', 'task', 'val-split']) if (p.flags[f] !== undefined) throw new UsageError(c, `--${f} goes with --csv <file>`);
    if (name === undefined) throw new UsageError(c, `which dataset? one of ${DATASETS.join(', ')}, or --csv <file> --target <column>`);
    if (!(DATASETS as readonly string[]).includes(name)) throw new UsageError(c, `unknown dataset '${name}'; expected one of ${DATASETS.join(', ')}, or --csv <file>`);
    return { dataset: name as DatasetName };
  }
  if (name !== undefined) throw new UsageError(c, `give a dataset ('${name}') or --csv <file>, not both`);
  const target = stringFlag(c, p, 'target');
  if (target === undefined) throw new UsageError(c, '--csv needs --target <column> (the header name, or a 0-based index, of the labels)');
  const valSplit = numberFlag(c, p, 'val-split', { positive: true }) ?? 0.2;
  if (valSplit >= 1) throw new UsageError(c, `--val-split must be in (0, 1), got '${p.flags['val-split']}'`);
  const task = choiceFlag(c, p, 'task', ['auto', 'classify', 'regress'] as const) ?? 'auto';
  return { dataset: 'csv', csv: { path, target, task, valSplit } };
}

/** The flags that shape the model and its training, over the dataset's defaults. */
function readModelFlags(c: string, p: Parsed, config: TrainConfig): void {
  config.epochs = intFlag(c, p, 'epochs') ?? config.epochs;
  config.batchSize = intFlag(c, p, 'batch') ?? config.batchSize;
  config.hidden = intListFlag(c, p, 'hidden') ?? config.hidden;
  const activation = choiceFlag(c, p, 'activation', ['relu', 'sigmoid', 'tanh'] as const);
  if (activation) {
    config.activation = activation;
    if (config.outputActivation !== 'none') config.outputActivation = activation;
  }
  config.optimizer = choiceFlag(c, p, 'optimizer', CLI_OPTIMIZERS) ?? config.optimizer;
  config.lr = numberFlag(c, p, 'lr', { positive: true }) ?? config.lr;
  config.lrDecay = numberFlag(c, p, 'lr-decay', { positive: true }) ?? config.lrDecay;
  if (config.lrDecay > 1) throw new UsageError(c, `--lr-decay must be in (0, 1], got '${p.flags['lr-decay']}'`);
  config.l2 = numberFlag(c, p, 'l2', { min: 0 }) ?? config.l2;
  config.normalize = choiceFlag(c, p, 'normalize', ['standard', 'minMax', 'none'] as const) ?? config.normalize;
  config.dropout = numberFlag(c, p, 'dropout', { min: 0 }) ?? config.dropout;
  if (config.dropout >= 1) throw new UsageError(c, `--dropout must be in [0, 1) (the fraction of values dropped), got '${p.flags.dropout}'`);
  config.batchNorm = p.flags['batch-norm'] === true || config.batchNorm;
  config.clipNorm = numberFlag(c, p, 'clip-norm', { positive: true }) ?? config.clipNorm;
  config.backend = choiceFlag(c, p, 'backend', ['wasm', 'ts'] as const) ?? config.backend;
  config.threads = intFlag(c, p, 'threads') ?? config.threads;
  if (config.threads > 64) throw new UsageError(c, `--threads must be from 1 to 64, got '${p.flags.threads}'`);
  if (config.threads > 1 && config.backend === 'ts') throw new UsageError(c, '--threads goes with the wasm backend');
  config.seed = intFlag(c, p, 'seed', 0) ?? config.seed;
}

/** Turns `train` arguments into a request; every mistake is a UsageError naming the flag. */
export function parseTrainArgs(argv: readonly string[]): TrainRequest | 'help' {
  const c = 'train';
  const p = parseFlags(c, argv, SPECS, 1);
  if (p.flags.help) return 'help';
  const { dataset, csv } = datasetOf(c, p);
  const preset = choiceFlag(c, p, 'preset', presetsOf(dataset)) ?? 'default';
  const config = defaultConfig(dataset, preset);
  readModelChoice(c, p, config, choiceFlag(c, p, 'model', MODELS));
  readModelFlags(c, p, config);
  if (config.model === 'cnn' && config.normalize !== 'none') throw new UsageError(c, `--normalize ${config.normalize} goes with --model mlp (MNIST's pixels are already in [0, 1])`);
  return {
    config, csv,
    out: stringFlag(c, p, 'out') ?? `out/${dataset}`,
    limit: intFlag(c, p, 'limit'),
    limitTest: intFlag(c, p, 'limit-test'),
    dataDir: stringFlag(c, p, 'data-dir'),
    quiet: p.flags.quiet === true,
  };
}

/** The named dataset, or the CSV file (whose target decides the loss: softmax cross-entropy for classes, mse for values). */
function loadData(req: TrainRequest): CliDataset {
  const { config } = req;
  if (!req.csv) return loadCliDataset(config.dataset as Exclude<DatasetName, 'csv'>, { seed: config.seed, limit: req.limit, limitTest: req.limitTest, dataDir: req.dataDir });
  const data = loadCsvDataset(req.csv.path, { ...req.csv, seed: config.seed });
  if (data.task === 'regression') config.loss = 'mse';
  return data;
}

/** `784-128-64-10`, or the convnet's blocks */
export function topology(data: CliDataset, config: TrainConfig): string {
  if (config.model === 'cnn') return cnnTopology(data, config);
  return [data.inputs, ...config.hidden, data.outputs].join('-');
}

const pct = (v: number | null | undefined): string => (v === undefined || v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(2)}%`);
const num = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(4));

/** `normalize (standard) → 4-32-3, relu hidden layers, batch norm, dropout 0.2, softmaxCrossEntropy, adam lr 0.01, batch 32, seed 0` */
export function modelLine(data: CliDataset, config: TrainConfig): string {
  const parts = [
    `${config.normalize !== 'none' ? `normalize (${config.normalize}, fitted on the training split) → ` : ''}${topology(data, config)}`,
    ...(config.hidden.length ? [`${config.activation} hidden layers`] : []),
    ...(config.batchNorm ? ['batch norm'] : []), ...(config.dropout > 0 ? [`dropout ${config.dropout}`] : []),
    config.loss, `${config.optimizer} lr ${config.lr}${config.lrDecay !== 1 ? ` (×${config.lrDecay} per epoch)` : ''}`,
    ...(config.l2 ? [`l2 ${config.l2}`] : []), ...(config.clipNorm ? [`clip-norm ${config.clipNorm}`] : []),
    `batch ${config.batchSize}`, `seed ${config.seed}`, ...(config.preset !== 'default' ? [`preset ${config.preset}`] : []),
  ];
  return parts.join(', ');
}

/** What the held-out part is called: the test set of a named dataset, the validation rows of a CSV file. */
const heldOut = (data: CliDataset): string => (data.name === 'csv' ? 'validation' : 'test');

/** `0.042` → `42ms`; `3.21` → `3.2s`; longer as fmtDuration. */
export function fmtSeconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)}ms` : fmtDuration(s);
}

/** One summary line per epoch: training loss and accuracy, validation (test set) loss and accuracy, time. */
export function epochLine(r: EpochRecord, epochs: number, task: CliDataset['task']): string {
  const head = `epoch ${String(r.epoch).padStart(String(epochs).length)}/${epochs}`;
  const train = r.accuracy !== undefined ? `  acc ${pct(r.accuracy)}` : ''; // mse has no training accuracy
  const acc = task === 'classification' ? `${train}  val_loss ${num(r.valLoss)}  val_acc ${pct(r.valAccuracy)}` : `  val_loss ${num(r.valLoss)}`;
  return `${head}  loss ${num(r.loss)}${acc}  ${fmtSeconds(r.seconds)}`;
}

/**
 * Runs `simdnet train …` and returns the exit code.
 *
 * ```ts
 * await trainCommand(['moons', '--epochs', '2', '--out', '/tmp/moons'], processIO());
 * ```
 */
export async function trainCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv[0] === 'sequence') return (await import('./train_sequence.js')).sequenceCommand(argv.slice(1), io);
  const req = parseTrainArgs(argv);
  if (req === 'help') {
    io.out.write(TRAIN_HELP);
    return 0;
  }
  const { config } = req;
  const say = (s: string): void => { if (!req.quiet) io.out.write(`${s}\n`); };
  const t0 = io.now();
  const outDir = writableOut(req.out);
  const data = loadData(req);
  say(`data     ${data.description} (loaded in ${((io.now() - t0) / 1000).toFixed(1)}s)`);
  say(`model    ${modelLine(data, config)}`);
  const result = await trainWithProgress(data, config, req.quiet, io, say);
  let files: string[];
  try {
    files = writeOutputs(outDir, data, config, result, version());
  } finally {
    result.model.dispose();
  }
  reportResult(io, data, config, result, files, outDir, (io.now() - t0) / 1000);
  return 0;
}

/** The output folder, created first: an unwritable --out should fail before training, not after. */
function writableOut(out: string): string {
  const outDir = resolve(out);
  try {
    mkdirSync(outDir, { recursive: true });
    accessSync(outDir, constants.W_OK);
  } catch (e) {
    throw new Error(`cannot write to --out ${outDir}: ${(e as Error).message}`);
  }
  return outDir;
}

/** trainFromConfig with a progress bar per epoch; the first Ctrl-C finishes the batch and still evaluates and saves, a second quits. */
async function trainWithProgress(data: CliDataset, config: TrainConfig, quiet: boolean, io: CliIO, say: (s: string) => void): Promise<RunResult> {
  const batches = Math.ceil(data.xTrain.shape[0] / config.batchSize);
  let progress: EpochProgress | null = null;
  let previousRate: number | undefined;
  let interrupted = false;
  const release = io.onInterrupt?.(() => {
    if (interrupted) process.exit(130);
    interrupted = true;
    io.err.write('\nstopping after this batch (Ctrl-C again to quit without saving)\n');
  });
  return trainFromConfig(data, config, {
    shouldStop: () => interrupted,
    now: io.now,
    onBackend: (name) => say(`backend  ${name}`),
    onUntrained: (u) => say(`before   ${data.task === 'classification' ? `${heldOut(data)} accuracy ${pct(u.accuracy)}, ` : ''}${heldOut(data)} loss ${num(u.loss)} (untrained)`),
    onEpochStart: (epoch) => {
      if (quiet) return;
      progress = new EpochProgress(io.out, { epoch, epochs: config.epochs, batches, samples: data.xTrain.shape[0], now: io.now, previousRate });
    },
    onBatchEnd: (done, loss) => progress?.batch(done, loss),
    onEpochEnd: (r) => {
      previousRate = r.seconds > 0 ? data.xTrain.shape[0] / r.seconds : undefined;
      const line = epochLine(r, config.epochs, data.task) + (interrupted ? '  (stopped early)' : '');
      if (progress) progress.end(line);
      progress = null;
    },
  }).finally(() => release?.());
}

/** The closing lines: test figures, the learned line for one-input regression, time, files; a warning when training diverged. */
function reportResult(io: CliIO, data: CliDataset, config: TrainConfig, result: RunResult, files: string[], outDir: string, total: number): void {
  const test = result.test;
  const figures = data.task === 'classification'
    ? `${heldOut(data)} accuracy ${pct(test.accuracy)} (loss ${num(test.loss)}) on ${data.xTest.shape[0]} samples`
    : `${heldOut(data)} loss ${num(test.loss)} (${config.loss}) on ${data.xTest.shape[0]} samples`;
  io.out.write(`\n${figures}\n`);
  if (result.line) io.out.write(`learned  w = ${result.line.w.toPrecision(6)}, b = ${result.line.b.toPrecision(6)}\n`);
  const ran = result.epochs.length;
  io.out.write(`trained ${ran} epoch${ran > 1 ? 's' : ''}${result.stopped ? ` of ${config.epochs} (stopped by Ctrl-C)` : ''} in ${fmtSeconds(result.trainSeconds)} ` +
    `(${fmtSeconds(result.trainSeconds / ran)} per epoch, ${config.backend} backend), total ${fmtSeconds(total)}\n`);
  io.out.write(`wrote    ${files.map((f) => f.replace(`${outDir}/`, '')).join(', ')}\n         in ${outDir}\n`);
  const [before, after] = [result.untrained.loss, test.loss];
  if (!(after <= 10 * before)) {
    io.err.write(`warning: the ${heldOut(data)} loss grew from ${num(before)} before training to ${num(after)}: training diverged; try a smaller --lr (now ${config.lr})\n`);
  }
}
