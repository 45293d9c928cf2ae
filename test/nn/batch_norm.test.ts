// batchNorm: training forward and backward against a direct f64 implementation (itself checked by finite differences), per feature and per channel; moving statistics replayed in f64 over a fit; inference and gradCheck; options.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../src/backend/index.js';
import { adam, batchNorm, dense, gradCheck, makeMoons, relu, sequential, sgd, tanh, type BatchNorm } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { availableBackends, maxRelDiff, tinyData } from './reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

/** Training-mode batch norm in f64 over the rows of x (n × c): biased variance, x̂, y = γ·x̂ + β. */
function refForward(x: number[][], gamma: number[], beta: number[], eps: number) {
  const n = x.length;
  const mean = gamma.map((_, j) => x.reduce((s, r) => s + r[j], 0) / n);
  const variance = gamma.map((_, j) => x.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n);
  const xhat = x.map((r) => r.map((v, j) => (v - mean[j]) / Math.sqrt(variance[j] + eps)));
  return { mean, variance, xhat, y: xhat.map((r) => r.map((v, j) => gamma[j] * v + beta[j])) };
}

/** Its gradients for an upstream dy, by the chain rule through the batch mean and variance (Ioffe & Szegedy, section 3). */
function refBackward(x: number[][], gamma: number[], eps: number, dy: number[][]) {
  const n = x.length;
  const { mean, variance, xhat } = refForward(x, gamma, gamma.map(() => 0), eps);
  const dbeta = gamma.map((_, j) => dy.reduce((s, r) => s + r[j], 0));
  const dgamma = gamma.map((_, j) => dy.reduce((s, r, i) => s + r[j] * xhat[i][j], 0));
  const dx = x.map((r, i) => r.map((v, j) => {
    const inv = 1 / Math.sqrt(variance[j] + eps);
    const dxhat = (k: number) => dy[k][j] * gamma[j];
    const dvar = x.reduce((s, rk, k) => s + dxhat(k) * (rk[j] - mean[j]) * -0.5 * inv ** 3, 0);
    const dmean = x.reduce((s, _, k) => s - dxhat(k) * inv, 0) + dvar * x.reduce((s, rk) => s - 2 * (rk[j] - mean[j]), 0) / n;
    return dxhat(i) * inv + (dvar * 2 * (v - mean[j])) / n + dmean / n;
  }));
  return { dx, dgamma, dbeta };
}

const rowsOf = (rng: Random, n: number, c: number, scale = 1, shift = 0) => Array.from({ length: n }, () => Array.from({ length: c }, () => shift + scale * rng.normal()));

describe('the f64 reference', () => {
  it('its backward is the finite-difference gradient of L = Σ w·y over x, γ and β', () => {
    const rng = new Random(3);
    const [x, w] = [rowsOf(rng, 5, 3, 2, 1), rowsOf(rng, 5, 3)];
    const gamma = [1.5, -0.7, 0.3], beta = [0.1, 0.2, -0.4], eps = 1e-3, h = 1e-6;
    const L = (xx: number[][], g: number[], b: number[]) => refForward(xx, g, b, eps).y.reduce((s, r, i) => s + r.reduce((t, v, j) => t + v * w[i][j], 0), 0);
    const { dx, dgamma, dbeta } = refBackward(x, gamma, eps, w);
    const nudge = (a: number[], j: number, d: number) => a.map((v, k) => (k === j ? v + d : v));
    x.forEach((r, i) => r.forEach((_, j) => {
      const at = (d: number) => x.map((rr, ii) => (ii === i ? nudge(rr, j, d) : rr));
      expect((L(at(h), gamma, beta) - L(at(-h), gamma, beta)) / (2 * h)).toBeCloseTo(dx[i][j], 6);
    }));
    gamma.forEach((_, j) => {
      expect((L(x, nudge(gamma, j, h), beta) - L(x, nudge(gamma, j, -h), beta)) / (2 * h)).toBeCloseTo(dgamma[j], 6);
      expect((L(x, gamma, nudge(beta, j, h)) - L(x, gamma, nudge(beta, j, -h))) / (2 * h)).toBeCloseTo(dbeta[j], 6);
    });
  });
});

