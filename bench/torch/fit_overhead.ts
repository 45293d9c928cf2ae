/** Where `fit`'s MNIST epoch spends time beyond the hand-written kernel step: fit and kernel-step variants, alternating in one process. */
// Usage: node --expose-gc --import tsx bench/torch/fit_overhead.ts [--batch 64] [--threads 1] [--rounds 2] [--epochs 2]
//        node --cpu-prof --cpu-prof-dir=/tmp/prof/fit --import tsx bench/torch/fit_overhead.ts --profile fit|kernels-fused [--epochs 3]

import { parseArgs } from 'node:util';
import { backendByName, init, type Backend } from '../../src/backend/index.js';
import { sgd } from '../../src/nn/optimizers.js';
import { lossByName } from '../../src/nn/losses.js';
import { mlp } from '../../src/model/sequential.js';
import { readInput } from '../../src/tensor.js';
import { firstRows, mnistProblem, simdnetKernelMnistEpoch, type MnistEpoch, type MnistProblem } from '../compare/mnist.js';
import { collectGarbage, cpuNow } from '../compare/timing.js';
import { otherCores, ticks } from '../other_load.js';
import { machineHeader, markdownTable } from '../util.js';
import { fmt, median } from './table.js';

/** An epoch of the batch copies alone (x and one-hot y into the batch buffers), as fit and the kernel step both do. */
function copiesOnly(be: Backend, p: MnistProblem): MnistEpoch {
  const C = p.sizes[p.sizes.length - 1], B = p.batchSize, d = p.sizes[0];
  const X = be.alloc(p.rows * d), Y = be.alloc(p.rows * C), xb = be.alloc(B * d), yb = be.alloc(B * C);
  be.write(X, p.x);
  be.write(Y, p.yOneHot);
  const epoch = () => {
    for (let r0 = 0; r0 < p.rows; r0 += B) {
      const n = Math.min(B, p.rows - r0);
      be.copy(X, xb, n * d, r0 * d);
      be.copy(Y, yb, n * C, r0 * C);
    }
    return 0;
  };
  return { epoch, weights: () => [], dispose: () => [X, Y, xb, yb].forEach((b) => be.free(b)) };
}

/** An epoch of fit's accuracy count alone: argmaxMatches over each batch's logits and targets. */
function accuracyOnly(be: Backend, p: MnistProblem): MnistEpoch {
  const C = p.sizes[p.sizes.length - 1], B = p.batchSize;
  const out = be.alloc(B * C), yb = be.alloc(B * C);
  be.write(out, Float32Array.from({ length: B * C }, (_, i) => (i * 7919) % 13));
  be.write(yb, p.yOneHot.subarray(0, B * C));
  let sink = 0;
  const epoch = () => {
    for (let r0 = 0; r0 < p.rows; r0 += B) sink += be.argmaxMatches(out, yb, Math.min(B, p.rows - r0), C);
    return sink;
  };
  return { epoch, weights: () => [], dispose: () => [out, yb].forEach((b) => be.free(b)) };
}

type Variant = { name: string; epoch: MnistEpoch };

/** CPU and wall µs of one `await` of a setImmediate turn, what fit pays each time it yields (every 10 ms by default). */
async function yieldCost(turns = 2000): Promise<{ wall: number; cpu: number }> {
  const c0 = cpuNow(), t0 = performance.now();
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
  return { wall: ((performance.now() - t0) * 1000) / turns, cpu: ((cpuNow() - c0) * 1000) / turns };
}

