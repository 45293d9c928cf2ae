// Tests for fitLine: points and curves where they belong, and the data and options it refuses.
import { describe, expect, it } from 'vitest';
import { fitLine } from '../../src/plot/fit_line.js';
import { checkSvg, elements, texts, tickValue } from './xml.js';

const c = [-40, -10, 0, 8, 15, 22, 38];
const f = c.map((v) => v * 1.8 + 32);

describe('fitLine', () => {
  const svg = fitLine(c, f, [
    { label: 'before training', predict: (v) => 0.5 * v },
    { label: 'after training', predict: (v) => 1.8 * v + 32 },
  ], { xLabel: 'celsius', yLabel: 'fahrenheit', title: 'one neuron' });

  it('is well formed, with axis labels and one legend entry per series', () => {
    checkSvg(svg);
    expect(texts(svg, 'axis-label')).toEqual(['celsius', 'fahrenheit']);
    expect(texts(/<g class="legend">.*?<\/g><\/g>/.exec(svg)![0])).toEqual(['data', 'before training', 'after training']);
  });

  it('draws one point per datum and one polyline per line; the exact fit passes through the points', () => {
    const pts = elements(svg, 'circle').filter((e) => e.class === 'point');
    expect(pts.length).toBe(c.length);
    const lines = elements(svg, 'polyline').filter((e) => e.class === 'fitted');
    expect(lines.length).toBe(2);
    const after = lines[1].points.split(' ').map((p) => p.split(',').map(Number));
    // the after-training line is straight in pixels, and each point lies on it
    const [[ax, ay], [bx, by]] = [after[0], after[after.length - 1]];
    for (const p of pts) {
      const px = Number(p.cx);
      const py = Number(p.cy);
      expect(Math.abs(ay + ((by - ay) * (px - ax)) / (bx - ax) - py)).toBeLessThan(0.05);
    }
  });

  it('y ticks span every point and every line', () => {
    const ticks = texts(/<g class="axis axis-y">.*?<\/g>/.exec(svg)![0], 'tick').map(tickValue);
    expect(ticks[0]).toBeLessThanOrEqual(-40);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(100.4);
  });

  it('accepts a { label: fn } record and no lines at all', () => {
    const a = fitLine([0, 1], [1, 3], { 'y = 2x + 1': (v) => 2 * v + 1 });
    expect(texts(a)).toContain('y = 2x + 1');
    checkSvg(fitLine([1, 2, 3], [1, 4, 9]));
  });

  it('refuses mismatched, empty or non-finite data and lines that return NaN', () => {
    expect(() => fitLine([1, 2], [1])).toThrow(/fitLine: x has 2 values but y has 1/);
    expect(() => fitLine([], [])).toThrow(/fitLine: x is empty/);
    expect(() => fitLine([1, 2], [1, Infinity])).toThrow(/y\[1\] is Infinity/);
    expect(() => fitLine([1, 2], [1, 2], [{ label: 'bad', predict: () => NaN }])).toThrow(/line "bad" gives NaN/);
    expect(() => fitLine([1, 2], [1, 2], [{ label: 'x' } as never])).toThrow(TypeError);
  });
});

describe('fitLine limits and refusals', () => {
  it('bounds samples to [2, 4096] (one per pixel of the widest picture)', () => {
    expect(() => fitLine([1, 2], [1, 2], [{ label: 'id', predict: (v) => v }], { samples: 4097 })).toThrow(new RangeError('fitLine: samples must be an integer in [2, 4096], got 4097'));
    expect(() => fitLine([1, 2], [1, 2], [], { samples: 1e12 })).toThrow(RangeError);
    const svg = fitLine([1, 2], [1, 2], [{ label: 'id', predict: (v) => v }], { samples: 4096 });
    expect(/class="fitted"/.test(svg) && /points="([^"]*)"[^>]*class="fitted"/.exec(svg)![1].split(' ').length).toBe(4096);
  });

  it('bounds width and height, and refuses unknown options with a near miss', () => {
    expect(() => fitLine([1, 2], [1, 2], [], { width: 10_000 })).toThrow(/fitLine: width must be an integer in \[120, 4096\], got 10000/);
    expect(() => fitLine([1, 2], [1, 2], [], { sample: 10 } as never)).toThrow(new TypeError("fitLine: unknown option 'sample' (did you mean 'samples'?)"));
    expect(() => fitLine([1, 2], [1, 2], [], { xlabel: '°C' } as never)).toThrow(/did you mean 'xLabel'\?/);
  });
});
