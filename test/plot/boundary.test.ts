// Tests for decisionBoundary: cells coloured by the classifier, points by label, and the inputs and options it refuses.
import { describe, expect, it } from 'vitest';
import { decisionBoundary } from '../../src/plot/boundary.js';
import { color, lighten } from '../../src/plot/svg.js';
import { checkSvg, elements, texts } from './xml.js';

// symmetric data: the bounding box (and the grid) is centred on x1 = 0
const x = [[-1, -1], [-1, 1], [1, -1], [1, 1], [-0.5, 0], [0.5, 0]];
const y = [0, 0, 1, 1, 0, 1];
const cells = (svg: string) => elements(/<g class="cells"[^>]*>.*?<\/g>/.exec(svg)![0], 'rect');

function frameCentre(svg: string): number {
  const r = cells(svg);
  const lo = Math.min(...r.map((c) => Number(c.x)));
  const hi = Math.max(...r.map((c) => Number(c.x) + Number(c.width) - 0.5));
  return (lo + hi) / 2;
}

describe('decisionBoundary', () => {
  it('colours cells by the classifier: x1 > 0 is class 1, so the left half is class 0', () => {
    const svg = decisionBoundary((pts) => pts.map((p) => (p[0] > 0 ? 1 : 0)), x, y, { resolution: 20 });
    checkSvg(svg);
    const mid = frameCentre(svg);
    const rects = cells(svg);
    expect(rects.length).toBe(40); // one run per class in each of the 20 rows
    for (const r of rects) {
      const left = Number(r.x) + Number(r.width) - 0.5 <= mid + 1e-6;
      expect(r['data-class']).toBe(left ? '0' : '1');
      expect(r.fill).toBe(lighten(color(left ? 0 : 1), 0.72));
    }
  });

  it('draws every point once, filled by its label, with the legend naming the classes', () => {
    const svg = decisionBoundary((pts) => pts.map(() => 0), x, y);
    const pts = elements(/<g class="points">.*?<\/g>/.exec(svg)![0], 'circle');
    expect(pts.length).toBe(x.length);
    pts.forEach((p, i) => expect(p.fill).toBe(color(y[i])));
    expect(texts(/<g class="legend">.*?<\/g><\/g>/.exec(svg)![0])).toEqual(['class 0', 'class 1']);
    expect(texts(svg, 'axis-label')).toEqual(['x₁', 'x₂']);
  });

  it('reads one-column scores with a threshold, several columns by argmax, and toArray() results', () => {
    const above = (pts: number[][]) => pts.map((p) => [p[1] > 0 ? 0.9 : 0.1]);
    const svg = decisionBoundary({ predict: above }, x, y, { resolution: 10, threshold: 0.5 });
    const r = cells(svg);
    const mid = frameCentreY(r);
    expect(r.length).toBe(10);
    for (const c of r) expect(c['data-class']).toBe(Number(c.y) < mid ? '1' : '0'); // upper half: x2 > 0
    const three = decisionBoundary({ predict: (pts) => ({ toArray: () => pts.map(() => [0.1, 0.2, 0.7]) }) }, x, [0, 1, 2, 0, 1, 2], { resolution: 5 });
    for (const c of cells(three)) expect(c['data-class']).toBe('2');
  });

  it('accepts ±1 labels (and −1/+1 predictions) as two classes', () => {
    const svg = decisionBoundary((pts) => pts.map((p) => (p[0] > 0 ? 1 : -1)), x, y.map((v) => 2 * v - 1), { resolution: 4 });
    expect(texts(/<g class="legend">.*?<\/g><\/g>/.exec(svg)![0])).toEqual(['−1', '+1']);
    expect(new Set(cells(svg).map((c) => c['data-class']))).toEqual(new Set(['0', '1']));
  });

  it('refuses bad input with messages naming the problem', () => {
    const f = (pts: number[][]) => pts.map(() => 0);
    expect(() => decisionBoundary(f, [], [])).toThrow(/decisionBoundary: x has no points/);
    expect(() => decisionBoundary(f, x, [0, 1])).toThrow(/x has 6 points but y has 2 labels/);
    expect(() => decisionBoundary(f, [[0, NaN], [1, 1]], [0, 1])).toThrow(/x\[:, 1\]\[0\] is NaN/);
    expect(() => decisionBoundary(f, [[0, 1, 2]], [0])).toThrow(/point 0 must be \[x1, x2\]/);
    expect(() => decisionBoundary((pts) => pts.map(() => 0.3), x, y)).toThrow(/returned 0.3 for point 0.*pass \{ predict \}/);
    expect(() => decisionBoundary((pts) => pts.slice(1).map(() => 0), x, y)).toThrow(/returned \d+ classes for \d+ points/);
    expect(() => decisionBoundary({} as never, x, y)).toThrow(TypeError);
  });
});