/** The kernel-step variants, after a warm-up of the two kernel epochs on 40 batches (the JIT shares their code). */
function kernelVariants(be: Backend, p: MnistProblem): Variant[] {
  const warm = firstRows(p, 40 * p.batchSize);
  for (const e of [simdnetKernelMnistEpoch(be, warm), simdnetKernelMnistEpoch(be, warm, { fused: true, accuracy: true }), simdnetKernelMnistEpoch(be, warm, { fused: true, accuracy: true, fusedBackward: true })]) {
    e.epoch();
    e.dispose();
  }
  return [
    { name: 'kernels (bench/compare: matmulBias, then relu)', epoch: simdnetKernelMnistEpoch(be, p) },
    { name: 'kernels, fused (matmulBiasRelu, as fit\'s layers)', epoch: simdnetKernelMnistEpoch(be, p, { fused: true }) },
    { name: 'kernels, fused + accuracy (argmaxMatches)', epoch: simdnetKernelMnistEpoch(be, p, { fused: true, accuracy: true }) },
    { name: 'kernels, fused forward and backward + accuracy (the calls of fit\'s step)', epoch: simdnetKernelMnistEpoch(be, p, { fused: true, accuracy: true, fusedBackward: true }) },
    { name: 'batch copies only', epoch: copiesOnly(be, p) },
    { name: 'accuracy count only', epoch: accuracyOnly(be, p) },
  ];
}

/**
 * CPU ms (median of 3) of what every `fit` call does before its first step, at the full data: checking x (readInput scans
 * every value for NaN and ±Infinity), building the one-hot targets, allocating the x buffer (zero-filled) and uploading.
 */
function perCallCosts(be: Backend, p: MnistProblem): [string, number][] {
  const x = { data: p.x, shape: [p.rows, p.sizes[0]] };
  const spec = lossByName('fit', 'softmaxCrossEntropy');
  const cpuMs = (fn: () => void) => median([0, 1, 2].map(() => { const c0 = cpuNow(); fn(); return cpuNow() - c0; }));
  return [
    ['readInput (check every value of x)', cpuMs(() => readInput('fit', 'x', x))],
    ['one-hot targets', cpuMs(() => spec.targets('fit', 'y', p.labels, p.sizes[p.sizes.length - 1]))],
    ['alloc of x (zero-filled), then free', cpuMs(() => be.free(be.alloc(p.x.length)))],
    ['alloc + write of x, then free', cpuMs(() => { const b = be.alloc(p.x.length); be.write(b, p.x); be.free(b); })],
  ];
}

/** One epoch: wall-clock seconds, CPU seconds of this process, and the cores other processes used meanwhile. */
interface Sample { s: number; cpu: number; others: number }

/** Times one synchronous epoch after a full GC. */
function timeEpoch(e: MnistEpoch): Sample {
  collectGarbage();
  const a = ticks();
  const c0 = cpuNow(), t0 = performance.now();
  e.epoch();
  const s = (performance.now() - t0) / 1000;
  return { s, cpu: (cpuNow() - c0) / 1000, others: otherCores(a, ticks()) };
}

/**
 * `epochs` + 1 epochs of fit (the first, with the upload, untimed); after each, one epoch of every kernel variant. With
 * `perCall`, then one more `fit` call of one epoch, timed whole: what calling fit once per epoch costs.
 */
