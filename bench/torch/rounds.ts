/** The configurations of `bench:torch` and one child process per side and configuration, taking turns in rounds. */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CONVNET_TRAINING } from '../compare/convnet_problem.js';
import { ticks } from '../other_load.js';
import { TORCH_SCRIPT, torchEnv } from './python.js';
import type { SharedData } from './shared_data.js';
import type { ChildRun, Config, Side } from './table.js';

const SIMDNET_CHILD = fileURLToPath(new URL('./simdnet_child.ts', import.meta.url));
const ONNX_CHILD = fileURLToPath(new URL('./onnx_child.ts', import.meta.url));

/** Every configuration, in the order the table lists them. */
export function configs(only: readonly string[]): Config[] {
  const all: Config[] = [];
  for (const batch of [64, 256]) for (const threads of [1, 2]) all.push({ workload: 'mnist', batch, threads });
  all.push({ workload: 'moons', threads: 1 }, { workload: 'infer', threads: 1 });
  for (const threads of [1, 2]) all.push({ workload: 'convnet', batch: CONVNET_TRAINING.batchSize, threads });
  return all.filter((c) => only.includes(c.workload));
}

/** The sides measuring `c`: simdnet and PyTorch, and ONNX Runtime (on simdnet's exported model) for inference. */
export function sidesOf(c: Config): Side[] {
  return c.workload === 'infer' ? ['simdnet', 'torch', 'onnx'] : ['simdnet', 'torch'];
}

export interface RunOptions {
  python: string;
  shared: SharedData;
  /** Timed MNIST (MLP and convnet) epochs per child and variant. */
  epochs: number;
  /** Also time simdnet's fit called once per epoch (validation and upload on every call). */
  perCall: boolean;
  /** Run simdnet's child with --experimental-wasm-relaxed-simd (Node 20: the FMA build that Node ≥ 22 picks by itself). */
  relaxed?: boolean;
}

interface ChildJson {
  seconds?: Record<string, number[]> | number[];
  losses?: Record<string, number[]> | number[];
  stepSeconds?: Record<string, number[]> | number[];
  stepCpuSeconds?: Record<string, number[]> | number[];
  cpuSeconds?: number[];
  callSeconds?: number[];
  callCpuSeconds?: number[];
  firstLogits?: number[];
  /** PyTorch's convnet: its first step losses (simdnet's are losses.steps). */
  stepLosses?: number[];
  cpuTotal: number;
}

/** The command line of one side's child for `c`. */
export function childCommand(side: Side, c: Config, o: RunOptions): { cmd: string; args: string[]; env: NodeJS.ProcessEnv } {
  const n = ['--threads', String(c.threads)];
  if (c.workload === 'mnist' || c.workload === 'convnet') n.push('--batch', String(c.batch), '--epochs', String(o.epochs));
  if (side === 'simdnet') {
    const args = [...(o.relaxed ? ['--experimental-wasm-relaxed-simd'] : []), '--expose-gc', '--import', 'tsx', SIMDNET_CHILD, c.workload, ...n, ...(o.perCall && c.workload === 'mnist' ? ['--per-call'] : [])];
    return { cmd: process.execPath, args, env: process.env };
  }
  if (side === 'onnx') return { cmd: process.execPath, args: ['--import', 'tsx', ONNX_CHILD, c.workload, ...n], env: process.env };
  const args = [TORCH_SCRIPT, c.workload, '--data', o.shared.dir, '--mnist-dir', o.shared.mnistDir, ...n];
  return { cmd: o.python, args, env: torchEnv(c.threads) };
}

const us = (xs: number[]) => xs.map((s) => s * 1e6);

