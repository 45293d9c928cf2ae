/** Forecasting the monthly airline passengers (Box–Jenkins Series G) one month ahead with an LSTM, against the naive forecasts, with a plot of forecasts and truth. */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { adam, dense, gru, lstm, parseCsv, sequential, slidingWindows } from '../../src/index.js';
import { fitLine, lossCurve } from '../../src/plot/index.js';
import { backendFromArgv, isMain, saveFigures, svgDirFromArgv, useBackend, type BackendChoice, type Figure } from '../cli.js';

export interface TimeSeriesOptions {
  backend?: BackendChoice;
  /** Months in each input window (default 12). */
  window?: number;
  /** The last `testMonths` months are forecast, never trained on (default 24: 1959 and 1960). */
  testMonths?: number;
  /** 'lstm' (default) or 'gru'. */
  cell?: 'lstm' | 'gru';
  units?: number;
  epochs?: number;
  seed?: number;
  log?: (line: string) => void;
  plot?: boolean;
}

/** Root-mean-square error and mean absolute percentage error of forecasts, in passengers (thousands). */
export interface Errors { rmse: number; mape: number }

export interface TimeSeriesResult {
  /** All 144 months. */
  series: number[];
  /** One-month-ahead forecasts of the test months, from the true months before each. */
  forecast: number[];
  truth: number[];
  model: Errors;
  /** Next month = this month; = the same month a year before; = that, scaled by the growth over the last year. */
  naive: Errors;
  seasonal: Errors;
  seasonalNaive: Errors;
  loss: number[];
  figures: Figure[];
}

/** The 144 monthly totals of data/airline-passengers.csv. */
export function airlinePassengers(): number[] {
  const file = fileURLToPath(new URL('../../data/airline-passengers.csv', import.meta.url));
  return Array.from(parseCsv(readFileSync(file, 'utf8'), { columns: ['passengers'] }).x.data);
}

function errors(pred: number[], truth: number[]): Errors {
  const n = truth.length;
  const rmse = Math.sqrt(pred.reduce((s, p, i) => s + (p - truth[i]) ** 2, 0) / n);
  const mape = pred.reduce((s, p, i) => s + Math.abs(p - truth[i]) / truth[i], 0) / n;
  return { rmse, mape };
}

// The series grows and its seasonal swing grows with it, so the model sees ratios: a window of logs minus the log
// of its last month, and learns log(next) − log(last). A forecast is last · e^prediction. No test month is seen.

/** x: log(v_{s+t}) − log(v_{s+window−1}) per window; y: log(v_{s+window}) − log(v_{s+window−1}). */
function logWindows(series: number[], window: number): { x: Float32Array; y: Float32Array; rows: number } {
  const logs = series.map(Math.log);
  const w = slidingWindows(logs, { window });
  const rows = w.x.shape[0];
  const x = new Float32Array(w.x.data), y = new Float32Array(w.y.data);
  for (let r = 0; r < rows; r++) {
    const last = x[r * window + window - 1];
    for (let t = 0; t < window; t++) x[r * window + t] -= last;
    y[r] -= last;
  }
  return { x, y, rows };
}

/**
 * Trains on the first 144 − testMonths months (windows entirely inside them) and forecasts each test month from the
 * true months before it.
 *
 * ```ts
 * const r = await runTimeSeries({ backend: 'wasm', log: console.log });
 * r.model.rmse; r.seasonalNaive.rmse;
 * ```
 */
export async function runTimeSeries(opts: TimeSeriesOptions = {}): Promise<TimeSeriesResult> {
  if (opts.backend) await useBackend(opts.backend);
  const [window, testMonths, units] = [opts.window ?? 12, opts.testMonths ?? 24, opts.units ?? 32];
  const log = opts.log ?? (() => {});
  const series = airlinePassengers();
  const split = series.length - testMonths;
  const train = logWindows(series.slice(0, split), window);
  const all = logWindows(series, window);
  const cell = (opts.cell ?? 'lstm') === 'gru' ? gru({ units, inputShape: [window, 1] }) : lstm({ units, inputShape: [window, 1] });
  const model = sequential([cell, dense(1)], { seed: opts.seed ?? 0 });
  try {
    const history = await model.fit({ data: train.x, shape: [train.rows, window] }, { data: train.y, shape: [train.rows, 1] }, {
      loss: 'mse', optimizer: adam({ lr: 0.005 }), epochs: opts.epochs ?? 300, batchSize: 16, seed: opts.seed ?? 0,
      onEpochEnd: (e, l) => { if ((e + 1) % 50 === 0) log(`epoch ${e + 1}: loss ${l.loss.toExponential(3)}`); },
    });
    // row r of `all` forecasts month r + window from months r … r + window − 1
    const pred = model.predict({ data: all.x, shape: [all.rows, window] }).data;
    const months = Array.from({ length: all.rows }, (_, r) => r + window);
    const oneStep = months.map((m, r) => series[m - 1] * Math.exp(pred[r]));
    const test = months.map((m, r) => [m, r]).filter(([m]) => m >= split);
    const forecast = test.map(([, r]) => oneStep[r]);
    const truth = test.map(([m]) => series[m]);
    const naive = errors(test.map(([m]) => series[m - 1]), truth);
    const seasonal = errors(test.map(([m]) => series[m - 12]), truth);
    const seasonalNaive = errors(test.map(([m]) => series[m - 12] * (series[m - 1] / series[m - 13])), truth);
    const ours = errors(forecast, truth);
    log(`test months ${split}…${series.length - 1} (1959–1960), one month ahead:`);
    log(`  ${String(model.layers[0])}  RMSE ${ours.rmse.toFixed(1)}  MAPE ${(100 * ours.mape).toFixed(2)}%`);
    log(`  naive (= last month)            RMSE ${naive.rmse.toFixed(1)}  MAPE ${(100 * naive.mape).toFixed(2)}%`);
    log(`  a year before                   RMSE ${seasonal.rmse.toFixed(1)}  MAPE ${(100 * seasonal.mape).toFixed(2)}%`);
    log(`  a year before × last year's growth RMSE ${seasonalNaive.rmse.toFixed(1)}  MAPE ${(100 * seasonalNaive.mape).toFixed(2)}%`);
    const figures: Figure[] = [];
    if (opts.plot) {
      const at = (m: number): number => oneStep[Math.min(oneStep.length - 1, Math.max(0, Math.round(m) - window))];
      figures.push({ name: 'airline-forecast.svg', svg: fitLine(months, months.map((m) => series[m]), [{ label: `${model.layers[0]} one month ahead (trained on 1949–1958)`, predict: at }],
        { title: `Airline passengers, thousands: test RMSE ${ours.rmse.toFixed(1)} (a year before × growth: ${seasonalNaive.rmse.toFixed(1)})`, xLabel: 'month since Jan 1949', yLabel: 'passengers', dataLabel: 'truth', samples: months.length }) });
      figures.push({ name: 'airline-loss.svg', svg: lossCurve({ loss: history.loss }, { title: 'training loss (mse of log ratios)' }) });
    }
    return { series, forecast, truth, model: ours, naive, seasonal, seasonalNaive, loss: history.loss, figures };
  } finally {
    model.dispose();
  }
}

if (isMain(import.meta.url)) {
  const svgDir = svgDirFromArgv();
  runTimeSeries({ backend: backendFromArgv(), log: (line) => console.log(line), plot: svgDir !== null })
    .then((r) => (svgDir ? saveFigures(svgDir, r.figures) : undefined))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
