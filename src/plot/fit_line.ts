/** fitLine: 1-D data as points with fitted curves over them (e.g. before and after training), as SVG. */

import { typeError, rangeError } from '../errors.js';
import { axisBottom, axisVertical, type LegendEntry, verticalAxisWidth } from './axes.js';
import { type ChartOptions, chartLayout, clipped } from './chart.js';
import { CHART_OPTIONS, checkOptions, SAMPLES_RANGE } from './options.js';
import { extent, linearScale, niceDomain, niceTicks } from './scale.js';
import { color, DASHES, svgDocument, tag } from './svg.js';

/** A curve to draw: its legend label and the function it plots. */
export interface FittedLine {
  label: string;
  predict: (x: number) => number;
}

export interface FitLineOptions extends ChartOptions {
  /** Axis labels (defaults "x", "y"). */
  xLabel?: string;
  yLabel?: string;
  /** Legend label of the data points (default "data"). */
  dataLabel?: string;
  /** Points at which each curve is evaluated, an integer in [2, 4096] (default 100; 2 would do for straight lines). */
  samples?: number;
}

const OPTIONS = { ...CHART_OPTIONS, xLabel: 'string', yLabel: 'string', dataLabel: 'string', samples: SAMPLES_RANGE } as const;

function toLines(op: string, lines: FittedLine[] | FittedLine | Record<string, (x: number) => number>): FittedLine[] {
  const list = Array.isArray(lines)
    ? lines
    : lines && typeof (lines as FittedLine).predict === 'function' && typeof (lines as FittedLine).label === 'string'
      ? [lines as FittedLine]
      : lines && typeof lines === 'object'
        ? Object.entries(lines as Record<string, (x: number) => number>).map(([label, predict]) => ({ label, predict }))
        : null;
  if (!list) throw typeError(op, 'lines must be an array of { label, predict }, one such object, or { label: fn }');
  list.forEach((l, i) => {
    if (!l || typeof l.predict !== 'function') throw typeError(op, `line ${i} has no predict(x) function`);
    if (typeof l.label !== 'string') throw typeError(op, `line ${i} has no label`);
  });
  return list;
}

/** `samples` points of a line, evenly spaced over `xDom`; refuses a non-finite value, naming the line and x. */
function sample(op: string, l: FittedLine, xDom: [number, number], samples: number): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < samples; i++) {
    const xv = xDom[0] + ((xDom[1] - xDom[0]) * i) / (samples - 1);
    const yv = l.predict(xv);
    if (typeof yv !== 'number' || !Number.isFinite(yv)) throw rangeError(op, `line "${l.label}" gives ${String(yv)} at x = ${xv}`);
    pts.push([xv, yv]);
  }
  return pts;
}

/**
 * Scatters (x, y) and draws each fitted curve across the data's x range, with axes and a legend.
 *
 * ```ts
 * import { celsius } from 'simdnet';
 * import { fitLine } from 'simdnet/plot';
 * const d = celsius(); // −50 … 49 °C
 * const svg = fitLine(d.celsius, d.fahrenheit, [
 *   { label: 'before training', predict: (c) => 0.5 * c },
 *   { label: 'after training', predict: (c) => 1.8 * c + 32 },
 * ], { xLabel: '°C', yLabel: '°F' });
 * ```
 */
export function fitLine(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  lines: FittedLine[] | FittedLine | Record<string, (x: number) => number> = [],
  opts: FitLineOptions = {},
): string {
  const op = 'fitLine';
  checkOptions(op, opts, OPTIONS);
  if (!x || typeof x.length !== 'number' || !y || typeof y.length !== 'number') throw typeError(op, 'x and y must be arrays of numbers');
  if (x.length !== y.length) throw rangeError(op, `x has ${x.length} values but y has ${y.length}`);
  const [xLo, xHi] = extent(op, 'x', x);
  const [yLo, yHi] = extent(op, 'y', y);
  const list = toLines(op, lines);
  const samples = opts.samples ?? 100;

  const span = xHi - xLo || 1;
  const xDom: [number, number] = [xLo - 0.04 * span, xHi + 0.04 * span];
  const curves = list.map((l) => sample(op, l, xDom, samples));
  let lo = yLo;
  let hi = yHi;
  for (const c of curves) for (const [, v] of c) { if (v < lo) lo = v; if (v > hi) hi = v; }
  // the y axis starts and ends on a tick: domain and ticks come from the same step
  const probeH = (opts.height ?? 440) - 150;
  const yCount = Math.max(2, Math.round(probeH / 60));
  const yDom = niceDomain(lo, hi, yCount);
  const yTicks = niceTicks(yDom[0], yDom[1], yCount);

  const legend: LegendEntry[] = [
    { label: opts.dataLabel ?? 'data', color: '#444444', kind: 'point', fill: '#bbbbbb' },
    ...list.map((l, i): LegendEntry => ({ label: l.label, color: color([4, 0, 2, 3, 1, 5][i % 6]), kind: 'line', dash: DASHES[i % DASHES.length] })),
  ];
  const left = 16 + verticalAxisWidth(linearScale(yDom, [probeH, 0]), { height: probeH }, true);
  const { width, height, frame, header } = chartLayout(op, opts, legend, { left, right: 28, bottom: 52 });
  const sx = linearScale(xDom, [frame.left, frame.left + frame.width]);
  const sy = linearScale(yDom, [frame.top + frame.height, frame.top]);

  let body = axisBottom(sx, frame, { label: opts.xLabel ?? 'x' });
  body += axisVertical('left', sy, frame, { label: opts.yLabel ?? 'y', ticks: yTicks });
  let dots = '';
  for (let i = 0; i < x.length; i++) {
    dots += tag('circle', { cx: sx(x[i]), cy: sy(y[i]), r: 3.5, fill: '#bbbbbb', stroke: '#444444', 'stroke-width': 0.9, class: 'point' });
  }
  let paths = '';
  curves.forEach((c, i) => {
    const e = legend[i + 1];
    paths += tag('polyline', {
      points: c.map(([a, b]) => `${Math.round(sx(a) * 100) / 100},${Math.round(sy(b) * 100) / 100}`).join(' '),
      fill: 'none', stroke: e.color, 'stroke-width': 2.5, 'stroke-dasharray': e.dash || undefined, class: 'fitted',
    });
  });
  body += clipped('fit', frame, tag('g', { class: 'points' }, dots) + tag('g', { class: 'lines' }, paths));
  return svgDocument(width, height, header + body, opts.title ?? 'fitted lines');
}
