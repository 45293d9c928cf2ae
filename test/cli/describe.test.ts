// Tests for src/cli/describe.ts: topology, parameter count and number formats, against hand-computed values.
import { describe, expect, it } from 'vitest';
import { fmtBytes, fmtCount, summarize } from '../../src/cli/describe.js';
import type { LayerConfig } from '../../src/nn/module.js';

const d = (i: number, o: number): LayerConfig => ({ kind: 'dense', inputSize: i, outputSize: o, alpha: 0 });
const a = (kind: LayerConfig['kind'], n: number, alpha = 0): LayerConfig => ({ kind, inputSize: n, outputSize: n, alpha });

describe('summarize', () => {
  it('784-128-64-10 with ReLU', () => {
    const s = summarize([d(784, 128), a('relu', 128), d(128, 64), a('relu', 64), d(64, 10)]);
    expect(s.topology).toBe('784-128-64-10');
    expect(s.parameters).toBe(100480 + 8256 + 650);
    expect(s.layers).toBe('dense(784→128) → relu → dense(128→64) → relu → dense(64→10)');
    expect(s.rows[1]).toEqual({ layer: 'relu', outputs: 128, parameters: 0 });
  });
  it('names leakyRelu with its alpha, and a single neuron', () => {
    expect(summarize([d(1, 1)])).toMatchObject({ topology: '1-1', parameters: 2 });
    expect(summarize([d(2, 3), a('leakyRelu', 3, 0.01), d(3, 1)]).layers).toContain('leakyRelu(0.01)');
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
