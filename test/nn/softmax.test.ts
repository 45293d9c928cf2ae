// softmax(): probabilities from predict (f64 softmax of the logits), absorbed by softmaxCrossEntropy exactly like a model ending in logits, backpropagated under mse, refused by the losses that cannot follow it.
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, type BackendName } from '../../src/backend/index.js';
import { adam, dense, gradCheck, relu, sequential, sgd, softmax, tensor, type Layer } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { availableBackends, maxRelDiff, tinyData } from './reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

const f64Softmax = (row: number[]) => {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const stack = (withSoftmax: boolean): Layer[] => [dense(3, 8), relu(), dense(8, 4), ...(withSoftmax ? [softmax()] : [])];

describe.each(['ts', 'wasm'] as const)('softmax() on %s', (backend) => {
  it('predict gives the f64 softmax of the logits the same model without it gives (rows sum to 1); predictClasses is unchanged', () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const [a, b] = [sequential(stack(true), { seed: 2 }), sequential(stack(false), { seed: 2 })];
    const rng = new Random(1);
    const x = Array.from({ length: 9 }, () => [rng.uniform(-30, 30), rng.uniform(-3, 3), rng.uniform(-3, 3)]);
    const p = a.predict(x);
    expect(maxRelDiff(p, b.predict(x).map(f64Softmax), 1e-6)).toBeLessThan(1e-5);
    p.forEach((row) => expect(Math.abs(row.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-6));
    expect(a.predictClasses(x)).toEqual(b.predictClasses(x));
    a.dispose();
    b.dispose();
  });

  it('softmaxCrossEntropy absorbs it: loss, gradients, accuracy and the trained weights equal those of the model ending in logits', async () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const { x, cls } = tinyData(50, 5);
    const y = cls.map((c, i) => (c + 2 * (i % 2)) % 4);
    const [a, b] = [sequential(stack(true), { seed: 3 }), sequential(stack(false), { seed: 3 })];
    expect(a.gradients(x, y, { loss: 'softmaxCrossEntropy' })).toEqual(b.gradients(x, y, { loss: 'softmaxCrossEntropy' }));
    const opts = { loss: 'softmaxCrossEntropy' as const, epochs: 5, batchSize: 10, seed: 2 };
    const ha = await a.fit(x, y, { ...opts, optimizer: adam({ lr: 0.02 }) });
    const hb = await b.fit(x, y, { ...opts, optimizer: adam({ lr: 0.02 }) });
    expect(ha.loss).toEqual(hb.loss);
    expect(ha.accuracy).toEqual(hb.accuracy);
    expect(a.getWeights()).toEqual(b.getWeights());
    expect(a.evaluate(x, y)).toEqual(b.evaluate(x, y));
    a.dispose();
    b.dispose();
  });

  it('under mse it backpropagates (gradCheck agrees), over the last axis of [steps, features] samples too', () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const { x } = tinyData(12, 7);
    const m = sequential(stack(true), { seed: 4 });
    const t = x.map((r) => f64Softmax([r[0], r[1], r[2], 0]));
    expect(gradCheck(m, x, t, { loss: 'mse' }).max).toBeLessThan(1e-2);
    m.dispose();
    const seq = sequential([softmax()], { inputShape: [2, 3] });
    const rows = [[1, 2, 3, -1, 0, 5], [0, 0, 0, 10, 10, -10]];
    expect(maxRelDiff(seq.predict(rows), rows.map((r) => [...f64Softmax(r.slice(0, 3)), ...f64Softmax(r.slice(3))]), 1e-6)).toBeLessThan(1e-5);
    seq.dispose();
  });
});

describe('softmax() with the losses that cannot follow it, and the op', () => {
  it('sigmoidCrossEntropy and hinge refuse it with the fix; a softmax over one value is refused; softmax(tensor) is still the op', async () => {
    setBackend('ts');
    const m = sequential([dense(2, 3), softmax()]);
    await expect(m.fit([[0, 1]], [[0, 1, 0]], { loss: 'sigmoidCrossEntropy', optimizer: sgd({ lr: 0.1 }) })).rejects.toThrow(
      /^fit: the model ends in softmax, which sigmoidCrossEntropy cannot follow: remove the final softmax\(\)/);
    await expect(m.fit([[0, 1]], [[1, -1, 1]], { loss: 'hinge', optimizer: sgd({ lr: 0.1 }) })).rejects.toThrow(TypeError);
    m.dispose();
    expect(() => sequential([dense(2, 1), softmax()])).toThrow(
      new RangeError('sequential: layer 1 (softmax) a softmax over 1 value is always 1 (input [1]); use sigmoid() for one output'));
    const out = softmax(tensor([[1, 2, 3]]));
    expect(maxRelDiff(out.toArray(), [f64Softmax([1, 2, 3])])).toBeLessThan(1e-6);
    out.dispose();
  });
});
