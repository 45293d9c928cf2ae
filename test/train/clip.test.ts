// fit's clipNorm and clipValue on both backends: one SGD step against the clipped f64 update, and the option checks.
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, type BackendName } from '../../src/backend/index.js';
import { dense, sequential, sgd, tanh } from '../../src/index.js';
import { availableBackends, maxRelDiff, tinyData } from '../nn/reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

type W = { W: number[][]; b: number[] }[];
const flat = (w: W) => w.flatMap((l) => [...l.W.flat(), ...l.b]);
const decays = (w: W) => w.flatMap((l) => [...l.W.flat().map(() => 1), ...l.b.map(() => 0)]);
const model = () => sequential([dense(3, 6, { bias: 'init' }), tanh(), dense(6, 2, { bias: 'init' })], { seed: 2 });

/** One full-batch SGD step with `clip`; returns the weights and loss gradients before it, and the weights after. */
async function step(clip: object, l2: number) {
  const m = model();
  const { x, cls } = tinyData(16, 3);
  const before = m.getWeights() as W;
  const g = m.gradients(x, cls, { loss: 'softmaxCrossEntropy', l2: 0 }).grads as W;
  await m.fit(x, cls, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.5 }), l2, epochs: 1, batchSize: 16, ...clip });
  const after = m.getWeights() as W;
  m.dispose();
  return { w: flat(before), d: decays(before), g: flat(g), after: flat(after) };
}

describe.each(['ts', 'wasm'] as const)('gradient clipping on %s', (backend) => {
  it('clipNorm scales every loss gradient by limit/‖g‖ when the global norm exceeds the limit, before l2 is added', async () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const probe = await step({}, 0);
    const norm = Math.sqrt(probe.g.reduce((s, v) => s + v * v, 0));
    for (const limit of [norm / 3, norm * 2]) {
      const t = await step({ clipNorm: limit }, 0.1);
      const f = norm > limit ? limit / norm : 1;
      const want = t.w.map((w, i) => w - 0.5 * (f * t.g[i] + 0.1 * t.d[i] * w));
      expect(maxRelDiff(t.after, want, 1e-2), `limit ${limit}`).toBeLessThan(1e-5);
    }
  });

  it('clipValue clamps each gradient value to [−limit, limit]', async () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const probe = await step({}, 0);
    const limit = 0.5 * Math.max(...probe.g.map(Math.abs));
    const t = await step({ clipValue: limit }, 0.1);
    expect(t.g.some((v) => Math.abs(v) > limit)).toBe(true);
    const want = t.w.map((w, i) => w - 0.5 * (Math.min(Math.max(t.g[i], -limit), limit) + 0.1 * t.d[i] * w));
    expect(maxRelDiff(t.after, want, 1e-2)).toBeLessThan(1e-5);
  });
});

describe('clip options', () => {
  it('are refused when bad or given together, before any weight moves', async () => {
    setBackend('ts');
    const m = model();
    const { x, cls } = tinyData(16, 3);
    const before = m.getWeights();
    const base = { loss: 'softmaxCrossEntropy' as const, optimizer: sgd({ lr: 0.1 }) };
    const cases: [object, ErrorConstructor, RegExp][] = [
      [{ clipNorm: 1, clipValue: 1 }, TypeError, /^fit: give clipNorm \(1\) or clipValue \(1\), not both/],
      [{ clipNorm: 0 }, RangeError, /^fit: clipNorm must be > 0, got 0$/],
      [{ clipNorm: -2 }, RangeError, /fit: clipNorm must be > 0, got -2/],
      [{ clipNorm: NaN }, RangeError, /fit: clipNorm must be finite, got NaN/],
      [{ clipValue: Infinity }, RangeError, /fit: clipValue must be finite, got Infinity/],
      [{ clipValue: '1' }, TypeError, /fit: clipValue must be a number, got a string \("1"\)/],
      [{ clipnorm: 1 }, TypeError, /fit: unknown option 'clipnorm' \(did you mean clipNorm\?\)/],
      [{ global_clipnorm: 1 }, TypeError, /did you mean clipNorm\?/],
    ];
    for (const [o, type, msg] of cases) {
      await expect(m.fit(x, cls, { ...base, ...o } as never), JSON.stringify(o)).rejects.toThrow(type);
      await expect(m.fit(x, cls, { ...base, ...o } as never)).rejects.toThrow(msg);
    }
    expect(m.getWeights()).toEqual(before);
    m.dispose();
  });
});
