/** Tutorial 003 (WildML) with tensors: a 2-H-2 tanh network with softmax, L2, full-batch gradient descent, and the hidden-size sweep. */

import { makeMoons } from '../../src/data/index.js';
import { mlp, sgd } from '../../src/index.js';
import { decisionBoundary } from '../../src/plot/index.js';
import { backendFromArgv, isMain, pct, saveFigures, svgDirFromArgv, useBackend, type BackendChoice, type Figure } from '../cli.js';

/** The tutorial's hidden-layer sizes. */
export const HIDDEN_SIZES: readonly number[] = [1, 2, 3, 4, 5, 20, 50];

export interface WildmlOptions {
  /** Backend to select before building the models (default: keep the current one). */
  backend?: BackendChoice;
  /** Hidden-layer sizes to train, one model each (default [3], the tutorial's main model; HIDDEN_SIZES for the sweep). */
  hidden?: readonly number[];
  /** Full-batch gradient-descent passes (default 20000). */
  passes?: number;
  /** The tutorial's ε: step size on the loss *summed* over the 200 points (default 0.01). */
  epsilon?: number;
  /** The tutorial's reg_lambda: its gradient adds λ·W to the *summed* data gradient (default 0.01). */
  regLambda?: number;
  /** Seed of the data (default 0, the tutorial's np.random.seed(0)) and of the weights (same seed, like build_model). */
  seed?: number;
  /** Print the loss every this many passes for the first model (default 1000, the tutorial's print_loss). */
  printEvery?: number;
  /** Where the printed lines go (default: nowhere). */
  log?: (line: string) => void;
  /** Also draw each model's decision boundary, as the tutorial does (default false). */
  plot?: boolean;
}

export interface WildmlRun {
  hidden: number;
  /** Accuracy on the 200 training points after training. */
  accuracy: number;
  /** Mean cross-entropy + (l2/2)·ΣW² (the tutorial's calculate_loss) after training. */
  loss: number;
  /** [pass, loss after that pass's update] every `printEvery` passes. */
  printed: [number, number][];
  /** With `plot`: wildml-h<H>.svg, the decision boundary. */
  figure?: Figure;
}

/**
 * The tutorial's build_model for each hidden size: W = randn/√fan_in (init 'normal'), b = 0, tanh, softmax,
 * 20000 full-batch passes on makeMoons(200, noise 0.2).
 *
 * The tutorial sums gradients over the N = 200 points and adds reg_lambda·W; simdnet's losses are means and
 * `l2` is λ in (λ/2)·ΣW² added to that mean. The same updates therefore need lr = ε·N = 2.0 and
 * l2 = reg_lambda / N = 5e-5; the loss simdnet reports is then exactly the tutorial's calculate_loss
 * ((Σ CE + reg_lambda/2·ΣW²) / N).
 *
 * ```ts
 * const [h3] = await runWildml({ backend: 'wasm', hidden: [3], log: console.log }); // h3.accuracy ≥ 0.96
 * ```
 */
export async function runWildml(opts: WildmlOptions = {}): Promise<WildmlRun[]> {
  if (opts.backend) await useBackend(opts.backend);
  const hidden = opts.hidden ?? [3];
  const passes = opts.passes ?? 20000;
  const seed = opts.seed ?? 0;
  const printEvery = opts.printEvery ?? 1000;
  const log = opts.log ?? (() => {});
  const data = makeMoons(200, { noise: 0.2, seed });
  const n = data.x.length;
  const lr = (opts.epsilon ?? 0.01) * n;
  const l2 = (opts.regLambda ?? 0.01) / n;

  const runs: WildmlRun[] = [];
  for (const h of hidden) {
    const model = mlp(2, [h, 2], { activation: 'tanh', init: 'normal', seed });
    try {
      const printed: [number, number][] = [];
      await model.fit(data.x, data.y, {
        loss: 'softmaxCrossEntropy',
        optimizer: sgd({ lr }),
        l2,
        epochs: passes,
        batchSize: n,
        onEpochEnd: (i) => {
          if (i % printEvery !== 0) return;
          const loss = model.evaluate(data.x, data.y).loss; // after this pass's update, like the tutorial
          printed.push([i, loss]);
          if (runs.length === 0) log(`Loss after iteration ${i}: ${loss.toFixed(6)}`);
        },
      });
      const { loss, accuracy } = model.evaluate(data.x, data.y);
      const run: WildmlRun = { hidden: h, accuracy: accuracy!, loss, printed };
      if (opts.plot) {
        run.figure = { name: `wildml-h${h}.svg`, svg: decisionBoundary(model, data.x, data.y, { title: `Decision Boundary for hidden layer size ${h} (${pct(accuracy!)})` }) };
      }
      runs.push(run);
      log(`hidden layer size ${String(h).padStart(2)}: accuracy ${pct(accuracy!)}, loss ${loss.toFixed(4)}`);
    } finally {
      model.dispose();
    }
  }
  return runs;
}

if (isMain(import.meta.url)) {
  const argv = process.argv.slice(2);
  const sweep = argv.includes('--sweep');
  const svgDir = svgDirFromArgv(argv);
  runWildml({ backend: backendFromArgv(argv), hidden: sweep ? HIDDEN_SIZES : [3], log: (line) => console.log(line), plot: svgDir !== null })
    .then((runs) => (svgDir ? saveFigures(svgDir, runs.map((r) => r.figure!)) : undefined))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
