import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as data from '../../src/data/index.js';

describe('src/data/index.ts (browser-safe datasets)', () => {
  it('exports the datasets and helpers', () => {
    for (const name of ['makeMoons', 'makeBlobs', 'makeCircles', 'makeSpirals', 'celsius', 'linearData', 'productData',
      'trainTestSplit', 'toMatrix', 'oneHot', 'parseIdx', 'parseMnistImages', 'parseMnistLabels', 'parseCsv']) {
      expect(typeof (data as Record<string, unknown>)[name]).toBe('function');
    }
    for (const name of ['loadMnist', 'readCsv', 'iris']) expect(name in data, name).toBe(false);
  });

  it('no file but the *_node.ts ones imports a node: module, so bundlers for the browser never see one', () => {
    for (const dir of ['src/data', 'src/plot']) {
      for (const f of readdirSync(dir)) {
        if (f.endsWith('_node.ts')) continue;
        expect(readFileSync(`${dir}/${f}`, 'utf8'), `${dir}/${f}`).not.toMatch(/from ['"]node:/);
      }
    }
  });
});
