/** The common page layout of a chart: title, legend row, then the frame with room for the axes around it. */

import { checkIntRange, rangeError } from '../errors.js';
import { type Frame, type LegendEntry, legendRow, title } from './axes.js';
import { SIDE_RANGE } from './options.js';
import { tag } from './svg.js';

export interface ChartOptions {
  /** Picture size in pixels, integers in [120, 4096] (defaults 720 × 440). */
  width?: number;
  height?: number;
  /** A title above the legend. */
  title?: string;
}

/** Places title and legend at the top, then the frame; `left`/`right`/`bottom` are the room for axes. */
export function chartLayout(
  op: string,
  opts: ChartOptions,
  legend: LegendEntry[],
  room: { left: number; right: number; bottom: number },
): { width: number; height: number; frame: Frame; header: string } {
  const width = checkIntRange(op, 'width', opts.width ?? 720, SIDE_RANGE[0], SIDE_RANGE[1]);
  const height = checkIntRange(op, 'height', opts.height ?? 440, SIDE_RANGE[0], SIDE_RANGE[1]);
  let y = 12;
  let header = '';
  if (opts.title) {
    header += title(opts.title, room.left, y + 14, width - room.left - 8);
    y += 26;
  }
  const leg = legendRow(legend, room.left, y, width - room.left - room.right);
  header += leg.svg;
  y += leg.height + 10;
  const frame = { left: room.left, top: y, width: width - room.left - room.right, height: height - y - room.bottom };
  if (frame.width < 40 || frame.height < 40) {
    throw rangeError(op, `a ${width}×${height} picture leaves no room for the plot (${Math.round(frame.width)}×${Math.round(frame.height)} px); make it larger`);
  }
  return { width, height, frame, header };
}

/** A short stable id for clip paths, from the content (two charts in one page must not share ids). */
export function contentId(prefix: string, content: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < content.length; i++) h = Math.imul(h ^ content.charCodeAt(i), 0x01000193) >>> 0;
  return `${prefix}-${h.toString(36)}`;
}

/** Wraps `body` in a group clipped to `frame`, with its clipPath definition. */
export function clipped(prefix: string, frame: Frame, body: string): string {
  const id = contentId(prefix, body);
  return (
    tag('defs', {}, tag('clipPath', { id }, tag('rect', { x: frame.left, y: frame.top, width: frame.width, height: frame.height }))) +
    tag('g', { 'clip-path': `url(#${id})` }, body)
  );
}
