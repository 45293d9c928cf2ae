/**
 * Convolution benchmark (`npm run bench:conv`): forward, dW and dX GFLOP/s at the MNIST convnet's layers and a
 * 32×32×16 → 32 3×3 layer (batch 64): simdnet WASM (direct kernels and im2col + GEMM), simdnet TS, TensorFlow.js
 * WASM (XNNPACK, one thread) and CPU; the MNIST convnet's training step on the kernels; simdnet's GEMM at
 * 128×784×128 in the same run (issue 12's 70% target). Contenders take turns in rounds; medians; ratios in the run.
 * Flags: --quick (3 rounds, shorter samples), --step-only (the convnet step alone), --threads n (the step on n threads too).
 */

import { loadavg } from 'node:os';
import { simdnetBackend, simdnetWasmInfo, type Contender } from './compare/contenders.js';
import { CONV_SHAPES } from './compare/conv.js';
import { convOptions, convnetStepTable, shapeTable } from './compare/conv_tables.js';
import { convnetFlops, convnetStep } from './compare/convnet.js';
import { interleave, type Case } from './compare/suite.js';
import { loadTfjs } from './compare/tfjs.js';
import { createWasmBackend } from '../src/backend/wasm/create.js';
import { machineHeader, markdownTable, measure } from './util.js';

const CONTENDERS: Contender[] = ['simdnet-wasm', 'simdnet-ts', 'tfjs-wasm', 'tfjs-cpu'];
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 5;
const log = (s: string): void => void process.stderr.write(s + '\n');
const f = (v: number, d = 2): string => (Number.isFinite(v) ? v.toFixed(d) : '—');

const gemmSeen: number[] = [];
const tableOptions = { rounds: ROUNDS, quick, contenders: CONTENDERS, log };

/** With `--threads n`: the direct step on one thread and on n (wall clock: CPU time adds the threads up). */
async function threadsTable(batch: number, threads: number): Promise<string> {
  const one = await simdnetBackend('simdnet-wasm');
  const pool = await createWasmBackend(undefined, { simd: 'auto', threads });
  const steps = [[one, 'one thread'], [pool, `${pool.threadInfo().threads} threads`]] as const;
  const cases: Case[] = steps.map(([be, key]) => {
    const s = convnetStep(be, batch, true);
    return { contender: 'simdnet-wasm', key, run: s.step, dispose: s.dispose, opts: convOptions('simdnet-wasm', 0, quick) };
  });
  const times = await interleave(cases, ROUNDS, log, 'wall');
  pool.stopThreads();
  const rows = cases.map((c) => [c.key, f(times.get(c)!, 3), f(convnetFlops(batch) / (times.get(c)! * 1e6)), `${f(times.get(cases[0])! / times.get(c)!)}×`]);
  return [`### The same step (direct kernels) on a thread pool, wall clock`, '', markdownTable(['threads', 'ms per step', 'useful GFLOP/s', 'speed-up'], rows), ''].join('\n');
}

/** What the general binding costs: a one-pixel conv2d (general family, 15 arguments) against relu of one element (fixed arity). */
async function bindingCost(): Promise<string> {
  const be = await simdnetBackend('simdnet-wasm');
  const [x, w, b, y] = [1, 1, 1, 1].map(() => be.alloc(1));
  const general = measure(() => be.conv2d(x, w, b, y, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), { samples: 7 }).cpuMs * 1000;
  const fixed = measure(() => be.relu(x, y, 1), { samples: 7 }).cpuMs * 1000;
  [x, w, b, y].forEach((u) => be.free(u));
  return `Binding cost: a one-pixel conv2d (general binding, 15 arguments) takes ${f(general * 1000, 0)} ns per call, relu of one element (fixed-arity binding) ${f(fixed * 1000, 0)} ns; a conv layer makes 2–5 such calls per step.\n`;
}

async function main(): Promise<void> {
  const tfjs = await loadTfjs();
  const load0 = loadavg()[0];
  const out = [
    `# Convolution: simdnet vs TensorFlow.js (${quick ? 'quick' : 'full'} run)`,
    '',
    `${machineHeader()}; simdnet ${await simdnetWasmInfo()}; tfjs ${tfjs.version} (${tfjs.wasmBinary}, ${tfjs.threads} thread)`,
    '',
    `Process CPU time per call (steadier than wall clock when others share the cores), median of ${ROUNDS} rounds in which the contenders take turns.`,
    'GFLOP/s count useful flops, 2·Ho·Wo·kh·kw·cin·cout per sample per pass (the training pass counts three).',
    '',
  ];
  console.log(out.join('\n'));
  // each table as soon as it is measured
  if (!process.argv.includes('--step-only')) {
    for (const s of CONV_SHAPES) {
      const t = await shapeTable(s, tableOptions);
      gemmSeen.push(t.gemm);
      console.log(t.markdown);
    }
  }
  const step = await convnetStepTable(64, tableOptions);
  gemmSeen.push(step.gemm);
  console.log(step.markdown);
  const threads = process.argv.includes('--threads') ? Number(process.argv[process.argv.indexOf('--threads') + 1]) : 1;
  if (threads > 1) console.log(await threadsTable(64, threads));
  console.log(await bindingCost());
  console.log(`Load average: ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end; GEMM 128×784×128 over the run ${gemmSeen.map((g) => f(g, 1)).join(', ')} GFLOP/s.`);
}

await main();
