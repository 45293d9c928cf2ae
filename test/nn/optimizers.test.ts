// Optimizer updates against their formulas evaluated in f64 from model.gradients(), including L2 on weights only.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend/index.js';
import { adam, dense, momentum, sequential, sgd, tanh, type Optimizer } from '../../src/index.js';
import { maxRelDiff, tinyData } from './reference.js';

function oneModel() {
  setBackend('ts');
  return sequential([dense(3, 4, { bias: 'init' }), tanh(), dense(4, 1, { bias: 'init' })], { seed: 4 });
}

/** Applies `steps` fit steps (full batch) and returns [weights before each step, gradients (without L2) before each step, weights after]. */
async function trace(opt: Optimizer, steps: number, l2: number) {
  const m = oneModel();
  const { x, cls } = tinyData(20, 8);
  const ws: ReturnType<typeof m.getWeights>[] = [];
  const gs: ReturnType<typeof m.gradients>['grads'][] = [];
  for (let s = 0; s < steps; s++) {
    ws.push(m.getWeights());
    gs.push(m.gradients(x, cls, { loss: 'sigmoidCrossEntropy', l2: 0 }).grads);
    await m.fit(x, cls, { loss: 'sigmoidCrossEntropy', optimizer: opt, l2, epochs: 1, batchSize: 20 });
  }
  const after = m.getWeights();
  m.dispose();
  return { ws, gs, after };
}

const flat = (w: { W: number[][]; b: number[] }[]) => w.flatMap((l) => [...l.W.flat(), ...l.b]);
const decays = (w: { W: number[][]; b: number[] }[]) => w.flatMap((l) => [...l.W.flat().map(() => 1), ...l.b.map(() => 0)]);

describe('optimizers', () => {
  it('sgd: w −= lr·(g + l2·w), biases without l2', async () => {
    const { ws, gs, after } = await trace(sgd({ lr: 0.3 }), 1, 0.1);
    const w = flat(ws[0]), g = flat(gs[0]), d = decays(ws[0]);
    expect(maxRelDiff(flat(after), w.map((v, i) => v - 0.3 * (g[i] + 0.1 * d[i] * v)), 1e-2)).toBeLessThan(1e-5);
  });

  it('momentum: v = mu·v + g′, w −= lr·v, state kept across fit calls with the same optimizer', async () => {
    const { ws, gs, after } = await trace(momentum({ lr: 0.2, momentum: 0.8 }), 3, 0.05);
    let w = flat(ws[0]);
    let v = w.map(() => 0);
    const d = decays(ws[0]);
    for (let s = 0; s < 3; s++) {
      const g = flat(gs[s]);
      v = v.map((vi, i) => 0.8 * vi + g[i] + 0.05 * d[i] * w[i]);
      w = w.map((wi, i) => wi - 0.2 * v[i]);
    }
    expect(maxRelDiff(flat(after), w, 1e-2)).toBeLessThan(1e-5);
  });

  it('adam: bias-corrected moments', async () => {
    const [b1, b2, eps, lr] = [0.9, 0.99, 1e-8, 0.05];
    const { ws, gs, after } = await trace(adam({ lr, beta1: b1, beta2: b2, epsilon: eps }), 4, 0.02);
    let w = flat(ws[0]);
    let m = w.map(() => 0), v = w.map(() => 0);
    const d = decays(ws[0]);
    for (let s = 0; s < 4; s++) {
      const g = flat(gs[s]).map((gi, i) => gi + 0.02 * d[i] * w[i]);
      m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] ** 2);
      const t = s + 1;
      const lrT = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t); // Kingma & Ba's efficient form (section 2)
      w = w.map((wi, i) => wi - (lrT * m[i]) / (Math.sqrt(v[i]) + eps));
    }
    expect(maxRelDiff(flat(after), w, 1e-2)).toBeLessThan(1e-5);
  });

  it('refuses a bad learning rate or hyper-parameter when built', () => {
    expect(() => sgd({ lr: 0 })).toThrow(/lr must be a finite number > 0, got 0/);
    expect(() => sgd({ lr: NaN })).toThrow(RangeError);
    expect(() => sgd({ lr: -1 })).toThrow(RangeError);
    expect(() => sgd({ lr: '0.1' as unknown as number })).toThrow(TypeError);
    expect(() => momentum({ lr: 0.1, momentum: 1.5 })).toThrow(/momentum must be ≤ 1/);
    expect(() => adam({ beta1: 1 })).toThrow(/beta1 must be < 1/);
  });
});

describe('optimizer state ownership', () => {
  it('a new optimizer object starts from zero state; the same object continues', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(20, 8);
    const opts = (optimizer: Optimizer) => ({ loss: 'sigmoidCrossEntropy' as const, optimizer, epochs: 1, batchSize: 20 });
    const a = oneModel();
    await a.fit(x, cls, opts(momentum({ lr: 0.1 })));
    const mid = a.getWeights();
    await a.fit(x, cls, opts(momentum({ lr: 0.1 }))); // fresh velocity
    const fresh = oneModel();
    fresh.setWeights(mid);
    await fresh.fit(x, cls, opts(momentum({ lr: 0.1 })));
    expect(a.getWeights()).toEqual(fresh.getWeights());
    const same = momentum({ lr: 0.1 });
    const b = oneModel();
    await b.fit(x, cls, opts(same));
    await b.fit(x, cls, opts(same)); // velocity carried over: differs from the fresh-state run
    expect(b.getWeights()).not.toEqual(a.getWeights());
    for (const m of [a, fresh, b]) m.dispose();
  });
});
