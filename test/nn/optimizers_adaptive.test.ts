// The toolkit's optimizers (Nesterov momentum, AdamW, RMSprop, Adagrad) on both backends, against their published update rules re-implemented in f64 over several steps.
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, type BackendName } from '../../src/backend/index.js';
import { adagrad, adamw, dense, momentum, rmsprop, sequential, tanh, type Optimizer } from '../../src/index.js';
import { optimizerFromConfig } from '../../src/nn/optimizers.js';
import { availableBackends, maxRelDiff, tinyData } from './reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

type W = { W: number[][]; b: number[] }[];
const flat = (w: W) => w.flatMap((l) => [...l.W.flat(), ...l.b]);
/** 1 for a weight (L2 and weight decay apply), 0 for a bias. */
const decays = (w: W) => w.flatMap((l) => [...l.W.flat().map(() => 1), ...l.b.map(() => 0)]);

/** `steps` full-batch fit steps on `backend`: the weights and the loss gradients (without L2) before each step, and the weights after. */
async function trace(backend: BackendName, opt: Optimizer, steps: number, l2: number) {
  setBackend(backend);
  const m = sequential([dense(3, 4, { bias: 'init' }), tanh(), dense(4, 1, { bias: 'init' })], { seed: 4 });
  const { x, cls } = tinyData(20, 8);
  const ws: W[] = [];
  const gs: W[] = [];
  for (let s = 0; s < steps; s++) {
    ws.push(m.getWeights() as W);
    gs.push(m.gradients(x, cls, { loss: 'sigmoidCrossEntropy', l2: 0 }).grads as W);
    await m.fit(x, cls, { loss: 'sigmoidCrossEntropy', optimizer: opt, l2, epochs: 1, batchSize: 20 });
  }
  const after = m.getWeights() as W;
  m.dispose();
  return { w0: flat(ws[0]), d: decays(ws[0]), gs: gs.map(flat), after: flat(after) };
}

/** Runs `rule(w, g′, step, decay)` in f64 over the traced gradients (g′ = g + l2·w on weights), returns the final weights. */
function replay(t: Awaited<ReturnType<typeof trace>>, l2: number, rule: (w: number[], g: number[], step: number, d: number[]) => number[]): number[] {
  let w = t.w0;
  t.gs.forEach((g, s) => {
    w = rule(w, g.map((gi, i) => gi + l2 * t.d[i] * w[i]), s, t.d);
  });
  return w;
}

describe.each(['ts', 'wasm'] as const)('toolkit optimizers on %s', (backend) => {
  const run = (opt: Optimizer, steps: number, l2: number) => {
    if (!backends.includes(backend)) return null;
    return trace(backend, opt, steps, l2);
  };

  it('momentum({ nesterov: true }): v = mu·v + g′; w −= lr·(g′ + mu·v) (PyTorch), over 4 steps', async () => {
    const t = await run(momentum({ lr: 0.2, momentum: 0.8, nesterov: true }), 4, 0.05);
    if (!t) return;
    let v = t.w0.map(() => 0);
    const w = replay(t, 0.05, (w, g) => {
      v = v.map((vi, i) => 0.8 * vi + g[i]);
      return w.map((wi, i) => wi - 0.2 * (g[i] + 0.8 * v[i]));
    });
    expect(maxRelDiff(t.after, w, 1e-2)).toBeLessThan(1e-5);
  });

  it('adamw: Adam on g′ plus decoupled decay w −= lr·weightDecay·w on weights only (Loshchilov & Hutter, Keras), over 5 steps', async () => {
    const [b1, b2, eps, wd] = [0.9, 0.99, 1e-8, 0.1];
    const lr = (_s: number) => 0.05;
    const t = await run(adamw({ lr: 0.05, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd }), 5, 0.02);
    if (!t) return;
    let m = t.w0.map(() => 0), v = t.w0.map(() => 0);
    const w = replay(t, 0.02, (w, g, s, d) => {
      m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] ** 2);
      // Keras's AdamW: the decay with the step's lr on the old weights, and Adam's step in Kingma & Ba's efficient form
      const lrT = (lr(s) * Math.sqrt(1 - b2 ** (s + 1))) / (1 - b1 ** (s + 1));
      return w.map((wi, i) => wi - lr(s) * wd * d[i] * wi - (lrT * m[i]) / (Math.sqrt(v[i]) + eps));
    });
    expect(maxRelDiff(t.after, w, 1e-2)).toBeLessThan(1e-5);
  });

  it('rmsprop: ms = rho·ms + (1 − rho)·g′², w −= lr·g′/√(ms + eps) (Keras), with and without momentum, over 4 steps', async () => {
    for (const mu of [0, 0.9]) {
      const [lr, rho, eps] = [0.01, 0.8, 1e-7];
      const t = await run(rmsprop({ lr, rho, epsilon: eps, momentum: mu }), 4, 0.03);
      if (!t) return;
      let ms = t.w0.map(() => 0), mom = t.w0.map(() => 0);
      const w = replay(t, 0.03, (w, g) => {
        ms = ms.map((s, i) => rho * s + (1 - rho) * g[i] ** 2);
        mom = mom.map((p, i) => mu * p + (lr * g[i]) / Math.sqrt(ms[i] + eps));
        return w.map((wi, i) => wi - mom[i]);
      });
      expect(maxRelDiff(t.after, w, 1e-2), `momentum ${mu}`).toBeLessThan(1e-5);
    }
  });

  it('adagrad: acc (from 0.1) += g′², w −= lr·g′/√(acc + eps) (Keras), over 4 steps', async () => {
    const [lr, eps, init] = [0.3, 1e-7, 0.1];
    const t = await run(adagrad({ lr, epsilon: eps }), 4, 0.01);
    if (!t) return;
    let acc = t.w0.map(() => init);
    const w = replay(t, 0.01, (w, g) => {
      acc = acc.map((a, i) => a + g[i] ** 2);
      return w.map((wi, i) => wi - (lr * g[i]) / Math.sqrt(acc[i] + eps));
    });
    expect(maxRelDiff(t.after, w, 1e-2)).toBeLessThan(1e-5);
    const t2 = await run(adagrad({ lr, initialAccumulatorValue: 2 }), 1, 0);
    if (!t2) return;
    expect(maxRelDiff(t2.after, t2.w0.map((wi, i) => wi - (lr * t2.gs[0][i]) / Math.sqrt(2 + t2.gs[0][i] ** 2 + 1e-7)), 1e-2)).toBeLessThan(1e-5);
  });
});

