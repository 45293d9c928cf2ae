// Tests for src/cli/datasets.ts: shapes, label ranges, train/test disjointness and the per-dataset defaults.
import { describe, expect, it } from 'vitest';
import { DATASETS, defaultConfig, loadCliDataset } from '../../src/cli/datasets.js';

describe('loadCliDataset', () => {
  it('moons and blobs: 2-D points, labels in range, test points distinct from training points', () => {
    for (const [name, classes] of [['moons', 2], ['blobs', 3]] as const) {
      const d = loadCliDataset(name, { seed: 3 });
      expect(d.xTrain.shape).toEqual([800, 2]);
      expect(d.xTest.shape).toEqual([200, 2]);
      expect(d.outputs).toBe(classes);
      expect(new Set(d.labelsTrain)).toEqual(new Set(Array.from({ length: classes }, (_, k) => k)));
      const key = (m: Float32Array, i: number) => `${m[2 * i]},${m[2 * i + 1]}`;
      const train = new Set(Array.from({ length: 800 }, (_, i) => key(d.xTrain.data, i)));
      for (let i = 0; i < 200; i++) expect(train.has(key(d.xTest.data, i))).toBe(false);
    }
  });
  it('limit and limitTest set the sizes', () => {
    const d = loadCliDataset('moons', { seed: 0, limit: 50, limitTest: 7 });
    expect(d.xTrain.shape[0]).toBe(50);
    expect(d.labelsTest!.length).toBe(7);
  });
  it('celsius: targets follow F = 1.8·C + 32', () => {
    const d = loadCliDataset('celsius', { seed: 0 });
    expect(d.task).toBe('regression');
    expect(d.xTrain.shape).toEqual([100, 1]);
    for (let i = 0; i < 100; i++) expect(d.yTrain!.data[i]).toBeCloseTo(d.xTrain.data[i] * 1.8 + 32, 3);
  });
  it('mnist: reads the IDX files, pixels in [0, 1], labels 0–9', () => {
    const d = loadCliDataset('mnist', { seed: 0, limit: 100, limitTest: 20 });
    expect(d.xTrain.shape).toEqual([100, 784]);
    expect(d.xTest.shape).toEqual([20, 784]);
    expect(Math.max(...d.xTrain.data)).toBeLessThanOrEqual(1);
    expect(Math.max(...d.labelsTrain!)).toBeLessThanOrEqual(9);
  });
});

describe('defaultConfig', () => {
  it('every dataset has a complete default, and mnist has the tutorial preset', () => {
    for (const name of DATASETS) {
      const c = defaultConfig(name, 'default');
      expect(c.epochs).toBeGreaterThan(0);
      expect(c.lr).toBeGreaterThan(0);
    }
    expect(defaultConfig('mnist', 'default').hidden).toEqual([128, 64]);
    expect(defaultConfig('mnist', 'tutorial')).toMatchObject({ hidden: [64, 32], activation: 'sigmoid', batchSize: 30, lr: 0.3 });
  });
});
