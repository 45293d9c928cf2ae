/** The convolution kernel tables of bench/conv.ts and bench/run.ts: each contender's forward / dW / dX GFLOP/s at a layer shape, and the MNIST convnet step on the kernels, each beside simdnet's GEMM 128×784×128 measured in the same rounds. */

import { filled, prepare, simdnetBackend, type Contender } from './contenders.js';
import { convVariants, passFlops, type ConvShape } from './conv.js';
import { convnetFlops, convnetStep } from './convnet.js';
import { interleave, type Case } from './suite.js';
import { cpuNow, type MeasureOptions } from './timing.js';
import { markdownTable } from '../util.js';

export interface ConvTableOptions {
  rounds: number;
  quick: boolean;
  contenders: readonly Contender[];
  log: (line: string) => void;
  /** Only simdnet-wasm's chosen method per pass (direct kernels), not the alternatives measured when choosing it. */
  chosenOnly?: boolean;
}

const f = (v: number, d = 2): string => (Number.isFinite(v) ? v.toFixed(d) : '—');
const PASSES = ['forward', 'dW', 'dX', 'training pass'];

/** Options per call length: calls of a second or more (the plain-JS contenders at the big shape) once per round. */
export function convOptions(c: Contender, flops: number, quick: boolean): MeasureOptions {
  if ((c === 'simdnet-ts' || c === 'tfjs-cpu') && flops > 2e8) return { warmup: 1, samples: 1, sampleMs: 0, budgetMs: 0 };
  return quick ? { warmup: 2, samples: 3, sampleMs: 20, budgetMs: 400 } : { warmup: 3, samples: 3, sampleMs: 40, budgetMs: 800 };
}

/** simdnet's GEMM at 128×784×128 as a case, run beside every group so each table has its own reference. */
export async function gemmCase(quick: boolean): Promise<Case> {
  const be = await simdnetBackend('simdnet-wasm');
  const [a, b, c] = [128 * 784, 784 * 128, 128 * 128].map((n, i) => { const x = be.alloc(n); be.write(x, filled(n, 10 + i)); return x; });
  return { contender: 'simdnet-wasm', key: 'gemm 128×784×128', run: () => be.matmul(a, b, c, 128, 784, 128), dispose: () => [a, b, c].forEach((x) => be.free(x)), opts: convOptions('simdnet-wasm', 0, quick) };
}

/** GFLOP/s of a GEMM 128×784×128 call of `ms` milliseconds. */
export const gemmGflops = (ms: number): number => (2 * 128 * 784 * 128) / (ms * 1e6);

/** One shape: every contender's variants, interleaved with the GEMM reference (process CPU time); a markdown table of GFLOP/s and ratios. */
export async function shapeTable(s: ConvShape, o: ConvTableOptions): Promise<{ markdown: string; gemm: number }> {
  const cases: (Case & { pass: string; how: string; flops: number })[] = [];
  const unsupported: string[] = [];
  const single: { c: Contender; pass: string; how: string; ms: number; flops: number }[] = [];
  const disposers: (() => void)[] = [];
  for (const c of o.contenders) {
    const v = await convVariants(c, s);
    disposers.push(v.dispose);
    for (const [pass, msg] of v.unsupported) unsupported.push(`${c} ${pass}: ${msg}`);
    for (const x of v.variants) {
      if (o.chosenOnly && c === 'simdnet-wasm' && !/^direct/.test(x.how)) continue;
      const flops = passFlops(s, x.pass);
      // one untimed call first; a call over 5 s (tfjs-cpu's filter gradient at the 32×32 layer: about a minute) is
      // reported from that one call instead of taking part in the rounds
      await prepare(c);
      const t0 = cpuNow();
      x.run();
      const once = cpuNow() - t0;
      if (once > 5000) { single.push({ c, pass: x.pass, how: x.how, ms: once, flops }); continue; }
      cases.push({ contender: c, key: `${x.pass} ${x.how}`, run: x.run, dispose: () => undefined, opts: convOptions(c, flops, o.quick), pass: x.pass, how: x.how, flops });
    }
  }
  const gemm = await gemmCase(o.quick);
  o.log(`${s.label}: ${cases.length} cases, ${o.rounds} rounds`);
  const times = await interleave([...cases, gemm], o.rounds, o.log, 'cpu');
  disposers.forEach((d) => d());
  const gemmGf = gemmGflops(times.get(gemm)!);
  const ref = (pass: string) => cases.find((c) => c.contender === 'simdnet-wasm' && c.pass === pass);
  const rows = cases.filter((c) => times.has(c)).map((c) => {
    const ms = times.get(c)!, r = ref(c.pass);
    const ratio = r && times.has(r) ? ms / times.get(r)! : NaN;
    return [c.pass, c.contender, c.how, f(ms, 3), f(c.flops / (ms * 1e6)), f(ratio) + '×'];
  });
  for (const x of single) {
    const r = ref(x.pass);
    rows.push([x.pass, x.c, `${x.how} (one call, not in the rounds)`, f(x.ms, 0), f(x.flops / (x.ms * 1e6), 3), f(r && times.has(r) ? x.ms / times.get(r)! : NaN, 0) + '×']);
  }
  rows.sort((a, b) => PASSES.indexOf(a[0]) - PASSES.indexOf(b[0]));
  const body = markdownTable(['pass', 'contender', 'how', 'ms', 'GFLOP/s', 'time ÷ simdnet-wasm direct'], rows);
  const notes = unsupported.map((u) => `- not measured: ${u}`);
  const markdown = [`### ${s.label}, batch ${s.batch}`, '', body, '', ...notes, `- simdnet GEMM 128×784×128 in the same rounds: ${f(gemmGf, 1)} GFLOP/s`, ''].join('\n');
  return { markdown, gemm: gemmGf };
}

/** The MNIST convnet step on the kernels, both simdnet paths, against the GEMM reference (process CPU time). */
export async function convnetStepTable(batch: number, o: ConvTableOptions): Promise<{ markdown: string; gemm: number }> {
  const be = await simdnetBackend('simdnet-wasm');
  const cases: Case[] = [true, false].map((direct) => {
    const s = convnetStep(be, batch, direct);
    return { contender: 'simdnet-wasm', key: direct ? 'direct kernels' : 'im2col + GEMM', run: s.step, dispose: s.dispose, opts: convOptions('simdnet-wasm', 0, o.quick) };
  });
  const gemm = await gemmCase(o.quick);
  const times = await interleave([...cases, gemm], o.rounds, o.log, 'cpu');
  const gemmGf = gemmGflops(times.get(gemm)!);
  const rows = cases.map((c) => {
    const gf = convnetFlops(batch) / (times.get(c)! * 1e6);
    return [c.key, f(times.get(c)!, 3), f(gf), `${f((100 * gf) / gemmGf, 0)}%`];
  });
  const markdown = [
    `### MNIST convnet training step on the kernels, batch ${batch} (${(convnetFlops(batch) / 1e6).toFixed(1)} useful MFLOP per step)`,
    '',
    markdownTable(['simdnet-wasm path', 'ms per step', 'useful GFLOP/s', '÷ GEMM 128×784×128'], rows),
    '',
    `- simdnet GEMM 128×784×128 in the same rounds: ${f(gemmGf, 1)} GFLOP/s (issue 12's target: ≥ 70%)`,
    '',
  ].join('\n');
  return { markdown, gemm: gemmGf };
}
