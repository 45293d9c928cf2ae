/** A workload to profile with `node --cpu-prof`: simdnet moons steps or MNIST epochs through the model API. */
// Usage: node --cpu-prof --cpu-prof-dir=bench/results/prof --import tsx bench/compare/profile.ts moons|mnist [wasm|ts]
//        node --import tsx bench/compare/profile_summary.ts bench/results/prof/<file>.cpuprofile

import { init } from '../../src/backend/index.js';
import { firstRows, mnistProblem } from './mnist.js';
import { moonsProblem, runSteps } from './moons.js';
import { simdnetModelMnistEpoch, simdnetModelMoonsStep } from './simdnet_model.js';

const what = process.argv[2] ?? 'moons';
const backend = process.argv[3] === 'ts' ? 'simdnet-ts' : 'simdnet-wasm';
if (!['moons', 'mnist'].includes(what)) throw new RangeError(`profile: expected moons or mnist, got ${what}`);
await init();
const t0 = performance.now();
if (what === 'moons') {
  const s = simdnetModelMoonsStep(backend, moonsProblem());
  await runSteps(s, 500000);
  s.dispose();
} else {
  const p = mnistProblem();
  const e = simdnetModelMnistEpoch(backend, backend === 'simdnet-ts' ? firstRows(p, 6400) : p);
  for (let i = 0; i < 3; i++) await e.epoch();
  e.dispose();
}
console.error(`${what} on ${backend}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
