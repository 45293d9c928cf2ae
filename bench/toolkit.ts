/**
 * Cost of the training-toolkit kernels per call at MNIST-like sizes, against the dense layer they would follow (`npm run
 * bench:toolkit`): dropout forward + backward and batch norm training forward + backward after a dense layer (64 × 128)
 * and after a convolution (64·24·24 × 8 channels), relative to one dense step of 64×784×128 (matmulBias + matmulTransA +
 * matmulTransB). Workloads take turns in rounds (one sample of each per round, ≥ 30 ms of repeated calls), and each
 * figure is the median over rounds, so a burst of other work on a shared machine lands on every workload alike.
 * `--rounds N` (default 9), `--ts` also times the pure-TS specification, `--out file.md` writes the report.
 */

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Backend, Buf } from '../src/backend/backend.js';
import { createTsBackend } from '../src/backend/ts/ts_backend.js';
import { createWasmBackend } from '../src/backend/wasm/create.js';
import { Random } from '../src/random.js';
import { machineHeader, markdownTable } from './util.js';

interface Workload {
  name: string;
  /** Elements each call touches (rows × cols of the activation, or parameters). */
  size: string;
  run: () => void;
}

/** Buffers of random values (normal, or |normal| for variances), allocated once per backend. */
function buffers(be: Backend, rng: Random, lengths: number[], positive = false): Buf[] {
  return lengths.map((n) => {
    const b = be.alloc(n);
    be.write(b, Float32Array.from({ length: n }, () => (positive ? Math.abs(rng.normal()) + 0.1 : rng.normal())));
    return b;
  });
}

/** One dense step of 64×784×128: forward, the weight gradient and the input gradient. */
function denseStep(be: Backend, rng: Random): Workload {
  const [m, k, n] = [64, 784, 128];
  const [x, w, b, y, dy, dw, dx] = buffers(be, rng, [m * k, k * n, n, m * n, m * n, k * n, m * k]);
  return {
    name: 'dense step 64×784×128 (matmulBias + matmulTransA + matmulTransB)', size: `${m}×${k}×${n}`,
    run: () => { be.matmulBias(x, w, b, y, m, k, n); be.matmulTransA(x, dy, dw, m, k, n); be.matmulTransB(dy, w, dx, m, k, n); },
  };
}

/** Dropout forward + backward, batch norm training forward + backward, inference, moving update on a rows × cols activation. */
function afterLayer(be: Backend, rng: Random, rows: number, cols: number, label: string): Workload[] {
  const n = rows * cols;
  const [x, y, mask, dy, dx, xhat] = buffers(be, rng, [n, n, n, n, n, n]);
  const [gamma, beta, mean, variance, invStd, dgamma, dbeta, mm] = buffers(be, rng, new Array(8).fill(cols));
  const [mv] = buffers(be, rng, [cols], true);
  let seed = 1;
  const size = `${rows}×${cols}`;
  return [
    { name: `${label}: dropout forward + backward`, size, run: () => { be.dropout(x, y, mask, n, 0.5, seed++); be.dropoutBackward(mask, dy, dx, n); } },
    { name: `${label}: batchNorm (training) forward + backward`, size, run: () => {
      be.batchNorm(x, gamma, beta, y, xhat, mean, variance, invStd, rows, cols, 1e-3);
      be.batchNormBackward(xhat, gamma, invStd, dy, dx, dgamma, dbeta, rows, cols);
    } },
    { name: `${label}: batchNorm training forward alone`, size, run: () => be.batchNorm(x, gamma, beta, y, xhat, mean, variance, invStd, rows, cols, 1e-3) },
    { name: `${label}: batchNormInference`, size, run: () => be.batchNormInference(x, mm, mv, gamma, beta, y, invStd, rows, cols, 1e-3) },
    { name: `${label}: batchNormUpdateMoving`, size: `${cols}`, run: () => be.batchNormUpdateMoving(mean, variance, mm, mv, cols, rows, 0.99) },
  ];
}

/** The optimizer updates and clipping on the 784×128 weight matrix, softmaxBackward on 64×10, normalizeColumns on 64×784. */
function others(be: Backend, rng: Random): Workload[] {
  const p = 784 * 128;
  const [w, g, s1, s2] = buffers(be, rng, [p, p, p, p]);
  const [logits, sy, sdy, sdx, xin, shift, scale, xout] = buffers(be, rng, [640, 640, 640, 640, 64 * 784, 784, 784, 64 * 784]);
  be.softmax(logits, sy, 64, 10);
  const size = '784×128';
  return [
    { name: 'adam (reference)', size, run: () => be.adam(w, g, s1, s2, p, 1e-3, 0.9, 0.999, 1e-7, 0) },
    { name: 'adamw', size, run: () => be.adamw(w, g, s1, s2, p, 1e-3, 0.9, 0.999, 1e-7, 0, 1e-5) },
    { name: 'rmsprop (momentum 0.9)', size, run: () => be.rmsprop(w, g, s1, s2, p, 1e-3, 0.9, 1e-7, 0.9, 0) },
    { name: 'adagrad', size, run: () => be.adagrad(w, g, s1, p, 1e-3, 1e-7, 0) },
    { name: 'nesterov', size, run: () => be.nesterov(w, g, s1, p, 1e-3, 0.9, 0) },
    { name: 'clip by global norm: sumSquares + scaleInPlace', size, run: () => { be.sumSquares(g, p); be.scaleInPlace(g, p, 1); } },
    { name: 'clipInPlace', size, run: () => be.clipInPlace(g, p, 10) },
    { name: 'softmaxBackward', size: '64×10', run: () => be.softmaxBackward(sy, sdy, sdx, 64, 10) },
    { name: 'normalizeColumns', size: '64×784', run: () => be.normalizeColumns(xin, shift, scale, xout, 64, 784) },
  ];
}

