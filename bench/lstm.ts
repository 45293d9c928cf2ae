/** LSTM training step and inference per sequence, batch 32: simdnet WASM and TS vs TensorFlow.js CPU and WASM (layers API), at 32 units × 20 steps and 128 units × 50 steps. `npm run bench:lstm`. */

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import * as tfl from '@tensorflow/tfjs-layers';
import { dense, getBackend, init, lstm, sequential, setBackend, sgd, type Sequential } from '../src/index.js';
import { Random } from '../src/random.js';
import { loadTfjs, tf, useTfjs } from './compare/tfjs.js';
import { machineHeader, markdownTable, measure, measureAsync, type Timing } from './util.js';

// Each contender trains the same network: lstm(units) over [steps, 8] samples → dense(1), mse, plain SGD, batch 32.
// simdnet: one `fit` of n epochs over 32 rows (each epoch one step; the time per epoch is the step's) and
// `predict` on 32 rows. TensorFlow.js: `trainOnBatch` on tensors made once, and `predict(x).dataSync()`, the
// output disposed. TF.js's LSTM gets recurrentActivation 'sigmoid' (its default is 'hardSigmoid', cheaper).
// `--clock cpu` reports process CPU time (steadier on a shared machine), `--quick` fewer samples.

const BATCH = 32;
const FEATURES = 8;
const SIZES = [{ units: 32, steps: 20 }, { units: 128, steps: 50 }];
const args = process.argv.slice(2);
const clock: keyof Timing = args.includes('--clock') && args[args.indexOf('--clock') + 1] === 'cpu' ? 'cpuMs' : 'wallMs';
const timing = args.includes('--quick') ? { warmup: 1, samples: 3, minSampleMs: 200 } : { warmup: 2, samples: 7, minSampleMs: 300 };

interface Row { contender: string; size: string; stepMs: number; inferUs: number }

function data(steps: number): { x: Float32Array; y: Float32Array } {
  const rng = new Random(0);
  const x = Float32Array.from({ length: BATCH * steps * FEATURES }, () => rng.uniform(-1, 1));
  return { x, y: Float32Array.from({ length: BATCH }, () => rng.uniform(-1, 1)) };
}

/** The simdnet WASM build that ran ('baseline' on Node 20 unless run with --experimental-wasm-relaxed-simd). */
let build = '';

async function simdnet(backend: 'wasm' | 'ts', units: number, steps: number): Promise<[number, number]> {
  if (backend === 'wasm') {
    await init({ backend: 'wasm', threads: 1 });
    build = (getBackend() as unknown as { build: string }).build;
  } else setBackend('ts');
  const { x, y } = data(steps);
  const model: Sequential = sequential([lstm({ units, inputShape: [steps, FEATURES] }), dense(1)], { seed: 0 });
  const xm = { data: x, shape: [BATCH, steps * FEATURES] as [number, number] };
  const ym = { data: y, shape: [BATCH, 1] as [number, number] };
  const epochs = backend === 'ts' ? 2 : 10;
  const step = await measureAsync(() => model.fit(xm, ym, { loss: 'mse', optimizer: sgd({ lr: 0.01 }), epochs, batchSize: BATCH, yieldEvery: Infinity }), timing);
  const infer = measure(() => model.predict(xm), timing);
  model.dispose();
  return [step[clock] / epochs, (infer[clock] / BATCH) * 1000];
}

async function tfjs(name: 'tfjs-wasm' | 'tfjs-cpu', units: number, steps: number): Promise<[number, number]> {
  await useTfjs(name);
  const { x, y } = data(steps);
  const model = tfl.sequential({ layers: [
    tfl.layers.lstm({ units, inputShape: [steps, FEATURES], recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' }),
    tfl.layers.dense({ units: 1 }),
  ] });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  const xs = tf.tensor3d(x, [BATCH, steps, FEATURES]);
  const ys = tf.tensor2d(y, [BATCH, 1]);
  const step = await measureAsync(() => model.trainOnBatch(xs, ys), timing);
  const infer = measure(() => {
    const out = model.predict(xs) as tf.Tensor;
    out.dataSync();
    out.dispose();
  }, timing);
  xs.dispose();
  ys.dispose();
  model.dispose();
  return [step[clock], (infer[clock] / BATCH) * 1000];
}

async function main(): Promise<void> {
  const info = await loadTfjs();
  const load0 = os.loadavg()[0];
  const rows: Row[] = [];
  for (const { units, steps } of SIZES) {
    const size = `${units} units × ${steps} steps`;
    for (const c of ['simdnet-wasm', 'simdnet-ts', 'tfjs-wasm', 'tfjs-cpu'] as const) {
      process.stderr.write(`${c} ${size}…\n`);
      const [stepMs, inferUs] = c === 'simdnet-wasm' || c === 'simdnet-ts' ? await simdnet(c === 'simdnet-wasm' ? 'wasm' : 'ts', units, steps) : await tfjs(c, units, steps);
      rows.push({ contender: c, size, stepMs, inferUs });
    }
  }
  const load1 = os.loadavg()[0];
  const table = markdownTable(['size (batch 32, 8 features)', 'contender', 'training step (ms)', 'inference per sequence (µs)', 'step: simdnet-wasm faster by'],
    rows.map((r) => {
      const ours = rows.find((o) => o.size === r.size && o.contender === 'simdnet-wasm')!;
      return [r.size, r.contender, r.stepMs.toFixed(2), r.inferUs.toFixed(1), r.contender === 'simdnet-wasm' ? '—' : `${(r.stepMs / ours.stepMs).toFixed(1)}×`];
    }));
  const report = [
    `# LSTM: training step and inference (bench/lstm.ts)`, '',
    machineHeader(), `simdnet-wasm: the ${build} SIMD build, one thread; TensorFlow.js ${info.version} (wasm binary ${info.wasmBinary}, ${info.threads} thread); ${clock === 'cpuMs' ? 'process CPU time' : 'wall clock'}, median of ${timing.samples}; load average ${load0.toFixed(1)} at start, ${load1.toFixed(1)} at end`, '',
    table, '',
  ].join('\n');
  process.stdout.write(report);
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : 'bench/results/lstm.md';
  writeFileSync(out, report);
}

await main();
