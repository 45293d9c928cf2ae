/** Seconds per MNIST epoch (60000 images) for 784-128-64-10 ReLU, batch 64, SGD 0.1: WASM vs pure-TS backend. */
// Usage: node --import tsx bench/mnist_epoch.ts [--epochs 3] [--ts-rows 6000] [--skip-ts]
// Times what a user runs: mlp(...).fit(x, labels, { epochs, batchSize: 64, shuffle: true }) through the public
// model API, each epoch measured separately (the first one includes the one-off upload of the data), in wall-clock
// and in CPU seconds of this process (the CPU figure is the steadier one when other jobs share the machine).

import { parseArgs } from 'node:util';
import { init, setBackend, type BackendName } from '../src/backend/index.js';
import { loadMnist } from '../src/data/mnist_node.js';
import type { Matrix } from '../src/matrix.js';
import { sgd } from '../src/nn/optimizers.js';
import { mlp } from '../src/model/sequential.js';
import { machineHeader, markdownTable } from './util.js';

const FULL = 60000;

interface Timing {
  backend: BackendName;
  rows: number;
  /** Wall-clock seconds of each epoch over `rows` rows. */
  epochs: number[];
  /** CPU seconds (user + system) of each epoch: steadier than wall time when other processes share the cores. */
  cpu: number[];
  lastLoss: number;
}

function firstRows(x: Matrix, labels: Uint8Array, rows: number): { x: Matrix; y: Uint8Array } {
  const cols = x.shape[1];
  return { x: { data: x.data.subarray(0, rows * cols), shape: [rows, cols] }, y: labels.subarray(0, rows) };
}

async function timeEpochs(backend: BackendName, x: Matrix, y: Uint8Array, epochs: number): Promise<Timing> {
  setBackend(backend);
  const model = mlp(784, [128, 64, 10], { activation: 'relu', seed: 0 });
  try {
    // Warm-up: a short fit so the JIT has compiled the loop before the clock starts.
    const warm = firstRows(x, y, Math.min(640, x.shape[0]));
    await model.fit(warm.x, warm.y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), epochs: 1, batchSize: 64 });
    const times: number[] = [];
    const cpu: number[] = [];
    let t = performance.now();
    let c = process.cpuUsage();
    const h = await model.fit(x, y, {
      loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), epochs, batchSize: 64, shuffle: true, seed: 0,
      onEpochEnd() {
        const now = performance.now();
        const used = process.cpuUsage(c);
        times.push((now - t) / 1000);
        cpu.push((used.user + used.system) / 1e6);
        t = now;
        c = process.cpuUsage();
      },
    });
    return { backend, rows: x.shape[0], epochs: times, cpu, lastLoss: h.loss[h.loss.length - 1] };
  } finally {
    model.dispose();
  }
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const { values } = parseArgs({
  options: { epochs: { type: 'string', default: '3' }, 'ts-rows': { type: 'string', default: '6000' }, 'skip-ts': { type: 'boolean', default: false } },
  strict: true,
});
const epochs = Number(values.epochs);
const tsRows = Number(values['ts-rows']);
if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`--epochs must be an integer ≥ 1, got ${values.epochs}`);
if (!Number.isInteger(tsRows) || tsRows < 64 || tsRows > FULL) throw new RangeError(`--ts-rows must be an integer in [64, ${FULL}], got ${values['ts-rows']}`);

const { train } = loadMnist({ limitTest: 1 });
await init();
const results: Timing[] = [await timeEpochs('wasm', train.x, train.y, epochs)];
if (!values['skip-ts']) {
  const part = firstRows(train.x, train.y, tsRows);
  results.push(await timeEpochs('ts', part.x, part.y, 1));
}

const rows = results.map((r) => {
  const perEpoch = (median(r.epochs) * FULL) / r.rows;
  const cpuPerEpoch = (median(r.cpu) * FULL) / r.rows;
  const measured = r.rows === FULL
    ? `${r.epochs.length} full epochs: ${r.epochs.map((s) => s.toFixed(2)).join(', ')} s`
    : `${r.rows} rows in ${r.epochs[0].toFixed(2)} s, ×${(FULL / r.rows).toFixed(1)} (extrapolated)`;
  return [r.backend, perEpoch.toFixed(2), cpuPerEpoch.toFixed(2), Math.round(FULL / perEpoch).toLocaleString('en-US'), measured, r.lastLoss.toFixed(4)];
});
const wasm = median(results[0].epochs);
console.log(`MNIST epoch, 784-128-64-10 ReLU + softmax cross-entropy, batch 64, SGD lr 0.1, shuffled`);
console.log(machineHeader());
console.log('');
console.log(markdownTable(['backend', 's / epoch (wall)', 's / epoch (CPU)', 'samples / s (wall)', 'measured (wall)', 'last epoch loss'], rows));
if (results.length > 1) console.log(`\nwasm is ${((median(results[1].epochs) * FULL) / results[1].rows / wasm).toFixed(1)}× faster than pure TS`);
console.log(`target ≤ 2.5 s/epoch on WASM: ${wasm <= 2.5 ? 'met' : 'not met'} (median ${wasm.toFixed(2)} s)`);
