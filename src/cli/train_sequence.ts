/** `simdnet train sequence`: a recurrent forecaster of one CSV column (default: the airline passengers shipped in data/), trained on windows of the series, tested one step ahead on its end. */

import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../data/csv_node.js';
import { slidingWindows } from '../data/windows.js';
import type { Matrix } from '../matrix.js';
import { dense } from '../nn/dense.js';
import { gru } from '../nn/gru.js';
import { lstm } from '../nn/lstm.js';
import { adam } from '../nn/optimizers.js';
import { simpleRnn } from '../nn/rnn.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { fitLine } from '../plot/fit_line.js';
import { lossCurve } from '../plot/loss.js';
import { choiceFlag, intFlag, numberFlag, parseFlags, stringFlag, UsageError, type FlagSpecs, type Parsed } from './args.js';
import type { CliIO } from './io.js';
import { selectBackend } from './run.js';

const SPECS: FlagSpecs = {
  csv: { type: 'string' }, column: { type: 'string' }, window: { type: 'string' }, test: { type: 'string' }, cell: { type: 'string' },
  transform: { type: 'string' }, units: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' }, lr: { type: 'string' }, seed: { type: 'string' },
  backend: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
};

export const SEQUENCE_HELP = `Usage: simdnet train sequence [--csv <file> --column <name|index>] [options]

Trains a recurrent network to forecast a series one step ahead: each sample is a window of
the last --window values ([window, 1]), the target the value after it, both taken relative
to the window's last value (so a trend does not leave the range the network saw) and scaled
by the deviation of the training targets. The last --test values are forecast (each from
the true values before it) and never trained on. Without --csv: the monthly airline
passengers of 1949-1960 shipped in data/airline-passengers.csv.

Options:
  --csv <file>          a CSV file with a header; --column names (or numbers, from 0) the series
  --window <n>          values per input window (default 12)
  --test <n>            values at the end held out and forecast (default 24)
  --transform <name>    log-diff (logs first; the default for positive series) | diff
  --cell <name>         lstm (default) | gru | rnn
  --units <n>           recurrent units (default 32)
  --epochs <n>          passes over the training windows (default 200)
  --batch <n>           mini-batch size (default 16)
  --lr <x>              Adam's learning rate (default 0.005)
  --backend <name>      wasm (default) | ts
  --seed <n>            seed of the weights and the shuffling (default 0)
  --out <dir>           output folder (default out/sequence): model.bin, report.json,
                        history.svg, forecast.svg
  --quiet               only the summary
`;

interface SequenceRequest {
  csv: string; column: string; window: number; test: number; transform?: 'diff' | 'log-diff'; cell: 'lstm' | 'gru' | 'rnn'; units: number;
  epochs: number; batch: number; lr: number; seed: number; backend: 'wasm' | 'ts'; out: string; quiet: boolean;
}

function parseSequenceArgs(argv: readonly string[]): SequenceRequest | 'help' {
  const c = 'train sequence';
  const p: Parsed = parseFlags(c, argv, SPECS, 0);
  if (p.flags.help) return 'help';
  const csv = stringFlag(c, p, 'csv');
  const column = stringFlag(c, p, 'column');
  if ((csv === undefined) !== (column === undefined)) throw new UsageError(c, '--csv and --column go together');
  return {
    csv: csv ?? fileURLToPath(new URL('../../data/airline-passengers.csv', import.meta.url)), column: column ?? 'passengers',
    window: intFlag(c, p, 'window') ?? 12, test: intFlag(c, p, 'test') ?? 24, transform: choiceFlag(c, p, 'transform', ['diff', 'log-diff'] as const),
    cell: choiceFlag(c, p, 'cell', ['lstm', 'gru', 'rnn'] as const) ?? 'lstm', units: intFlag(c, p, 'units') ?? 32,
    epochs: intFlag(c, p, 'epochs') ?? 200, batch: intFlag(c, p, 'batch') ?? 16, lr: numberFlag(c, p, 'lr', { positive: true }) ?? 0.005,
    seed: intFlag(c, p, 'seed', 0) ?? 0, backend: choiceFlag(c, p, 'backend', ['wasm', 'ts'] as const) ?? 'wasm',
    out: stringFlag(c, p, 'out') ?? 'out/sequence', quiet: p.flags.quiet === true,
  };
}

/** The column as numbers: by header name, or by 0-based index. */
function readSeries(req: SequenceRequest): number[] {
  const col = /^\d+$/.test(req.column) ? Number(req.column) : req.column;
  const { x } = readCsv(req.csv, { columns: [col], header: true });
  return Array.from(x.data);
}

function buildModel(req: SequenceRequest): Sequential {
  const o = { units: req.units, inputShape: [req.window, 1] };
  const cell = req.cell === 'gru' ? gru(o) : req.cell === 'rnn' ? simpleRnn(o) : lstm(o);
  return sequential([cell, dense(1)], { seed: req.seed });
}

/** Windows and targets minus the window's last value (the series' level), so that only changes are learnt. */
function relative(w: { x: Matrix; y: Matrix }, window: number): { x: Matrix; y: Matrix } {
  const [x, y] = [new Float32Array(w.x.data), new Float32Array(w.y.data)];
  for (let r = 0; r < y.length; r++) {
    const last = x[r * window + window - 1];
    for (let t = 0; t < window; t++) x[r * window + t] -= last;
    y[r] -= last;
  }
  return { x: { data: x, shape: w.x.shape }, y: { data: y, shape: w.y.shape } };
}

/** The output folder, created before training (as train.ts does for the datasets). */
function writableOut(out: string): string {
  const dir = resolve(out);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new Error(`cannot write to --out ${dir}: ${(e as Error).message}`);
  }
  return dir;
}

