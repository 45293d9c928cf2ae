/** Where one MNIST training step's time goes: every kernel call of 784-128-64-10 ReLU, softmax CE, SGD, timed alone in CPU time, in rounds. */
// Usage: node --import tsx bench/mnist_step.ts [--batch 64] [--rounds 7] [--simd baseline|relaxed] [--threads 1]
// Each call is timed alone, repeated for ≥ 20 ms per sample, one sample of every call per round (so a burst of load
// from another process falls on all of them alike); the figure is the median over rounds, in this process's CPU time
// (user + system), which on a shared machine leaves out the time the OS gave to others. With --threads 2 the figure is
// wall-clock time instead (CPU time sums both threads). The calls are those of `fit`'s step (src/nn/dense.ts,
// src/nn/network.ts): fused dense + ReLU forward, the loss, and per layer dW, db and dX (+ the ReLU derivative), both
// as separate kernels and as the fused backward kernels, whose sums are the two steps' totals.

import { parseArgs } from 'node:util';
import type { Buf } from '../src/backend/backend.js';
import { createWasmBackend } from '../src/backend/wasm/create.js';
import { Random } from '../src/random.js';
import { stepCalls, type StepCall } from './mnist_step_calls.js';
import { otherCores, ticks } from './other_load.js';
import { machineHeader, markdownTable } from './util.js';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '64' }, rounds: { type: 'string', default: '7' },
    simd: { type: 'string', default: 'baseline' }, threads: { type: 'string', default: '1' },
    sizes: { type: 'string', default: '784,128,64,10' }, only: { type: 'string' },
  },
  strict: true,
});
const B = Number(values.batch), rounds = Number(values.rounds), threads = Number(values.threads);
const sizes = values.sizes!.split(',').map(Number);
const be = await createWasmBackend(undefined, { simd: values.simd as 'baseline' | 'relaxed', threads });
const rng = new Random(0);
const bufs: Buf[] = [];
/** A buffer of `len` values drawn from N(0, 1) (ReLU outputs: |N(0, 1)|, so about half the mask is set). */
const buf = (len: number, relu = false): Buf => {
  const b = be.alloc(len);
  be.write(b, Float32Array.from({ length: len }, () => (relu ? Math.max(0, rng.normal()) : rng.normal() * 0.1)));
  bufs.push(b);
  return b;
};
let calls: StepCall[] = stepCalls(be, buf, sizes, B);
if (values.only) calls = calls.filter((c) => values.only!.split(',').some((s) => c.name.includes(s)));

const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const clock = threads > 1 ? () => performance.now() : cpuNow;
for (const c of calls) for (let i = 0; i < 20; i++) c.run();
const per = new Map<StepCall, number[]>(calls.map((c) => [c, []]));
let others = 0;
for (let r = 0; r < rounds; r++) {
  const a = ticks();
  for (const c of calls) {
    let n = 0;
    const t0 = clock(), w0 = performance.now();
    do { c.run(); n++; } while (performance.now() - w0 < 20);
    per.get(c)!.push(((clock() - t0) * 1000) / n);
  }
  others += otherCores(a, ticks()) / rounds;
}
const median = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const us = calls.map((c) => median(per.get(c)!));
const total = (set: 'separate' | 'fused') => calls.map((c, i) => (c.set === 'both' || c.set === set ? us[i] : 0)).reduce((x, y) => x + y, 0);
const [sep, fus] = [total('separate'), total('fused')];
console.log(`# One MNIST training step, ${sizes.join('-')}, batch ${B}: every kernel call (\`bench/mnist_step.ts\`)\n`);
console.log(`${machineHeader()}; ${be.build} SIMD build, ${be.threadInfo().threads} thread(s); ${threads > 1 ? 'wall-clock' : 'CPU-time'} medians over ${rounds} rounds; other processes used ${others.toFixed(2)} cores on average meanwhile\n`);
console.log(markdownTable(['call', 'kernel m×k×n (or n)', 'µs', 'GFLOP/s', 'share of the fused step', 'in'], calls.map((c, i) => [
  c.name, c.shape, us[i].toFixed(2), c.flops ? (c.flops / us[i] / 1000).toFixed(1) : '', c.set === 'separate' ? '' : `${((us[i] / fus) * 100).toFixed(1)}%`,
  c.set === 'both' ? 'both steps' : c.set === 'fused' ? 'fused backward' : 'separate backward',
])));
const epoch = (us: number) => ((us * Math.ceil(60000 / B)) / 1e6).toFixed(3);
console.log(`\nstep with separate backward kernels (dW, db, dX, then the ReLU derivative): ${sep.toFixed(1)} µs (${epoch(sep)} s per 60000 images)`);
console.log(`step with the fused backward kernels (matmulTransAColSum, matmulTransBReluBackward): ${fus.toFixed(1)} µs (${epoch(fus)} s per 60000 images), ${(((fus / sep) - 1) * 100).toFixed(1)}%`);
for (const b of bufs) be.free(b);
be.stopThreads();
