import { init, sequential, conv2d, relu, maxPool2d, flatten, dense, sgd } from '../src/index.js';
import { loadMnist } from '../src/data/mnist_node.ts';
await init();
const { train } = loadMnist({ limitTrain: 19200, limitTest: 10 });
const model = sequential([
  conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }),
  conv2d({ filters: 16, kernelSize: 5 }), relu(), maxPool2d({ poolSize: 2 }), flatten(), dense(10)], { seed: 0 });
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  await model.fit(train.x, train.y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.05 }), epochs: 1, batchSize: 64, shuffle: false });
  console.log(`${((performance.now() - t0) / 300).toFixed(3)} ms/step`);
}
