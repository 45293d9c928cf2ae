/** Axes, grid, legend and title for the plots: the plot frame and everything drawn around it. */

import type { Scale } from './scale.js';
import { tag, text, textWidth } from './svg.js';

/** The plot area in pixels. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

const AXIS = '#333333';
const GRID = '#e4e4e4';

export interface AxisOptions {
  label?: string;
  /** Colour of the tick labels and the axis label (e.g. to match a series on a twin axis). */
  color?: string;
  /** Tick values (default: the scale's nice ticks). */
  ticks?: number[];
  /** Draw light grid lines across the frame at each tick (default true for the primary axes). */
  grid?: boolean;
}

/** The ticks of a scale that lie inside its domain (so no tick falls outside the frame). */
function ticksOf(scale: Scale, opts: AxisOptions, count: number): number[] {
  const [a, b] = scale.domain;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const eps = (hi - lo) * 1e-9;
  return (opts.ticks ?? scale.ticks(count)).filter((t) => t >= lo - eps && t <= hi + eps);
}

/** Bottom axis: line, ticks, numbers under them, label centred below. */
export function axisBottom(scale: Scale, f: Frame, opts: AxisOptions = {}): string {
  // fewer ticks until their numbers fit side by side with room to spare
  let count = Math.max(2, Math.round(f.width / 80));
  let ticks = ticksOf(scale, opts, count);
  while (!opts.ticks && count > 2 && ticks.reduce((w, t) => w + textWidth(scale.format(t, ticks)) + 16, 0) > f.width * 0.9) {
    ticks = ticksOf(scale, opts, --count);
  }
  const y = f.top + f.height;
  let out = '';
  for (const t of ticks) {
    const x = scale(t);
    if (opts.grid ?? true) out += tag('line', { x1: x, y1: f.top, x2: x, y2: y, stroke: GRID });
    out += tag('line', { x1: x, y1: y, x2: x, y2: y + 5, stroke: AXIS });
    out += text(x, y + 18, scale.format(t, ticks), { 'text-anchor': 'middle', fill: opts.color ?? AXIS, class: 'tick' });
  }
  out += tag('line', { x1: f.left, y1: y, x2: f.left + f.width, y2: y, stroke: AXIS });
  if (opts.label) out += text(f.left + f.width / 2, y + 38, opts.label, { 'text-anchor': 'middle', 'font-size': 13, fill: opts.color ?? AXIS, class: 'axis-label' });
  return tag('g', { class: 'axis axis-x' }, out);
}

/** Left or right axis: ticks, numbers beside them, label rotated along the axis. Returns the svg. */
export function axisVertical(side: 'left' | 'right', scale: Scale, f: Frame, opts: AxisOptions = {}): string {
  const ticks = ticksOf(scale, opts, Math.max(2, Math.round(f.height / 60)));
  const x = side === 'left' ? f.left : f.left + f.width;
  const dir = side === 'left' ? -1 : 1;
  let out = '';
  let widest = 0;
  for (const t of ticks) {
    const y = scale(t);
    const s = scale.format(t, ticks);
    widest = Math.max(widest, textWidth(s));
    if (opts.grid ?? side === 'left') out += tag('line', { x1: f.left, y1: y, x2: f.left + f.width, y2: y, stroke: GRID });
    out += tag('line', { x1: x, y1: y, x2: x + 5 * dir, y2: y, stroke: AXIS });
    out += text(x + 8 * dir, y + 4, s, { 'text-anchor': side === 'left' ? 'end' : 'start', fill: opts.color ?? AXIS, class: 'tick' });
  }
  out += tag('line', { x1: x, y1: f.top, x2: x, y2: f.top + f.height, stroke: AXIS });
  if (opts.label) {
    const lx = x + dir * (widest + 22);
    const ly = f.top + f.height / 2;
    out += text(lx, ly, opts.label, {
      'text-anchor': 'middle', 'font-size': 13, fill: opts.color ?? AXIS, class: 'axis-label',
      transform: `rotate(${side === 'left' ? -90 : 90} ${Math.round(lx * 100) / 100} ${Math.round(ly * 100) / 100})`,
    });
  }
  return tag('g', { class: `axis axis-${side === 'left' ? 'y' : 'y2'}` }, out);
}

/** Room a vertical axis needs outside the frame: tick numbers plus the rotated label. */
export function verticalAxisWidth(scale: Scale, f: Pick<Frame, 'height'>, hasLabel: boolean): number {
  const ticks = scale.ticks(Math.max(2, Math.round(f.height / 60)));
  const widest = Math.max(0, ...ticks.map((t) => textWidth(scale.format(t, ticks))));
  return widest + (hasLabel ? 36 : 14);
}

/** One legend entry: how its swatch is drawn. */
export interface LegendEntry {
  label: string;
  color: string;
  kind: 'line' | 'point' | 'box';
  dash?: string;
  /** Fill of a point or box (default: color). */
  fill?: string;
}

function swatch(e: LegendEntry, x: number, y: number): string {
  if (e.kind === 'line') return tag('line', { x1: x, y1: y, x2: x + 22, y2: y, stroke: e.color, 'stroke-width': 2.5, 'stroke-dasharray': e.dash || undefined });
  if (e.kind === 'point') return tag('circle', { cx: x + 11, cy: y, r: 4.5, fill: e.fill ?? e.color, stroke: '#222222', 'stroke-width': 1 });
  return tag('rect', { x: x + 3, y: y - 7, width: 16, height: 14, fill: e.fill ?? e.color, stroke: '#888888', 'stroke-width': 0.8 });
}

/** Lays legend entries left to right from (x, y), wrapping at maxWidth. Returns the svg and its height. */
export function legendRow(entries: LegendEntry[], x: number, y: number, maxWidth: number): { svg: string; height: number } {
  let cx = x;
  let cy = y + 8;
  let out = '';
  for (const e of entries) {
    const w = 22 + 6 + textWidth(e.label) + 18;
    if (cx > x && cx + w > x + maxWidth) { cx = x; cy += 20; }
    out += tag('g', { class: 'legend-entry' }, swatch(e, cx, cy) + text(cx + 28, cy + 4, e.label, { fill: AXIS }));
    cx += w;
  }
  return { svg: tag('g', { class: 'legend' }, out), height: entries.length ? cy - y + 12 : 0 };
}

/** A bold title line, shrunk (down to 10 px) to fit `maxWidth`. */
export function title(s: string, x: number, y: number, maxWidth = Infinity): string {
  const size = Math.max(10, Math.min(15, Math.floor(maxWidth / (textWidth(s, 1) * 1.08))));
  return text(x, y, s, { 'font-size': size, 'font-weight': 600, fill: '#111111', class: 'title' });
}
