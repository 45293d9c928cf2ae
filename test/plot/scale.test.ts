// Tests for the scales and nice ticks: tick values, domains, formatting, linear and log maps.
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { extent, formatTick, linearScale, logScale, niceDomain, niceStep, niceTicks } from '../../src/plot/scale.js';

/** True when v is 1, 2 or 5 times a power of ten. */
function isNiceStep(v: number): boolean {
  const p = Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
  const f = Math.round((v / p) * 1e6) / 1e6;
  return f === 1 || f === 2 || f === 5 || f === 10;
}

describe('nice ticks', () => {
  it('are evenly spaced multiples of a 1-2-5 step spanning the range, for many random ranges', () => {
    const rng = new Random(11);
    for (let trial = 0; trial < 500; trial++) {
      const scale = Math.pow(10, rng.uniform(-6, 6));
      const a = rng.uniform(-1, 1) * scale;
      const b = a + rng.uniform(0.01, 3) * scale;
      const t = niceTicks(a, b, 5);
      expect(t.length).toBeGreaterThanOrEqual(2);
      expect(t.length).toBeLessThanOrEqual(11);
      const step = t[1] - t[0];
      expect(isNiceStep(step)).toBe(true);
      for (let i = 1; i < t.length; i++) expect(Math.abs(t[i] - t[i - 1] - step)).toBeLessThan(step * 1e-6);
      for (const v of t) expect(Math.abs(v / step - Math.round(v / step))).toBeLessThan(1e-6);
      // inside the range, and no gap bigger than a step at either end
      expect(t[0]).toBeGreaterThanOrEqual(a - step * 1e-6);
      expect(t[t.length - 1]).toBeLessThanOrEqual(b + step * 1e-6);
      expect(t[0] - a).toBeLessThan(step * (1 + 1e-6));
      expect(b - t[t.length - 1]).toBeLessThan(step * (1 + 1e-6));
    }
  });

  it('gives the familiar answers and clean decimals', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(-3, 3, 6)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(niceStep(7, 5)).toBe(1);
  });

  it('a nice domain contains the data and starts and ends on ticks; a zero span is widened', () => {
    expect(niceDomain(0.13, 2.38, 5)).toEqual([0, 2.5]);
    const [lo, hi] = niceDomain(5, 5);
    expect(lo < 5 && hi > 5).toBe(true);
    expect(niceTicks(0, 0).length).toBeGreaterThanOrEqual(2);
  });

  it('formats ticks with the decimals the step needs', () => {
    expect(formatTick(0.2, 0.2)).toBe('0.2');
    expect(formatTick(2, 0.5)).toBe('2.0');
    expect(formatTick(-1.5, 0.5)).toBe('−1.5');
    expect(formatTick(20, 10)).toBe('20');
    expect(formatTick(3e-6, 1e-6)).toBe('3e−6');
    // one axis, one form: 500000 is written 5e5 when the axis reaches 3.5e6
    expect(formatTick(5e5, 5e5, 3.5e6)).toBe('5e5');
    expect(formatTick(5e5, 5e5)).toBe('500000');
  });
});

describe('scales', () => {
  it('linear maps the domain ends to the range ends (reversed for y)', () => {
    const s = linearScale([0, 10], [300, 100]);
    expect(s(0)).toBe(300);
    expect(s(10)).toBe(100);
    expect(s(5)).toBe(200);
  });

  it('log ticks are powers of ten over many decades, 1-2-5 over few', () => {
    expect(logScale([1e-3, 10], [0, 1]).ticks()).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(logScale([1, 100], [0, 1]).ticks()).toEqual([1, 2, 5, 10, 20, 50, 100]);
    const s = logScale([1, 100], [0, 200]);
    expect(s(10)).toBeCloseTo(100, 10);
    expect(() => logScale([0, 1], [0, 1])).toThrow(RangeError);
  });

  it('extent refuses empty and non-finite data, naming the entry', () => {
    expect(extent('op', 'v', [3, -1, 2])).toEqual([-1, 3]);
    expect(() => extent('plot', 'loss', [])).toThrow(/plot: loss is empty/);
    expect(() => extent('plot', 'loss', [1, NaN])).toThrow(/plot: loss\[1\] is NaN/);
  });
});

describe('tick counts', () => {
  it('niceTicks and niceDomain take a count in [1, 1000] (a tick per 4 px of the widest picture is already unreadable)', () => {
    expect(() => niceTicks(0, 1, 1001)).toThrow(new RangeError('niceTicks: count must be an integer in [1, 1000], got 1001'));
    expect(() => niceTicks(0, 1, 1e12)).toThrow(RangeError);
    expect(() => niceDomain(0, 1, 0)).toThrow(/niceDomain: count must be an integer in \[1, 1000\], got 0/);
    expect(() => linearScale([0, 1], [0, 100]).ticks(1e9)).toThrow(/niceTicks: count must be an integer/);
    expect(niceTicks(0, 1, 1000).length).toBe(1001); // step 0.001
  });
});

