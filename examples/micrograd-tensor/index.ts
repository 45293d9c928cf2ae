/** Tutorial 000 (micrograd) with tensors: MLP(2, [16, 16, 1]) on two moons, hinge loss + L2, random batches, linear lr decay. */

import { makeMoons } from '../../src/data/index.js';
import { linearDecay, mlp, sgd, type LayerWeights, type Sequential } from '../../src/index.js';
import { decisionBoundary, lossCurve } from '../../src/plot/index.js';
import { backendFromArgv, isMain, pct, saveFigures, svgDirFromArgv, useBackend, type BackendChoice, type Figure } from '../cli.js';

export interface MicrogradTensorOptions {
  /** Backend to select before building the model (default: keep the current one). */
  backend?: BackendChoice;
  /** Training steps (default 100). The learning rate is micrograd's 1.0 − 0.9·k/100. */
  steps?: number;
  /** Rows per random batch (default 128 like the tutorial, capped at the 100 points). */
  batchSize?: number;
  /**
   * micrograd's α in α·Σp² over all 337 parameters (default 1e-4). simdnet's `l2` is λ in (λ/2)·ΣW² over
   * weights only, so λ = 2α = 2e-4 on the weights (unlike micrograd, the 33 biases are not regularized).
   */
  alpha?: number;
  /** Seed of the data (default 1337, the tutorial's); the weights use seed + 1, the batches seed + 2. */
  seed?: number;
  /** Where the printed lines go (default: nowhere). */
  log?: (line: string) => void;
  /** Also draw the tutorial's decision boundary and the per-step loss/accuracy curve (default false). */
  plot?: boolean;
}

export interface MicrogradTensorResult {
  /** Accuracy of the trained model on all 100 points. */
  accuracy: number;
  /** Loss (hinge + L2) and accuracy of each step's batch, before that step's update (what the tutorial prints). */
  losses: number[];
  accuracies: number[];
  /** The weights before training (per layer { W: [in × out], b }), for checking the step-0 loss independently. */
  initialWeights: LayerWeights[];
  /** First step whose batch accuracy was ≥ 97%, or −1. */
  firstStepAt97: number;
  model: Sequential;
  data: { x: number[][]; y: number[] };
  /** With `plot`: micrograd-tensor-boundary.svg and micrograd-tensor-loss.svg. */
  figures: Figure[];
}

/**
 * micrograd's demo with simdnet's tensor API: ReLU MLP(2, [16, 16, 1]) with U(−1, 1) weights (micrograd's
 * Neuron), max-margin loss on ±1 labels, L2, and `sampling: 'random'` (each step draws its batch like
 * micrograd's get_batch). The caller owns (and should dispose) the returned model.
 *
 * ```ts
 * const { accuracy, model } = await runMicrogradTensor({ backend: 'wasm', log: console.log });
 * model.dispose();
 * ```
 */
export async function runMicrogradTensor(opts: MicrogradTensorOptions = {}): Promise<MicrogradTensorResult> {
  if (opts.backend) await useBackend(opts.backend);
  const steps = opts.steps ?? 100;
  const seed = opts.seed ?? 1337;
  const alpha = opts.alpha ?? 1e-4;
  const log = opts.log ?? (() => {});

  const data = makeMoons(100, { noise: 0.1, seed });
  const labels = data.y.map((c) => c * 2 - 1); // classes 0/1 → −1/+1 for the max-margin loss
  const model = mlp(2, [16, 16, 1], { activation: 'relu', init: 'uniform', seed: seed + 1 });
  log(`${model}`);
  log(`number of parameters ${model.getWeights().reduce((n, l) => n + l.W.length * l.W[0].length + l.b.length, 0)}`);

  const initialWeights = model.getWeights();
  const losses: number[] = [];
  const accuracies: number[] = [];
  await model.fit(data.x, labels, {
    loss: 'hinge',
    optimizer: sgd({ lr: linearDecay({ start: 1.0, end: 0.1, steps: 100 }) }), // 1.0 − 0.9·k/100
    l2: 2 * alpha,
    sampling: 'random',
    batchSize: opts.batchSize ?? 128,
    steps,
    seed: seed + 2,
    onEpochEnd: (k, logs) => {
      losses.push(logs.loss);
      accuracies.push(logs.accuracy!);
      log(`step ${k} loss ${logs.loss}, accuracy ${logs.accuracy! * 100}%`);
    },
  });

  const predicted = model.predictClasses(data.x);
  const accuracy = predicted.filter((c, i) => c === data.y[i]).length / data.y.length;
  log(`accuracy on all ${data.x.length} points after ${steps} steps: ${pct(accuracy)}`);
  const figures: Figure[] = [];
  if (opts.plot) {
    figures.push({ name: 'micrograd-tensor-boundary.svg', svg: decisionBoundary(model, data.x, labels, { title: `MLP(2, [16, 16, 1]) after ${steps} steps: ${pct(accuracy)}` }) });
    figures.push({ name: 'micrograd-tensor-loss.svg', svg: lossCurve({ loss: losses, accuracy: accuracies }, { title: 'hinge + L2 loss and batch accuracy per step', xLabel: 'step', firstEpoch: 0 }) });
  }
  return { figures, accuracy, losses, accuracies, initialWeights, firstStepAt97: accuracies.findIndex((a) => a >= 0.97), model, data };
}

if (isMain(import.meta.url)) {
  const svgDir = svgDirFromArgv();
  runMicrogradTensor({ backend: backendFromArgv(), log: (line) => console.log(line), plot: svgDir !== null })
    .then(async (r) => {
      if (svgDir) await saveFigures(svgDir, r.figures);
      r.model.dispose();
    })
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
