/** A workload to profile with `node --cpu-prof`: simdnet moons steps (model API or kernels) or MNIST epochs (model API). */
// Usage: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/compare/profile.ts moons|moons-kernels|mnist [wasm|ts]
//        node --import tsx bench/compare/profile_summary.ts bench/results/prof/<file>.cpuprofile

import { backendByName, init } from '../../src/backend/index.js';
import { firstRows, mnistProblem } from './mnist.js';
import { moonsProblem, runSteps, simdnetKernelMoonsStep } from './moons.js';
import { simdnetModelMnistEpoch, simdnetModelMoonsStep } from './simdnet_model.js';

const what = process.argv[2] ?? 'moons';
const backend = process.argv[3] === 'ts' ? 'simdnet-ts' : 'simdnet-wasm';
if (!['moons', 'moons-kernels', 'mnist'].includes(what)) throw new RangeError(`profile: expected moons, moons-kernels or mnist, got ${what}`);
await init();
const t0 = performance.now();
if (what === 'moons') {
  const s = simdnetModelMoonsStep(backend, moonsProblem());
  await runSteps(s, 500000);
  s.dispose();
} else if (what === 'moons-kernels') {
  const s = simdnetKernelMoonsStep(backendByName(backend === 'simdnet-ts' ? 'ts' : 'wasm'), moonsProblem());
  await runSteps(s, 500000);
  s.dispose();
} else {
  const p = mnistProblem();
  const e = simdnetModelMnistEpoch(backend, backend === 'simdnet-ts' ? firstRows(p, 6400) : p);
  for (let i = 0; i < 3; i++) await e.epoch();
  e.dispose();
}
console.error(`${what} on ${backend}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
