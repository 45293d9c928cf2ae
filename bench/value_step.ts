/** Milliseconds per moons training step with Values: batch 100, MLP(2, [16, 16, 1]), hinge + L2, forward + backward + SGD. */

import { pathToFileURL } from 'node:url';
import { makeMoons } from '../src/data/moons.js';
import { MLP, hingeLoss, alphaPenalty, topologicalOrder } from '../src/value/index.js';

const USAGE = 'usage: node --import tsx bench/value_step.ts [--runs 7] [--steps 10]';

function parseArgs(argv: string[]): { runs: number; steps: number } {
  const o = { runs: 7, steps: 10 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const n = Number(argv[i + 1]);
    if ((a === '--runs' || a === '--steps') && Number.isInteger(n) && n >= 1) {
      o[a === '--runs' ? 'runs' : 'steps'] = n;
      i++;
    } else {
      throw new RangeError(`value_step: bad argument ${a}\n${USAGE}`);
    }
  }
  return o;
}

/**
 * Times `steps` full-batch steps per run and returns the median ms per step over `runs` runs (after one warm-up run).
 *
 * ```ts
 * const { medianMs } = benchValueStep({ runs: 5, steps: 10 });
 * ```
 */
export function benchValueStep(opts: { runs?: number; steps?: number } = {}): { medianMs: number; perRunMs: number[]; nodes: number } {
  const runs = opts.runs ?? 7;
  const steps = opts.steps ?? 10;
  const { x, y } = makeMoons(100, { noise: 0.1, seed: 0 });
  const labels = y.map((c) => c * 2 - 1);
  const model = new MLP(2, [16, 16, 1], { seed: 1 });
  let nodes = 0;
  const step = (k: number) => {
    const scores = x.map((row) => model.forward(row)[0]);
    const loss = hingeLoss(scores, labels).add(alphaPenalty(model.parameters(), 1e-4));
    model.zeroGrad();
    loss.backward();
    const lr = 1.0 - (0.9 * k) / 100;
    for (const p of model.parameters()) p.data -= lr * p.grad;
    return loss;
  };
  nodes = topologicalOrder(step(0)).length;
  for (let k = 0; k < steps; k++) step(k); // warm-up
  const perRunMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let k = 0; k < steps; k++) step(k);
    perRunMs.push((performance.now() - t0) / steps);
  }
  const sorted = [...perRunMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], perRunMs, nodes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { runs, steps } = parseArgs(process.argv.slice(2));
  const { medianMs, perRunMs, nodes } = benchValueStep({ runs, steps });
  console.log(`Value moons step (batch 100, MLP(2,[16,16,1]), ${nodes} graph nodes per step, Node ${process.version})`);
  console.log(`runs (ms/step): ${perRunMs.map((t) => t.toFixed(1)).join(', ')}`);
  console.log(`median: ${medianMs.toFixed(1)} ms/step`);
}
