// examples/celsius on both backends: one weight and one bias reach the closed form F = 1.8·C + 32.
import { describe, expect, it } from 'vitest';
import { toFahrenheit } from '../../src/data/index.js';
import { runCelsius } from '../../examples/celsius/index.js';

describe.each(['ts', 'wasm'] as const)('examples/celsius on %s', (backend) => {
  it('learns w = 1.8 ± 0.01 and b = 32 ± 0.1 in the tutorial’s 10000 iterations', async () => {
    const r = await runCelsius({ backend, plot: true });
    expect(Math.abs(r.w - 1.8)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(r.b - 32)).toBeLessThanOrEqual(0.1);
    // It really started elsewhere: U(−1, 1) weight and bias, far from the law.
    expect(Math.abs(r.initial.w - 1.8)).toBeGreaterThan(0.5);
    expect(Math.abs(r.initial.b - 32)).toBeGreaterThan(30);
    expect(r.losses).toHaveLength(10000);
    expect(r.losses.at(-1)!).toBeLessThan(r.losses[0] * 1e-6);
    r.line.celsius.forEach((c, i) => {
      expect(r.line.fahrenheit[i]).toBe(toFahrenheit(c));
      expect(Math.abs(r.line.after[i] - toFahrenheit(c))).toBeLessThan(0.2);
      expect(Math.abs(r.line.before[i] - (r.initial.w * c + r.initial.b))).toBeLessThan(1e-3);
    });
    expect(r.figures.map((f) => f.name)).toEqual(['celsius.svg']);
    const svg = r.figures[0].svg.trim();
    expect(svg.startsWith('<svg') && svg.endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/after training: 1\.800·C \+ 3[12]\.\d\d/);
  });
});
