// Tests demo/mnist-model.bin (made by scripts/train-demo-mnist.ts): it loads in the current format and reads MNIST.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../src/backend/index.js';
import { loadMnist } from '../../src/data/mnist_node.js';
import { loadModel } from '../../src/index.js';
import { repoRoot } from '../../scripts/build-browser.mjs';

beforeAll(async () => { await init(); });

describe('demo/mnist-model.bin', () => {
  it('is a small 784-64-10 model that classifies ≥ 95% of the 10 000 MNIST test digits', () => {
    const bytes = readFileSync(`${repoRoot}/demo/mnist-model.bin`);
    expect(bytes.length).toBeLessThan(250 * 1024);
    const model = loadModel(bytes);
    expect(model.toString()).toBe('dense(784→64) → relu → dense(64→10)');
    const { test } = loadMnist();
    const predicted = model.predictClasses(test.x);
    const correct = predicted.filter((c, i) => c === test.y[i]).length;
    expect(correct / test.y.length).toBeGreaterThanOrEqual(0.95);
    model.dispose();
  });
});
