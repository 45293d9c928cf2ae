/** graphSvg: a computation-graph trace drawn left to right like micrograd's graphviz picture (record boxes, op circles). */

import { typeError, rangeError } from '../errors.js';
import { contentId } from './chart.js';
import { checkOptions, DIGITS_RANGE } from './options.js';
import { svgDocument, tag, text, textWidth } from './svg.js';

/** One value of the graph; `op` is the operation that produced it ('+', '*', 'tanh', …), absent for inputs. */
export interface TraceNode {
  id: string;
  label: string;
  data: number;
  grad: number;
  op?: string;
}

/** The graph: nodes, and edges from each operand to the result it feeds. */
export interface GraphTrace {
  nodes: TraceNode[];
  edges: { from: string; to: string }[];
}

export interface GraphSvgOptions {
  /** A title above the graph. */
  title?: string;
  /** Decimals of data and grad, an integer in [0, 15] (default 4, as micrograd prints them). */
  digits?: number;
}

const BOX_H = 30;
const ROW_GAP = 18;
const OP_R = 15;
const COL_GAP = 34;
const PAD = 16;

const fmt = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : String(v)).replace('-', '−');

/** Checks the trace and orders it: depth of each node (longest path from an input), operands of each node. */
function analyse(op: string, trace: GraphTrace): { depth: Map<string, number>; operands: Map<string, string[]>; order: string[] } {
  if (!trace || !Array.isArray(trace.nodes) || !Array.isArray(trace.edges)) throw typeError(op, 'trace must be { nodes: [...], edges: [...] }');
  if (trace.nodes.length === 0) throw rangeError(op, 'the trace has no nodes');
  const ids = new Set<string>();
  trace.nodes.forEach((n, i) => {
    if (!n || typeof n.id !== 'string') throw typeError(op, `node ${i} has no string id`);
    if (ids.has(n.id)) throw rangeError(op, `node id "${n.id}" appears twice`);
    if (typeof n.data !== 'number' || typeof n.grad !== 'number') throw typeError(op, `node "${n.id}" needs numeric data and grad`);
    ids.add(n.id);
  });
  const operands = new Map<string, string[]>([...ids].map((id) => [id, []]));
  const users = new Map<string, string[]>([...ids].map((id) => [id, []]));
  trace.edges.forEach((e, i) => {
    if (!e || !ids.has(e.from) || !ids.has(e.to)) throw rangeError(op, `edge ${i} (${e?.from} → ${e?.to}) names a node that is not in the trace`);
    operands.get(e.to)!.push(e.from);
    users.get(e.from)!.push(e.to);
  });
  // Kahn's algorithm: iterative, so deep graphs do not overflow the stack
  const pending = new Map([...operands].map(([id, ops]) => [id, ops.length]));
  const depth = new Map<string, number>();
  const queue = trace.nodes.filter((n) => pending.get(n.id) === 0).map((n) => n.id);
  queue.forEach((id) => depth.set(id, 0));
  const order: string[] = [];
  for (let qi = 0; qi < queue.length; qi++) {
    const id = queue[qi];
    order.push(id);
    for (const u of users.get(id)!) {
      depth.set(u, Math.max(depth.get(u) ?? 0, depth.get(id)! + 1));
      pending.set(u, pending.get(u)! - 1);
      if (pending.get(u) === 0) queue.push(u);
    }
  }
  if (order.length !== ids.size) {
    const stuck = [...ids].find((id) => !order.includes(id));
    throw rangeError(op, `the trace has a cycle through node "${stuck}"`);
  }
  return { depth, operands, order };
}

type Analysis = ReturnType<typeof analyse>;
interface Placed { x: number; y: number; w: number }

