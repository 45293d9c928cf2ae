/** The simdnet side of `npm run bench:torch`: one configuration per process (MNIST MLP or convnet epoch, moons step or inference), one JSON line out. */
// Usage (run by bench/torch.ts): node --expose-gc --import tsx bench/torch/simdnet_child.ts mnist|convnet|moons|infer --threads 1 --batch 64 --epochs 2 [--per-call]

import { parseArgs } from 'node:util';
import { backendByName, init, threadInfo } from '../../src/backend/index.js';
import { sgd } from '../../src/nn/optimizers.js';
import { mlp } from '../../src/model/sequential.js';
import { firstRows, mnistProblem, simdnetKernelMnistEpoch, type MnistProblem } from '../compare/mnist.js';
import { runSteps, simdnetKernelMoonsStep } from '../compare/moons.js';
import { simdnetModelMnistEpoch, simdnetModelMoonsStep } from '../compare/simdnet_model.js';
import { collectGarbage, cpuNow, measure } from '../compare/timing.js';
import { runConvnet } from './convnet.js';
import { torchMoonsProblem } from './shared_data.js';

const WARM_BATCHES = 40;
const seconds = (ms: number) => ms / 1000;

/** A model with the problem's weights, warmed up on its first batches, then reset to those weights. */
async function warmModel(p: MnistProblem) {
  const model = mlp(p.sizes[0], p.sizes.slice(1), { activation: 'relu', seed: 0 });
  const opts = { loss: 'softmaxCrossEntropy' as const, optimizer: sgd({ lr: p.lr }), batchSize: p.batchSize, shuffle: false };
  const warm = firstRows(p, Math.min(p.rows, WARM_BATCHES * p.batchSize));
  await model.fit({ data: warm.x, shape: [warm.rows, p.sizes[0]] }, warm.labels, { ...opts, epochs: 1 });
  model.setWeights(p.weights);
  return { model, opts };
}

/**
 * MNIST epochs three ways, alternating: `fit` steady state (one call of epochs + 1 epochs, the first, which
 * validates and uploads x, not timed), the hand-written kernel epoch (run inside fit's onEpochEnd, so the two
 * alternate epoch by epoch), and, with `perCall`, one `fit` call per epoch (upload and checks included).
 */
async function runMnist(batch: number, threads: number, epochs: number, perCall: boolean) {
  await init({ backend: 'wasm', threads });
  const be = backendByName('wasm');
  const p: MnistProblem = { ...mnistProblem(), batchSize: batch };
  const warmK = simdnetKernelMnistEpoch(be, firstRows(p, WARM_BATCHES * batch));
  warmK.epoch();
  warmK.dispose();
  const kern = simdnetKernelMnistEpoch(be, p);
  // wall-clock seconds per epoch, and CPU seconds (user + system, every thread): steadier on a shared machine
  const t = { fit: [] as number[], kernels: [] as number[], fitPerCall: [] as number[], fitCpu: [] as number[], kernelsCpu: [] as number[] };
  const loss = { fit: [] as number[], kernels: [] as number[], fitPerCall: [] as number[] };
  const kernelEpoch = () => {
    collectGarbage();
    const c0 = cpuNow(), t0 = performance.now();
    loss.kernels.push(kern.epoch() as number); // the kernel epoch is synchronous
    t.kernels.push(seconds(performance.now() - t0));
    t.kernelsCpu.push(seconds(cpuNow() - c0));
  };
  const { model, opts } = await warmModel(p);
  collectGarbage();
  let t0 = performance.now(), c0 = cpuNow();
  const h = await model.fit({ data: p.x, shape: [p.rows, p.sizes[0]] }, p.labels, {
    ...opts, epochs: epochs + 1, yieldEvery: 10,
    onEpochEnd(e) {
      if (e > 0) {
        t.fit.push(seconds(performance.now() - t0));
        t.fitCpu.push(seconds(cpuNow() - c0));
      }
      if (e < epochs) kernelEpoch();
      collectGarbage();
      t0 = performance.now();
      c0 = cpuNow();
    },
  });
  loss.fit.push(...h.loss);
  model.dispose();
  if (perCall) {
    const m = simdnetModelMnistEpoch('simdnet-wasm', p);
    for (let e = 0; e < epochs; e++) {
      collectGarbage();
      const c0 = performance.now();
      loss.fitPerCall.push(await m.epoch());
      t.fitPerCall.push(seconds(performance.now() - c0));
      kernelEpoch();
    }
    m.dispose();
  }
  kern.dispose();
  let xSum = 0;
  for (let i = 0; i < p.x.length; i++) xSum += p.x[i];
  return { seconds: t, losses: loss, xSum, build: (be as { build?: string }).build, threadsRunning: threadInfo().threads };
}

/** µs per WildML step via fit (one call of n epochs) and via the kernels; the first 5 losses of each as a check. */
async function runMoons() {
  await init({ backend: 'wasm', threads: 1 });
  const be = backendByName('wasm');
  const p = torchMoonsProblem();
  const losses: Record<string, number[]> = {};
  const stepSeconds: Record<string, number[]> = {};
  const stepCpuSeconds: Record<string, number[]> = {};
  for (const [name, make] of [['kernels', () => simdnetKernelMoonsStep(be, p)], ['fit', () => simdnetModelMoonsStep('simdnet-wasm', p)]] as const) {
    const check = make();
    losses[name] = [];
    for (let i = 0; i < 5; i++) losses[name].push(await runSteps(check, 1));
    check.dispose();
    const s = make();
    const steps = 100;
    const r = await measure(() => runSteps(s, steps), { warmupMs: 500, sampleMs: 40, samples: 7, budgetMs: 3000 });
    stepSeconds[name] = [seconds(r.median / steps)];
    stepCpuSeconds[name] = [seconds(r.cpuMedian / steps)];
    s.dispose();
  }
  return { stepSeconds, stepCpuSeconds, losses };
}

/** µs per `model.predict({ data: row, shape: [1, 784] })` (check, upload, forward, copy out), the MNIST MLP, one thread. */
async function runInfer() {
  await init({ backend: 'wasm', threads: 1 });
  const p = mnistProblem(256);
  const model = mlp(784, [128, 64, 10], { activation: 'relu', seed: 0 });
  model.setWeights(p.weights);
  let i = 0;
  const predict = () => model.predict({ data: p.x.subarray((i & 255) * 784, ((i++ & 255) + 1) * 784), shape: [1, 784] });
  const first = Array.from(predict().data);
  const r = await measure(predict, { warmupMs: 300, sampleMs: 40, samples: 7, budgetMs: 3000 });
  model.dispose();
  return { callSeconds: [seconds(r.median)], callCpuSeconds: [seconds(r.cpuMedian)], firstLogits: first };
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { threads: { type: 'string', default: '1' }, batch: { type: 'string', default: '64' }, epochs: { type: 'string', default: '1' }, 'per-call': { type: 'boolean', default: false } },
});
const mode = positionals[0];
const t0 = performance.now();
let out: object;
if (mode === 'mnist') out = await runMnist(Number(values.batch), Number(values.threads), Number(values.epochs), values['per-call']!);
else if (mode === 'convnet') out = await runConvnet(Number(values.batch), Number(values.threads), Number(values.epochs));
else if (mode === 'moons') out = await runMoons();
else if (mode === 'infer') out = await runInfer();
else throw new RangeError(`simdnet_child: expected mnist, convnet, moons or infer, got ${mode}`);
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ...out, wall: seconds(performance.now() - t0), cpuTotal: (cpu.user + cpu.system) / 1e6 }));
process.exit(0); // worker threads of init({ threads }) are not waited for
