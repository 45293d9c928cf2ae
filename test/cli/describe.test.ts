// Tests for src/cli/describe.ts: topology, parameter count and number formats, against hand-computed values.
import { describe, expect, it } from 'vitest';
import { describeModel, fmtBytes, fmtCount } from '../../src/cli/describe.js';
import { dense } from '../../src/nn/dense.js';
import { leakyRelu, relu } from '../../src/nn/activations.js';
import { configureLayers } from '../../src/nn/network.js';
import type { Layer } from '../../src/nn/layer.js';

const configured = (shape: number[], layers: Layer[]): Layer[] => {
  configureLayers(layers, shape);
  return layers;
};

describe('describeModel', () => {
  it('784-128-64-10 with ReLU', () => {
    const s = describeModel([784], configured([784], [dense(784, 128), relu(), dense(128, 64), relu(), dense(10)]));
    expect(s.topology).toBe('784-128-64-10');
    expect(s.parameters).toBe(100480 + 8256 + 650);
    expect(s.layers).toBe('dense(784→128) → relu → dense(128→64) → relu → dense(64→10)');
    expect(s.summary.rows[1]).toEqual({ layer: 'relu', outputShape: [128], params: 0, nonTrainable: 0 });
  });
  it('names leakyRelu with its alpha, and a single neuron', () => {
    expect(describeModel([1], configured([1], [dense(1, 1)]))).toMatchObject({ topology: '1-1', parameters: 2 });
    expect(describeModel([2], configured([2], [dense(2, 3), leakyRelu(0.01), dense(1)])).layers).toContain('leakyRelu(0.01)');
  });
});

describe('formats', () => {
  it('fmtCount and fmtBytes', () => {
    expect(fmtCount(109386)).toBe('109,386');
    expect(fmtCount(999)).toBe('999');
    expect(fmtBytes(512)).toBe('512 B');
    expect(fmtBytes(1536)).toBe('1.5 KiB');
    expect(fmtBytes(3 * 1024 * 1024)).toBe('3.00 MiB');
  });
});
