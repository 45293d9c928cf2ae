/** Tutorial 002 with tensors: one weight and one bias learn Fahrenheit = 1.8·Celsius + 32 by full-batch gradient descent. */

import { celsius, toFahrenheit } from '../../src/data/index.js';
import { dense, sequential, sgd } from '../../src/index.js';
import { fitLine } from '../../src/plot/index.js';
import { backendFromArgv, isMain, saveFigures, svgDirFromArgv, useBackend, type BackendChoice, type Figure } from '../cli.js';

export interface CelsiusExampleOptions {
  /** Backend to select before building the model (default: keep the current one). */
  backend?: BackendChoice;
  /** Gradient-descent iterations, one full batch each (default 10000, the tutorial's). */
  iterations?: number;
  /**
   * SGD learning rate on the mean squared error (default 1e-3). Raw Celsius in [−50, 50) gives the loss a
   * curvature of 2·mean(C²) ≈ 1667 along w, so plain SGD is stable for lr < 2/1667 ≈ 1.2e-3; along b the
   * curvature is ≈ 2, and 10000 steps of 1e-3 shrink b's error by e^−20.
   */
  lr?: number;
  /** Seed of the initial weight and bias, both U(−1, 1) like the tutorial's random start (default 0). */
  seed?: number;
  /** Where the printed lines go (default: nowhere). */
  log?: (line: string) => void;
  /** Also draw the tutorial's figure: the data with the prediction lines before and after training (default false). */
  plot?: boolean;
}

export interface CelsiusExampleResult {
  /** Learned weight and bias (the law says 1.8 and 32). */
  w: number;
  b: number;
  /** Weight and bias before training. */
  initial: { w: number; b: number };
  /** Mean squared error at each iteration (before that iteration's update). */
  losses: number[];
  /** Prediction lines: Fahrenheit predicted for `celsius` before and after training, and the true values. */
  line: { celsius: number[]; fahrenheit: number[]; before: number[]; after: number[] };
  /** With `plot`: celsius.svg. */
  figures: Figure[];
}

/**
 * Trains F = w·C + b on the tutorial's data (the 100 integers −50…49 °C and their exact Fahrenheit values)
 * with plain full-batch gradient descent on the MSE, on raw (unnormalized) Celsius.
 *
 * ```ts
 * const { w, b } = await runCelsius({ backend: 'wasm', log: console.log }); // w ≈ 1.8, b ≈ 32
 * ```
 */
export async function runCelsius(opts: CelsiusExampleOptions = {}): Promise<CelsiusExampleResult> {
  if (opts.backend) await useBackend(opts.backend);
  const iterations = opts.iterations ?? 10000;
  const lr = opts.lr ?? 1e-3;
  const log = opts.log ?? (() => {});

  const data = celsius(); // −50 … 49 °C, F = 1.8·C + 32 exactly
  const model = sequential([dense(1, 1, { init: 'uniform', bias: 'init' })], { seed: opts.seed ?? 0 });
  try {
    const probe = [-40, -10, 0, 8, 15, 22, 38];
    const initialW = model.getWeights()[0];
    const initial = { w: initialW.W[0][0], b: initialW.b[0] };
    const before = model.predict(probe.map((c) => [c])).map((r) => r[0]);
    log(`before training: w = ${initial.w.toFixed(4)}, b = ${initial.b.toFixed(4)}`);

    const history = await model.fit(data.x, data.y, {
      loss: 'mse',
      optimizer: sgd({ lr }),
      epochs: iterations,
      batchSize: data.x.length, // full batch: one iteration = one pass, as in the tutorial
      onEpochEnd: (i, logs) => {
        if (i % 1000 === 0 || i === iterations - 1) log(`iteration ${i}: loss ${logs.loss.toPrecision(6)}`);
      },
    });

    const { W, b } = model.getWeights()[0];
    const after = model.predict(probe.map((c) => [c])).map((r) => r[0]);
    const fahrenheit = probe.map(toFahrenheit);
    log(`after ${iterations} iterations: w = ${W[0][0].toFixed(5)} (law: 1.8), b = ${b[0].toFixed(5)} (law: 32)`);
    log('celsius | true °F | before | after');
    probe.forEach((c, i) => log(`${String(c).padStart(7)} | ${fahrenheit[i].toFixed(1).padStart(7)} | ${before[i].toFixed(2).padStart(6)} | ${after[i].toFixed(2)}`));
    const w = W[0][0];
    const figures: Figure[] = [];
    if (opts.plot) {
      figures.push({
        name: 'celsius.svg',
        svg: fitLine(data.celsius, data.fahrenheit, [
          { label: `before training: ${affine(initial.w, initial.b, 2)}`, predict: (c) => initial.w * c + initial.b },
          { label: `after training: ${affine(w, b[0], 3)}`, predict: (c) => w * c + b[0] },
        ], { title: 'Fahrenheit from Celsius: one weight, one bias', xLabel: '°C', yLabel: '°F', dataLabel: 'F = 1.8·C + 32', samples: 2 }),
      });
    }
    return { w, b: b[0], initial, losses: history.loss, line: { celsius: probe, fahrenheit, before, after }, figures };
  } finally {
    model.dispose();
  }
}

/** 'w·C + b' with the sign of b written out: affine(0.77, −0.98, 2) → '0.77·C − 0.98'. */
function affine(w: number, b: number, digits: number): string {
  return `${w.toFixed(digits)}·C ${b < 0 ? '−' : '+'} ${Math.abs(b).toFixed(2)}`;
}

if (isMain(import.meta.url)) {
  const svgDir = svgDirFromArgv();
  runCelsius({ backend: backendFromArgv(), log: (line) => console.log(line), plot: svgDir !== null })
    .then((r) => (svgDir ? saveFigures(svgDir, r.figures) : undefined))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
