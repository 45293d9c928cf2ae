import { describe, expect, it } from 'vitest';
import { celsius, celsiusTable, toFahrenheit, CELSIUS_TABLE } from '../../src/data/celsius.js';

describe('celsius', () => {
  it("defaults to tutorial 002's range(-50, 50) with exact Fahrenheit values", () => {
    const d = celsius();
    expect(d.celsius).toEqual(Array.from({ length: 100 }, (_, i) => i - 50));
    d.fahrenheit.forEach((f, i) => expect(f).toBeCloseTo((d.celsius[i] * 9) / 5 + 32, 12));
    expect(d.x[3]).toEqual([d.celsius[3]]);
    expect(d.y[3]).toEqual([d.fahrenheit[3]]);
  });

  it('knows the fixed points of the scale', () => {
    expect(toFahrenheit(-40)).toBe(-40);
    expect(toFahrenheit(0)).toBe(32);
    expect(toFahrenheit(100)).toBe(212);
    expect(celsiusTable().celsius).toEqual([...CELSIUS_TABLE]);
    expect(celsiusTable().fahrenheit.map((f) => Math.round(f * 10) / 10)).toEqual([-40, 14, 32, 46.4, 59, 71.6, 100.4]);
  });

  it('draws random pairs in [min, max) from a seed, with optional noise', () => {
    const a = celsius({ n: 50, min: 0, max: 10, spacing: 'random', seed: 1 });
    for (const c of a.celsius) expect(c >= 0 && c < 10).toBe(true);
    expect(a).toEqual(celsius({ n: 50, min: 0, max: 10, spacing: 'random', seed: 1 }));
    expect(a.celsius).not.toEqual(celsius({ n: 50, min: 0, max: 10, spacing: 'random', seed: 2 }).celsius);
    const noisy = celsius({ n: 2000, noise: 2, seed: 3 });
    const res = noisy.fahrenheit.map((f, i) => f - toFahrenheit(noisy.celsius[i]));
    const sd = Math.sqrt(res.reduce((s, r) => s + r * r, 0) / res.length);
    expect(sd).toBeGreaterThan(1.85);
    expect(sd).toBeLessThan(2.15);
  });

  it('refuses an empty range', () => {
    expect(() => celsius({ min: 5, max: 5 })).toThrow(/celsius: needs min < max/);
  });
});
