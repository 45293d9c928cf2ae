// Tests for lossCurve: series placement, axes and ticks, and the histories and options it refuses.
import { describe, expect, it } from 'vitest';
import { lossCurve } from '../../src/plot/loss.js';
import { checkSvg, elements, texts, tickValue } from './xml.js';

const loss = [2.3, 1.2, 0.7, 0.45, 0.33, 0.3];
const accuracy = [0.3, 0.6, 0.75, 0.84, 0.88, 0.9];

function seriesPoints(svg: string, key: string): [number, number][] {
  const g = new RegExp(`<g class="series series-${key}"><polyline points="([^"]*)"`).exec(svg);
  if (!g) throw new Error(`no series ${key}`);
  return g[1].split(' ').map((p) => p.split(',').map(Number) as [number, number]);
}

describe('lossCurve', () => {
  const svg = lossCurve({ loss, accuracy, valLoss: loss.map((v) => v + 0.1), valAccuracy: accuracy.map((v) => v - 0.05) }, { title: 'MNIST <demo>' });

  it('is a well-formed standalone SVG with the title escaped', () => {
    checkSvg(svg);
    expect(texts(svg, 'title')).toEqual(['MNIST <demo>']);
  });

  it('has axis labels, a legend entry per series, and a right axis for accuracy', () => {
    expect(texts(svg, 'axis-label')).toEqual(['epoch', 'loss', 'accuracy']);
    const legend = /<g class="legend">(.*?)<\/g><\/g>/.exec(svg)![0];
    for (const l of ['loss', 'validation loss', 'accuracy', 'validation accuracy']) expect(texts(legend)).toContain(l);
    expect(svg).toContain('class="axis axis-y2"');
  });

  it('draws one vertex and one marker per epoch for each series', () => {
    for (const key of ['loss', 'valLoss', 'accuracy', 'valAccuracy']) {
      expect(seriesPoints(svg, key).length).toBe(6);
      const g = new RegExp(`<g class="series series-${key}">(.*?)</g>`).exec(svg)![1];
      expect(elements(g, 'circle').filter((c) => c.class === 'marker').length).toBe(6);
    }
  });

  it('places points by value: falling loss goes down the picture, rising accuracy goes up, epochs left to right', () => {
    const l = seriesPoints(svg, 'loss');
    const a = seriesPoints(svg, 'accuracy');
    for (let i = 1; i < 6; i++) {
      expect(l[i][0]).toBeGreaterThan(l[i - 1][0]);
      expect(l[i][1]).toBeGreaterThan(l[i - 1][1]); // svg y grows downwards
      expect(a[i][1]).toBeLessThan(a[i - 1][1]);
    }
    // linear in the value: equal loss steps give equal pixel steps
    const k = (l[1][1] - l[0][1]) / (loss[1] - loss[0]);
    for (let i = 2; i < 6; i++) expect((l[i][1] - l[0][1]) / (loss[i] - loss[0])).toBeCloseTo(k, 1);
  });

  it('tick numbers are nice and the loss ticks cover the loss range', () => {
    const ticks = texts(/<g class="axis axis-y">.*?<\/g>/.exec(svg)![0], 'tick').map(tickValue);
    expect(ticks[0]).toBeLessThanOrEqual(Math.min(...loss));
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(2.3);
    const epochs = texts(/<g class="axis axis-x">.*?<\/g>/.exec(svg)![0], 'tick').map(tickValue);
    for (const e of epochs) expect(Number.isInteger(e) && e >= 1 && e <= 6).toBe(true);
  });

  it('with only a loss there is no accuracy axis; log scale ticks are powers of ten', () => {
    const only = lossCurve({ loss: [10, 1, 0.1, 0.01] }, { logLoss: true });
    checkSvg(only);
    expect(only).not.toContain('axis-y2');
    expect(texts(only, 'axis-label')).toEqual(['epoch', 'loss']);
    const ticks = texts(/<g class="axis axis-y">.*?<\/g>/.exec(only)![0], 'tick').map(Number);
    for (const t of ticks) expect(Math.log10(t)).toBeCloseTo(Math.round(Math.log10(t)), 9);
    const p = seriesPoints(only, 'loss');
    expect(p[1][1] - p[0][1]).toBeCloseTo(p[3][1] - p[2][1], 1); // equal ratios, equal steps
  });

  it('refuses empty, NaN and non-positive log input with a clear message', () => {
    expect(() => lossCurve({ loss: [] })).toThrow(/lossCurve: history.loss is empty/);
    expect(() => lossCurve({ loss: [1, NaN, 0.5] })).toThrow(/lossCurve: history.loss\[1\] is NaN/);
    expect(() => lossCurve({ loss: [1], accuracy: [Infinity] })).toThrow(RangeError);
    expect(() => lossCurve({ loss: [1, 0] }, { logLoss: true })).toThrow(/logLoss needs positive losses, history.loss\[1\] is 0/);
    expect(() => lossCurve(null as never)).toThrow(TypeError);
  });
});

describe('lossCurve refusals', () => {
  it('refuses series of different lengths: every series holds one value per epoch', () => {
    expect(() => lossCurve({ loss: [1, 2], valLoss: [1] })).toThrow(new RangeError('lossCurve: history.valLoss has 1 values but history.loss has 2 (one per epoch each)'));
    expect(() => lossCurve({ loss: [1, 2], accuracy: [0.5, 0.6, 0.7] })).toThrow(/history.accuracy has 3 values but history.loss has 2/);
    expect(() => lossCurve({ loss: [1, 2], accuracy: [0.5, 0.6], valAccuracy: [0.5] })).toThrow(/history.valAccuracy has 1 values/);
    expect(lossCurve({ loss: [1, 2], valLoss: [1.5, 2.5], lr: [0.1, 0.1] } as never)).toContain('series-valLoss'); // extra fields (lr, steps) of fit's History are fine
  });

  it('bounds width and height to [120, 4096]', () => {
    expect(() => lossCurve({ loss }, { width: 5000 })).toThrow(new RangeError('lossCurve: width must be an integer in [120, 4096], got 5000'));
    expect(() => lossCurve({ loss }, { height: 1e9 })).toThrow(/lossCurve: height must be an integer in \[120, 4096\]/);
  });

  it('refuses unknown options (with a near miss) and options of the wrong kind', () => {
    expect(() => lossCurve({ loss }, { logloss: true } as never)).toThrow(new TypeError("lossCurve: unknown option 'logloss' (did you mean 'logLoss'?)"));
    expect(() => lossCurve({ loss }, { valLoss: [1] } as never)).toThrow(/unknown option 'valLoss' \(options are /);
    expect(() => lossCurve({ loss }, { firstEpoch: '0' } as never)).toThrow(new TypeError('lossCurve: firstEpoch must be a number, got the string "0"'));
    expect(() => lossCurve({ loss }, { logLoss: 1 } as never)).toThrow(/logLoss must be a boolean, got number/);
  });

  it('refuses an accuracyRange that is not [lo, hi] with finite lo < hi', () => {
    expect(() => lossCurve({ loss, accuracy }, { accuracyRange: [1, 0] })).toThrow(new RangeError('lossCurve: accuracyRange must be [lo, hi] with finite lo < hi, got [1, 0]'));
    expect(() => lossCurve({ loss, accuracy }, { accuracyRange: [0, NaN] })).toThrow(RangeError);
    expect(() => lossCurve({ loss, accuracy }, { accuracyRange: [0] as never })).toThrow(RangeError);
  });
});