describe('decisionBoundary limits and refusals', () => {
  const f = (pts: number[][]) => pts.map((p) => (p[0] > 0 ? 1 : 0));

  it('bounds resolution to [2, 500] with a RangeError naming function, option and range', () => {
    expect(() => decisionBoundary(f, x, y, { resolution: 501 })).toThrow(new RangeError('decisionBoundary: resolution must be an integer in [2, 500], got 501'));
    expect(() => decisionBoundary(f, x, y, { resolution: 1e5 })).toThrow(RangeError);
    expect(() => decisionBoundary(f, x, y, { resolution: 1 })).toThrow(/resolution must be an integer in \[2, 500\]/);
    expect(cells(decisionBoundary(f, x, y, { resolution: 500 })).length).toBe(1000); // the limit itself renders: 2 runs per row
  });

  it('bounds width and height to [120, 4096]', () => {
    expect(() => decisionBoundary(f, x, y, { width: 4097 })).toThrow(new RangeError('decisionBoundary: width must be an integer in [120, 4096], got 4097'));
    expect(() => decisionBoundary(f, x, y, { height: 1e9 })).toThrow(/decisionBoundary: height must be an integer in \[120, 4096\], got 1000000000/);
    expect(decisionBoundary(f, x, y, { width: 4096, height: 4096, resolution: 4 })).toMatch(/^<svg[^>]* width="4096" height="4096"/);
  });

  it('allows at most 8 classes (one palette colour each), from the option or the labels, and never allocates per label value', () => {
    expect(() => decisionBoundary(f, x, y, { classes: 9 })).toThrow(/decisionBoundary: classes must be an integer in \[2, 8\], got 9/);
    expect(() => decisionBoundary(f, x, [0, 1, 2, 3, 4, 8])).toThrow(/decisionBoundary: label 5 is 8; at most 8 classes \(0…7\)/);
    expect(() => decisionBoundary(f, x, [0, 1, 0, 1, 0, 1e9])).toThrow(/label 5 is 1000000000/);
  });

  it('refuses labels the model cannot predict: a label ≥ its number of score columns', () => {
    const two = { predict: (pts: number[][]) => pts.map((p) => [p[0], -p[0]]) };
    expect(() => decisionBoundary(two, x, [0, 1, 2, 0, 1, 0])).toThrow(new RangeError('decisionBoundary: label 2 is 2, but the model scores 2 classes (predict returns 2 columns per point)'));
    expect(() => decisionBoundary(two, x, y, { classes: 3, classNames: ['a', 'b', 'c'] })).not.toThrow();
    const one = { predict: (pts: number[][]) => pts.map((p) => [p[0]]) };
    expect(() => decisionBoundary(one, x, [0, 1, 2, 0, 1, 0])).toThrow(/label 2 is 2, but the model scores 2 classes \(predict returns 1 column per point: score > threshold is class 1\)/);
    expect(decisionBoundary(one, x, y)).toContain('class="cells"');
  });

  it('refuses unknown options with a TypeError, naming the near miss or listing the options', () => {
    expect(() => decisionBoundary(f, x, y, { resolutoin: 50 } as never)).toThrow(new TypeError("decisionBoundary: unknown option 'resolutoin' (did you mean 'resolution'?)"));
    expect(() => decisionBoundary(f, x, y, { Threshold: 0.5 } as never)).toThrow(/did you mean 'threshold'\?/);
    expect(() => decisionBoundary(f, x, y, { zoom: 2 } as never)).toThrow(/unknown option 'zoom' \(options are width, height, title, resolution,/);
  });

  it('refuses options of the wrong kind with a TypeError naming the option', () => {
    expect(() => decisionBoundary(f, x, y, { title: 5 } as never)).toThrow(new TypeError('decisionBoundary: title must be a string, got number'));
    expect(() => decisionBoundary(f, x, y, { classNames: 'ab' } as never)).toThrow(/classNames must be an array/);
    expect(() => decisionBoundary(f, x, y, { resolution: '50' } as never)).toThrow(new TypeError('decisionBoundary: resolution must be a number, got a string ("50")'));
    expect(() => decisionBoundary(f, x, y, 'big' as never)).toThrow(/decisionBoundary: options must be an object/);
  });
});

function frameCentreY(r: Record<string, string>[]): number {
  const lo = Math.min(...r.map((c) => Number(c.y)));
  const hi = Math.max(...r.map((c) => Number(c.y) + Number(c.height) - 0.5));
  return (lo + hi) / 2;
}