/** A child's JSON as series in the workload's unit (s per epoch, µs per step or call) and the values to compare across sides. */
export function toSeries(side: Side, c: Config, j: ChildJson): Pick<ChildRun, 'series' | 'check' | 'selfCheck'> {
  if (side === 'onnx') return { series: { onnx: us(j.callSeconds!), onnxCpu: us(j.callCpuSeconds!) }, check: j.firstLogits! };
  if (side === 'torch') {
    if (c.workload === 'convnet') return { series: { torch: j.seconds as number[], torchCpu: j.cpuSeconds! }, check: [(j.losses as number[])[0], ...j.stepLosses!] };
    if (c.workload === 'mnist') return { series: { torch: j.seconds as number[], torchCpu: j.cpuSeconds! }, check: (j.losses as number[]).slice(0, 1) };
    if (c.workload === 'moons') return { series: { torch: us(j.stepSeconds as number[]), torchCpu: us(j.stepCpuSeconds as number[]) }, check: j.losses as number[] };
    return { series: { torch: us(j.callSeconds!), torchCpu: us(j.callCpuSeconds!) }, check: j.firstLogits! };
  }
  if (c.workload === 'mnist') {
    const s = j.seconds as Record<string, number[]>, l = j.losses as Record<string, number[]>;
    const series: Record<string, number[]> = { fit: s.fit, kernels: s.kernels, fitCpu: s.fitCpu, kernelsCpu: s.kernelsCpu };
    if (s.fitPerCall.length) series.fitPerCall = s.fitPerCall;
    // fit and the kernel epoch start from the same weights: their first-epoch losses must agree
    return { series, check: l.fit.slice(0, 1), selfCheck: Math.abs(l.fit[0] - l.kernels[0]) };
  }
  if (c.workload === 'convnet') {
    const s = j.seconds as Record<string, number[]>, l = j.losses as Record<string, number[]>;
    return { series: { fit: s.fit, fitCpu: s.fitCpu }, check: [l.fit[0], ...l.steps] };
  }
  if (c.workload === 'moons') {
    const s = j.stepSeconds as Record<string, number[]>, l = j.losses as Record<string, number[]>;
    const selfCheck = Math.max(...l.fit.map((v, i) => Math.abs(v - l.kernels[i])));
    const cpu = (j.stepCpuSeconds ?? { fit: [], kernels: [] }) as Record<string, number[]>;
    return { series: { fit: us(s.fit), kernels: us(s.kernels), fitCpu: us(cpu.fit), kernelsCpu: us(cpu.kernels) }, check: l.fit, selfCheck };
  }
  return { series: { predict: us(j.callSeconds!), predictCpu: us(j.callCpuSeconds!) }, check: j.firstLogits! };
}

/** Runs one child; its figures, and the cores' worth of CPU other processes used while it ran (/proc; NaN elsewhere). */
export function runChild(side: Side, c: Config, round: number, o: RunOptions): ChildRun {
  const { cmd, args, env } = childCommand(side, c, o);
  const a = ticks();
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  const wall = (performance.now() - t0) / 1000;
  const b = ticks();
  if (r.status !== 0) throw new Error(`bench:torch: the ${side} child for ${JSON.stringify(c)} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildJson;
  // busy ticks of the whole machine minus this (idle, waiting) process and the child's own CPU time
  const others = a && b ? Math.max(0, ((b.all - a.all - (b.mine - a.mine)) / 100 - j.cpuTotal) / wall) : NaN;
  return { side, config: c, round, others, ...toSeries(side, c, j) };
}

/**
 * `rounds` rounds; in each, every configuration runs its simdnet child and its PyTorch child (and, for inference, its
 * ONNX Runtime child) back to back (which goes first rotates by round), so a burst of load from elsewhere falls on every
 * side alike. Between children the event loop gets a turn, so a SIGINT or SIGTERM handler runs once the current child
 * has ended.
 */
export async function runRounds(list: Config[], rounds: number, o: RunOptions, progress: (msg: string) => void): Promise<ChildRun[]> {
  const runs: ChildRun[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const c of list) {
      const all = sidesOf(c);
      const sides = all.map((_, i) => all[(i + r) % all.length]);
      for (const side of sides) {
        await new Promise((resolve) => setImmediate(resolve));
        const run = runChild(side, c, r, o);
        progress(`round ${r + 1}/${rounds} ${side} ${c.workload}${c.batch ? ` batch ${c.batch}` : ''} ${c.threads} thread(s): ${Object.entries(run.series).map(([k, v]) => `${k} ${v.map((x) => x.toPrecision(3)).join(' ')}`).join(', ')} (others ${run.others.toFixed(2)} cores)`);
        runs.push(run);
      }
    }
  }
  return runs;
}
