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

function frameCentreY(r: Record<string, string>[]): number {
  const lo = Math.min(...r.map((c) => Number(c.y)));
  const hi = Math.max(...r.map((c) => Number(c.y) + Number(c.height) - 0.5));
  return (lo + hi) / 2;
}