/** Columns by depth, inputs just left of their first user; order inside a column by the mean position of neighbours. */
function columns(trace: GraphTrace, { depth, operands, order }: Analysis): { cols: string[][]; users: Map<string, string[]> } {
  let maxDepth = 0;
  for (const d of depth.values()) maxDepth = Math.max(maxDepth, d);
  // inputs sit just left of their first user, as graphviz would place them, so their edges stay short
  const users = new Map<string, string[]>(trace.nodes.map((n) => [n.id, []]));
  for (const [id, ops] of operands) for (const o of ops) users.get(o)!.push(id);
  for (const id of order) {
    const us = users.get(id)!;
    if (operands.get(id)!.length === 0 && us.length > 0) depth.set(id, us.reduce((m, u) => Math.min(m, depth.get(u)!), Infinity) - 1);
  }
  const cols: string[][] = Array.from({ length: maxDepth + 1 }, () => []);
  for (const id of order) cols[depth.get(id)!].push(id);
  // barycentre sweeps
  const rel = new Map<string, number>();
  const place = (c: string[]) => c.forEach((id, i) => rel.set(id, (i + 0.5) / c.length));
  cols.forEach(place);
  const sweep = (c: string[], nbrs: Map<string, string[]>) => {
    const key = new Map(c.map((id) => {
      const ns = nbrs.get(id)!;
      return [id, ns.length ? ns.reduce((s, o) => s + rel.get(o)!, 0) / ns.length : rel.get(id)!];
    }));
    c.sort((a, b) => key.get(a)! - key.get(b)!);
    place(c);
  };
  for (let pass = 0; pass < 4; pass++) {
    for (let d = 1; d <= maxDepth; d++) sweep(cols[d], operands);
    for (let d = maxDepth - 1; d >= 0; d--) sweep(cols[d], users);
  }
  return { cols, users };
}

/** The text cells of a node's record box and their widths. */
function recordCells(n: TraceNode, digits: number): { text: string; width: number; bold: boolean }[] {
  const texts = [...(n.label ? [n.label] : []), `data ${fmt(n.data, digits)}`, `grad ${fmt(n.grad, digits)}`];
  return texts.map((t, i) => {
    const bold = i === 0 && !!n.label;
    return { text: t, width: textWidth(t, 12) * (bold ? 1.1 : 1) + 14, bold };
  });
}

/** Each node's box (left x, centre y, width), column after column, and the size of the drawing. */
function positions(trace: GraphTrace, cols: string[][], operands: Map<string, string[]>, digits: number, top: number): { pos: Map<string, Placed>; width: number; height: number } {
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const boxW = (id: string) => recordCells(byId.get(id)!, digits).reduce((s, c) => s + c.width, 0);
  const tallest = cols.reduce((m, c) => Math.max(m, c.length), 0);
  const pos = new Map<string, Placed>();
  let x = PAD;
  cols.forEach((c) => {
    if (c.some((id) => byId.get(id)!.op || operands.get(id)!.length > 0)) x += 2 * OP_R + COL_GAP;
    const offset = ((tallest - c.length) * (BOX_H + ROW_GAP)) / 2;
    let w = 0;
    c.forEach((id, i) => {
      const bw = boxW(id);
      w = Math.max(w, bw);
      pos.set(id, { x, y: top + offset + i * (BOX_H + ROW_GAP) + BOX_H / 2, w: bw });
    });
    x += w + COL_GAP;
  });
  return { pos, width: x - COL_GAP + PAD, height: top + tallest * (BOX_H + ROW_GAP) - ROW_GAP + PAD };
}

const r2 = (v: number): number => Math.round(v * 100) / 100;

