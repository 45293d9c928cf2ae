/** Training through the public API with init({ threads: 2 }) gives bit-for-bit the weights of a one-thread run. */

import { expect, it, vi } from 'vitest';
import { Random } from '../../../src/random.js';

/** Trains a 100-64-32-10 MLP for 2 epochs on seeded data in a fresh copy of the library; returns its weights. */
async function train(threads: number): Promise<{ weights: Float32Array[]; loss: number[]; info: unknown }> {
  vi.resetModules(); // a fresh backend/index.ts: init() loads once per module instance
  const { init, threadInfo, stopThreads } = await import('../../../src/backend/index.js');
  const { mlp } = await import('../../../src/model/sequential.js');
  const { sgd } = await import('../../../src/nn/optimizers.js');
  await init({ threads, simd: 'baseline' });
  const rng = new Random(11);
  const rows = 512, cols = 100;
  const x = { data: Float32Array.from({ length: rows * cols }, () => rng.normal(0, 1)), shape: [rows, cols] as [number, number] };
  const y = Uint8Array.from({ length: rows }, () => rng.int(10));
  // batch 256: the first layer's GEMMs (256·100·64 ≈ 1.6 M multiply-adds) are above the split threshold
  const model = mlp(cols, [64, 32, 10], { seed: 5 });
  const h = await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), epochs: 2, batchSize: 256, seed: 1 });
  const weights = model.snapshot();
  const info = threadInfo();
  model.dispose();
  stopThreads();
  return { weights, loss: h.loss, info };
}

it('two threads train to exactly the weights and losses of one thread', async () => {
  const one = await train(1);
  const two = await train(2);
  expect(one.info).toMatchObject({ threads: 1 });
  expect(two.info).toMatchObject({ threads: 2, shared: true });
  expect(two.loss).toEqual(one.loss);
  expect(two.weights).toEqual(one.weights);
  expect(one.loss[1]).toBeLessThan(one.loss[0]); // it did train
});

/** Trains a convnet (conv 5×5 → relu → maxPool → conv 5×5 'same' → leakyRelu → avgPool → dense) for 2 epochs in a fresh copy of the library. */
async function trainConv(threads: number): Promise<{ weights: Float32Array[]; loss: number[]; info: unknown }> {
  vi.resetModules();
  const { init, threadInfo, stopThreads } = await import('../../../src/backend/index.js');
  const { sequential } = await import('../../../src/model/sequential.js');
  const { adam } = await import('../../../src/nn/optimizers.js');
  const { conv2d } = await import('../../../src/nn/conv2d.js');
  const { avgPool2d, maxPool2d } = await import('../../../src/nn/pooling.js');
  const { flatten } = await import('../../../src/nn/flatten.js');
  const { dense } = await import('../../../src/nn/dense.js');
  const { relu, leakyRelu } = await import('../../../src/nn/activations.js');
  await init({ threads, simd: 'baseline' });
  const rng = new Random(12);
  const rows = 192;
  const x = { data: Float32Array.from({ length: rows * 400 }, () => rng.uniform(0, 1)), shape: [rows, 400] as [number, number] };
  const y = Uint8Array.from({ length: rows }, () => rng.int(10));
  // batch 48: conv1 is 48·16·16·25·8 ≈ 2.5 M multiply-adds, conv2 48·8·8·200·16 ≈ 9.8 M: both above the split threshold
  const model = sequential([
    conv2d({ inputShape: [20, 20, 1], filters: 8, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 16, kernelSize: 5, padding: 'same' }), leakyRelu(0.1), avgPool2d({ poolSize: 2 }), flatten(), dense(10),
  ], { seed: 5 });
  const h = await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.01 }), epochs: 2, batchSize: 48, seed: 1 });
  const weights = model.snapshot();
  const info = threadInfo();
  model.dispose();
  stopThreads();
  return { weights, loss: h.loss, info };
}

it('a convnet trains on two threads to exactly the weights and losses of one thread', async () => {
  const one = await trainConv(1);
  const two = await trainConv(2);
  expect(two.info).toMatchObject({ threads: 2, shared: true });
  expect(two.loss).toEqual(one.loss);
  expect(two.weights).toEqual(one.weights);
  expect(one.loss[1]).toBeLessThan(one.loss[0]);
});
