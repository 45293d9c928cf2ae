/** The computation graph under a Value, as plain data (trace) or as graphviz DOT text (toDot, micrograd's draw_dot). */

import { typeError } from '../errors.js';
import { Value, topologicalOrder } from './value.js';

/** One value of a traced graph; `op` is present when the value was computed (absent for leaves). */
export interface TraceNode {
  id: string;
  label: string;
  data: number;
  grad: number;
  op?: string;
}

/** A traced graph: nodes leaves-first (each after its inputs), edges from an input to the value computed from it. */
export interface Trace {
  nodes: TraceNode[];
  edges: { from: string; to: string }[];
}

/**
 * The graph `root` was computed from, as plain data: ids `n0, n1, …` in topological order (root last).
 * An input used twice by the same op (`a.add(a)`) gives one edge, as in micrograd's draw_dot.
 *
 * ```ts
 * const a = new Value(2, { label: 'a' });
 * const y = a.mul(a).add(1); y.backward();
 * trace(y).nodes.map((n) => n.op ?? n.label); // ['a', '*', '', '+']
 * ```
 */
export function trace(root: Value): Trace {
  if (!(root instanceof Value)) throw typeError('trace', 'root must be a Value');
  const order = topologicalOrder(root);
  const ids = new Map<Value, string>();
  order.forEach((v, i) => ids.set(v, `n${i}`));
  const nodes: TraceNode[] = order.map((v) => {
    const node: TraceNode = { id: ids.get(v)!, label: v.label, data: v.data, grad: v.grad };
    if (v.op) node.op = v.op;
    return node;
  });
  const edges: { from: string; to: string }[] = [];
  for (const v of order) {
    for (const child of new Set(v.children)) edges.push({ from: ids.get(child)!, to: ids.get(v)! });
  }
  return { nodes, edges };
}

/**
 * Graphviz DOT text for the graph under `root`, drawn like micrograd's draw_dot: a record `{ label | data | grad }`
 * per value, a small oval per op feeding the value it computes. Render with `dot -Tsvg graph.dot > graph.svg`.
 *
 * ```ts
 * const a = new Value(2, { label: 'a' });
 * const y = a.tanh(); y.label = 'y'; y.backward();
 * console.log(toDot(y)); // digraph { rankdir=LR; n0 [shape=record, label="{ a | data 2.0000 | grad 0.0707 }"]; … }
 * ```
 */
export function toDot(root: Value, opts: { rankdir?: 'LR' | 'TB' } = {}): string {
  const rankdir = opts.rankdir ?? 'LR';
  if (rankdir !== 'LR' && rankdir !== 'TB') throw typeError('toDot', `rankdir must be 'LR' or 'TB', got ${String(rankdir)}`);
  const { nodes, edges } = trace(root);
  const opOf = new Map(nodes.map((n) => [n.id, n.op]));
  const lines = ['digraph {', `  rankdir=${rankdir};`];
  for (const n of nodes) {
    const fields = [n.label, `data ${n.data.toFixed(4)}`, `grad ${n.grad.toFixed(4)}`].map(escapeRecord);
    lines.push(`  ${n.id} [shape=record, label="{ ${fields.join(' | ')} }"];`);
    if (n.op) {
      lines.push(`  ${n.id}_op [label="${escapeString(n.op)}"];`);
      lines.push(`  ${n.id}_op -> ${n.id};`);
    }
  }
  // An input points at the op node of the value computed from it.
  for (const e of edges) lines.push(`  ${e.from} -> ${e.to}${opOf.get(e.to) ? '_op' : ''};`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Escapes the characters that are structure inside a record label, and the quote of the DOT string around it. */
function escapeRecord(s: string): string {
  return s.replace(/[\\{}|<>"]/g, (c) => `\\${c}`);
}

function escapeString(s: string): string {
  return s.replace(/[\\"]/g, (c) => `\\${c}`);
}
