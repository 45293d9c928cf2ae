/** lossCurve: training history (loss, accuracy, their validation twins) per epoch as an SVG chart. */

import { typeError, rangeError } from '../errors.js';
import { axisBottom, axisVertical, type LegendEntry, verticalAxisWidth } from './axes.js';
import { type ChartOptions, chartLayout, clipped } from './chart.js';
import { CHART_OPTIONS, checkOptions } from './options.js';
import { extent, linearScale, logDomain, logScale, niceDomain, niceTicks, type Scale } from './scale.js';
import { color, DASHES, svgDocument, tag } from './svg.js';

/** Per-epoch values, as returned by a training loop; only `loss` is required, and every series has its length. */
export interface History {
  loss: ArrayLike<number>;
  accuracy?: ArrayLike<number>;
  valLoss?: ArrayLike<number>;
  valAccuracy?: ArrayLike<number>;
}

export interface LossCurveOptions extends ChartOptions {
  /** Log scale for the loss axis (all losses must be > 0). */
  logLoss?: boolean;
  /** Number of the first epoch on the x axis (default 1; 0 when the first value is the untrained model). */
  firstEpoch?: number;
  /** Fixed accuracy axis range [lo, hi], lo < hi (default: from the data, kept within [0, 1] when the data is). */
  accuracyRange?: [number, number];
  /** Axis labels (defaults "epoch", "loss", "accuracy"). */
  xLabel?: string;
  lossLabel?: string;
  accuracyLabel?: string;
}

const LOSS_COLOR = color(0);
const ACC_COLOR = color(4); // vermillion: far from blue for every common colour vision

interface Series { key: string; label: string; values: ArrayLike<number>; color: string; dash: string; axis: 'loss' | 'acc' }

const OPTIONS = {
  ...CHART_OPTIONS, logLoss: 'boolean', firstEpoch: 'number', accuracyRange: 'array', xLabel: 'string', lossLabel: 'string',
  accuracyLabel: 'string',
} as const;

/** The series present in `history`, checked: arrays of finite numbers, all with one value per epoch. */
function seriesOf(op: string, history: History): Series[] {
  if (history === null || typeof history !== 'object') throw typeError(op, `history must be an object with a loss array, got ${history === null ? 'null' : typeof history}`);
  if (history.loss === undefined) throw typeError(op, 'history has no loss array');
  const candidates: Series[] = [
    { key: 'loss', label: 'loss', values: history.loss, color: LOSS_COLOR, dash: DASHES[0], axis: 'loss' },
    { key: 'valLoss', label: 'validation loss', values: history.valLoss as ArrayLike<number>, color: LOSS_COLOR, dash: DASHES[1], axis: 'loss' },
    { key: 'accuracy', label: 'accuracy', values: history.accuracy as ArrayLike<number>, color: ACC_COLOR, dash: DASHES[0], axis: 'acc' },
    { key: 'valAccuracy', label: 'validation accuracy', values: history.valAccuracy as ArrayLike<number>, color: ACC_COLOR, dash: DASHES[1], axis: 'acc' },
  ];
  const series = candidates.filter((s) => s.values !== undefined);
  for (const s of series) {
    if (s.values === null || typeof s.values !== 'object' || typeof s.values.length !== 'number') throw typeError(op, `history.${s.key} must be an array of numbers`);
    extent(op, `history.${s.key}`, s.values);
    // a shorter series would be drawn against the wrong epochs
    if (s.values.length !== history.loss.length) {
      throw rangeError(op, `history.${s.key} has ${s.values.length} values but history.loss has ${history.loss.length} (one per epoch each)`);
    }
  }
  return series;
}

/** The accuracy axis: the given range, or nice bounds around the values (kept within [0, 1] when they are). */
function accuracyDomain(op: string, values: number[], range: readonly [number, number] | undefined, yCount: number): [number, number] {
  const [aLo, aHi] = extent(op, 'accuracy values', values);
  if (range) return [range[0], range[1]];
  const d = niceDomain(aLo, aHi, yCount);
  return aLo >= 0 && aHi <= 1 ? [Math.max(0, d[0]), Math.min(1, d[1])] : d;
}

/** One series as a polyline (with a marker per epoch when there are at most 40). */
function seriesSvg(s: Series, x: Scale, y: Scale, first: number): string {
  const pts = Array.from(s.values, (v, i) => `${Math.round(x(first + i) * 100) / 100},${Math.round(y(v) * 100) / 100}`);
  let g = tag('polyline', { points: pts.join(' '), fill: 'none', stroke: s.color, 'stroke-width': 2, 'stroke-dasharray': s.dash || undefined, 'stroke-linejoin': 'round' });
  if (s.values.length <= 40) {
    for (const p of pts) {
      const [cx, cy] = p.split(',').map(Number);
      g += tag('circle', { cx, cy, r: 2.8, fill: s.dash ? '#ffffff' : s.color, stroke: s.color, 'stroke-width': 1.5, class: 'marker' });
    }
  }
  return tag('g', { class: `series series-${s.key}` }, g);
}

