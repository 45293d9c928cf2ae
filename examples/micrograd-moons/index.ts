/** The first tutorial's micrograd loop with simdnet Values: MLP(2, [16, 16, 1]) on two moons, hinge loss + L2, SGD. */

import { pathToFileURL } from 'node:url';
import { makeMoons } from '../../src/data/moons.js';
import { Random } from '../../src/random.js';
import { MLP, hingeLoss, alphaPenalty } from '../../src/value/index.js';

export interface MicrogradMoonsOptions {
  /** Training steps (default 100; the learning rate decays linearly over 100 steps: lr = 1 − 0.9·k/100). */
  steps?: number;
  /** One seed for everything: data `seed`, weights `seed + 1`, batches `seed + 2` (default 1337, the tutorial's). */
  seed?: number;
  /** Rows per random batch (default 128 as in the tutorial; capped at the 100 points, so each step sees them all). */
  batchSize?: number;
  /** L2 strength α in α·Σp² (default 1e-4, micrograd's demo). */
  alpha?: number;
  /** Where per-step lines go (default: nowhere). */
  log?: (line: string) => void;
}

export interface MicrogradMoonsResult {
  /** Accuracy of the trained model on all 100 points, in [0, 1]. */
  accuracy: number;
  /** Loss (hinge + L2) at each step, measured on that step's batch before the update. */
  losses: number[];
  /** Batch accuracy at each step, before the update (what the tutorial prints). */
  accuracies: number[];
  model: MLP;
  data: { x: number[][]; y: number[] };
}

/**
 * Trains MLP(2, [16, 16, 1]) on makeMoons(100, noise 0.1) exactly as the tutorial's loop does: a random batch (the
 * first `batchSize` rows of a random permutation, micrograd's get_batch), scores, max-margin loss plus α·Σp²,
 * zeroGrad, backward, p.data −= lr·p.grad.
 *
 * ```ts
 * const { accuracy } = runMicrogradMoons({ steps: 100, seed: 1337, log: console.log });
 * ```
 */
export function runMicrogradMoons(opts: MicrogradMoonsOptions = {}): MicrogradMoonsResult {
  const steps = opts.steps ?? 100;
  const seed = opts.seed ?? 1337;
  const alpha = opts.alpha ?? 1e-4;
  const log = opts.log ?? (() => {});

  const data = makeMoons(100, { noise: 0.1, seed });
  const labels = data.y.map((c) => c * 2 - 1); // classes 0/1 → −1/+1 for the max-margin loss
  const model = new MLP(2, [16, 16, 1], { seed: seed + 1 });
  const batchRng = new Random(seed + 2);
  const batchSize = Math.min(opts.batchSize ?? 128, data.x.length);
  log(String(model));
  log(`number of parameters ${model.parameters().length}`);

  const losses: number[] = [];
  const accuracies: number[] = [];
  for (let k = 0; k < steps; k++) {
    const rows = Array.from(batchRng.permutation(data.x.length).subarray(0, batchSize));
    const yb = rows.map((i) => labels[i]);
    const scores = rows.map((i) => model.forward(data.x[i])[0]);

    const loss = hingeLoss(scores, yb).add(alphaPenalty(model.parameters(), alpha));
    const accuracy = mean(scores.map((s, i) => ((yb[i] > 0) === (s.data > 0) ? 1 : 0)));

    model.zeroGrad();
    loss.backward();

    const lr = 1.0 - (0.9 * k) / 100;
    for (const p of model.parameters()) p.data -= lr * p.grad;

    losses.push(loss.data);
    accuracies.push(accuracy);
    log(`step ${k} loss ${loss.data}, accuracy ${accuracy * 100}%`);
  }

  const accuracy = evaluate(model, data.x, labels);
  log(`accuracy on all ${data.x.length} points after ${steps} steps: ${(accuracy * 100).toFixed(1)}%`);
  return { accuracy, losses, accuracies, model, data };
}

/** Fraction of points whose score has the sign of their ±1 label. */
export function evaluate(model: MLP, x: number[][], labels: number[]): number {
  return mean(x.map((row, i) => ((model.forward(row)[0].data > 0) === (labels[i] > 0) ? 1 : 0)));
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMicrogradMoons({ log: (line) => console.log(line) });
}
