/** Tutorial 004 ("deep learning in 100 lines") with tensors: recover a linear map, then y = x1·x2 with one layer vs two. */

import { linearData, productData } from '../../src/data/index.js';
import { dense, sequential, sgd, sigmoid } from '../../src/index.js';
import { lossCurve } from '../../src/plot/index.js';
import { backendFromArgv, isMain, saveFigures, svgDirFromArgv, useBackend, type BackendChoice, type Figure } from '../cli.js';

export interface HundredLinesOptions {
  /** Backend to select before building the models (default: keep the current one). */
  backend?: BackendChoice;
  /** Seed of the data, the weights and the shuffles (default 0). */
  seed?: number;
  /** Where the printed lines go (default: nowhere). */
  log?: (line: string) => void;
  /** Also draw the per-epoch loss curves (default false). */
  plot?: boolean;
}

export interface LinearFit {
  /** ‖W_learned − W‖₂ and |b_learned − b| after each epoch (the tutorial prints them after its 10 epochs). */
  wErrors: number[];
  bErrors: number[];
  /** Mean MSE of each epoch's batches. */
  losses: number[];
}

export interface ProductFit {
  /** Mean MSE of each epoch's batches for Linear(2, 1) and for Linear(2, 10) → Sigmoid → Linear(10, 1). */
  oneLayer: number[];
  twoLayers: number[];
  /** Final-epoch loss of one layer divided by that of two layers. */
  ratio: number;
  /** With `plot`: product-1-layer.svg and product-2-layers.svg (log-scale loss per epoch). */
  figures: Figure[];
}

/**
 * Linear(10, 1) on Y = X·W + b (X: 100×10 standard normal, W and b standard normal), MSE, SGD lr 0.05,
 * shuffled batches of 10: the layer recovers W and b. The tutorial trains 10 epochs; with 100 points the
 * error then still shrinks by ≈ 0.6 per epoch (the slowest direction is the smallest eigenvalue of XᵀX/100,
 * ≈ (1 − √0.1)² ≈ 0.47, so each step keeps ≈ 1 − 0.1·0.47 of it). After 10 epochs it is ≈ 1e-2 (an f64
 * reimplementation gives 3e-3 … 2e-2 over seeds), below 1e-3 after ≈ 15: `epochs` defaults to 20.
 *
 * ```ts
 * const { wErrors, bErrors } = await runLinear({ backend: 'wasm' }); // wErrors[9] ≈ 1e-2, wErrors[19] < 1e-3
 * await runLinear({ rows: 1000, epochs: 10 });                         // 10 epochs of 100 batches: < 1e-3
 * ```
 */
export async function runLinear(opts: HundredLinesOptions & { epochs?: number; rows?: number } = {}): Promise<LinearFit> {
  if (opts.backend) await useBackend(opts.backend);
  const seed = opts.seed ?? 0;
  const epochs = opts.epochs ?? 20;
  const log = opts.log ?? (() => {});
  // 100 rows as in the tutorial; with 1000 rows the tutorial's 10 epochs take 1000 steps and reach f32 precision.
  const { x, y, W, b } = linearData(opts.rows ?? 100, { inFeatures: 10, seed });
  // The tutorial's Linear: randn(in, out)·√(1/in) weights (init 'normal'), zero bias.
  const model = sequential([dense(10, 1, { init: 'normal' })], { seed: seed + 1 });
  try {
    const wErrors: number[] = [];
    const bErrors: number[] = [];
    log('epoch | loss      | ‖W − W_true‖ | |b − b_true|');
    const history = await model.fit(x, y, {
      loss: 'mse', optimizer: sgd({ lr: 0.05 }), epochs, batchSize: 10, seed: seed + 2,
      onEpochEnd: (e, logs) => {
        const learned = model.getWeights()[0];
        wErrors.push(Math.hypot(...learned.W.map((row, i) => row[0] - W[i][0])));
        bErrors.push(Math.abs(learned.b[0] - b[0]));
        log(`${String(e + 1).padStart(5)} | ${logs.loss.toExponential(2).padEnd(9)} | ${wErrors[e].toExponential(3).padEnd(12)} | ${bErrors[e].toExponential(3)}`);
      },
    });
    return { wErrors, bErrors, losses: history.loss };
  } finally {
    model.dispose();
  }
}

/**
 * y = x1·x2 on 1000 standard-normal points, 50 epochs of batches of 50: Linear(2, 1) with lr 0.01 against
 * Linear(2, 10) → Sigmoid → Linear(10, 1) with lr 0.3, both MSE and SGD as in the tutorial. A linear model
 * cannot do better than predicting the mean (loss ≈ Var(x1·x2) = 1); the sigmoid layer can.
 * simdnet reports the mean batch loss per epoch, where the tutorial plots the sum over the 20 batches.
 *
 * ```ts
 * const { ratio } = await runProduct({ backend: 'wasm' }); // far above 10
 * ```
 */
export async function runProduct(opts: HundredLinesOptions = {}): Promise<ProductFit> {
  if (opts.backend) await useBackend(opts.backend);
  const seed = opts.seed ?? 0;
  const log = opts.log ?? (() => {});
  const { x, y } = productData(1000, { seed });
  const one = sequential([dense(2, 1, { init: 'normal' })], { seed: seed + 1 });
  const two = sequential([dense(2, 10, { init: 'normal' }), sigmoid(), dense(10, 1, { init: 'normal' })], { seed: seed + 1 });
  try {
    const fitOpts = { loss: 'mse' as const, epochs: 50, batchSize: 50, seed: seed + 2 };
    const h1 = await one.fit(x, y, { ...fitOpts, optimizer: sgd({ lr: 0.01 }) });
    const h2 = await two.fit(x, y, { ...fitOpts, optimizer: sgd({ lr: 0.3 }) });
    const ratio = h1.loss.at(-1)! / h2.loss.at(-1)!;
    log('epoch | 1 layer  | 2 layers');
    for (const e of [0, 4, 9, 19, 29, 39, 49]) log(`${String(e).padStart(5)} | ${h1.loss[e].toFixed(4).padStart(8)} | ${h2.loss[e].toFixed(4)}`);
    log(`y = x1·x2 after 50 epochs: 1 layer ${h1.loss.at(-1)!.toFixed(4)}, 2 layers ${h2.loss.at(-1)!.toFixed(4)} (${ratio.toFixed(0)}× lower)`);
    const figures: Figure[] = [];
    if (opts.plot) {
      // Two charts with the same log axis label: lossCurve's legend names are fixed ('loss', 'validation loss').
      const chart = (loss: number[], title: string) => lossCurve({ loss }, { title, logLoss: true, lossLabel: 'MSE (log scale)' });
      figures.push({ name: 'product-1-layer.svg', svg: chart(h1.loss, 'y = x1·x2: 1 layer, Linear(2, 1)') });
      figures.push({ name: 'product-2-layers.svg', svg: chart(h2.loss, 'y = x1·x2: 2 layers, Linear(2, 10) → Sigmoid → Linear(10, 1)') });
    }
    return { oneLayer: h1.loss, twoLayers: h2.loss, ratio, figures };
  } finally {
    one.dispose();
    two.dispose();
  }
}

if (isMain(import.meta.url)) {
  const backend = backendFromArgv();
  const log = (line: string) => console.log(line);
  const svgDir = svgDirFromArgv();
  runLinear({ backend, log })
    .then(() => runProduct({ backend, log, plot: svgDir !== null }))
    .then((r) => (svgDir ? saveFigures(svgDir, r.figures) : undefined))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
