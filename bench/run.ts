/** Entry of `npm run bench` (quick set) and `npm run bench:full`: simdnet vs TensorFlow.js, as a markdown report. */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENDERS, simdnetWasmInfo, type Contender } from './compare/contenders.js';
import { machineHeader, renderReport, type Row } from './compare/report.js';
import { runGemm, runLayers, runMnist, runMoons } from './compare/suite.js';
import { runConvKernels, runConvnet } from './compare/suite_conv.js';
import { loadTfjs } from './compare/tfjs.js';
import type { Clock } from './compare/timing.js';

const WORKLOADS = ['gemm', 'moons', 'mnist', 'layers', 'convnet', 'conv'];
const USAGE = `usage: node --expose-gc --import tsx bench/run.ts [--full] [--only ${WORKLOADS.join(',')}] [--contenders simdnet-wasm,tfjs-wasm,...] [--clock wall|cpu] [--out file.md]
  quick (default): GEMM at the MLP shapes, the moons step, a batch-norm and a dropout layer per fit step, one MNIST
                   convnet epoch per contender (the pure-JS ones on 3 batches, scaled) and the convnet's kernels at
                   its two layers (< ~5 min)
  --full:          every GEMM size, the moons step, one MNIST MLP epoch and one convnet epoch per contender, the layer
                   costs on both simdnet backends, every convolution kernel table of bench/conv.ts (< ~30 min)
  --clock cpu:     report this process's CPU time instead of wall-clock time (steadier when other work shares the cores)`;

function parseArgs(argv: string[]) {
  const o = { full: false, only: null as string[] | null, contenders: [...CONTENDERS] as Contender[], out: '', clock: 'wall' as Clock };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new RangeError(`bench: ${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--full') o.full = true;
    else if (a === '--only') o.only = value().split(',');
    else if (a === '--contenders') {
      const cs = value().split(',');
      for (const c of cs) if (!(CONTENDERS as readonly string[]).includes(c)) throw new RangeError(`bench: unknown contender ${c}; expected ${CONTENDERS.join(', ')}`);
      o.contenders = cs as Contender[];
    } else if (a === '--out') o.out = value();
    else if (a === '--clock') {
      const c = value();
      if (c !== 'wall' && c !== 'cpu') throw new RangeError(`bench: --clock must be wall or cpu, got ${c}`);
      o.clock = c;
    }
    else if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
    else throw new RangeError(`bench: unknown argument ${a}\n${USAGE}`);
  }
  if (o.only) for (const w of o.only) if (!WORKLOADS.includes(w)) throw new RangeError(`bench: unknown workload ${w}; expected ${WORKLOADS.join(', ')}`);
  return o;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (s: string) => process.stderr.write(s + '\n');
  const workloads = args.only ?? (args.full ? WORKLOADS : ['gemm', 'moons', 'layers', 'convnet', 'conv']);
  const tf = await loadTfjs();
  const set = args.full ? 'full' : 'quick';
  log(`simdnet vs TensorFlow.js, ${set} set: ${workloads.join(', ')}`);
  const opts = { quick: !args.full, contenders: args.contenders, clock: args.clock, log };
  const header = machineHeader(tf.version, set); // date and load average as the run starts
  const simdnetWasm = await simdnetWasmInfo().catch((e: Error) => `not loaded (${e.message.split('\n')[0]})`);
  const rows: Row[] = [];
  const t0 = performance.now();
  if (workloads.includes('gemm')) rows.push(...(await runGemm(opts)));
  if (workloads.includes('moons')) rows.push(...(await runMoons(opts)));
  if (workloads.includes('mnist')) rows.push(...(await runMnist(opts)));
  if (workloads.includes('layers')) rows.push(...(await runLayers(opts)));
  if (workloads.includes('convnet')) rows.push(...(await runConvnet(opts)));
  const extra = workloads.includes('conv') ? await runConvKernels(opts) : [];
  const notes = [
    `tfjs-wasm: @tensorflow/tfjs-backend-wasm running ${tf.wasmBinary} (SIMD ${tf.simd ? 'on' : 'off'}), ${tf.threads} thread; tfjs-cpu: @tensorflow/tfjs-backend-cpu (plain JS). simdnet-wasm: ${simdnetWasm}. simdnet-ts: simdnet's pure-TypeScript backend.`,
    `Medians after warm-up, all contenders in one Node process, taking turns in rounds; ${args.clock === 'cpu' ? "times are this process's **CPU time** (user + system), not wall clock" : 'wall-clock time'}. Ratios: how many times faster simdnet-wasm is (above 1× = simdnet ahead).`,
    'GEMM: simdnet calls its backend `matmul` kernel on buffers allocated once; tfjs calls `tf.matMul` on tensors created once, then `dataSync()` and `dispose()` on the output.',
    'Every contender starts from the same weights and visits the data in the same order (the smoke test checks that they compute the same losses).',
    'Layer costs: simdnet only (simdnet-ts in the full set); each variant is one `fit` call of 20 full-batch steps (2 on simdnet-ts), timed per step.',
    "MNIST convnet: tfjs-wasm 4.22 cannot train it (no Conv2DBackpropFilter kernel); simdnet-ts and tfjs-cpu train whole batches of the first rows and are scaled to 60000 (tfjs-cpu's filter gradient alone takes seconds per batch).",
  ];
  const report = renderReport(header, rows, notes, extra) + `\n_Run time: ${((performance.now() - t0) / 1000).toFixed(0)} s (\`${['node', ...process.execArgv, 'bench/run.ts', ...process.argv.slice(2)].join(' ')}\`)._\n`;
  console.log(report);
  const out = args.out || join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, report);
  log(`written to ${out}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
