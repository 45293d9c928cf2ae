/** `simdnet train <dataset>`: builds the model from flags, trains with progress, writes model, report and plots. */

import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { choiceFlag, intFlag, intListFlag, numberFlag, parseFlags, stringFlag, UsageError, type FlagSpecs } from './args.js';
import { DATASETS, defaultConfig, loadCliDataset, presetsOf, type CliDataset, type DatasetName, type TrainConfig } from './datasets.js';
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
  model: { type: 'string' }, filters: { type: 'string' },
};

/** What the flags say: the training configuration plus where data comes from and where files go. */
export interface TrainRequest {
  config: TrainConfig;
  out: string;
  limit?: number;
  limitTest?: number;
  dataDir?: string;
  quiet: boolean;
}

/** Turns `train` arguments into a request; every mistake is a UsageError naming the flag. */
export function parseTrainArgs(argv: readonly string[]): TrainRequest | 'help' {
  const c = 'train';
  const p = parseFlags(c, argv, SPECS, 1);
  if (p.flags.help) return 'help';
  const name = p.positionals[0];
  if (name === undefined) throw new UsageError(c, `which dataset? one of ${DATASETS.join(', ')}`);
  if (!(DATASETS as readonly string[]).includes(name)) {
    throw new UsageError(c, `unknown dataset '${name}'; expected one of ${DATASETS.join(', ')}`);
  }
  const dataset = name as DatasetName;
  const preset = choiceFlag(c, p, 'preset', presetsOf(dataset)) ?? 'default';
  const config = defaultConfig(dataset, preset);
  readModelChoice(c, p, config, choiceFlag(c, p, 'model', MODELS));
  config.epochs = intFlag(c, p, 'epochs') ?? config.epochs;
  config.batchSize = intFlag(c, p, 'batch') ?? config.batchSize;
  config.hidden = intListFlag(c, p, 'hidden') ?? config.hidden;
  const activation = choiceFlag(c, p, 'activation', ['relu', 'sigmoid', 'tanh'] as const);
  if (activation) {
    config.activation = activation;
    if (config.outputActivation !== 'none') config.outputActivation = activation;
  }
  config.optimizer = choiceFlag(c, p, 'optimizer', ['adam', 'sgd', 'momentum'] as const) ?? config.optimizer;
  config.lr = numberFlag(c, p, 'lr', { positive: true }) ?? config.lr;
  config.lrDecay = numberFlag(c, p, 'lr-decay', { positive: true }) ?? config.lrDecay;
  if (config.lrDecay > 1) throw new UsageError(c, `--lr-decay must be in (0, 1], got '${p.flags['lr-decay']}'`);
  config.l2 = numberFlag(c, p, 'l2', { min: 0 }) ?? config.l2;
  config.backend = choiceFlag(c, p, 'backend', ['wasm', 'ts'] as const) ?? config.backend;
  config.seed = intFlag(c, p, 'seed', 0) ?? config.seed;
  return {
    config,
    out: stringFlag(c, p, 'out') ?? `out/${dataset}`,
    limit: intFlag(c, p, 'limit'),
    limitTest: intFlag(c, p, 'limit-test'),
    dataDir: stringFlag(c, p, 'data-dir'),
    quiet: p.flags.quiet === true,
  };
}

/** `784-128-64-10`, or the convnet's blocks */
export function topology(data: CliDataset, config: TrainConfig): string {
  if (config.model === 'cnn') return cnnTopology(data, config);
  return [data.inputs, ...config.hidden, data.outputs].join('-');
}

const pct = (v: number | null | undefined): string => (v === undefined || v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(2)}%`);
const num = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(4));

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
  const req = parseTrainArgs(argv);
  if (req === 'help') {
    io.out.write(TRAIN_HELP);
    return 0;
  }
  const { config } = req;
  const say = (s: string): void => { if (!req.quiet) io.out.write(`${s}\n`); };
  const t0 = io.now();
  const outDir = writableOut(req.out);
  const data = loadCliDataset(config.dataset, { seed: config.seed, limit: req.limit, limitTest: req.limitTest, dataDir: req.dataDir });
  say(`data     ${data.description} (loaded in ${((io.now() - t0) / 1000).toFixed(1)}s)`);
  say(`model    ${topology(data, config)}, ${config.hidden.length ? `${config.activation} hidden layers, ` : ''}` +
    `${config.loss}, ${config.optimizer} lr ${config.lr}${config.lrDecay !== 1 ? ` (×${config.lrDecay} per epoch)` : ''}` +
    `${config.l2 ? `, l2 ${config.l2}` : ''}, batch ${config.batchSize}, seed ${config.seed}` +
    `${config.preset !== 'default' ? `, preset ${config.preset}` : ''}`);
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
    onUntrained: (u) => say(`before   ${data.task === 'classification' ? `test accuracy ${pct(u.accuracy)}, ` : ''}test loss ${num(u.loss)} (untrained)`),
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
    ? `test accuracy ${pct(test.accuracy)} (loss ${num(test.loss)}) on ${data.xTest.shape[0]} samples`
    : `test loss ${num(test.loss)} (${config.loss}) on ${data.xTest.shape[0]} samples`;
  io.out.write(`\n${figures}\n`);
  if (result.line) io.out.write(`learned  w = ${result.line.w.toPrecision(6)}, b = ${result.line.b.toPrecision(6)}\n`);
  const ran = result.epochs.length;
  io.out.write(`trained ${ran} epoch${ran > 1 ? 's' : ''}${result.stopped ? ` of ${config.epochs} (stopped by Ctrl-C)` : ''} in ${fmtSeconds(result.trainSeconds)} ` +
    `(${fmtSeconds(result.trainSeconds / ran)} per epoch, ${config.backend} backend), total ${fmtSeconds(total)}\n`);
  io.out.write(`wrote    ${files.map((f) => f.replace(`${outDir}/`, '')).join(', ')}\n         in ${outDir}\n`);
  const [before, after] = [result.untrained.loss, test.loss];
  if (!(after <= 10 * before)) {
    io.err.write(`warning: the test loss grew from ${num(before)} before training to ${num(after)}: training diverged; try a smaller --lr (now ${config.lr})\n`);
  }
}
