// normalize: statistics fitted in f64 (mean and population std, or min and max) against a direct computation; predict on raw inputs; first-layer and inner-layer gradients; constant features; every bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, type BackendName } from '../../src/backend/index.js';
import { dense, gradCheck, normalize, relu, sequential, sgd, tanh, tensor } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { availableBackends, maxRelDiff } from './reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

/** Columns on very different scales, one of them constant. */
function data(rows: number, seed: number): number[][] {
  const rng = new Random(seed);
  return Array.from({ length: rows }, () => [rng.normal(1000, 250), rng.uniform(-0.01, 0.03), 7, rng.normal(-5, 2)]);
}
const column = (x: number[][], j: number) => x.map((r) => r[j]);
const f32 = (x: number[][]) => x.map((r) => r.map(Math.fround)); // what the layer sees

describe.each(['ts', 'wasm'] as const)('normalize on %s', (backend) => {
  it('normalize.fit standardizes each column with its mean and population std (f64), a constant column with scale 1', () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const x = data(50, 1);
    const xf = f32(x);
    const mean = [0, 1, 2, 3].map((j) => column(xf, j).reduce((a, b) => a + b, 0) / 50);
    const std = [0, 1, 2, 3].map((j) => Math.sqrt(column(xf, j).reduce((a, v) => a + (v - mean[j]) ** 2, 0) / 50));
    expect(std[2]).toBe(0);
    const m = sequential([normalize.fit(x)]);
    const { shift, scale } = m.getWeights()[0];
    expect(maxRelDiff(shift, mean, 1e-6)).toBeLessThan(1e-6);
    expect(maxRelDiff(scale, std.map((s) => (s > 0 ? 1 / s : 1)), 1e-6)).toBeLessThan(1e-6);
    const want = xf.map((r) => r.map((v, j) => (v - mean[j]) / (std[j] || 1)));
    expect(maxRelDiff(m.predict(x), want)).toBeLessThan(1e-5);
    m.dispose();
  });

  it("method 'minMax' maps each column of the fitted data onto [0, 1]; normalize({ min, max }) and ({ mean, std }) take the statistics as given", () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const x = data(30, 2);
    const m = sequential([normalize.fit(x, { method: 'minMax' })]);
    const out = m.predict(x);
    [0, 1, 3].forEach((j) => {
      expect(Math.min(...column(out, j))).toBeCloseTo(0, 6);
      expect(Math.max(...column(out, j))).toBeCloseTo(1, 5);
    });
    expect(column(out, 2).every((v) => v === 0)).toBe(true);
    m.dispose();
    const given = sequential([normalize({ min: [0, -1], max: [10, 1] }), normalize({ mean: [0.5, 0.5], std: [0.25, 0] })]);
    const y = given.predict([[5, 0], [10, 1]]);
    expect(maxRelDiff(y, [[0, 0], [2, 0.5]], 1e-6)).toBeLessThan(1e-6); // (5/10 − 0.5)/0.25, ((0 + 1)/2 − 0.5)·1
    expect(String(given)).toBe('normalize(minMax, [2]) → normalize(standard, [2])');
    given.dispose();
  });

  it('as the first layer, training on raw inputs equals training on inputs normalized beforehand (its backward is skipped)', async () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const x = data(40, 3);
    const y = x.map((r) => [(r[0] - 1000) / 250 + r[3] / 2]);
    const a = sequential([normalize.fit(x), dense(4, 6), tanh(), dense(6, 1)], { seed: 1 });
    const alone = sequential([normalize.fit(x)]);
    const z = alone.predict(x);
    const stats = alone.getWeights()[0];
    alone.dispose();
    const b = sequential([dense(4, 6), tanh(), dense(6, 1)], { seed: 1 });
    b.setWeights(a.getWeights().slice(1));
    const opts = { loss: 'mse' as const, optimizer: sgd({ lr: 0.05 }), epochs: 3, batchSize: 8, seed: 1 };
    await a.fit(x, y, opts);
    await b.fit(z, y, { ...opts, optimizer: sgd({ lr: 0.05 }) });
    expect(maxRelDiff(a.getWeights().slice(1).flatMap((l) => [...l.W.flat(), ...l.b]), b.getWeights().flatMap((l) => [...l.W.flat(), ...l.b]))).toBeLessThan(1e-5);
    expect(a.getWeights()[0]).toEqual(stats); // saved, not trained
    a.dispose();
    b.dispose();
  });

  it('inside a model, dx = dy·scale: gradCheck agrees on the dense layer before it', () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const x = data(10, 4).map((r) => [r[0] / 1000, r[1], r[3]]);
    const m = sequential([dense(3, 2, { bias: 'init' }), normalize({ mean: [0.3, -0.2], std: [0.5, 2] }), relu(), dense(2, 1)], { seed: 2 });
    expect(gradCheck(m, x, x.map((r) => [r[0] - r[2]]), { loss: 'mse' }).max).toBeLessThan(1e-2);
    m.dispose();
  });
});

