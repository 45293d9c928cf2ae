/** Where one MNIST training step's time goes: every kernel call of 784-128-64-10 ReLU, softmax CE, SGD, timed alone in CPU time, in rounds. */
// Usage: node --import tsx bench/mnist_step.ts [--batch 64] [--rounds 7] [--simd baseline|relaxed] [--threads 1] [--against DIR]
// Each call is timed alone, repeated for ≥ 20 ms per sample, one sample of every call per round (so a burst of load
// from another process falls on all of them alike); the figure is the median over rounds, in this process's CPU time
// (user + system), which on a shared machine leaves out the time the OS gave to others. With --threads 2 the figure is
// wall-clock time instead (CPU time sums both threads). The calls are those of `fit`'s step (src/nn/dense.ts,
// src/nn/network.ts): fused dense + ReLU forward, the loss, and per layer dW, db and dX (+ the ReLU derivative), both
// as separate kernels and as the fused backward kernels, whose sums are the two steps' totals.
// --against DIR: the same calls on the backend of another checkout (DIR = its root, built with `npm ci`), timed in the
// same rounds, call by call alternating with this one: a before / after comparison in one process.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Backend, Buf } from '../src/backend/backend.js';
import type { WasmBackend } from '../src/backend/wasm/wasm_backend.js';
import { Random } from '../src/random.js';
import { stepCalls, type StepCall } from './mnist_step_calls.js';
import { otherCores, ticks } from './other_load.js';
import { machineHeader, markdownTable } from './util.js';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '64' }, rounds: { type: 'string', default: '7' },
    simd: { type: 'string', default: 'baseline' }, threads: { type: 'string', default: '1' },
    sizes: { type: 'string', default: '784,128,64,10' }, only: { type: 'string' }, against: { type: 'string' },
  },
  strict: true,
});
const B = Number(values.batch), rounds = Number(values.rounds), threads = Number(values.threads);
const sizes = values.sizes!.split(',').map(Number);

/** A backend from the checkout at `root` (this one by default), and every step call on buffers of its own. */
async function side(root: string | undefined) {
  const src = root ? pathToFileURL(resolve(root, 'src/backend/wasm/create.ts')).href : '../src/backend/wasm/create.js';
  const { createWasmBackend } = (await import(src)) as typeof import('../src/backend/wasm/create.js');
  const be: WasmBackend = await createWasmBackend(undefined, { simd: values.simd as 'baseline' | 'relaxed', threads });
  const rng = new Random(0);
  const bufs: Buf[] = [];
  /** A buffer of `len` values drawn from N(0, 0.1) (ReLU outputs: |N(0, 1)|, so about half the mask is set). */
  const buf = (len: number, relu = false): Buf => {
    const b = be.alloc(len);
    be.write(b, Float32Array.from({ length: len }, () => (relu ? Math.max(0, rng.normal()) : rng.normal() * 0.1)));
    bufs.push(b);
    return b;
  };
  let calls = stepCalls(be as Backend, buf, sizes, B);
  if (values.only) calls = calls.filter((c) => values.only!.split(',').some((s) => c.name.includes(s)));
  return { be, calls: new Map(calls.map((c) => [c.name, c])), dispose: () => { for (const b of bufs) be.free(b); be.stopThreads(); } };
}

const sides = [await side(undefined), ...(values.against ? [await side(values.against)] : [])];
const names = [...new Set(sides.flatMap((s) => [...s.calls.keys()]))];
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const clock = threads > 1 ? () => performance.now() : cpuNow;
for (const s of sides) for (const c of s.calls.values()) for (let i = 0; i < 20; i++) c.run();
const per = sides.map(() => new Map<string, number[]>(names.map((n) => [n, []])));
let others = 0;
for (let r = 0; r < rounds; r++) {
  const a = ticks();
  for (const name of names) {
    sides.forEach((s, i) => {
      const c = s.calls.get(name);
      if (!c) return;
      let n = 0;
      const t0 = clock(), w0 = performance.now();
      do { c.run(); n++; } while (performance.now() - w0 < 20);
      per[i].get(name)!.push(((clock() - t0) * 1000) / n);
    });
  }
  others += otherCores(a, ticks()) / rounds;
}
const median = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const us = per.map((m) => new Map(names.map((n) => [n, m.get(n)!.length ? median(m.get(n)!) : NaN])));
const call = (name: string): StepCall => sides.find((s) => s.calls.has(name))!.calls.get(name)!;
/** A side's step: the calls both steps make and those of `set`; NaN when the side lacks one of them. */
const total = (i: number, set: 'separate' | 'fused') => names.filter((n) => call(n).set === 'both' || call(n).set === set).reduce((t, n) => t + us[i].get(n)!, 0);
const fmt = (x: number, d = 2) => (Number.isNaN(x) ? '–' : x.toFixed(d));
console.log(`# One MNIST training step, ${sizes.join('-')}, batch ${B}: every kernel call (\`bench/mnist_step.ts\`)\n`);
console.log(`${machineHeader()}; ${sides[0].be.build} SIMD build, ${sides[0].be.threadInfo().threads} thread(s); ${threads > 1 ? 'wall-clock' : 'CPU-time'} medians over ${rounds} rounds; other processes used ${others.toFixed(2)} cores on average meanwhile${values.against ? `; "before": the checkout at ${values.against}` : ''}\n`);
const head = ['call', 'kernel m×k×n (or n)', 'µs', 'GFLOP/s', ...(values.against ? ['µs, before', 'GFLOP/s, before', 'before ÷ now'] : []), 'in'];
console.log(markdownTable(head, names.map((n) => {
  const c = call(n), gf = (t: number) => (c.flops ? fmt(c.flops / t / 1000, 1) : '');
  const [now, before] = [us[0].get(n)!, us[1]?.get(n) ?? NaN];
  return [n, c.shape, fmt(now), gf(now), ...(values.against ? [fmt(before), gf(before), fmt(before / now)] : []),
    c.set === 'both' ? 'both steps' : c.set === 'fused' ? 'fused backward' : 'separate backward'];
})));
const epoch = (t: number) => fmt((t * Math.ceil(60000 / B)) / 1e6, 3);
const line = (label: string, t: number) => `${label}: ${fmt(t, 1)} µs (${epoch(t)} s per 60000 images)`;
console.log(`\n${line('step with separate backward kernels (dW, db, dX, then the ReLU derivative)', total(0, 'separate'))}`);
console.log(line('step with the fused backward kernels (matmulTransAColSum, matmulTransBReluBackward), as fit runs it now', total(0, 'fused')));
if (values.against) console.log(line('"before" step (separate backward kernels)', total(1, 'separate')));
for (const s of sides) s.dispose();
