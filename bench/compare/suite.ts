/** The measurement loops of the comparison: each workload for each contender, returning report rows. */

import { CONTENDERS, isSimdnet, type Contender } from './contenders.js';
import { GEMM_CUBES, GEMM_MLP, gemmGflops, gemmOptions, type GemmShape } from './gemm.js';
import { firstRows, mnistEpoch, mnistProblem, type MnistProblem, type MnistVariant } from './mnist.js';
import { moonsProblem, moonsStep, runSteps, type MoonsVariant } from './moons.js';
import type { Row } from './report.js';
import { measure, median, now } from './timing.js';

export interface SuiteOptions {
  quick: boolean;
  contenders: readonly Contender[];
  /** Progress lines (to stderr). */
  log: (line: string) => void;
}

/** Runs `body`, turning a failure into a log line so one broken contender does not sink the run. */
async function attempt<T>(what: string, log: (s: string) => void, body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (e) {
    log(`  ${what}: FAILED — ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

/** GFLOP/s per shape and contender. Quick: the MLP shapes only. */
export async function runGemm(o: SuiteOptions): Promise<Row[]> {
  const shapes: GemmShape[] = o.quick ? GEMM_MLP : [...GEMM_CUBES, ...GEMM_MLP];
  const rows: Row[] = [];
  for (const s of shapes) {
    for (const c of o.contenders) {
      const v = await attempt(`gemm ${s.label} ${c}`, o.log, () => gemmGflops(c, s, gemmOptions(c, s, o.quick)));
      if (v === undefined) continue;
      o.log(`  gemm ${s.label.padEnd(12)} ${c.padEnd(13)} ${v.toFixed(2)} GFLOP/s`);
      rows.push({ workload: 'gemm', key: s.label, contender: c, value: v });
    }
  }
  return rows;
}

/** The ways each contender writes the moons step. */
export function moonsVariants(c: Contender): MoonsVariant[] {
  return isSimdnet(c) ? ['model', 'kernels'] : ['tfjs-core', 'tfjs-layers'];
}

/** µs per full-batch moons step. */
export async function runMoons(o: SuiteOptions): Promise<Row[]> {
  const p = moonsProblem();
  const rows: Row[] = [];
  // Each timed call runs STEPS steps (one fit of STEPS epochs for the model API), so per-call overheads are amortized alike.
  const STEPS = 100;
  const opts = o.quick ? { warmup: 3, samples: 9, sampleMs: 20, budgetMs: 2000 } : { warmup: 5, samples: 15, sampleMs: 50, budgetMs: 4000 };
  for (const c of o.contenders) {
    for (const v of moonsVariants(c)) {
      const us = await attempt(`moons ${v} ${c}`, o.log, async () => {
        const step = await moonsStep(c, v, p);
        try {
          return ((await measure(() => runSteps(step, STEPS), opts)).median * 1000) / STEPS;
        } finally {
          step.dispose();
        }
      });
      if (us === undefined) continue;
      o.log(`  moons ${v.padEnd(12)} ${c.padEnd(13)} ${us.toFixed(1)} µs`);
      rows.push({ workload: 'moons', key: v, contender: c, value: us });
    }
  }
  return rows;
}

export function mnistVariants(c: Contender): MnistVariant[] {
  return isSimdnet(c) ? ['model', 'kernels'] : ['tfjs-layers'];
}

/** The slow contenders (pure JS) train on a fraction of the data; the time is scaled to 60000 rows. */
const SLOW = new Set<Contender>(['simdnet-ts', 'tfjs-cpu']);

/**
 * Seconds per MNIST epoch: a warm-up epoch over 1280 rows, then `reps` timed epochs (median). Slow
 * contenders run over the first `fraction` of the rows and are scaled up, and the note says so.
 */
export async function runMnist(o: SuiteOptions & { reps?: number; fraction?: number; problem?: MnistProblem }): Promise<Row[]> {
  const reps = o.reps ?? 3;
  const fraction = o.fraction ?? 0.1;
  const t0 = now();
  const full = o.problem ?? mnistProblem();
  o.log(`  mnist: loaded ${full.rows} rows in ${((now() - t0) / 1000).toFixed(1)} s`);
  const rows: Row[] = [];
  for (const c of o.contenders) {
    for (const v of mnistVariants(c)) {
      const slow = SLOW.has(c);
      const used = slow ? Math.max(full.batchSize, Math.round((full.rows * fraction) / full.batchSize) * full.batchSize) : full.rows;
      const secs = await attempt(`mnist ${v} ${c}`, o.log, async () => {
        const warm = await mnistEpoch(c, v, firstRows(full, Math.min(1280, full.rows)));
        await warm.epoch();
        warm.dispose();
        const e = await mnistEpoch(c, v, firstRows(full, used));
        try {
          const times: number[] = [];
          for (let i = 0; i < reps; i++) {
            const t = now();
            await e.epoch();
            times.push((now() - t) / 1000);
          }
          return (median(times) * full.rows) / used;
        } finally {
          e.dispose();
        }
      });
      if (secs === undefined) continue;
      const note = used < full.rows ? `extrapolated from the first ${used} of ${full.rows} rows` : '';
      o.log(`  mnist ${v.padEnd(12)} ${c.padEnd(13)} ${secs.toFixed(2)} s ${note}`);
      rows.push({ workload: 'mnist', key: v, contender: c, value: secs, note });
    }
  }
  return rows;
}

export { CONTENDERS };
