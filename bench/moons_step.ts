/** µs per training step of WildML's 2-3-2 tanh network on 200 moons (full batch), WASM vs pure TS: `node --import tsx bench/moons_step.ts` */

import { backendByName, init, setBackend, type BackendName } from '../src/backend/index.js';
import { makeMoons } from '../src/data/moons.js';
import { lossByName } from '../src/nn/losses.js';
import { sgd } from '../src/nn/optimizers.js';
import { mlp } from '../src/model/sequential.js';

const ROWS = 200;
const REPEATS = 9;

/** Process CPU time in ms (user + system): steadier than wall time on a shared, loaded machine. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Raw step: forward, fused loss, backward, one sgd call per parameter buffer (what `fit` does minus bookkeeping). */
function rawStep(name: BackendName, steps: number): number[] {
  setBackend(name);
  const be = backendByName(name);
  const { x, y } = makeMoons(ROWS, { noise: 0.2, seed: 0 });
  const model = mlp(2, [3, 2], { activation: 'tanh', init: 'normal', seed: 0 });
  model.ensureCapacity(ROWS);
  const spec = lossByName('bench', 'softmaxCrossEntropy');
  const t = spec.targets('bench', 'y', y, 2);
  const xb = be.alloc(ROWS * 2);
  const tb = be.alloc(ROWS * 2);
  be.write(xb, x.flat());
  be.write(tb, t.data);
  const params = model.params();
  const opt = sgd({ lr: 2 });
  const step = () => {
    const out = model.forward(xb, ROWS);
    spec.compute(be, out, tb, model.dOut, ROWS, 2);
    model.backward(model.dOut, ROWS);
    for (const p of params) opt.update(be, p, 2, 0.00005);
  };
  for (let i = 0; i < 2000; i++) step(); // warm-up (JIT)
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = cpuMs();
    for (let i = 0; i < steps; i++) step();
    times.push(((cpuMs() - t0) * 1000) / steps);
  }
  be.free(xb);
  be.free(tb);
  model.dispose();
  return times;
}

/** Whole `fit` epochs (full batch): adds the L2 penalty, accuracy, callbacks check and event-loop yields. */
async function fitEpoch(name: BackendName, epochs: number, yieldEvery = 10): Promise<number[]> {
  setBackend(name);
  const { x, y } = makeMoons(ROWS, { noise: 0.2, seed: 0 });
  const model = mlp(2, [3, 2], { activation: 'tanh', init: 'normal', seed: 0 });
  const opts = { loss: 'softmaxCrossEntropy' as const, optimizer: sgd({ lr: 2 }), l2: 0.00005, batchSize: ROWS, yieldEvery };
  await model.fit(x, y, { ...opts, epochs: 2000 });
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = cpuMs();
    await model.fit(x, y, { ...opts, epochs });
    times.push(((cpuMs() - t0) * 1000) / epochs);
  }
  model.dispose();
  return times;
}

async function main(): Promise<void> {
  const names: BackendName[] = ['ts'];
  try {
    await init();
    names.unshift('wasm');
  } catch (e) {
    console.error(`(WASM backend unavailable: ${(e as Error).message})`);
  }
  console.log(`WildML 2-3-2 tanh, softmax CE, full batch of ${ROWS} moons; median of ${REPEATS} runs, CPU µs per step (process.cpuUsage)\n`);
  console.log('| backend | raw step (13 kernel calls) | fit epoch (+ L2 penalty, accuracy, yield every 10 ms) | fit epoch, never yielding |');
  console.log('|---|---:|---:|---:|');
  for (const name of names) {
    const n = name === 'ts' ? 3000 : 20000;
    const raw = median(rawStep(name, n));
    const epoch = median(await fitEpoch(name, n));
    const noYield = median(await fitEpoch(name, n, Infinity));
    console.log(`| ${name} | ${raw.toFixed(2)} | ${epoch.toFixed(2)} | ${noYield.toFixed(2)} |`);
  }
}

await main();
