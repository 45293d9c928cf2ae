/** The simdnet side of bench:torch's MNIST convnet epoch: bench/compare's convnet through `fit`, steady-state epochs timed as the MLP's. */

import { init, threadInfo } from '../../src/backend/index.js';
import { sgd } from '../../src/nn/optimizers.js';
import { convnetProblem, firstConvnetRows, simdnetConvnet } from '../compare/convnet_problem.js';
import { collectGarbage, cpuNow } from '../compare/timing.js';

/** Batches of the warm-up fit, as the MLP's; also how many first step losses are compared with PyTorch's. */
const WARM_BATCHES = 40;
export const CHECKED_STEPS = 5;

const seconds = (ms: number) => ms / 1000;

/**
 * One `fit` call of epochs + 1 epochs over the 60000 images in file order (the first epoch, which validates and uploads x,
 * is not timed), after a warm-up fit on the first 40 batches and a reset to the shared weights. Returns wall and CPU
 * seconds per timed epoch, every epoch's loss and the first steps' losses (the first epoch starts from the shared weights).
 */
export async function runConvnet(batch: number, threads: number, epochs: number) {
  await init({ backend: 'wasm', threads });
  const p = { ...convnetProblem(), batchSize: batch };
  const model = simdnetConvnet(p);
  const opts = { loss: 'softmaxCrossEntropy' as const, optimizer: sgd({ lr: p.lr }), batchSize: p.batchSize, shuffle: false };
  const warm = firstConvnetRows(p, Math.min(p.rows, WARM_BATCHES * batch));
  await model.fit({ data: warm.x, shape: [warm.rows, 784] }, warm.labels, { ...opts, epochs: 1 });
  model.setWeights(p.weights.map((w) => ({ W: w.W, b: w.b })));
  const t = { fit: [] as number[], fitCpu: [] as number[] };
  const steps: number[] = [];
  collectGarbage();
  let t0 = performance.now(), c0 = cpuNow();
  const h = await model.fit({ data: p.x, shape: [p.rows, 784] }, p.labels, {
    ...opts, epochs: epochs + 1, yieldEvery: 10,
    onBatchEnd(step, logs) {
      if (step < CHECKED_STEPS) steps.push(logs.loss);
    },
    onEpochEnd(e) {
      if (e > 0) {
        t.fit.push(seconds(performance.now() - t0));
        t.fitCpu.push(seconds(cpuNow() - c0));
      }
      collectGarbage();
      t0 = performance.now();
      c0 = cpuNow();
    },
  });
  model.dispose();
  return { seconds: t, losses: { fit: h.loss, steps }, threadsRunning: threadInfo().threads };
}
