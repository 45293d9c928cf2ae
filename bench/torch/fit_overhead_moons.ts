/** The WildML moons step (one fit epoch per step) through fit, with and without yields, vs the hand-written kernel step, alternating, in CPU time. */
// Usage: node --expose-gc --import tsx bench/torch/fit_overhead_moons.ts [--rounds 7]

import { parseArgs } from 'node:util';
import { backendByName, init } from '../../src/backend/index.js';
import { sgd } from '../../src/nn/optimizers.js';
import { mlp } from '../../src/model/sequential.js';
import { runSteps, simdnetKernelMoonsStep } from '../compare/moons.js';
import { measure } from '../compare/timing.js';
import { machineHeader, markdownTable } from '../util.js';
import { torchMoonsProblem } from './shared_data.js';
import { fmt, median } from './table.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' } }, strict: true });
const rounds = Number(values.rounds);
await init({ backend: 'wasm', threads: 1 });
const p = torchMoonsProblem();
const STEPS = 200;

/** `fit` of n epochs on the full batch, each epoch one step, with the given yieldEvery. */
function fitSteps(yieldEvery: number): (n: number) => Promise<number> {
  const model = mlp(2, [p.hidden, 2], { activation: 'tanh', seed: 0 });
  model.setWeights([{ W: p.w.W1, b: p.w.b1 }, { W: p.w.W2, b: p.w.b2 }]);
  const x = { data: p.x, shape: [p.rows, 2] as [number, number] };
  const optimizer = sgd({ lr: p.lr });
  return async (n) => (await model.fit(x, p.labels, { loss: 'softmaxCrossEntropy', optimizer, l2: p.l2, epochs: n, batchSize: p.rows, yieldEvery })).loss[n - 1];
}

const kern = simdnetKernelMoonsStep(backendByName('wasm'), p);
const cases: [string, () => unknown][] = [
  ['kernels (compare/moons.ts: 13 kernel calls + the L2 penalty)', () => runSteps(kern, STEPS)],
  ['fit, yieldEvery 10 ms (the default)', ((f) => () => f(STEPS))(fitSteps(10))],
  ['fit, yieldEvery: Infinity', ((f) => () => f(STEPS))(fitSteps(Infinity))],
];
const wall = new Map<string, number[]>(), cpu = new Map<string, number[]>();
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of cases) {
    const t = await measure(fn, { warmupMs: r === 0 ? 500 : 50, sampleMs: 40, samples: 5, budgetMs: 2000 });
    wall.set(name, [...(wall.get(name) ?? []), (t.median / STEPS) * 1000]);
    cpu.set(name, [...(cpu.get(name) ?? []), (t.cpuMedian / STEPS) * 1000]);
  }
}
const ref = cases[0][0];
const pct = (a: number, b: number) => `${a >= b ? '+' : ''}${((a / b - 1) * 100).toFixed(1)}%`;
console.log(`WildML 2-3-2 step, full batch of 200, one thread; ${rounds} rounds, the cases taking turns; µs per step (median over rounds)`);
console.log(machineHeader() + '\n');
console.log(markdownTable(['case', 'µs / step', 'CPU µs / step', 'CPU vs kernels', 'CPU per round'], cases.map(([name]) => {
  const c = median(cpu.get(name)!);
  return [name, fmt(median(wall.get(name)!)), fmt(c), pct(c, median(cpu.get(ref)!)), cpu.get(name)!.map(fmt).join(', ')];
})));