const rmse = (p: number[], t: number[]): number => Math.sqrt(p.reduce((s, v, i) => s + (v - t[i]) ** 2, 0) / t.length);

/**
 * Runs `simdnet train sequence …` and returns the exit code.
 *
 * ```ts
 * await sequenceCommand(['--epochs', '20', '--out', '/tmp/seq'], processIO());
 * ```
 */
export async function sequenceCommand(argv: string[], io: CliIO): Promise<number> {
  const req = parseSequenceArgs(argv);
  if (req === 'help') {
    io.out.write(SEQUENCE_HELP);
    return 0;
  }
  const say = (s: string): void => { if (!req.quiet) io.out.write(`${s}\n`); };
  const outDir = writableOut(req.out);
  const series = readSeries(req);
  const split = series.length - req.test;
  if (split < req.window + 2) throw new UsageError('train sequence', `${series.length} values leave ${split} for training, too few for --window ${req.window}`);
  const log = (req.transform ?? (series.every((v) => v > 0) ? 'log-diff' : 'diff')) === 'log-diff';
  if (log && !series.every((v) => v > 0)) throw new UsageError('train sequence', "--transform log-diff needs positive values; use --transform diff");
  const f = log ? series.map(Math.log) : series;
  const rel = (w: { x: Matrix; y: Matrix }): { x: Matrix; y: Matrix } => relative(w, req.window);
  const fitData = rel(slidingWindows(f.slice(0, split), { window: req.window }));
  const scale = Math.sqrt(fitData.y.data.reduce((a, b) => a + b * b, 0) / fitData.y.data.length) || 1;
  for (const m of [fitData.x, fitData.y]) m.data.forEach((v, i) => (m.data[i] = v / scale));
  const all = rel(slidingWindows(f, { window: req.window }));
  all.x.data.forEach((v, i) => (all.x.data[i] = v / scale));
  say(`data     ${series.length} values of '${req.column}' from ${req.csv}: ${fitData.x.shape[0]} training windows of ${req.window} (${log ? 'log-diff' : 'diff'}), the last ${req.test} values forecast`);
  await selectBackend(req.backend);
  const model = buildModel(req);
  try {
    say(`model    ${model}, mse, adam lr ${req.lr}, batch ${req.batch}, seed ${req.seed}, ${req.backend} backend`);
    const t0 = io.now();
    const history = await model.fit(fitData.x, fitData.y, {
      loss: 'mse', optimizer: adam({ lr: req.lr }), epochs: req.epochs, batchSize: req.batch, seed: req.seed,
      onEpochEnd: (e, l) => { if ((e + 1) % Math.max(1, Math.round(req.epochs / 10)) === 0) say(`epoch ${e + 1}/${req.epochs}  loss ${l.loss.toFixed(5)}`); },
    });
    const seconds = (io.now() - t0) / 1000;
    return report(io, req, { model, series, split, all, scale, log, loss: history.loss, seconds, outDir });
  } finally {
    model.dispose();
  }
}

interface Trained {
  model: Sequential; series: number[]; split: number; all: { x: Matrix; y: Matrix }; scale: number; log: boolean;
  loss: number[]; seconds: number; outDir: string;
}

/** Forecasts the held-out values one step ahead, prints the errors beside "next = last value", writes the files. */
function report(io: CliIO, req: SequenceRequest, t: Trained): number {
  const { series, split, window } = { ...t, window: req.window };
  const pred = t.model.predict(t.all.x).data;
  const months = Array.from({ length: pred.length }, (_, r) => r + window);
  const forecast = months.map((m, r) => (t.log ? series[m - 1] * Math.exp(pred[r] * t.scale) : series[m - 1] + pred[r] * t.scale));
  const test = months.map((m, r) => [m, r]).filter(([m]) => m >= split);
  const truth = test.map(([m]) => series[m]);
  const ours = rmse(test.map(([, r]) => forecast[r]), truth);
  const last = rmse(test.map(([m]) => series[m - 1]), truth);
  const files = ['model.bin', 'report.json', 'history.svg', 'forecast.svg'];
  writeFileSync(join(t.outDir, files[0]), t.model.save());
  writeFileSync(join(t.outDir, files[1]), `${JSON.stringify({ request: req, transform: t.log ? 'log-diff' : 'diff', scale: t.scale, loss: t.loss, test: { rmse: ours, lastValueRmse: last, forecast: test.map(([, r]) => forecast[r]), truth }, seconds: t.seconds }, null, 1)}\n`);
  writeFileSync(join(t.outDir, files[2]), lossCurve({ loss: t.loss }, { title: 'training loss (mse, standardized)' }));
  const at = (x: number): number => forecast[Math.min(forecast.length - 1, Math.max(0, Math.round(x) - window))];
  writeFileSync(join(t.outDir, files[3]), fitLine(months, months.map((m) => series[m]), [{ label: `${t.model.layers[0]}, one step ahead`, predict: at }],
    { title: `test RMSE ${ours.toPrecision(4)} (next = last value: ${last.toPrecision(4)})`, xLabel: 'index', yLabel: req.column, dataLabel: 'truth', samples: Math.min(4096, Math.max(2, months.length)) }));
  io.out.write(`\ntest RMSE ${ours.toPrecision(4)} on the last ${truth.length} values, one step ahead (next = last value: ${last.toPrecision(4)})\n`);
  io.out.write(`trained ${req.epochs} epochs in ${t.seconds.toFixed(1)}s\nwrote    ${files.join(', ')}\n         in ${t.outDir}\n`);
  return 0;
}
