// Tests for graphSvg: one box per value, op circles, layout left to right, and the traces and options it refuses.
import { describe, expect, it } from 'vitest';
import { graphSvg, type GraphTrace } from '../../src/plot/graph.js';
import { checkSvg, elements, texts } from './xml.js';

// micrograd's first example: e = a·b, d = e + c, L = d·f
const trace: GraphTrace = {
  nodes: [
    { id: 'a', label: 'a', data: 2, grad: 6 },
    { id: 'b', label: 'b', data: -3, grad: -4 },
    { id: 'c', label: 'c', data: 10, grad: -2 },
    { id: 'e', label: 'e', data: -6, grad: -2, op: '*' },
    { id: 'd', label: 'd', data: 4, grad: -2, op: '+' },
    { id: 'f', label: 'f', data: -2, grad: 4 },
    { id: 'L', label: 'L', data: -8, grad: 1, op: '*' },
  ],
  edges: [
    { from: 'a', to: 'e' }, { from: 'b', to: 'e' }, { from: 'e', to: 'd' },
    { from: 'c', to: 'd' }, { from: 'd', to: 'L' }, { from: 'f', to: 'L' },
  ],
};

function boxes(svg: string): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  for (const m of svg.matchAll(/<g class="node" data-id="([^"]+)"><rect x="([\d.]+)" y="([\d.]+)"/g)) out.set(m[1], { x: Number(m[2]), y: Number(m[3]) });
  return out;
}

describe('graphSvg', () => {
  const svg = graphSvg(trace, { title: 'L = (a·b + c)·f' });

  it('is well formed and has one record box per node with label, data and grad', () => {
    checkSvg(svg);
    expect(boxes(svg).size).toBe(7);
    const t = texts(svg);
    for (const s of ['a', 'L', 'data 2.0000', 'data −8.0000', 'grad 6.0000', 'grad 1.0000']) expect(t).toContain(s);
  });

  it('has an op circle per computed node and a curve per operand edge', () => {
    expect(elements(svg, 'circle').length).toBe(3);
    expect(texts(svg).filter((s) => s === '*' || s === '+').sort()).toEqual(['*', '*', '+']);
    expect(elements(svg, 'path').filter((p) => p.class === 'edge').length).toBe(trace.edges.length);
  });

  it('lays out left to right: every operand box lies left of its result', () => {
    const b = boxes(svg);
    for (const e of trace.edges) expect(b.get(e.from)!.x).toBeLessThan(b.get(e.to)!.x);
  });

  it('escapes labels and formats with the requested digits', () => {
    const s = graphSvg({ nodes: [{ id: 'x', label: 'x<0 & y', data: 1 / 3, grad: 0 }], edges: [] }, { digits: 2 });
    checkSvg(s);
    expect(texts(s)).toEqual(['x<0 & y', 'data 0.33', 'grad 0.00']);
  });

  it('handles a long chain without recursion', () => {
    const n = 3000;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `v${i}`, label: '', data: i, grad: 1, op: i ? '+' : undefined }));
    const edges = Array.from({ length: n - 1 }, (_, i) => ({ from: `v${i}`, to: `v${i + 1}` }));
    expect(boxes(graphSvg({ nodes, edges })).size).toBe(n);
  });

  it('refuses empty traces, unknown nodes, duplicate ids and cycles', () => {
    expect(() => graphSvg({ nodes: [], edges: [] })).toThrow(/graphSvg: the trace has no nodes/);
    expect(() => graphSvg({ nodes: trace.nodes, edges: [{ from: 'a', to: 'zz' }] })).toThrow(/edge 0 \(a → zz\) names a node/);
    expect(() => graphSvg({ nodes: [...trace.nodes, trace.nodes[0]], edges: [] })).toThrow(/"a" appears twice/);
    const cyc = { nodes: [{ id: 'p', label: 'p', data: 0, grad: 0 }, { id: 'q', label: 'q', data: 0, grad: 0 }], edges: [{ from: 'p', to: 'q' }, { from: 'q', to: 'p' }] };
    expect(() => graphSvg(cyc)).toThrow(/cycle through node "p"/);
    expect(() => graphSvg({} as never)).toThrow(TypeError);
  });
});

describe('graphSvg limits and refusals', () => {
  const one = { nodes: [{ id: 'x', label: 'x', data: 0.1, grad: 0 }], edges: [] };

  it('bounds digits to [0, 15]: beyond that toFixed prints rounding noise', () => {
    expect(() => graphSvg(one, { digits: 16 })).toThrow(new RangeError('graphSvg: digits must be an integer in [0, 15], got 16'));
    expect(() => graphSvg(one, { digits: 1000 })).toThrow(/graphSvg: digits must be an integer in \[0, 15\]/);
    expect(texts(graphSvg(one, { digits: 15 }))).toContain('data 0.100000000000000');
  });

  it('refuses unknown options with a near miss', () => {
    expect(() => graphSvg(one, { digit: 2 } as never)).toThrow(new TypeError("graphSvg: unknown option 'digit' (did you mean 'digits'?)"));
    expect(() => graphSvg(one, { width: 300 } as never)).toThrow(/unknown option 'width' \(options are title, digits\)/);
  });
});
