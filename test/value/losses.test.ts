// Tests for src/value/losses.ts: hinge loss and the L2 penalty against their formulas and derivatives.
import { describe, expect, it } from 'vitest';
import { hingeLoss, alphaPenalty } from '../../src/value/losses.js';
import { Value } from '../../src/value/value.js';

describe('hingeLoss', () => {
  it('is the mean of max(0, 1 − y·s), with gradient −y/n where the margin is violated and 0 elsewhere', () => {
    const raw = [0.3, -2, 1.5, -0.4];
    const labels = [1, -1, -1, 1];
    const scores = raw.map((s) => new Value(s));
    const loss = hingeLoss(scores, labels);
    const expected = raw.reduce((acc, s, i) => acc + Math.max(0, 1 - labels[i] * s), 0) / raw.length;
    expect(loss.data).toBeCloseTo(expected, 15); // (0.7 + 0 + 2.5 + 1.4) / 4
    loss.backward();
    expect(scores.map((s) => s.grad)).toEqual([-0.25, 0, 0.25, -0.25]);
  });

  it('validates labels and lengths', () => {
    const s = [new Value(1), new Value(2)];
    expect(() => hingeLoss(s, [1, 0])).toThrow(/hingeLoss: labels\[1\] must be −1 or \+1, got 0/);
    expect(() => hingeLoss(s, [1])).toThrow(/hingeLoss: 2 scores but 1 labels/);
    expect(() => hingeLoss([], [])).toThrow(RangeError);
    expect(() => hingeLoss(s, 'ab' as never)).toThrow(TypeError);
  });
});

describe('alphaPenalty', () => {
  it('is α·Σp² = λ/2·Σp² with λ = 2α, and its gradient is 2α·p', () => {
    const ps = [0.5, -1.25, 2].map((x) => new Value(x));
    const alpha = 1e-2;
    const reg = alphaPenalty(ps, alpha);
    const sq = 0.25 + 1.5625 + 4;
    expect(reg.data).toBeCloseTo(alpha * sq, 15);
    expect(reg.data).toBeCloseTo(((2 * alpha) / 2) * sq, 15);
    reg.backward();
    ps.forEach((p) => expect(p.grad).toBeCloseTo(2 * alpha * p.data, 15));
  });

  it('rejects a negative or non-finite alpha', () => {
    expect(() => alphaPenalty([new Value(1)], -1)).toThrow(/alphaPenalty: alpha must be ≥ 0/);
    expect(() => alphaPenalty([new Value(1)], NaN)).toThrow(RangeError);
  });
});