/** One node: its op circle and the arrows into it (from each operand, through the op), and its record box. */
function drawNode(n: TraceNode, pos: Map<string, Placed>, operands: string[], digits: number, markerId: string): { edges: string; op: string; box: string } {
  const p = pos.get(n.id)!;
  const target = { x: p.x, y: p.y };
  let edges = '';
  let op = '';
  if (n.op || operands.length > 0) {
    const cx = p.x - COL_GAP / 2 - OP_R;
    if (n.op) {
      op = tag('g', { class: 'op' }, tag('circle', { cx, cy: p.y, r: OP_R, fill: '#fff4d6', stroke: '#8a6d00' }) +
        text(cx, p.y + 4.5, n.op, { 'text-anchor': 'middle', 'font-size': n.op.length > 2 ? 10 : 14, fill: '#111111' }));
      edges += tag('line', { x1: cx + OP_R, y1: p.y, x2: p.x - 2, y2: p.y, stroke: '#555555', 'stroke-width': 1.2, 'marker-end': `url(#${markerId})` });
      target.x = cx - OP_R;
    }
    for (const o of operands) {
      const q = pos.get(o)!;
      const x1 = q.x + q.w;
      const mid = (x1 + target.x) / 2;
      edges += tag('path', {
        d: `M${r2(x1)},${r2(q.y)} C${r2(mid)},${r2(q.y)} ${r2(mid)},${r2(target.y)} ${r2(target.x - 2)},${r2(target.y)}`,
        fill: 'none', stroke: '#555555', 'stroke-width': 1.2, 'marker-end': `url(#${markerId})`, class: 'edge',
      });
    }
  }
  let inner = tag('rect', { x: p.x, y: p.y - BOX_H / 2, width: p.w, height: BOX_H, rx: 3, fill: n.op ? '#eaf3fb' : '#e9f6ef', stroke: '#2b4a66' });
  let cx = p.x;
  recordCells(n, digits).forEach((c, i) => {
    if (i > 0) inner += tag('line', { x1: cx, y1: p.y - BOX_H / 2, x2: cx, y2: p.y + BOX_H / 2, stroke: '#2b4a66' });
    inner += text(cx + c.width / 2, p.y + 4, c.text, { 'text-anchor': 'middle', fill: '#111111', 'font-weight': c.bold ? 600 : undefined });
    cx += c.width;
  });
  return { edges, op, box: tag('g', { class: 'node', 'data-id': n.id }, inner) };
}

/**
 * Draws a computation graph: one record box per value ("label | data 2.0000 | grad 1.0000"), a small
 * circle for the operation that produced it, arrows from operands to results, inputs on the left.
 *
 * ```ts
 * import { graphSvg } from 'simdnet/plot';
 * const svg = graphSvg({
 *   nodes: [
 *     { id: 'a', label: 'a', data: 2, grad: -3 }, { id: 'b', label: 'b', data: -3, grad: 2 },
 *     { id: 'c', label: 'c', data: -6, grad: 1, op: '*' },
 *   ],
 *   edges: [{ from: 'a', to: 'c' }, { from: 'b', to: 'c' }],
 * });
 * ```
 */
export function graphSvg(trace: GraphTrace, opts: GraphSvgOptions = {}): string {
  const op = 'graphSvg';
  checkOptions(op, opts, { title: 'string', digits: DIGITS_RANGE });
  const analysis = analyse(op, trace);
  const digits = opts.digits ?? 4;
  const { cols } = columns(trace, analysis);
  const { pos, width, height } = positions(trace, cols, analysis.operands, digits, opts.title ? 44 : PAD);

  let edges = '';
  let ops = '';
  let boxes = '';
  const markerId = contentId('arrow', JSON.stringify(trace.nodes.map((n) => n.id)));
  for (const n of trace.nodes) {
    const d = drawNode(n, pos, analysis.operands.get(n.id)!, digits, markerId);
    edges += d.edges;
    ops += d.op;
    boxes += d.box;
  }
  const defs = tag('defs', {}, tag('marker', { id: markerId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' },
    tag('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#555555' })));
  const head = opts.title ? text(PAD, 28, opts.title, { 'font-size': 15, 'font-weight': 600, fill: '#111111', class: 'title' }) : '';
  return svgDocument(Math.ceil(Math.max(width, opts.title ? textWidth(opts.title, 15) + 2 * PAD : 0)), Math.ceil(height), defs + head + edges + ops + boxes, opts.title ?? 'computation graph');
}