describe.each(['ts', 'wasm'] as const)('batchNorm on %s', (backend) => {
  /** The layer alone in training mode on `x` (rows of the sample shape, flattened): y, dx, dγ, dβ. */
  function runLayer(shape: number[], x: number[][], dy: number[][], gamma: number[], beta: number[]) {
    setBackend(backend);
    const layer = batchNorm({ epsilon: 1e-3 });
    const m = sequential([layer], { inputShape: shape });
    m.setWeights([{ gamma, beta, movingMean: gamma.map(() => 0), movingVariance: gamma.map(() => 1) }]);
    const be = getBackend();
    const rows = x.length;
    m.ensureCapacity(rows);
    const [xb, dyb] = [be.alloc(x.flat().length), be.alloc(x.flat().length)];
    be.write(xb, x.flat());
    be.write(dyb, dy.flat());
    m.setTraining(true);
    const y = be.read(layer.forward(xb, rows), 0, x.flat().length);
    const dx = be.read(layer.backward(dyb, rows, true)!, 0, x.flat().length);
    const [g, b] = layer.params().map((p) => Array.from(be.read(p.grad)));
    m.setTraining(false);
    be.free(xb);
    be.free(dyb);
    m.dispose();
    return { y: Array.from(y), dx: Array.from(dx), dgamma: g, dbeta: b };
  }

  it('per feature ([features] samples): forward and backward match the f64 implementation', () => {
    if (!backends.includes(backend)) return;
    const rng = new Random(11);
    const [x, dy] = [rowsOf(rng, 13, 5, 3, 2), rowsOf(rng, 13, 5)];
    const gamma = [1, 2, -0.5, 0.3, 1.1], beta = [0, 0.5, -1, 2, 0.1];
    const got = runLayer([5], x, dy, gamma, beta);
    const ref = refBackward(x, gamma, 1e-3, dy);
    expect(maxRelDiff(got.y, refForward(x, gamma, beta, 1e-3).y.flat())).toBeLessThan(1e-5);
    expect(maxRelDiff(got.dx, ref.dx.flat())).toBeLessThan(1e-4);
    expect(maxRelDiff(got.dgamma, ref.dgamma)).toBeLessThan(1e-5);
    expect(maxRelDiff(got.dbeta, ref.dbeta)).toBeLessThan(1e-5);
  });

  it('per channel ([h, w, c] samples): statistics over batch·h·w, as the f64 implementation on the NHWC rows', () => {
    if (!backends.includes(backend)) return;
    const rng = new Random(12);
    const [h, w, c, batch] = [2, 3, 4, 3];
    const [x, dy] = [rowsOf(rng, batch, h * w * c, 2, -1), rowsOf(rng, batch, h * w * c)];
    const gamma = [0.5, 1, 1.5, -2], beta = [1, 0, -1, 0.25];
    const got = runLayer([h, w, c], x, dy, gamma, beta);
    const pixels = (m: number[][]) => m.flatMap((r) => Array.from({ length: h * w }, (_, p) => r.slice(p * c, p * c + c)));
    const ref = refBackward(pixels(x), gamma, 1e-3, pixels(dy));
    expect(maxRelDiff(got.y, refForward(pixels(x), gamma, beta, 1e-3).y.flat())).toBeLessThan(1e-5);
    expect(maxRelDiff(got.dx, ref.dx.flat())).toBeLessThan(1e-4);
    expect(maxRelDiff(got.dgamma, ref.dgamma)).toBeLessThan(1e-5);
    expect(maxRelDiff(got.dbeta, ref.dbeta)).toBeLessThan(1e-5);
  });

  it('fit updates the moving statistics once per step from the batch statistics (f64 replay); predict uses them; nothing else moves them', async () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const rng = new Random(4);
    const x = rowsOf(rng, 20, 3, 2, 5);
    const y = x.map((r) => [r[0] - r[1]]);
    const mom = 0.8;
    const m = sequential([batchNorm({ momentum: mom }), dense(3, 1)], { seed: 0 });
    await m.fit(x, y, { loss: 'mse', optimizer: sgd({ lr: 0.01 }), epochs: 2, batchSize: 8, shuffle: false, validationData: [x.slice(0, 5), y.slice(0, 5)] });
    let mm = [0, 0, 0], mv = [1, 1, 1];
    for (let e = 0; e < 2; e++) {
      for (const start of [0, 8, 16]) {
        const batch = x.slice(start, start + 8);
        const n = batch.length;
        const { mean, variance } = refForward(batch, [1, 1, 1], [0, 0, 0], 1e-3);
        mm = mm.map((v, j) => mom * v + (1 - mom) * mean[j]);
        mv = mv.map((v, j) => mom * v + (1 - mom) * variance[j] * (n / (n - 1)));
      }
    }
    const weights = m.getWeights();
    expect(Object.keys(weights[0])).toEqual(['gamma', 'beta', 'movingMean', 'movingVariance']);
    expect(maxRelDiff(weights[0].movingMean, mm)).toBeLessThan(1e-5);
    expect(maxRelDiff(weights[0].movingVariance, mv)).toBeLessThan(1e-5);
    const { gamma, beta } = weights[0] as unknown as Record<string, number[]>;
    const { W, b } = weights[1];
    const want = x.map((r) => [r.reduce((s, v, j) => s + (gamma[j] * (v - mm[j])) / Math.sqrt(mv[j] + 1e-3) * W[j][0] + beta[j] * W[j][0], b[0])]);
    expect(maxRelDiff(m.predict(x), want)).toBeLessThan(1e-5);
    const before = m.getWeights();
    m.predict(x);
    m.evaluate(x, y);
    m.gradients(x, y);
    gradCheck(m, x.slice(0, 4), y.slice(0, 4), { loss: 'mse' });
    expect(m.getWeights()).toEqual(before);
    m.dispose();
  });

  it('gradients() and gradCheck run the inference form: they agree (max relative error < 1e-2) after training', async () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const { x, cls } = tinyData(40, 6);
    const m = sequential([dense(3, 5, { bias: 'init' }), batchNorm({ momentum: 0.5 }), tanh(), dense(5, 2)], { seed: 3 });
    await m.fit(x, cls, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.05 }), epochs: 5, batchSize: 10 });
    const r = gradCheck(m, x.slice(0, 12), cls.slice(0, 12), { loss: 'softmaxCrossEntropy' });
    expect(r.layers.map((l) => l.layer)).toEqual(['dense(3→5)', 'batchNorm(5)', 'dense(5→2)']);
    expect(r.max).toBeLessThan(1e-2);
    m.dispose();
  });

  it('trains a moons classifier to ≥ 90% with batch norm after each hidden dense layer', async () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const { x, y } = makeMoons(300, { noise: 0.15, seed: 1 });
    const m = sequential([dense(2, 16), batchNorm(), relu(), dense(16, 16), batchNorm(), relu(), dense(16, 2)], { seed: 0 });
    await m.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.01 }), epochs: 40, batchSize: 32 });
    expect(m.evaluate(x, y).accuracy).toBeGreaterThanOrEqual(0.9);
    m.dispose();
  });
});

