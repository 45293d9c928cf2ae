/** The convolution workloads of bench/run.ts: one MNIST convnet epoch per contender (with simdnet's GEMM measured between the epochs), and the kernel tables of bench/conv.ts. */

import { prepare } from './contenders.js';
import { CONV_SHAPES } from './conv.js';
import { convnetStepTable, gemmCase, gemmGflops, shapeTable } from './conv_tables.js';
import { convnetEpoch, convnetEpochFlops, convnetProblem, convnetVariants, firstConvnetRows, type ConvnetVariant } from './convnet_epoch.js';
import type { Row } from './report.js';
import { attempt, timeEpochRound, type EpochCase, type SuiteOptions } from './suite.js';
import { measure, median } from './timing.js';

/** Rows the pure-JS contenders train on (tfjs-cpu's filter gradient takes ~3.5 s per batch of 64): whole batches, scaled to 60000. */
const SLOW_ROWS = { quick: 192, full: 640 };

/**
 * Seconds per MNIST convnet epoch: each case trains a warm-up epoch over 128 rows, then the cases take turns, one
 * epoch each, `reps` times (median). simdnet's GEMM 128×784×128 is measured after each round of epochs, on the same
 * clock; its median is the row with key 'gemm' (GFLOP/s), the reference of issue 12's 70% target.
 */
export async function runConvnet(o: SuiteOptions & { reps?: number }): Promise<Row[]> {
  const reps = o.reps ?? (o.quick ? 3 : 5);
  const full = convnetProblem();
  const slowRows = o.quick ? SLOW_ROWS.quick : SLOW_ROWS.full;
  const cases: EpochCase<ConvnetVariant>[] = [];
  for (const c of o.contenders) {
    for (const v of convnetVariants(c)) {
      const used = c === 'simdnet-wasm' ? full.rows : slowRows;
      const e = await attempt(`convnet ${v} ${c}`, o.log, async () => {
        const warm = await convnetEpoch(c, v, firstConvnetRows(full, 128));
        await warm.epoch();
        warm.dispose();
        return convnetEpoch(c, v, firstConvnetRows(full, used));
      });
      if (e) cases.push({ contender: c, key: v, used, epoch: () => e.epoch(), dispose: () => e.dispose(), times: [] });
    }
  }
  const gemm = await gemmCase(o.quick);
  const gemmTimes: number[] = [];
  for (let r = 0; r < reps; r++) {
    await timeEpochRound('convnet', cases, o);
    await prepare('simdnet-wasm');
    const g = await measure(gemm.run, { ...gemm.opts, warmup: r === 0 ? 3 : 0 });
    gemmTimes.push(o.clock === 'cpu' ? g.cpuMedian : g.median);
  }
  gemm.dispose();
  const rows: Row[] = [];
  for (const cs of cases) {
    cs.dispose();
    if (cs.times.length < reps) continue;
    const secs = (median(cs.times) * full.rows) / cs.used;
    const note = cs.used < full.rows ? `extrapolated from the first ${cs.used} of ${full.rows} rows` : '';
    const gf = convnetEpochFlops(full.rows) / (secs * 1e9);
    o.log(`  convnet ${cs.key.padEnd(12)} ${cs.contender.padEnd(13)} ${secs.toFixed(2)} s (${gf.toFixed(1)} useful GFLOP/s) ${note}`);
    rows.push({ workload: 'convnet', key: cs.key, contender: cs.contender, value: secs, note });
  }
  const gemmGf = gemmGflops(median(gemmTimes));
  o.log(`  convnet: simdnet GEMM 128×784×128 between the epochs ${gemmGf.toFixed(1)} GFLOP/s`);
  rows.push({ workload: 'convnet', key: 'gemm', contender: 'simdnet-wasm', value: gemmGf, note: 'GFLOP/s of GEMM 128×784×128 between the epochs' });
  return rows;
}

/**
 * bench/conv.ts's kernel tables (process CPU time): quick, the MNIST convnet's two layers with simdnet-wasm's chosen
 * kernels and tfjs-wasm; full, every shape, method and contender; both end with the convnet step on the kernels.
 */
export async function runConvKernels(o: SuiteOptions): Promise<string[]> {
  const contenders = o.quick ? o.contenders.filter((c) => c === 'simdnet-wasm' || c === 'tfjs-wasm') : o.contenders;
  const t = { rounds: o.quick ? 3 : 5, quick: o.quick, contenders, log: o.log, chosenOnly: o.quick };
  const blocks: string[] = [];
  for (const s of o.quick ? CONV_SHAPES.slice(0, 2) : CONV_SHAPES) blocks.push((await shapeTable(s, t)).markdown);
  blocks.push((await convnetStepTable(64, t)).markdown);
  return blocks;
}
