/**
 * One thread vs a worker pool (`init({ threads })`): GEMM GFLOP/s at the MNIST MLP's shapes, the cost of a hand-off
 * (where splitting starts to pay), and seconds per MNIST epoch, 784-128-64-10 ReLU, SGD, at batch 64 (issue 15's
 * target) or `--batch n`.
 * Usage: node --import tsx bench/threads.ts [--batch 64] [--threads 2] [--rounds 3] [--epochs 1] [--minutes 3] [--skip-epoch]
 * Wall-clock medians only: CPU time sums every thread, so it cannot show a parallel speed-up. On a shared machine
 * every sample also records the cores other processes used meanwhile (/proc), and the medians are given over the
 * quiet samples (others < QUIET cores) next to all of them. 1 and N threads alternate sample by sample; the epoch
 * runs in child processes (the library has one current backend per process), alternating, `rounds` times.
 */

import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Buf } from '../src/backend/backend.js';
import { createWasmBackend } from '../src/backend/wasm/create.js';
import type { WasmBackend } from '../src/backend/wasm/wasm_backend.js';
import { Random } from '../src/random.js';
import { otherCores, ownCores, ticks } from './other_load.js';
import { loadPerCore, machineHeader, markdownTable } from './util.js';

type Kernel = 'matmulBias' | 'matmulTransA' | 'matmulTransB';
const FULL = 60000;
const BATCH = Number(process.argv.includes('--batch') ? process.argv[process.argv.indexOf('--batch') + 1] : 64);

/** Every GEMM of one training step of 784-128-64-10 at batch BATCH (Dense: forward matmulBias, dW = Xᵀ·dY, dX = dY·Wᵀ). */
const STEP: { kernel: Kernel; shape: [number, number, number]; what: string }[] = [
  { kernel: 'matmulBias', shape: [BATCH, 784, 128], what: 'dense 1 forward' },
  { kernel: 'matmulTransA', shape: [BATCH, 784, 128], what: 'dense 1 dW' },
  { kernel: 'matmulBias', shape: [BATCH, 128, 64], what: 'dense 2 forward' },
  { kernel: 'matmulTransA', shape: [BATCH, 128, 64], what: 'dense 2 dW' },
  { kernel: 'matmulTransB', shape: [BATCH, 128, 64], what: 'dense 2 dX' },
  { kernel: 'matmulBias', shape: [BATCH, 64, 10], what: 'dense 3 forward' },
  { kernel: 'matmulTransA', shape: [BATCH, 64, 10], what: 'dense 3 dW' },
  { kernel: 'matmulTransB', shape: [BATCH, 64, 10], what: 'dense 3 dX' },
];

function operands(be: WasmBackend, kernel: Kernel, [m, k, n]: [number, number, number], rng: Random): Buf[] {
  const lens = kernel === 'matmulTransA' ? [m * k, m * n, k * n] : kernel === 'matmulTransB' ? [m * n, k * n, m * k] : [m * k, k * n, m * n, n];
  return lens.map((len) => {
    const b = be.alloc(len);
    be.write(b, Float32Array.from({ length: len }, () => rng.normal()));
    return b;
  });
}

/** A sample counts as quiet when other processes used less than this many cores while it ran. */
const QUIET = 0.2;
const SAMPLES = 15;

/** One sample: ms per call of `run`, repeated for ≥ 60 ms, and the cores other processes used meanwhile. */
function sample(run: () => void): { ms: number; others: number } {
  const a = ticks();
  const t0 = performance.now();
  let calls = 0, t = t0;
  do { run(); calls++; t = performance.now(); } while (t - t0 < 60);
  return { ms: (t - t0) / calls, others: otherCores(a, ticks()) };
}

/**
 * ms per call of `kernel` at `shape` on each backend: SAMPLES rounds, the backends one after the other in each.
 * Returns per backend the median over all rounds and over the quiet rounds (every backend's sample quiet).
 */