describe('batchNorm options', () => {
  it('center: false and scale: false drop β and γ (fixed at 0 and 1) from the weights and the summary', () => {
    setBackend('ts');
    const m = sequential([dense(2, 3), batchNorm({ center: false, scale: false })], { seed: 0 });
    expect(Object.keys(m.getWeights()[1])).toEqual(['movingMean', 'movingVariance']);
    expect(m.summary().rows[1]).toEqual({ layer: 'batchNorm(3)', outputShape: [3], params: 0, nonTrainable: 6 });
    const x = [[1, 2], [3, -1]];
    const { W, b } = m.getWeights()[0];
    const pre = x.map((r) => W[0].map((_, j) => r[0] * W[0][j] + r[1] * W[1][j] + b[j]));
    expect(maxRelDiff(m.predict(x), pre.map((r) => r.map((v) => v / Math.sqrt(1 + 1e-3))))).toBeLessThan(1e-6);
    m.dispose();
    const layer: BatchNorm = batchNorm({ scale: false });
    const only = sequential([dense(2, 3), layer]);
    expect(layer.params().map((p) => p.name)).toEqual(['beta']);
    only.dispose();
  });

  it('are refused when bad, naming batchNorm, the option and the value', () => {
    const cases: [object, ErrorConstructor, RegExp][] = [
      [{ momentum: 1.5 }, RangeError, /^batchNorm: momentum must be ≤ 1, got 1.5$/],
      [{ momentum: -0.1 }, RangeError, /^batchNorm: momentum must be ≥ 0, got -0.1$/],
      [{ momentum: '0.9' }, TypeError, /^batchNorm: momentum must be a number, got a string \("0.9"\)$/],
      [{ epsilon: 0 }, RangeError, /^batchNorm: epsilon must be > 0, got 0$/],
      [{ epsilon: NaN }, RangeError, /^batchNorm: epsilon must be finite, got NaN$/],
      [{ center: 1 }, TypeError, /^batchNorm: center must be true or false, got 1$/],
      [{ scale: 'no' }, TypeError, /^batchNorm: scale must be true or false/],
      [{ eps: 1e-5 }, TypeError, /^batchNorm: unknown option 'eps' \(did you mean epsilon\?\)/],
      [{ axis: 1 }, TypeError, /^batchNorm: unknown option 'axis'/],
    ];
    for (const [o, type, msg] of cases) {
      expect(() => batchNorm(o as never), JSON.stringify(o)).toThrow(type);
      expect(() => batchNorm(o as never)).toThrow(msg);
    }
  });
});
