// Tests for src/value/graph.ts: the traced graph as data, and its graphviz DOT text.
import { describe, expect, it } from 'vitest';
import { toDot, trace } from '../../src/value/graph.js';
import { Value } from '../../src/value/value.js';

/** a = 2, b = −3, e = a·b, d = e + a, L = tanh(d); every value labelled. */
function example() {
  const a = new Value(2, { label: 'a' });
  const b = new Value(-3, { label: 'b' });
  const e = a.mul(b); e.label = 'e';
  const d = e.add(a); d.label = 'd';
  const L = d.tanh(); L.label = 'L';
  L.backward();
  return { a, b, e, d, L };
}

describe('trace', () => {
  it('lists every value once with its data, grad and op, inputs before outputs, root last', () => {
    const { a, b, L } = example();
    const { nodes, edges } = trace(L);
    expect(nodes.map((n) => n.label)).toEqual(['a', 'b', 'e', 'd', 'L']);
    expect(nodes.map((n) => n.op)).toEqual([undefined, undefined, '*', '+', 'tanh']);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(5);
    const byLabel = Object.fromEntries(nodes.map((n) => [n.label, n]));
    expect(byLabel.L.data).toBe(Math.tanh(-4));
    expect(byLabel.a.grad).toBe(a.grad);
    expect(byLabel.b.grad).toBe(b.grad);
    expect(byLabel.L.grad).toBe(1);
    expect('op' in byLabel.a).toBe(false);
    const named = edges.map((e) => `${nodes.find((n) => n.id === e.from)!.label}->${nodes.find((n) => n.id === e.to)!.label}`);
    expect(named.sort()).toEqual(['a->d', 'a->e', 'b->e', 'd->L', 'e->d'].sort());
  });

  it('an input used twice by one op gives one edge', () => {
    const a = new Value(3, { label: 'a' });
    const y = a.add(a);
    const { nodes, edges } = trace(y);
    expect(nodes.length).toBe(2);
    expect(edges).toEqual([{ from: nodes[0].id, to: nodes[1].id }]);
  });

  it('a leaf traces to a single node without edges; non-Values are refused', () => {
    const { nodes, edges } = trace(new Value(1, { label: 'x' }));
    expect(nodes).toEqual([{ id: 'n0', label: 'x', data: 1, grad: 0 }]);
    expect(edges).toEqual([]);
    expect(() => trace(1 as never)).toThrow(/trace: root must be a Value/);
  });
});

describe('toDot', () => {
  it("draws records with data and grad, an op node per computed value, like micrograd's draw_dot", () => {
    const { L } = example();
    const dot = toDot(L);
    const lines = dot.trim().split('\n');
    expect(lines[0]).toBe('digraph {');
    expect(lines[1]).toBe('  rankdir=LR;');
    expect(lines.at(-1)).toBe('}');
    expect(lines.filter((l) => l.includes('shape=record')).length).toBe(5);
    expect(dot).toContain(`label="{ a | data 2.0000 | grad ${(-3 * (1 - Math.tanh(-4) ** 2) + (1 - Math.tanh(-4) ** 2)).toFixed(4)} }"`);
    expect(dot).toContain('label="{ L | data -0.9993 | grad 1.0000 }"');
    const opNodes = lines.filter((l) => /^ {2}n\d+_op \[label=/.test(l));
    expect(opNodes.map((l) => l.match(/label="(.*)"/)![1])).toEqual(['*', '+', 'tanh']);
    // 3 op → value edges, and 5 input → op edges
    expect(lines.filter((l) => /^ {2}n\d+_op -> n\d+;$/.test(l)).length).toBe(3);
    expect(lines.filter((l) => /^ {2}n\d+ -> n\d+_op;$/.test(l)).length).toBe(5);
  });

  it('escapes record syntax in labels and accepts rankdir TB', () => {
    const a = new Value(1, { label: 'w{0|1} <"x">' });
    const dot = toDot(a.exp(), { rankdir: 'TB' });
    expect(dot).toContain('rankdir=TB;');
    expect(dot).toContain('label="{ w\\{0\\|1\\} \\<\\"x\\"\\> | data 1.0000 | grad 0.0000 }"');
    expect(() => toDot(a, { rankdir: 'XY' as never })).toThrow(/toDot: rankdir/);
  });
});
