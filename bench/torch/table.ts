/** The figures of `bench:torch`: per-round medians, medians over rounds, ratios, and the Markdown tables of bench/results/torch.md. */

import { markdownTable } from '../util.js';

export type Workload = 'mnist' | 'convnet' | 'moons' | 'infer';

/** Who ran a child: simdnet, PyTorch, or (inference only) ONNX Runtime on simdnet's exported model. */
export type Side = 'simdnet' | 'torch' | 'onnx';

/** One measured configuration: a workload, its thread count (every side) and, for the MNIST epochs, the batch size. */
export interface Config {
  workload: Workload;
  threads: number;
  batch?: number;
}

/** What one child process measured. Series: MNIST in s per epoch, the moons step and inference in µs per step / call. */
export interface ChildRun {
  side: Side;
  config: Config;
  round: number;
  /** simdnet: fit, kernels (and fitPerCall) or predict; PyTorch: torch; ONNX Runtime: onnx (each with its …Cpu twin). */
  series: Record<string, number[]>;
  /** Values every side must agree on: the first epoch's loss (convnet: and the first 5 step losses), the first 5 moons step losses, the first row's logits. */
  check: number[];
  /** simdnet only: largest difference between fit's and the kernel step's losses. */
  selfCheck?: number;
  /** Cores' worth of CPU other processes used while the child ran. */
  others: number;
}

export interface SeriesSummary {
  /** Median over rounds of each round's median. */
  median: number;
  rounds: number[];
}

export interface Summary {
  config: Config;
  series: Record<string, SeriesSummary>;
  /** Largest |simdnet − PyTorch| (and |ONNX Runtime − PyTorch|) of the check values, over rounds. */
  delta: number;
  /** Largest |fit − kernels| of simdnet's own losses. */
  selfDelta: number;
  othersMedian: number;
  othersMax: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export const configKey = (c: Config): string => `${c.workload}/${c.batch ?? '-'}/${c.threads}`;

const maxAbsDiff = (a: number[], b: number[]): number =>
  Math.max(0, ...a.slice(0, Math.min(a.length, b.length)).map((v, i) => Math.abs(v - b[i])));

/** Groups the runs by configuration (first-seen order) and reduces each series to per-round medians and their median. */
export function summarize(runs: readonly ChildRun[]): Summary[] {
  const groups = new Map<string, ChildRun[]>();
  for (const r of runs) groups.set(configKey(r.config), [...(groups.get(configKey(r.config)) ?? []), r]);
  return [...groups.values()].map((g) => {
    const series: Record<string, SeriesSummary> = {};
    for (const name of new Set(g.flatMap((r) => Object.keys(r.series)))) {
      const rounds = g.filter((r) => r.series[name]?.length).map((r) => median(r.series[name]));
      series[name] = { median: median(rounds), rounds };
    }
    let delta = NaN;
    for (const s of g.filter((r) => r.side !== 'torch')) {
      const t = g.find((r) => r.side === 'torch' && r.round === s.round);
      if (t) delta = Math.max(Number.isNaN(delta) ? 0 : delta, maxAbsDiff(s.check, t.check));
    }
    const selfs = g.map((r) => r.selfCheck).filter((v): v is number => v !== undefined);
    const others = g.map((r) => r.others).filter((v) => !Number.isNaN(v));
    return { config: g[0].config, series, delta, selfDelta: selfs.length ? Math.max(...selfs) : NaN, othersMedian: median(others), othersMax: others.length ? Math.max(...others) : NaN };
  });
}

/** A figure with about three significant digits; '–' when missing. */
export function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  return a < 1 ? x.toFixed(3) : a < 10 ? x.toFixed(2) : a < 100 ? x.toFixed(1) : x.toFixed(0);
}

/** a ÷ b as "1.23×"; '–' when either is missing. */
export function ratio(a: number | undefined, b: number | undefined): string {
  return a !== undefined && b !== undefined && Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–';
}

const diff = (x: number) => (Number.isNaN(x) ? '–' : x === 0 ? '0' : x.toExponential(0));

/** The workload's name and unit in the tables. */
export function describe(c: Config): { what: string; unit: string } {
  if (c.workload === 'mnist') return { what: `MNIST MLP epoch, batch ${c.batch}`, unit: 's / epoch' };
  if (c.workload === 'convnet') return { what: `MNIST convnet epoch, batch ${c.batch}`, unit: 's / epoch' };
  if (c.workload === 'moons') return { what: 'WildML 2-3-2 step, full batch of 200', unit: 'µs / step' };
  return { what: 'MNIST MLP, one-row inference', unit: 'µs / call' };
}

/** simdnet's reference series: the user's path (`fit`, or `predict` for inference), in wall-clock or CPU time. */
const userPath = (s: Summary) => s.series.fit ?? s.series.predict;
const userPathCpu = (s: Summary) => s.series.fitCpu ?? s.series.predictCpu;

/** The table of medians and ratios, one row per configuration. */
export function comparisonTable(summaries: readonly Summary[]): string {
  const rows = summaries.map((s) => {
    const { what, unit } = describe(s.config);
    return [what, String(s.config.threads), unit, fmt(userPath(s)?.median), fmt(s.series.kernels?.median), fmt(s.series.torch?.median),
      fmt(s.series.onnx?.median), ratio(s.series.torch?.median, userPath(s)?.median), ratio(s.series.torchCpu?.median, userPathCpu(s)?.median), diff(s.delta),
      `${fmt(s.othersMedian)} (${fmt(s.othersMax)})`];
  });
  return markdownTable(['workload', 'threads', 'unit', 'simdnet (fit / predict)', 'simdnet kernels', 'PyTorch', 'ONNX Runtime',
    'PyTorch ÷ simdnet', 'PyTorch ÷ simdnet, CPU time', 'max \\|Δ\\| vs PyTorch', 'others\' load, cores: median (max)'], rows);
}

/** simdnet's fit against its hand-written kernel step (issue 15: fit within 5% of the kernel step), in wall-clock and CPU time. */
export function fitTable(summaries: readonly Summary[], target = 0.05): string {
  const verdict = (a: SeriesSummary | undefined, b: SeriesSummary | undefined) => (a && b ? (a.median / b.median - 1 <= target ? 'met' : 'not met') : '–');
  const rows = summaries.filter((s) => s.series.fit && s.series.kernels).map((s) => {
    const { what, unit } = describe(s.config);
    const { fit, kernels, fitCpu, kernelsCpu, fitPerCall } = s.series;
    return [what, String(s.config.threads), unit, fmt(fit.median), fmt(fitPerCall?.median), fmt(kernels.median), ratio(fit.median, kernels.median),
      verdict(fit, kernels), ratio(fitCpu?.median, kernelsCpu?.median), verdict(fitCpu, kernelsCpu), diff(s.selfDelta)];
  });
  return markdownTable(['workload', 'threads', 'unit', 'fit', 'fit, one call per epoch', 'kernels', 'fit ÷ kernels', `≤ ${100 * target}% (wall)`,
    'fit ÷ kernels, CPU time', `≤ ${100 * target}% (CPU)`, 'max \\|Δloss\\| fit vs kernels'], rows);
}

/** Every round's median per series, for judging the spread. */
export function roundsTable(summaries: readonly Summary[]): string {
  const rows = summaries.flatMap((s) => Object.entries(s.series).map(([name, v]) => {
    const { what } = describe(s.config);
    return [what, String(s.config.threads), name, v.rounds.map(fmt).join(', ')];
  }));
  return markdownTable(['workload', 'threads', 'series', 'per-round medians'], rows);
}
