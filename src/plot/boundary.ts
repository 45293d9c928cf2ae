/** decisionBoundary: a 2-D classifier's regions on a grid, with the labelled points on top, as SVG. */

import { checkNumber, typeError, rangeError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { axisBottom, axisVertical, type Frame, type LegendEntry, verticalAxisWidth } from './axes.js';
import { type ChartOptions, chartLayout, clipped } from './chart.js';
import { CHART_OPTIONS, CLASSES_RANGE, checkOptions, RESOLUTION_RANGE } from './options.js';
import { extent, linearScale } from './scale.js';
import { color, lighten, svgDocument, tag } from './svg.js';

/** Rows of scores: a plain array or anything with `toArray()` (a tensor). */
export type Scores = number[][] | { toArray(): number[][] };

/**
 * A classifier: a function from points to class indices, or a model whose `predict(points)` returns
 * rows of scores (one column: score > threshold is class 1; several: argmax).
 */
export type Classifier = ((points: number[][]) => ArrayLike<number>) | { predict(points: number[][]): Scores };

export interface DecisionBoundaryOptions extends ChartOptions {
  /** Grid cells per side, an integer in [2, 500] (default 100). */
  resolution?: number;
  /** Margin around the data's bounding box, as a fraction of its span (default 0.1). */
  margin?: number;
  /** For one-column scores: class 1 when score > threshold (default 0; use 0.5 for sigmoid outputs). */
  threshold?: number;
  /** Number of classes, in [2, 8]: one palette colour each (default: from the labels). */
  classes?: number;
  /** Legend names of the classes (default "class 0", … or "−1", "+1" for ±1 labels). */
  classNames?: string[];
  /** Axis labels (defaults "x₁", "x₂"). */
  xLabel?: string;
  yLabel?: string;
}

const OPTIONS = {
  ...CHART_OPTIONS, resolution: RESOLUTION_RANGE, margin: 'number', threshold: 'number', classes: CLASSES_RANGE,
  classNames: 'array', xLabel: 'string', yLabel: 'string',
} as const;

function rowsOf(op: string, x: number[][] | Matrix): number[][] {
  if (Array.isArray(x)) return x;
  if (x && typeof x === 'object' && (x as Matrix).data instanceof Float32Array) {
    const [r, c] = (x as Matrix).shape;
    return Array.from({ length: r }, (_, i) => Array.from((x as Matrix).data.subarray(i * c, (i + 1) * c)));
  }
  throw typeError(op, 'x must be an array of [x1, x2] points or a Matrix');
}

/** Class indices in [0, k) for the points; for a predict model also its score columns and the classes they can give. */
interface Classified {
  cls: number[];
  /** Columns of predict's rows (null for a classifier function). */
  columns: number | null;
  /** Classes the model can give: 2 for one column (a threshold), else one per column (null for a function). */
  modelClasses: number | null;
}

/** Turns the classifier's output for `points` into class indices in [0, k). */
function classify(op: string, model: Classifier, points: number[][], k: number, pm1: boolean, threshold: number): Classified {
  const toIndex = (v: number, i: number): number => {
    const c = pm1 && v === -1 ? 0 : v;
    if (!Number.isInteger(c) || c < 0 || c >= k) {
      const hint = Number.isInteger(v) ? '' : ' (a function must return class indices; pass { predict } to give scores)';
      throw rangeError(op, `the classifier returned ${v} for point ${i}, expected a class index in [0, ${k})${pm1 ? ' or −1' : ''}${hint}`);
    }
    return c;
  };
  if (typeof model === 'function') {
    const out = model(points);
    if (!out || typeof out.length !== 'number') throw typeError(op, 'the classifier function must return an array of class indices');
    if (out.length !== points.length) throw rangeError(op, `the classifier returned ${out.length} classes for ${points.length} points`);
    return { cls: Array.from(out, toIndex), columns: null, modelClasses: null };
  }
  if (!model || typeof model.predict !== 'function') throw typeError(op, 'model must be a function or have a predict(points) method');
  const raw = model.predict(points);
  const rows = Array.isArray(raw) ? raw : raw && typeof raw.toArray === 'function' ? raw.toArray() : null;
  if (!rows) throw typeError(op, 'predict(points) must return rows of scores (number[][]) or an object with toArray()');
  if (rows.length !== points.length) throw rangeError(op, `predict returned ${rows.length} rows for ${points.length} points`);
  let columns = 0;
  const cls = rows.map((r, i) => {
    if (!Array.isArray(r) && !ArrayBuffer.isView(r)) throw typeError(op, `predict row ${i} is not an array`);
    const row = r as ArrayLike<number>;
    columns = row.length;
    for (let j = 0; j < row.length; j++) if (!Number.isFinite(row[j])) throw rangeError(op, `predict row ${i} has a non-finite score (${row[j]})`);
    if (row.length === 1) return toIndex(row[0] > threshold ? 1 : 0, i);
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
    return toIndex(best, i);
  });
  return { cls, columns, modelClasses: columns === 1 ? 2 : columns };
}

/** The labels as class indices (±1 → 0, 1), the number of classes and their legend names; refuses what cannot be drawn. */
function labelsOf(op: string, y: ArrayLike<number>, points: number, opts: DecisionBoundaryOptions): { classIdx: number[]; pm1: boolean; k: number; names: string[] } {
  if (!y || typeof y.length !== 'number') throw typeError(op, 'y must be an array of labels');
  if (y.length !== points) throw rangeError(op, `x has ${points} points but y has ${y.length} labels`);
  extent(op, 'y', y);
  const labels = Array.from(y);
  const pm1 = labels.some((v) => v === -1) && labels.every((v) => v === -1 || v === 1);
  const most = CLASSES_RANGE[1];
  let k = 2;
  const classIdx = labels.map((v, i) => {
    const c = pm1 ? (v === -1 ? 0 : 1) : v;
    if (!Number.isInteger(c) || c < 0) throw rangeError(op, `label ${i} is ${v}, expected a class index 0…K−1 or ±1`);
    if (c >= most) throw rangeError(op, `label ${i} is ${v}; at most ${most} classes (0…${most - 1}) can be drawn, one palette colour each`);
    k = Math.max(k, c + 1);
    return c;
  });
  if (opts.classes !== undefined) {
    k = opts.classes;
    classIdx.forEach((c, i) => { if (c >= k) throw rangeError(op, `label ${i} is ${labels[i]}, but classes is ${k}`); });
  }
  const names = opts.classNames ?? (pm1 ? ['−1', '+1'] : Array.from({ length: k }, (_, c) => `class ${c}`));
  if (names.length !== k) throw rangeError(op, `classNames has ${names.length} names for ${k} classes`);
  return { classIdx, pm1, k, names };
}

/** Refuses a label the model can never predict: one ≥ the number of classes its score columns give. */
function checkLabelsFitModel(op: string, classIdx: number[], labels: ArrayLike<number>, c: Classified): void {
  if (c.modelClasses === null) return;
  const i = classIdx.findIndex((v) => v >= c.modelClasses!);
  if (i < 0) return;
  const how = c.columns === 1 ? '1 column per point: score > threshold is class 1' : `${c.columns} columns per point`;
  throw rangeError(op, `label ${i} is ${labels[i]}, but the model scores ${c.modelClasses} classes (predict returns ${how})`);
}

/** One rect per run of equal classes in a grid row: the same picture as res² cells, in a far smaller file. */
function cellRects(cls: number[], res: number, frame: Frame): string {
  let cells = '';
  const pw = frame.width / res;
  const ph = frame.height / res;
  for (let r = 0; r < res; r++) {
    let start = 0;
    for (let c = 1; c <= res; c++) {
      if (c < res && cls[r * res + c] === cls[r * res + start]) continue;
      const k0 = cls[r * res + start];
      cells += tag('rect', {
        x: frame.left + start * pw, y: frame.top + r * ph, width: (c - start) * pw + 0.5, height: ph + 0.5,
        fill: lighten(color(k0), 0.72), 'data-class': k0,
      });
      start = c;
    }
  }
  return cells;
}

/**
 * Colours the plane by the classifier's prediction on a resolution × resolution grid over the data
 * (plus a margin), then draws the points in their label's colour. Labels are class indices 0…K−1, or ±1.
 *
 * ```ts
 * import { decisionBoundary } from 'simdnet/plot';
 * const { x, y } = makeMoons(100, { noise: 0.1, seed: 0 });
 * const svg = decisionBoundary((pts) => pts.map(([a, b]) => (b > 0.25 ? 0 : 1)), x, y, { title: 'a line' });
 * const svg2 = decisionBoundary(model, x, y, { threshold: 0.5 }); // model.predict → sigmoid scores
 * ```
 */
export function decisionBoundary(model: Classifier, x: number[][] | Matrix, y: ArrayLike<number>, opts: DecisionBoundaryOptions = {}): string {
  const op = 'decisionBoundary';
  checkOptions(op, opts, OPTIONS);
  const pts = rowsOf(op, x);
  if (pts.length === 0) throw rangeError(op, 'x has no points');
  pts.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== 2) throw rangeError(op, `point ${i} must be [x1, x2], got ${Array.isArray(p) ? `${p.length} values` : typeof p}`);
  });
  const [x0, x1] = extent(op, 'x[:, 0]', pts.map((p) => p[0]));
  const [y0, y1] = extent(op, 'x[:, 1]', pts.map((p) => p[1]));
  const { classIdx, pm1, k, names } = labelsOf(op, y, pts.length, opts);
  const res = opts.resolution ?? 100;
  const margin = checkNumber(op, 'margin', opts.margin ?? 0.1, { min: 0 });
  const threshold = checkNumber(op, 'threshold', opts.threshold ?? 0);

  const padX = (x1 - x0 || 1) * margin || 0.5;
  const padY = (y1 - y0 || 1) * margin || 0.5;
  const dom = { x: [x0 - padX, x1 + padX] as [number, number], y: [y0 - padY, y1 + padY] as [number, number] };

  const legend: LegendEntry[] = names.map((label, c) => ({ label, color: color(c), kind: 'point', fill: color(c) }));
  const probeH = (opts.height ?? 440) - 150;
  const left = 16 + verticalAxisWidth(linearScale(dom.y, [probeH, 0]), { height: probeH }, true);
  const { width, height, frame, header } = chartLayout(op, { width: 640, height: 520, ...opts }, legend, { left, right: 24, bottom: 52 });
  const sx = linearScale(dom.x, [frame.left, frame.left + frame.width]);
  const sy = linearScale(dom.y, [frame.top + frame.height, frame.top]);

  // cell centres, row by row from the top
  const cw = (dom.x[1] - dom.x[0]) / res;
  const ch = (dom.y[1] - dom.y[0]) / res;
  const grid: number[][] = [];
  for (let r = 0; r < res; r++) for (let c = 0; c < res; c++) grid.push([dom.x[0] + (c + 0.5) * cw, dom.y[1] - (r + 0.5) * ch]);
  const classified = classify(op, model, grid, k, pm1, threshold);
  checkLabelsFitModel(op, classIdx, y, classified);

  let dots = '';
  pts.forEach((p, i) => {
    dots += tag('circle', { cx: sx(p[0]), cy: sy(p[1]), r: 4, fill: color(classIdx[i]), stroke: '#222222', 'stroke-width': 0.9, class: 'point', 'data-class': classIdx[i] });
  });
  let body = clipped('boundary', frame, tag('g', { class: 'cells', 'shape-rendering': 'crispEdges' }, cellRects(classified.cls, res, frame)));
  body += tag('rect', { x: frame.left, y: frame.top, width: frame.width, height: frame.height, fill: 'none', stroke: '#333333' });
  body += axisBottom(sx, frame, { label: opts.xLabel ?? 'x₁', grid: false });
  body += axisVertical('left', sy, frame, { label: opts.yLabel ?? 'x₂', grid: false });
  body += tag('g', { class: 'points' }, dots);
  return svgDocument(width, height, header + body, opts.title ?? 'decision boundary');
}
