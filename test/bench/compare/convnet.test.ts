// Smoke test of the MNIST convnet workload on a few synthetic images: simdnet (both backends) and tfjs-cpu train the same epoch from the same weights.
import { describe, expect, it } from 'vitest';
import { convnetEpoch, convnetEpochFlops, convnetProblemFrom, convnetWeights, firstConvnetRows } from '../../../bench/compare/convnet_epoch.js';
import { Random } from '../../../src/random.js';

/** 12 images of 28×28, 10 classes, batch 8 (a partial last batch of 4): tfjs-cpu's filter gradient takes ~0.2 s per image. */
function tinyProblem() {
  const rng = new Random(3);
  const rows = 12;
  const x = Float32Array.from({ length: rows * 784 }, () => rng.uniform(0, 1));
  const labels = Uint8Array.from({ length: rows }, () => rng.int(10));
  return convnetProblemFrom(x, labels, 8, 0.05);
}

describe('bench/compare/convnet_epoch', () => {
  it('simdnet-wasm, simdnet-ts and tfjs-cpu (tfjs-layers) give the same epoch loss and weights', async () => {
    const p = tinyProblem();
    const results: { who: string; losses: number[]; w: Float32Array[] }[] = [];
    for (const c of ['simdnet-wasm', 'simdnet-ts', 'tfjs-cpu'] as const) {
      const e = await convnetEpoch(c, c === 'tfjs-cpu' ? 'tfjs-layers' : 'model', p);
      const losses = [await e.epoch()];
      results.push({ who: c, losses, w: e.weights().flatMap((d) => [d.W, d.b]) });
      e.dispose();
    }
    const ref = results[0];
    expect(Math.abs(ref.losses[0] - Math.log(10))).toBeLessThan(1); // starts near chance
    for (const r of results.slice(1)) {
      r.losses.forEach((l, i) => expect(Math.abs(l - ref.losses[i]), `${r.who} loss ${i}`).toBeLessThan(1e-4));
      r.w.forEach((arr, j) => arr.forEach((v, i) => expect(Math.abs(v - ref.w[j][i]), `${r.who} param ${j}[${i}]`).toBeLessThan(1e-4)));
    }
  });

  it('tfjs-wasm is refused with the kernel it lacks, before anything is built', async () => {
    await expect(convnetEpoch('tfjs-wasm', 'tfjs-layers', tinyProblem())).rejects.toThrow(/Conv2DBackpropFilter/);
  });

  it('counts useful flops as issue 12 does, and keeps the first rows', () => {
    expect(convnetEpochFlops(64)).toBe(2 * (2 * 64 * 24 * 24 * 25 * 8) + 3 * (2 * 64 * 8 * 8 * 25 * 8 * 16));
    const w = convnetWeights();
    expect(w.map((l) => l.W.length)).toEqual([200, 3200, 2560]);
    expect(Math.max(...w[0].W.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / (25 + 200)));
    const q = firstConvnetRows(tinyProblem(), 5);
    expect([q.rows, q.x.length, q.yOneHot.length]).toEqual([5, 3920, 50]);
  });
});
