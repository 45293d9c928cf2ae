/** Dropout against overfitting: a wide MLP on a few thousand MNIST digits, trained with and without dropout, with its validation curves. */

import { loadMnist } from '../../src/data/mnist_node.js';
import { dense, dropout, momentum, relu, sequential, type Layer } from '../../src/index.js';
import type { Matrix } from '../../src/matrix.js';
import { lossCurve } from '../../src/plot/index.js';
import { backendFromArgv, isMain, pct, saveFigures, svgDirFromArgv, useBackend, type BackendChoice, type Figure } from '../cli.js';

export interface DropoutExampleOptions {
  /** Backend to select first (default: keep the current one). */
  backend?: BackendChoice;
  /** Training images, the first of MNIST's training file (default 2000: few enough that the wide network overfits). */
  train?: number;
  /** Validation images, the first of MNIST's test file (default 10000, all of them). */
  validation?: number;
  /** Width of the two hidden layers (default 1024). */
  hidden?: number;
  /** Dropout rate after each hidden activation in the second run (default 0.5, Srivastava et al.'s for hidden units). */
  rate?: number;
  /** Dropout rate on the input pixels in the second run (default 0.2, Srivastava et al.'s for inputs). */
  inputRate?: number;
  /** Passes over the training images (default 40). */
  epochs?: number;
  /** Seed of the weights (the same in both runs), the batch order and the masks (default 0). */
  seed?: number;
  log?: (line: string) => void;
  /** Also draw each run's loss and accuracy curves, training and validation (default false). */
  plot?: boolean;
}

/** One run's curves and the figures read from them. */
export interface RunFigures {
  loss: number[];
  accuracy: number[];
  valLoss: number[];
  valAccuracy: number[];
  /** The epoch (1-based) with the lowest validation loss, and that loss. */
  best: { epoch: number; valLoss: number };
  /** Validation accuracy of the trained model, counted from predictClasses against the labels. */
  finalAccuracy: number;
  seconds: number;
}

export interface DropoutExampleResult {
  plain: RunFigures;
  dropout: RunFigures;
  figures: Figure[];
}

/** [dropout] → 784 → hidden → relu → [dropout] → hidden → relu → [dropout] → 10; the dense layers draw the same weights either way. */
function layers(hidden: number, rate: number, inputRate: number): Layer[] {
  const drop = (r: number): Layer[] => (r > 0 ? [dropout(r)] : []);
  return [...drop(inputRate), dense(784, hidden, { init: 'he' }), relu(), ...drop(rate), dense(hidden, hidden, { init: 'he' }), relu(), ...drop(rate), dense(hidden, 10)];
}

async function trainOne(name: string, rates: [number, number], data: { x: Matrix; y: Uint8Array; vx: Matrix; vy: Uint8Array }, o: Required<Omit<DropoutExampleOptions, 'backend' | 'plot' | 'log'>>, log: (s: string) => void): Promise<RunFigures> {
  const model = sequential(layers(o.hidden, rates[0], rates[1]), { seed: o.seed });
  try {
    const t0 = performance.now();
    const h = await model.fit(data.x, data.y, {
      loss: 'softmaxCrossEntropy', optimizer: momentum({ lr: 0.05, momentum: 0.9 }), epochs: o.epochs, batchSize: 64, seed: o.seed,
      validationData: [data.vx, data.vy],
      onEpochEnd: (e, l) => {
        if (e % 5 === 4 || e === 0) log(`${name} epoch ${String(e + 1).padStart(2)}: loss ${l.loss.toFixed(4)}, acc ${pct(l.accuracy!)}, val_loss ${l.valLoss!.toFixed(4)}, val_acc ${pct(l.valAccuracy!)}`);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const valLoss = h.valLoss!;
    const bestAt = valLoss.indexOf(Math.min(...valLoss));
    const predicted = model.predictClasses(data.vx);
    const finalAccuracy = predicted.filter((c, i) => c === data.vy[i]).length / predicted.length;
    return { loss: h.loss, accuracy: h.accuracy!, valLoss, valAccuracy: h.valAccuracy!, best: { epoch: bestAt + 1, valLoss: valLoss[bestAt] }, finalAccuracy, seconds };
  } finally {
    model.dispose();
  }
}

/**
 * Trains the same wide MLP (784-1024-1024-10, ReLU, He initialization, SGD with momentum 0.9 and lr 0.05, batch 64)
 * on 2000 MNIST images twice: without dropout, and with dropout(0.2) on the pixels and dropout(0.5) after each hidden
 * layer (Srivastava et al. 2014's rates), measuring the 10000 test images after every epoch.
 *
 * ```ts
 * const { plain, dropout } = await runDropoutMnist({ backend: 'wasm', log: console.log });
 * plain.valLoss.at(-1); dropout.valLoss.at(-1); // the network without dropout ends far above its best validation loss
 * ```
 */
export async function runDropoutMnist(opts: DropoutExampleOptions = {}): Promise<DropoutExampleResult> {
  if (opts.backend) await useBackend(opts.backend);
  const o = {
    train: opts.train ?? 2000, validation: opts.validation ?? 10000, hidden: opts.hidden ?? 1024, rate: opts.rate ?? 0.5,
    inputRate: opts.inputRate ?? 0.2, epochs: opts.epochs ?? 40, seed: opts.seed ?? 0,
  };
  const log = opts.log ?? (() => {});
  const { train, test } = loadMnist({ limitTrain: o.train, limitTest: o.validation });
  const data = { x: train.x, y: train.y, vx: test.x, vy: test.y };
  log(`MNIST: ${o.train} training images, ${o.validation} validation images; 784-${o.hidden}-${o.hidden}-10 ReLU, SGD momentum 0.9 lr 0.05, batch 64, ${o.epochs} epochs`);
  const plain = await trainOne('without dropout', [0, 0], data, o, log);
  const withDropout = await trainOne('with dropout   ', [o.rate, o.inputRate], data, o, log);
  const dropped = `with dropout (${o.inputRate} inputs, ${o.rate} hidden)`;
  for (const [name, r] of [['without dropout', plain], [dropped, withDropout]] as const) {
    log(`${name}: best val_loss ${r.best.valLoss.toFixed(4)} at epoch ${r.best.epoch}, final val_loss ${r.valLoss.at(-1)!.toFixed(4)}, ` +
      `final train acc ${pct(r.accuracy.at(-1)!)}, final val acc ${pct(r.finalAccuracy)} (${r.seconds.toFixed(1)} s)`);
  }
  const figures: Figure[] = [];
  if (opts.plot) {
    for (const [file, name, r] of [['without-dropout.svg', 'without dropout', plain], ['with-dropout.svg', dropped, withDropout]] as const) {
      figures.push({
        name: file,
        svg: lossCurve(r, { title: `784-${o.hidden}-${o.hidden}-10, ${o.train} MNIST images, ${name}`, logLoss: true }),
      });
    }
  }
  return { plain, dropout: withDropout, figures };
}

if (isMain(import.meta.url)) {
  const svgDir = svgDirFromArgv();
  runDropoutMnist({ backend: backendFromArgv(), log: (line) => console.log(line), plot: svgDir !== null })
    .then((r) => (svgDir ? saveFigures(svgDir, r.figures) : undefined))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