describe('toolkit optimizer options', () => {
  it('have the documented defaults and kinds, and optimizerFromConfig builds each by name', () => {
    expect([adamw(), rmsprop(), adagrad(), momentum({ lr: 1, nesterov: true })].map((o) => [o.kind, o.lr])).toEqual([['adamw', 0.001], ['rmsprop', 0.001], ['adagrad', 0.001], ['momentum', 1]]);
    for (const name of ['adamw', 'rmsprop', 'adagrad']) expect(optimizerFromConfig('cli', { name, lr: 0.1 }).kind).toBe(name);
    expect(() => optimizerFromConfig('cli', { name: 'nadam' })).toThrow(/cli: unknown optimizer "nadam"; expected 'sgd', 'momentum', 'adam', 'adamw', 'rmsprop', 'adagrad'/);
  });

  it('refuse bad hyper-parameters with the optimizer, the option and the value named', () => {
    const cases: [() => unknown, ErrorConstructor, RegExp][] = [
      [() => adamw({ weightDecay: -0.1 }), RangeError, /^adamw: weightDecay must be ≥ 0, got -0.1$/],
      [() => adamw({ beta1: 1 }), RangeError, /^adamw: beta1 must be < 1, got 1$/],
      [() => adamw({ beta2: -0.5 }), RangeError, /adamw: beta2 must be ≥ 0/],
      [() => adamw({ epsilon: 0 }), RangeError, /adamw: epsilon must be > 0, got 0/],
      [() => adamw({ lr: 0 }), RangeError, /adamw: lr must be a finite number > 0, got 0/],
      [() => adamw({ weight_decay: 0.1 } as never), TypeError, /adamw: unknown option 'weight_decay' \(did you mean weightDecay\?\)/],
      [() => adamw({ weightDecay: '0.1' } as never), TypeError, /adamw: weightDecay must be a number, got a string/],
      [() => rmsprop({ rho: 1 }), RangeError, /^rmsprop: rho must be < 1, got 1$/],
      [() => rmsprop({ momentum: 1.2 }), RangeError, /rmsprop: momentum must be < 1, got 1.2/],
      [() => rmsprop({ epsilon: -1 }), RangeError, /rmsprop: epsilon must be > 0/],
      [() => rmsprop({ centered: true } as never), TypeError, /rmsprop: unknown option 'centered' \(did you mean nothing: the centered variant is not implemented\?\)/],
      [() => rmsprop({ lr: NaN }), RangeError, /rmsprop: lr must be a finite number > 0, got NaN/],
      [() => adagrad({ initialAccumulatorValue: -1 }), RangeError, /^adagrad: initialAccumulatorValue must be ≥ 0, got -1$/],
      [() => adagrad({ epsilon: Infinity }), RangeError, /adagrad: epsilon must be finite, got Infinity/],
      [() => adagrad({ lr: 'fast' } as never), TypeError, /adagrad: lr must be a number or a schedule, got string/],
      [() => momentum({ lr: 0.1, nesterov: 'yes' } as never), TypeError, /momentum: nesterov must be true or false, got a string \("yes"\)/],
      [() => momentum(undefined as never), TypeError, /momentum: lr must be a number or a schedule, got undefined/],
    ];
    for (const [make, type, msg] of cases) {
      expect(make, String(msg)).toThrow(type);
      expect(make).toThrow(msg);
    }
  });
});
