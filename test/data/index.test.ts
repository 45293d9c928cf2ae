import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as data from '../../src/data/index.js';

describe('src/data/index.ts (browser-safe datasets)', () => {
  it('exports the datasets and helpers', () => {
    for (const name of ['makeMoons', 'makeBlobs', 'makeCircles', 'makeSpirals', 'celsius', 'linearData', 'productData',
      'trainTestSplit', 'toMatrix', 'oneHot', 'parseIdx', 'parseMnistImages', 'parseMnistLabels']) {
      expect(typeof (data as Record<string, unknown>)[name]).toBe('function');
    }
    expect('loadMnist' in data).toBe(false);
  });

  it('no file but mnist_node.ts imports a node: module, so bundlers for the browser never see one', () => {
    for (const dir of ['src/data', 'src/plot']) {
      for (const f of readdirSync(dir)) {
        if (f === 'mnist_node.ts') continue;
        expect(readFileSync(`${dir}/${f}`, 'utf8'), `${dir}/${f}`).not.toMatch(/from ['"]node:/);
      }
    }
  });
});