/** Refuses an accuracyRange that is not [lo, hi] with finite lo < hi. */
function checkRange(op: string, r: readonly number[]): void {
  if (r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[0] < r[1])) {
    throw rangeError(op, `accuracyRange must be [lo, hi] with finite lo < hi, got [${r.map(String).join(', ')}]`);
  }
}

/**
 * Draws loss (and validation loss) against the left axis and accuracy (and validation accuracy)
 * against a right axis, with ticks, axis labels and a legend.
 *
 * ```ts
 * import { lossCurve } from 'simdnet/plot';
 * const svg = lossCurve({ loss: [0.9, 0.5, 0.3], accuracy: [0.6, 0.8, 0.9] }, { title: 'moons' });
 * writeFileSync('loss.svg', svg);
 * ```
 */
export function lossCurve(history: History, opts: LossCurveOptions = {}): string {
  const op = 'lossCurve';
  checkOptions(op, opts, OPTIONS);
  const series = seriesOf(op, history);
  const first = opts.firstEpoch ?? 1;
  if (!Number.isInteger(first)) throw rangeError(op, `firstEpoch must be an integer, got ${first}`);
  if (opts.accuracyRange !== undefined) checkRange(op, opts.accuracyRange);
  const lossValues = series.filter((s) => s.axis === 'loss').flatMap((s) => Array.from(s.values));
  const accValues = series.filter((s) => s.axis === 'acc').flatMap((s) => Array.from(s.values));
  const hasAcc = accValues.length > 0;
  const epochs = history.loss.length;

  const [lLo, lHi] = extent(op, 'loss values', lossValues);
  if (opts.logLoss && lLo <= 0) {
    const s = series.find((q) => q.axis === 'loss' && Array.from(q.values).some((v) => v <= 0))!;
    const i = Array.from(s.values).findIndex((v) => v <= 0);
    throw rangeError(op, `logLoss needs positive losses, history.${s.key}[${i}] is ${s.values[i]}`);
  }
  // The axes' widths depend on their tick labels, which depend on the frame height: estimate with a provisional
  // height. Domains and ticks share one step, so each vertical axis starts and ends on a tick.
  const probeH = (opts.height ?? 440) - 150;
  const yCount = Math.max(2, Math.round(probeH / 60));
  const accDomain = hasAcc ? accuracyDomain(op, accValues, opts.accuracyRange, yCount) : [0, 1] as [number, number];

  const legend: LegendEntry[] = series.map((s) => ({ label: s.label, color: s.color, kind: 'line', dash: s.dash }));
  // start the loss axis at 0 unless that squashes the curve
  const lossDomain: [number, number] = opts.logLoss ? logDomain(lLo, lHi) : niceDomain(lLo >= 0 && lLo < 0.25 * lHi ? 0 : lLo, lHi, yCount);
  const lossTicks = opts.logLoss ? undefined : niceTicks(lossDomain[0], lossDomain[1], yCount);
  const accTicks = niceTicks(accDomain[0], accDomain[1], yCount);
  const mkLoss = (r: [number, number]): Scale => (opts.logLoss ? logScale(lossDomain, r) : linearScale(lossDomain, r));
  const left = 16 + verticalAxisWidth(mkLoss([probeH, 0]), { height: probeH }, true);
  const right = hasAcc ? 16 + verticalAxisWidth(linearScale(accDomain, [probeH, 0]), { height: probeH }, true) : 28;
  const { width, height, frame, header } = chartLayout(op, opts, legend, { left, right, bottom: 52 });

  // a single epoch sits in the middle of a two-epoch-wide axis
  const xDom: [number, number] = epochs > 1 ? [first, first + epochs - 1] : [first - 1, first + 1];
  const x = linearScale(xDom, [frame.left, frame.left + frame.width]);
  const xTicks = x.ticks(Math.max(2, Math.round(frame.width / 80))).filter((t) => Number.isInteger(t));
  const yLoss = mkLoss([frame.top + frame.height, frame.top]);
  const yAcc = linearScale(accDomain, [frame.top + frame.height, frame.top]);

  let body = axisBottom(x, frame, { label: opts.xLabel ?? 'epoch', ticks: xTicks.length >= 2 ? xTicks : xDom });
  body += axisVertical('left', yLoss, frame, { label: opts.lossLabel ?? 'loss', color: hasAcc ? LOSS_COLOR : undefined, ticks: lossTicks });
  if (hasAcc) body += axisVertical('right', yAcc, frame, { label: opts.accuracyLabel ?? 'accuracy', color: ACC_COLOR, grid: false, ticks: accTicks });

  const lines = series.map((s) => seriesSvg(s, x, s.axis === 'loss' ? yLoss : yAcc, first)).join('');
  // markers may sit on the frame edge: clip with a few pixels of slack
  const slack = { left: frame.left - 4, top: frame.top - 4, width: frame.width + 8, height: frame.height + 8 };
  body += clipped('loss', slack, lines);
  return svgDocument(width, height, header + body, opts.title ?? 'training history');
}
