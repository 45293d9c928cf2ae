// Smoke test of the MNIST workload on a tiny synthetic problem: every contender trains the same epoch.
import { describe, expect, it } from 'vitest';
import { CONTENDERS, simdnetBackend } from '../../../bench/compare/contenders.js';
import { firstRows, mnistEpoch, mnistProblemFrom, mlpWeights, simdnetKernelMnistEpoch } from '../../../bench/compare/mnist.js';
import { mnistVariants } from '../../../bench/compare/suite.js';
import { sgd } from '../../../src/nn/optimizers.js';
import { mlp } from '../../../src/model/sequential.js';
import { Random } from '../../../src/random.js';

/** 70 rows of 12 features, 4 classes, batch 16 (a partial last batch of 6), sizes 12-8-6-4. */
function tinyProblem() {
  const rng = new Random(7);
  const rows = 70, sizes = [12, 8, 6, 4];
  const x = Float32Array.from({ length: rows * 12 }, () => rng.uniform(0, 1));
  const labels = Uint8Array.from({ length: rows }, () => rng.int(4));
  return mnistProblemFrom(x, labels, sizes, 16, 0.5);
}

describe('bench/compare/mnist', () => {
  it('every contender and style gives the same epoch losses and weights', async () => {
    const p = tinyProblem();
    const results: { who: string; losses: number[]; w: Float32Array[] }[] = [];
    for (const c of CONTENDERS) {
      for (const v of mnistVariants(c)) {
        const e = await mnistEpoch(c, v, p);
        const losses = [await e.epoch(), await e.epoch()];
        results.push({ who: `${c}/${v}`, losses, w: e.weights().flatMap((d) => [d.W, d.b]) });
        e.dispose();
      }
    }
    const ref = results[0];
    expect(ref.losses[1]).toBeLessThan(ref.losses[0]); // it learns
    expect(Math.abs(ref.losses[0] - Math.log(4))).toBeLessThan(0.5); // starts near chance
    for (const r of results.slice(1)) {
      r.losses.forEach((l, i) => expect(Math.abs(l - ref.losses[i]), `${r.who} loss ${i}`).toBeLessThan(1e-4));
      r.w.forEach((arr, j) => arr.forEach((v, i) => expect(Math.abs(v - ref.w[j][i]), `${r.who} param ${j}[${i}]`).toBeLessThan(1e-4)));
    }
  });

  it('the fused kernel epoch trains exactly like the unfused one and counts what fit counts as accuracy', async () => {
    const be = await simdnetBackend('simdnet-wasm');
    const p = tinyProblem();
    const plain = simdnetKernelMnistEpoch(be, p);
    const fused = simdnetKernelMnistEpoch(be, p, { fused: true, accuracy: true });
    const both = simdnetKernelMnistEpoch(be, p, { fused: true, fusedBackward: true });
    const model = mlp(12, [8, 6, 4], { activation: 'relu', seed: 0 });
    model.setWeights(p.weights);
    const h = await model.fit({ data: p.x, shape: [p.rows, 12] }, p.labels, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: p.lr }), batchSize: 16, shuffle: false });
    expect(fused.epoch()).toBeCloseTo(plain.epoch() as number, 6);
    expect(fused.correct!()).toBe(Math.round(h.accuracy![0] * p.rows));
    expect(plain.correct!()).toBe(0);
    expect(fused.epoch()).toBeCloseTo(plain.epoch() as number, 6);
    expect(fused.weights()[0].W).toEqual(plain.weights()[0].W);
    // the fused backward kernels give the bits of the separate ones
    both.epoch();
    both.epoch();
    expect(both.weights()).toEqual(plain.weights());
    [plain, fused, both, model].forEach((x) => x.dispose());
  });

  it('firstRows keeps the first rows of x, labels and one-hot targets', () => {
    const p = tinyProblem();
    const q = firstRows(p, 20);
    expect(q.rows).toBe(20);
    expect(q.x.length).toBe(20 * 12);
    expect(Array.from(q.labels)).toEqual(Array.from(p.labels.subarray(0, 20)));
    expect(q.yOneHot.length).toBe(20 * 4);
  });

  it('draws seeded Glorot weights within ±√(6/(in+out)) and zero biases', () => {
    const w = mlpWeights([784, 128, 64, 10]);
    expect(w.map((l) => l.W.length)).toEqual([784 * 128, 128 * 64, 64 * 10]);
    const lim = Math.sqrt(6 / (784 + 128));
    expect(Math.max(...w[0].W.map(Math.abs))).toBeLessThanOrEqual(lim);
    expect(w[2].b.every((v) => v === 0)).toBe(true);
    expect(mlpWeights([784, 128, 64, 10])[1].W).toEqual(w[1].W);
  });
});