function timeGemms(bes: WasmBackend[], kernel: Kernel, shape: [number, number, number]): { all: number[]; quiet: number[]; nQuiet: number } {
  const [m, k, n] = shape;
  const runs = bes.map((be) => {
    const bufs = operands(be, kernel, shape, new Random(1));
    const run = kernel === 'matmulBias' ? () => be.matmulBias(bufs[0], bufs[1], bufs[3], bufs[2], m, k, n) : () => be[kernel](bufs[0], bufs[1], bufs[2], m, k, n);
    for (let i = 0; i < 3; i++) run();
    return { run, free: () => bufs.forEach((b) => be.free(b)) };
  });
  const rounds = Array.from({ length: SAMPLES }, () => runs.map((r) => sample(r.run)));
  runs.forEach((r) => r.free());
  const quiet = rounds.filter((r) => r.every((s) => s.others < QUIET));
  return {
    all: bes.map((_, i) => median(rounds.map((r) => r[i].ms))),
    quiet: bes.map((_, i) => (quiet.length ? median(quiet.map((r) => r[i].ms)) : NaN)),
    nQuiet: quiet.length,
  };
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const BURN = `(ms) => { let n = 0, x = 0; const t = performance.now(); while (performance.now() - t < ms) { for (let i = 0; i < 1e4; i++) x += Math.sqrt(i); n++; } return n + (x < 0 ? 1 : 0); }`;

/**
 * Cores this process can get right now: a plain JS loop's iterations in 300 ms with this thread and one worker both
 * running, over this thread's alone. 2.0 on an idle 2-core machine; near 1.0 when other processes hold a core
 * (then no 2-thread speed-up can show, whatever the code does).
 */
async function coresAvailable(): Promise<number> {
  const burn = eval(BURN) as (ms: number) => number;
  burn(100);
  const alone = burn(300);
  const w = new Worker(`const { parentPort } = require('node:worker_threads'); parentPort.once('message', () => parentPort.postMessage((${BURN})(300)));`, { eval: true });
  await new Promise((r) => w.once('online', r));
  const theirs = new Promise<number>((r) => w.once('message', r));
  w.postMessage('go');
  const mine = burn(300);
  const total = mine + (await theirs);
  await w.terminate();
  return total / alone;
}

/** Child mode: prints JSON { seconds: [...], loss } for `epochs` MNIST epochs at batch 256 with `threads` threads. */
async function epochChild(threads: number, epochs: number): Promise<void> {
  const { init, threadInfo } = await import('../src/backend/index.js');
  const { loadMnist } = await import('../src/data/mnist_node.js');
  const { mlp } = await import('../src/model/sequential.js');
  const { sgd } = await import('../src/nn/optimizers.js');
  await init({ threads });
  const { train } = loadMnist({ limitTest: 1 });
  const model = mlp(784, [128, 64, 10], { activation: 'relu', seed: 0 });
  const opts = { loss: 'softmaxCrossEntropy' as const, optimizer: sgd({ lr: 0.1 }), batchSize: BATCH };
  // warm-up: 40 steps, so the JIT has compiled the loop before the clock starts
  const warm = { data: train.x.data.subarray(0, 40 * BATCH * 784), shape: [40 * BATCH, 784] as [number, number] };
  await model.fit(warm, train.y.subarray(0, 40 * BATCH), { ...opts, epochs: 1 });
  const seconds: number[] = [];
  const others: number[] = [];
  const own: number[] = [];
  let t = performance.now();
  let tk = ticks();
  // one epoch more than reported: the first includes the one-off upload of the 188 MB training set
  const h = await model.fit(train.x, train.y, {
    ...opts, epochs: epochs + 1, shuffle: true, seed: 0,
    onEpochEnd() {
      const now = performance.now();
      const tk2 = ticks();
      seconds.push((now - t) / 1000);
      others.push(otherCores(tk, tk2));
      own.push(ownCores(tk, tk2));
      t = now;
      tk = tk2;
    },
  });
  console.log(JSON.stringify({ seconds: seconds.slice(1), others: others.slice(1), own: own.slice(1), loss: h.loss[h.loss.length - 1], info: threadInfo() }));
}

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '2' }, batch: { type: 'string', default: '64' }, rounds: { type: 'string', default: '3' }, epochs: { type: 'string', default: '1' },
    'skip-epoch': { type: 'boolean', default: false }, 'epoch-child': { type: 'string' }, minutes: { type: 'string', default: '3' },
  },
  strict: true,
});
const threads = Number(values.threads), rounds = Number(values.rounds), epochs = Number(values.epochs), minutes = Number(values.minutes);
if (!Number.isInteger(threads) || threads < 2) throw new RangeError(`--threads must be an integer ≥ 2, got ${values.threads}`);
if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`--rounds must be an integer ≥ 1, got ${values.rounds}`);
if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`--epochs must be an integer ≥ 1, got ${values.epochs}`);

