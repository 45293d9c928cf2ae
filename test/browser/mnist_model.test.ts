// Tests demo/mnist-model.bin (made by scripts/train-demo-mnist.ts): a convnet that loads in the current format and reads MNIST.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../src/backend/index.js';
import { loadMnist } from '../../src/data/mnist_node.js';
import { loadModel } from '../../src/index.js';
import { repoRoot } from '../../scripts/build-browser.mjs';

beforeAll(async () => { await init(); });

describe('demo/mnist-model.bin', () => {
  it('is a small convnet that classifies ≥ 98.5% of the 10 000 MNIST test digits', () => {
    const bytes = readFileSync(`${repoRoot}/demo/mnist-model.bin`);
    expect(bytes.length).toBeLessThan(100 * 1024);
    const model = loadModel(bytes);
    expect(model.toString()).toBe('conv2d(16 5×5) → relu → maxPool2d(2×2) → conv2d(32 5×5) → relu → maxPool2d(2×2) → flatten → dense(512→10)');
    expect(model.inputShape).toEqual([28, 28, 1]);
    const { test } = loadMnist();
    const predicted = model.predictClasses(test.x);
    const correct = predicted.filter((c, i) => c === test.y[i]).length;
    expect(correct / test.y.length).toBeGreaterThanOrEqual(0.985);
    model.dispose();
  });
});