describe('normalize input checks', () => {
  it('refuses bad statistics, methods, shapes and data with typed errors naming normalize', () => {
    setBackend('ts');
    const cases: [() => unknown, ErrorConstructor, RegExp][] = [
      [() => normalize({ mean: [1, 2], std: [1] }), RangeError, /^normalize: std has 1 values but the other statistic has 2$/],
      [() => normalize({ mean: [1], std: [-1] }), RangeError, /^normalize: std\[0\] must be ≥ 0, got -1$/],
      [() => normalize({ min: [0, 5], max: [1, 4] }), RangeError, /^normalize: max\[1\] \(4\) is below min\[1\] \(5\)$/],
      [() => normalize({ mean: [NaN], std: [1] }), RangeError, /^normalize: mean\[0\] must be finite, got NaN$/],
      [() => normalize({ mean: [], std: [] }), RangeError, /^normalize: mean is empty/],
      [() => normalize({ mean: ['1'], std: [1] } as never), TypeError, /^normalize: mean\[0\] must be a number, got a string/],
      [() => normalize({ mean: 1, std: 1 } as never), TypeError, /^normalize: mean must be an array of numbers \(one per feature\), got 1$/],
      [() => normalize({ mean: [1] } as never), TypeError, /^normalize: expected \{ mean, std \} or \{ min, max \}; std is missing$/],
      [() => normalize({ mean: [1], std: [1], max: [2] } as never), TypeError, /^normalize: unknown option 'max'/],
      [() => normalize({ mean: [1], variance: [1] } as never), TypeError, /did you mean std \(the standard deviation\)\?/],
      [() => normalize([1, 2] as never), TypeError, /^normalize: expected \{ mean, std \} or \{ min, max \}, got an array$/],
      [() => normalize({ mean: [1, 2], std: [1, 1], inputShape: [3] }), RangeError, /inputShape \[3\] must be 1 to 4 positive integers whose product is the 2 features/],
      [() => normalize.fit([[1, 2]], { method: 'zscore' as never }), TypeError, /^normalize.fit: method must be 'standard' or 'minMax', got a string \("zscore"\)$/],
      [() => normalize.fit([[1, 2], [3]]), RangeError, /^normalize.fit: x is ragged/],
      [() => normalize.fit([[1, NaN]]), RangeError, /^normalize.fit: x has a non-finite value \(NaN\) at row 0, column 1$/],
      [() => normalize.fit([[1, 2]], { axis: 0 } as never), TypeError, /^normalize.fit: unknown option 'axis'/],
      [() => normalize.fit('x' as never), TypeError, /^normalize.fit:/],
    ];
    for (const [make, type, msg] of cases) {
      expect(make, String(msg)).toThrow(type);
      expect(make).toThrow(msg);
    }
    expect(() => sequential([normalize({ mean: [0, 0], std: [1, 1] }), dense(3, 1)])).toThrow(
      /^sequential: layer 1 \(dense\(3→1\)\) expects input \[3\], got \[2\]$/);
    const m = sequential([normalize({ mean: [0, 0], std: [1, 1] }), dense(2)]);
    expect(() => m.predict([[1, 2, 3]])).toThrow(/^predict: normalize\(standard, \[2\]\): input has 3 columns, expected 2$/);
    expect(m.summary().nonTrainableParams).toBe(4);
    m.dispose();
    const t = tensor([[1, 2], [3, 4]]);
    expect(sequential([normalize.fit(t, { inputShape: [1, 2] })]).inputShape).toEqual([1, 2]);
    t.dispose();
  });
});
