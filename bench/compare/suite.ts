/** The measurement loops of the comparison: each workload for each contender, interleaved in rounds, as report rows. */

import { assertActive, filled, isSimdnet, prepare, type Contender } from './contenders.js';
import { GEMM_CUBES, GEMM_MLP, gemmCase, gemmOptions, type GemmShape } from './gemm.js';
import { LAYER_VARIANTS, layersCase, layersProblem, TIMED, type LayersCase, type LayerVariant } from './layers.js';
import { firstRows, mnistEpoch, mnistProblem, type MnistProblem, type MnistVariant } from './mnist.js';
import { moonsProblem, moonsStep, runSteps, type MoonsVariant } from './moons.js';
import type { Row } from './report.js';
import { collectGarbage, cpuNow, measure, median, now, type Clock, type MeasureOptions } from './timing.js';

export interface SuiteOptions {
  quick: boolean;
  contenders: readonly Contender[];
  /** Report wall-clock time (default) or this process's CPU time (steadier on a loaded machine). */
  clock?: Clock;
  /** Progress lines (to stderr). */
  log: (line: string) => void;
}

/** Runs `body`, turning a failure into a log line so one broken contender does not sink the run. */
export async function attempt<T>(what: string, log: (s: string) => void, body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (e) {
    log(`  ${what}: FAILED — ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

/** A prepared contender: `run` is the timed unit; `opts` its per-round measurement options. */
export interface Case {
  contender: Contender;
  key: string;
  run: () => unknown;
  dispose: () => void;
  opts: MeasureOptions;
}

/**
 * Measures every case in `rounds` rounds, one case after another inside each round, so that load from
 * other processes falls on all contenders alike; reports, per case, the median of its round medians
 * (ms per call). Warm-up happens in the first round only.
 */
export async function interleave(cases: Case[], rounds: number, log: (s: string) => void, clock: Clock = 'wall'): Promise<Map<Case, number>> {
  const per = new Map<Case, number[]>(cases.map((c) => [c, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      if (!per.has(c)) continue;
      const t = await attempt(`${c.key} ${c.contender}`, log, async () => {
        await prepare(c.contender); // the cases share one tfjs: make this one's backend current
        assertActive(c.contender);
        return measure(c.run, r === 0 ? c.opts : { ...c.opts, warmup: 0, warmupMs: 0 });
      });
      if (t === undefined) per.delete(c);
      else per.get(c)!.push(clock === 'cpu' ? t.cpuMedian : t.median);
    }
  }
  for (const c of cases) c.dispose();
  return new Map([...per].map(([c, xs]) => [c, median(xs)]));
}

/** GFLOP/s per shape and contender. Quick: the MLP shapes only. */
export async function runGemm(o: SuiteOptions): Promise<Row[]> {
  const shapes: GemmShape[] = o.quick ? GEMM_MLP : [...GEMM_CUBES, ...GEMM_MLP];
  const rows: Row[] = [];
  for (const s of shapes) {
    const a = filled(s.m * s.k, 1), b = filled(s.k * s.n, 2);
    const cases: Case[] = [];
    for (const c of o.contenders) {
      const g = await attempt(`gemm ${s.label} ${c}`, o.log, () => gemmCase(c, s, a, b));
      if (g) cases.push({ contender: c, key: s.label, run: g.run, dispose: g.dispose, opts: gemmOptions(c, s, o.quick) });
    }
    const hasSlow = cases.some((c) => c.opts.samples === 1); // a call of a second or more: 3 rounds are plenty
    const times = await interleave(cases, hasSlow || o.quick ? 3 : 5, o.log, o.clock);
    for (const [c, ms] of times) {
      const v = (2 * s.m * s.k * s.n) / (ms * 1e6);
      o.log(`  gemm ${s.label.padEnd(12)} ${c.contender.padEnd(13)} ${v.toFixed(2)} GFLOP/s`);
      rows.push({ workload: 'gemm', key: s.label, contender: c.contender, value: v });
    }
  }
  return rows;
}

/** The ways each contender writes the moons step. */
export function moonsVariants(c: Contender): MoonsVariant[] {
  return isSimdnet(c) ? ['model', 'kernels'] : ['tfjs-core', 'tfjs-layers'];
}

/** µs per full-batch moons step. Each timed call runs 100 steps (one fit of 100 epochs for the model API). */
export async function runMoons(o: SuiteOptions): Promise<Row[]> {
  const STEPS = 100;
  const p = moonsProblem();
  // The model API's longer JS path needs ~1000 steps before the JIT settles: warm up for ≥ 300 ms.
  const opts: MeasureOptions = o.quick ? { warmup: 3, warmupMs: 300, samples: 3, sampleMs: 20, budgetMs: 500 } : { warmup: 5, warmupMs: 500, samples: 5, sampleMs: 40, budgetMs: 1000 };
  const cases: Case[] = [];
  for (const c of o.contenders) {
    for (const v of moonsVariants(c)) {
      const step = await attempt(`moons ${v} ${c}`, o.log, () => moonsStep(c, v, p));
      if (step) cases.push({ contender: c, key: v, run: () => runSteps(step, STEPS), dispose: () => step.dispose(), opts });
    }
  }
  const rows: Row[] = [];
  for (const [c, ms] of await interleave(cases, o.quick ? 3 : 5, o.log, o.clock)) {
    const us = (ms * 1000) / STEPS;
    o.log(`  moons ${c.key.padEnd(12)} ${c.contender.padEnd(13)} ${us.toFixed(1)} µs`);
    rows.push({ workload: 'moons', key: c.key, contender: c.contender, value: us });
  }
  return rows;
}

export function mnistVariants(c: Contender): MnistVariant[] {
  return isSimdnet(c) ? ['model', 'kernels'] : ['tfjs-layers'];
}

/** The slow contenders (pure JS) train on a fraction of the data; the time is scaled to 60000 rows. */
const SLOW = new Set<Contender>(['simdnet-ts', 'tfjs-cpu']);

/**
 * Seconds per MNIST epoch: every case first trains a warm-up epoch over 1280 rows, then the cases take
 * turns, one epoch each, `reps` times (median). Slow contenders run over the first `fraction` of the
 * rows (a whole number of batches) and are scaled up; the note says so.
 */
/** A contender's epoch, timed once per round; `times` (seconds) is emptied when one of its epochs fails. */
export interface EpochCase<K extends string> { contender: Contender; key: K; used: number; epoch: () => unknown; dispose: () => void; times: number[] }

/** One round: every case trains one epoch in turn, after preparing its backend and collecting garbage, on `o.clock`. */
export async function timeEpochRound<K extends string>(workload: string, cases: EpochCase<K>[], o: SuiteOptions): Promise<void> {
  for (const cs of cases) {
    const ok = await attempt(`${workload} ${cs.key} ${cs.contender}`, o.log, async () => {
      await prepare(cs.contender);
      assertActive(cs.contender);
      collectGarbage();
      const t = now(), c0 = cpuNow();
      await cs.epoch();
      cs.times.push((o.clock === 'cpu' ? cpuNow() - c0 : now() - t) / 1000);
      return true;
    });
    if (!ok) cs.times.length = 0;
  }
}

export async function runMnist(o: SuiteOptions & { reps?: number; fraction?: number; problem?: MnistProblem }): Promise<Row[]> {
  const reps = o.reps ?? 3;
  const fraction = o.fraction ?? 0.1;
  const t0 = now();
  const full = o.problem ?? mnistProblem();
  o.log(`  mnist: loaded ${full.rows} rows in ${((now() - t0) / 1000).toFixed(1)} s`);
  const cases: EpochCase<MnistVariant>[] = [];
  for (const c of o.contenders) {
    for (const v of mnistVariants(c)) {
      const used = SLOW.has(c) ? Math.max(full.batchSize, Math.round((full.rows * fraction) / full.batchSize) * full.batchSize) : full.rows;
      const e = await attempt(`mnist ${v} ${c}`, o.log, async () => {
        const warm = await mnistEpoch(c, v, firstRows(full, Math.min(1280, full.rows)));
        await warm.epoch();
        warm.dispose();
        return mnistEpoch(c, v, firstRows(full, used));
      });
      if (e) cases.push({ contender: c, key: v, used, epoch: () => e.epoch(), dispose: () => e.dispose(), times: [] });
    }
  }
  for (let r = 0; r < reps; r++) await timeEpochRound('mnist', cases, o);
  const rows: Row[] = [];
  for (const cs of cases) {
    cs.dispose();
    if (cs.times.length < reps) continue;
    const secs = (median(cs.times) * full.rows) / cs.used;
    const note = cs.used < full.rows ? `extrapolated from the first ${cs.used} of ${full.rows} rows` : '';
    o.log(`  mnist ${cs.key.padEnd(12)} ${cs.contender.padEnd(13)} ${secs.toFixed(2)} s ${note}`);
    rows.push({ workload: 'mnist', key: cs.key, contender: cs.contender, value: secs, note });
  }
  return rows;
}

/**
 * µs per fit step of the dense(784→128) model with and without a batch-norm and a dropout layer, and each layer's
 * share of those steps, timed inside them (bench/compare/layers.ts), for the simdnet contenders (tfjs has no
 * counterpart here). Each timed call is one fit of `steps` full-batch epochs; the variants take turns in rounds.
 */
export async function runLayers(o: SuiteOptions): Promise<Row[]> {
  const p = layersProblem();
  const cases: (Case & { lc: LayersCase; variant: LayerVariant; steps: number })[] = [];
  for (const c of o.contenders) {
    if (!isSimdnet(c) || (o.quick && c === 'simdnet-ts')) continue;
    const steps = c === 'simdnet-ts' ? 2 : 20;
    const opts: MeasureOptions = c === 'simdnet-ts'
      ? { warmup: 1, samples: 3, sampleMs: 0, budgetMs: 20_000 }
      : o.quick ? { warmup: 3, warmupMs: 200, samples: 5, sampleMs: 50, budgetMs: 1500 } : { warmup: 5, warmupMs: 400, samples: 5, sampleMs: 200, budgetMs: 3000 };
    for (const v of LAYER_VARIANTS) {
      const lc = await attempt(`layers ${v} ${c}`, o.log, async () => { await prepare(c); return layersCase(c, v, p); });
      if (lc) cases.push({ contender: c, key: v, run: () => lc.steps(steps), dispose: () => lc.dispose(), opts, lc, variant: v, steps });
    }
  }
  const times = await interleave(cases, o.quick ? 3 : 5, o.log, o.clock);
  const rows: Row[] = [];
  for (const cs of cases) {
    const ms = times.get(cs);
    if (ms === undefined) continue;
    rows.push({ workload: 'layers', key: `${cs.variant}|step`, contender: cs.contender, value: (ms * 1000) / cs.steps });
    for (const part of TIMED) {
      const us = median(cs.lc.perStep[part]);
      if (us > 0) rows.push({ workload: 'layers', key: `${cs.variant}|${part}`, contender: cs.contender, value: us });
    }
    o.log(`  layers ${cs.variant.padEnd(11)} ${cs.contender.padEnd(13)} ${((ms * 1000) / cs.steps).toFixed(1)} µs per step; ${TIMED.map((t) => `${t} ${median(cs.lc.perStep[t]).toFixed(1)}`).join(', ')}`);
  }
  return rows;
}