/** One sample: repeats `fn` for at least `ms` milliseconds; returns [wall, cpu] milliseconds per call. */
function sample(fn: () => void, ms: number): [number, number] {
  let calls = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let t = t0;
  do {
    fn();
    calls++;
    t = performance.now();
  } while (t - t0 < ms);
  const c = process.cpuUsage(c0);
  return [(t - t0) / calls, (c.user + c.system) / 1000 / calls];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Runs every workload once per round, `rounds` times, after one untimed round; returns median [wall, cpu] per workload. */
function measureRounds(workloads: Workload[], rounds: number, ms: number): [number, number][] {
  for (const w of workloads) sample(w.run, 5);
  const samples = workloads.map(() => [[], []] as [number[], number[]]);
  for (let r = 0; r < rounds; r++) {
    workloads.forEach((w, i) => {
      const [wall, cpu] = sample(w.run, ms);
      samples[i][0].push(wall);
      samples[i][1].push(cpu);
    });
    process.stderr.write(`round ${r + 1}/${rounds}, load average ${os.loadavg()[0].toFixed(2)}\n`);
  }
  return samples.map(([wall, cpu]) => [median(wall), median(cpu)]);
}

function report(title: string, workloads: Workload[], times: [number, number][], base: [number, number]): string {
  const us = (x: number) => (x * 1000).toFixed(x < 0.01 ? 2 : 1);
  const rows = workloads.map((w, i) => [w.name, w.size, us(times[i][0]), us(times[i][1]), `${((100 * times[i][0]) / base[0]).toFixed(1)}%`, `${((100 * times[i][1]) / base[1]).toFixed(1)}%`]);
  return `## ${title}\n\n${markdownTable(['workload', 'size', 'µs / call (wall)', 'µs / call (CPU)', '÷ dense step (wall)', '÷ dense step (CPU)'], rows)}\n`;
}

async function main(): Promise<void> {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
  const rounds = Number(arg('--rounds') ?? 9);
  const loadStart = os.loadavg();
  const parts = [`# Training-toolkit kernels, per call\n\n${machineHeader()}\n`];
  const backends: Backend[] = [await createWasmBackend(undefined, { simd: 'baseline' })];
  if (process.argv.includes('--ts')) backends.push(createTsBackend());
  const all: [Workload[], [number, number][]][] = [];
  for (const be of backends) {
    const rng = new Random(0);
    const workloads = [denseStep(be, rng), ...afterLayer(be, rng, 64, 128, 'after dense'), ...afterLayer(be, rng, 64 * 24 * 24, 8, 'after conv'), ...others(be, rng)];
    const times = measureRounds(workloads, be.name === 'ts' ? Math.min(rounds, 3) : rounds, be.name === 'ts' ? 100 : 30);
    parts.push(report(`${be.name} backend${be.name === 'wasm' ? ' (baseline SIMD, one thread)' : ''}`, workloads, times, times[0]));
    all.push([workloads, times]);
  }
  if (all.length === 2) {
    const [[ws, wt], [, tt]] = all;
    const rows = ws.map((w, i) => [w.name, (tt[i][0] / wt[i][0]).toFixed(1), (tt[i][1] / wt[i][1]).toFixed(1)]);
    parts.push(`## WASM speed-up over the pure-TS specification\n\n${markdownTable(['workload', '× (wall)', '× (CPU)'], rows)}\n`);
  }
  const loadEnd = os.loadavg();
  parts.push(
    `Medians over ${rounds} rounds (every workload sampled once per round, ≥ 30 ms of repeated calls per sample). ` +
      `Load average (1 / 5 / 15 min) at the start ${loadStart.map((l) => l.toFixed(2)).join(' / ')}, at the end ` +
      `${loadEnd.map((l) => l.toFixed(2)).join(' / ')}, on ${os.cpus().length} cores: with the machine shared, the CPU ` +
      'column (this process\'s user + system time) is the steadier one.\n',
  );
  const text = parts.join('\n');
  console.log(text);
  const out = arg('--out');
  if (out) writeFileSync(out, text);
}

await main();
