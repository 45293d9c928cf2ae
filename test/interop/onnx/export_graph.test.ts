// The layout adapters conv2d and flatten will use (rows ↔ NCHW), checked in ONNX Runtime against NHWC → NCHW written out by hand.
import { describe, expect, it } from 'vitest';
import { DataType, encodeModel, tensorValueInfo } from '../../../src/interop/onnx/index.js';
import { OnnxGraphBuilder } from '../../../src/interop/onnx/export_graph.js';
import { randomRows, runOrt } from '../compare.js';

/** A graph of just the builder's nodes: input 'x' as rows of `size` values, output 'y'. */
function bytesOf(g: OnnxGraphBuilder, size: number): Uint8Array {
  g.nodes[g.nodes.length - 1].output[0] = 'y';
  return encodeModel({
    irVersion: 7, opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'layout', node: g.nodes, initializer: g.initializers, valueInfo: [],
      input: [tensorValueInfo('x', DataType.FLOAT, ['batch', size])], output: [tensorValueInfo('y', DataType.FLOAT, null)] },
  });
}

describe('OnnxGraphBuilder layouts', () => {
  const [h, w, c] = [3, 4, 2];
  const x = randomRows(5, h * w * c, 1);

  it('toNchw: rows of NHWC samples become [batch, c, h, w] with value (ch, y, x) = row[(y·w + x)·c + ch]', async () => {
    const g = new OnnxGraphBuilder('x', [h, w, c]);
    g.toNchw();
    expect(g.layout).toBe('nchw');
    expect(g.nodes.map((n) => n.opType)).toEqual(['Reshape', 'Transpose']);
    const out = await runOrt(bytesOf(g, h * w * c), x);
    x.forEach((row, b) => {
      const want: number[] = [];
      for (let ch = 0; ch < c; ch++) for (let yy = 0; yy < h; yy++) for (let xx = 0; xx < w; xx++) want.push(Math.fround(row[(yy * w + xx) * c + ch]));
      expect(out[b]).toEqual(want);
    });
  });

  it('toRows after toNchw gives the rows back unchanged (NHWC order, so a dense after flatten keeps its W)', async () => {
    const g = new OnnxGraphBuilder('x', [h, w, c]);
    g.toNchw();
    g.toRows();
    expect(g.layout).toBe('rows');
    expect(g.nodes.map((n) => n.opType)).toEqual(['Reshape', 'Transpose', 'Transpose', 'Reshape']);
    expect(await runOrt(bytesOf(g, h * w * c), x)).toEqual(x.map((r) => r.map(Math.fround)));
  });

  it('both are no-ops in the layout they ask for, and toNchw needs an image shape', () => {
    const g = new OnnxGraphBuilder('x', [6]);
    g.toRows();
    expect(g.nodes).toEqual([]);
    expect(() => g.toNchw()).toThrow(/toOnnx: graph: an NCHW tensor needs a sample shape \[h, w, c\], got \[6\]/);
  });
});