if (values['epoch-child'] !== undefined) {
  await epochChild(Number(values['epoch-child']), epochs);
} else {
  console.log(`Threads: 1 vs ${threads} (init({ threads: ${threads} })), wall-clock medians`);
  console.log(machineHeader());
  const loadBefore = loadPerCore();
  const coresBefore = await coresAvailable();
  console.log(`cores available to this process (JS loop on 2 threads vs 1): ${coresBefore.toFixed(2)}`);
  const one = await createWasmBackend();
  const many = await createWasmBackend(undefined, { threads });
  const forced = await createWasmBackend(undefined, { threads, minSplitWork: 0 });
  // the threads build with its workers stopped: what shared memory alone costs a single thread
  const sharedOne = await createWasmBackend(undefined, { threads });
  sharedOne.stopThreads();
  console.log(`builds: 1 thread ${one.build}, ${threads} threads ${many.build}; ${many.threadInfo().reason}\n`);

  const f = (x: number, d = 3) => (Number.isNaN(x) ? '–' : x.toFixed(d));
  console.log(`Each figure: median over ${SAMPLES} samples (≥ 60 ms each, backends alternating); "quiet" keeps the samples during which other processes used < ${QUIET} cores.\n`);

  // GEMMs of one training step
  const rows: string[][] = [];
  const sum = { all: [0, 0, 0], quiet: [0, 0, 0] };
  for (const { kernel, shape, what } of STEP) {
    const r = timeGemms([one, sharedOne, many], kernel, shape);
    const gf = (ms: number) => f((2 * shape[0] * shape[1] * shape[2]) / ms / 1e6, 1);
    r.all.forEach((v, i) => (sum.all[i] += v));
    r.quiet.forEach((v, i) => (sum.quiet[i] += v));
    rows.push([what, `${kernel} ${shape.join('×')}`, f(r.all[0]), f(r.all[1]), f(r.all[2]), f(r.all[0] / r.all[2], 2), `${r.nQuiet}/${SAMPLES}`, f(r.quiet[0]), f(r.quiet[2]), gf(r.quiet[0]), gf(r.quiet[2]), f(r.quiet[0] / r.quiet[2], 2)]);
  }
  rows.push(['all GEMMs of a step', '', f(sum.all[0]), f(sum.all[1]), f(sum.all[2]), f(sum.all[0] / sum.all[2], 2), '', f(sum.quiet[0]), f(sum.quiet[2]), '', '', f(sum.quiet[0] / sum.quiet[2], 2)]);
  console.log(markdownTable(['GEMM', 'kernel m×k×n', 'ms, 1 thread', 'ms, 1 thread (shared build)', `ms, ${threads} threads`, 'speed-up',
    'quiet samples', 'quiet: ms, 1', `quiet: ms, ${threads}`, 'quiet: GFLOP/s, 1', `quiet: GFLOP/s, ${threads}`, 'quiet: speed-up'], rows));

  // the hand-off: cubes split regardless of size (minSplitWork 0) vs one thread; the crossover sets MIN_SPLIT_WORK
  const cubes: string[][] = [];
  for (const s of [8, 32, 64, 96, 128, 192]) {
    const r = timeGemms([one, forced], 'matmulBias', [s, s, s]);
    const us = (x: number) => f(x * 1000, 1);
    cubes.push([`${s}×${s}×${s}`, (s ** 3).toLocaleString('en-US'), us(r.all[0]), us(r.all[1]), f(r.all[0] / r.all[1], 2), `${r.nQuiet}/${SAMPLES}`, us(r.quiet[0]), us(r.quiet[1]), f(r.quiet[0] / r.quiet[1], 2)]);
  }
  console.log(`\nHand-off: matmulBias split at every size vs one thread (µs per call); splitting pays where the ratio passes 1`);
  console.log(markdownTable(['m×k×n', 'm·k·n', 'µs, 1 thread', `µs, ${threads} threads (forced)`, 'speed-up', 'quiet samples', 'quiet: µs, 1', `quiet: µs, ${threads}`, 'quiet: speed-up'], cubes));
  many.stopThreads();
  forced.stopThreads();

  if (!values['skip-epoch']) {
    const script = fileURLToPath(import.meta.url);
    const ep: Record<number, { s: number; others: number }[]> = { 1: [], [threads]: [] };
    const losses: Record<number, number> = {};
    // at least `rounds` rounds; then more, up to --minutes, until each side has 3 quiet epochs
    const quietCount = (t: number) => ep[t].filter((e) => e.others < QUIET).length;
    const t0 = performance.now();
    let r = 0;
    for (; r < rounds || (performance.now() - t0 < minutes * 60e3 && Math.min(quietCount(1), quietCount(threads)) < 3); r++) {
      for (const t of [1, threads]) {
        const out = spawnSync(process.execPath, ['--import', 'tsx', script, '--epoch-child', String(t), '--epochs', String(epochs), '--batch', String(BATCH)], { encoding: 'utf8' });
        if (out.status !== 0) throw new Error(`epoch child (${t} threads) failed: ${out.stderr}`);
        const res = JSON.parse(out.stdout.trim().split('\n').pop()!) as { seconds: number[]; others: number[]; loss: number };
        res.seconds.forEach((s, i) => ep[t].push({ s, others: res.others[i] }));
        losses[t] = res.loss;
      }
    }
    console.log(`\nMNIST epoch (60000 images; the first epoch, with the data upload, not counted), 784-128-64-10 ReLU + softmax cross-entropy, batch ${BATCH}, SGD lr 0.1, shuffled; ${r} rounds alternating`);
    const med = (t: number, quiet: boolean) => {
      const v = ep[t].filter((e) => !quiet || e.others < QUIET).map((e) => e.s);
      return v.length ? median(v) : NaN;
    };
    console.log(markdownTable(['threads', 's / epoch (median)', 'quiet: s / epoch', 'epochs measured: s (cores used by others)', 'images / s (quiet)', 'last loss'], [1, threads].map((t) => [
      String(t), f(med(t, false)), f(med(t, true)), ep[t].map((e) => `${e.s.toFixed(2)} (${f(e.others, 2)})`).join(', '),
      Number.isNaN(med(t, true)) ? '–' : Math.round(FULL / med(t, true)).toLocaleString('en-US'), losses[t].toFixed(6),
    ])));
    console.log(`\nspeed-up with ${threads} threads: ${f(med(1, false) / med(threads, false), 2)}× over all epochs, ${f(med(1, true) / med(threads, true), 2)}× over quiet ones (target ≥ 1.6× at 2); same last loss: ${losses[1] === losses[threads]}`);
  }
  console.log(`load average per core: ${loadBefore.toFixed(2)} before, ${loadPerCore().toFixed(2)} after; cores available: ${coresBefore.toFixed(2)} before, ${(await coresAvailable()).toFixed(2)} after (below ~1.9, other processes hold part of a core and a ${threads}-thread speed-up is understated)`);
}