async function fitRound(p: MnistProblem, variants: Variant[], samples: Map<string, Sample[]>, label: string, yieldEvery: number, epochs: number, perCall: boolean) {
  const model = mlp(p.sizes[0], p.sizes.slice(1), { activation: 'relu', seed: 0 });
  model.setWeights(p.weights);
  const opts = { loss: 'softmaxCrossEntropy' as const, optimizer: sgd({ lr: p.lr }), batchSize: p.batchSize, shuffle: false, yieldEvery };
  const warm = firstRows(p, 40 * p.batchSize);
  await model.fit({ data: warm.x, shape: [warm.rows, p.sizes[0]] }, warm.labels, opts);
  const add = (name: string, x: Sample) => samples.set(name, [...(samples.get(name) ?? []), x]);
  collectGarbage();
  let a = ticks();
  let t0 = performance.now(), c0 = cpuNow();
  await model.fit({ data: p.x, shape: [p.rows, p.sizes[0]] }, p.labels, {
    ...opts, epochs: epochs + 1,
    onEpochEnd(e) {
      if (e > 0) add(label, { s: (performance.now() - t0) / 1000, cpu: (cpuNow() - c0) / 1000, others: otherCores(a, ticks()) });
      if (e < epochs) for (const v of variants) add(v.name, timeEpoch(v.epoch));
      collectGarbage();
      a = ticks();
      t0 = performance.now();
      c0 = cpuNow();
    },
  });
  if (perCall) {
    collectGarbage();
    [a, t0, c0] = [ticks(), performance.now(), cpuNow()];
    await model.fit({ data: p.x, shape: [p.rows, p.sizes[0]] }, p.labels, opts);
    add('fit, one call per epoch (checks x, uploads it)', { s: (performance.now() - t0) / 1000, cpu: (cpuNow() - c0) / 1000, others: otherCores(a, ticks()) });
  }
  model.dispose();
}

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '64' }, threads: { type: 'string', default: '1' }, rounds: { type: 'string', default: '2' },
    epochs: { type: 'string', default: '2' }, profile: { type: 'string' },
  },
  strict: true,
});
const threads = Number(values.threads), epochs = Number(values.epochs), rounds = Number(values.rounds);
await init({ backend: 'wasm', threads });
const be = backendByName('wasm');
const p: MnistProblem = { ...mnistProblem(), batchSize: Number(values.batch) };
if (values.profile !== undefined) {
  // one workload alone, for node --cpu-prof
  if (values.profile === 'fit') {
    const model = mlp(784, [128, 64, 10], { activation: 'relu', seed: 0 });
    await model.fit({ data: p.x, shape: [p.rows, 784] }, p.labels, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: p.lr }), batchSize: p.batchSize, shuffle: false, epochs });
  } else if (values.profile === 'kernels-fused') {
    const k = simdnetKernelMnistEpoch(be, p, { fused: true });
    for (let e = 0; e < epochs; e++) k.epoch();
  } else throw new RangeError(`--profile: expected fit or kernels-fused, got ${values.profile}`);
  process.exit(0);
}
const variants = kernelVariants(be, p);
const samples = new Map<string, Sample[]>();
// the two fit settings take turns, round by round, so a change in the machine's load falls on both
for (let r = 0; r < rounds; r++) {
  await fitRound(p, variants, samples, 'fit (yieldEvery 10 ms, the default)', 10, epochs, true);
  await fitRound(p, variants, samples, 'fit, yieldEvery: Infinity', Infinity, epochs, false);
}
variants.forEach((v) => v.epoch.dispose());
const turn = await yieldCost();
const once = perCallCosts(be, p);

const steps = Math.ceil(p.rows / p.batchSize);
const build = (be as { build?: string }).build ?? 'unknown';
console.log(`fit vs kernel-step variants, MNIST 784-128-64-10, batch ${p.batchSize} (${steps} steps per epoch), ${threads} thread(s), ${build} SIMD build`);
console.log(machineHeader() + '\n');
const med = (name: string, k: 's' | 'cpu') => median(samples.get(name)!.map((x) => x[k]));
const pct = (a: number, b: number) => `${a >= b ? '+' : ''}${((a / b - 1) * 100).toFixed(1)}%`;
const [ref, fused] = [variants[0].name, variants[1].name];
console.log(markdownTable(['variant', 's / epoch', 'µs / step', 'vs kernels', 'vs fused kernels', 'CPU s / epoch', 'CPU µs / step', 'CPU vs kernels', 'CPU vs fused', 'epochs: s (cores used by others)'],
  [...samples].map(([name, xs]) => [name, fmt(med(name, 's')), fmt((med(name, 's') / steps) * 1e6), pct(med(name, 's'), med(ref, 's')), pct(med(name, 's'), med(fused, 's')),
    fmt(med(name, 'cpu')), fmt((med(name, 'cpu') / steps) * 1e6), pct(med(name, 'cpu'), med(ref, 'cpu')), pct(med(name, 'cpu'), med(fused, 'cpu')),
    xs.map((x) => `${x.s.toFixed(3)} (${x.others.toFixed(2)})`).join(', ')])));
console.log(`\none event-loop turn (await of setImmediate, as fit's yield): ${fmt(turn.wall)} µs wall, ${fmt(turn.cpu)} µs CPU; fit yields about ${Math.round((med(ref, 's') * 1000) / 10)} times per epoch here`);
console.log(`\nonce per fit call, before the first step (CPU ms, median of 3): ${once.map(([k, v]) => `${k} ${fmt(v)}`).join('; ')}`);
