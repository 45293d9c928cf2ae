// Learning-rate schedules: formulas, and per-step vs per-epoch application inside fit.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend/index.js';
import { exponentialDecay, linearDecay, mlp, sgd, stepDecay, warmup } from '../../src/index.js';
import { tinyData } from './reference.js';

describe('schedules', () => {
  it("linearDecay reproduces micrograd's 1.0 − 0.9·k/100", () => {
    const s = linearDecay({ start: 1, end: 0.1, steps: 100 });
    for (const k of [0, 1, 37, 99]) expect(s.at(k)).toBeCloseTo(1.0 - (0.9 * k) / 100, 12);
    expect(s.at(250)).toBeCloseTo(0.1, 12);
  });
  it('stepDecay and exponentialDecay', () => {
    const s = stepDecay({ start: 0.4, factor: 0.5, every: 10 });
    expect([s.at(0), s.at(9), s.at(10), s.at(25)]).toEqual([0.4, 0.4, 0.2, 0.1]);
    const e = exponentialDecay({ start: 2, rate: 0.5, every: 2 });
    expect(e.at(3)).toBeCloseTo(2 * 0.5 ** 1.5, 12);
    expect(() => linearDecay({ start: 0, end: 0, steps: 1 })).toThrow(RangeError);
    expect(() => stepDecay({ start: 1, factor: 0.5, every: 1, per: 'batch' as 'step' })).toThrow(TypeError);
  });
  it('fit records the rate of each epoch: per step vs per epoch', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(40, 2);
    const run = async (per: 'step' | 'epoch') => {
      const m = mlp(3, [4, 2], { seed: 0 });
      const h = await m.fit(x, cls, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: linearDecay({ start: 1, end: 0.5, steps: 10, per }) }), epochs: 3, batchSize: 10 });
      m.dispose();
      return h.lr;
    };
    expect(await run('step')).toEqual([0.85, 0.65, 0.5].map((v) => expect.closeTo(v, 12))); // last step of each epoch: k = 3, 7, 11
    expect(await run('epoch')).toEqual([1, 0.95, 0.9].map((v) => expect.closeTo(v, 12)));
  });
});

describe('warmup', () => {
  it('rises linearly to the rate, then runs the schedule from its start', () => {
    const s = warmup(0.1, { steps: 4 });
    expect([0, 1, 2, 3, 4, 9].map((k) => s.at(k))).toEqual([0.025, 0.05, 0.07500000000000001, 0.1, 0.1, 0.1]);
    const d = warmup(stepDecay({ start: 1, factor: 0.5, every: 2 }), { steps: 2, from: 0.5 });
    expect([0, 1, 2, 3, 4, 5].map((k) => d.at(k))).toEqual([0.75, 1, 1, 1, 0.5, 0.5]);
    expect(warmup(stepDecay({ start: 1, factor: 0.5, every: 2, per: 'epoch' }), { steps: 1 }).per).toBe('epoch');
    expect(() => warmup(0.1, { steps: 0 })).toThrow(RangeError);
    expect(() => warmup(0.1, { epochs: 3 } as never)).toThrow(/unknown option 'epochs'/);
    expect(() => warmup('fast' as never, { steps: 3 })).toThrow(TypeError);
  });
});
