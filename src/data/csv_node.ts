/** readCsv (a CSV file from disk) and iris() (Fisher's Iris, shipped as data/iris.csv). Node only: the `simdnet/csv` entry. */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { typeError, rangeError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { parseCsvAs, type CsvData, type CsvOptions } from './csv.js';

export { parseCsv } from './csv.js';
export type { CsvData, CsvOptions, CsvColumn, CsvTargetKind } from './csv.js';

/** Text of a UTF-8 file; invalid UTF-8 is refused with its line (a lossy decode would corrupt class names silently). */
function readUtf8(op: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = lossy.indexOf('\ufffd');
    const line = lossy.slice(0, at).split(/\r\n|\r|\n/).length;
    throw rangeError(op, `line ${line} is not valid UTF-8 text; save the file as UTF-8`);
  }
}

/**
 * Reads a CSV file with the options and rules of `parseCsv`; every message starts with
 * `readCsv: <path>:`. The file must be UTF-8 (a BOM is fine).
 *
 * ```ts
 * import { readCsv } from 'simdnet/csv'; // Node only
 * const { x, y, classes } = readCsv('data/iris.csv', { target: 'species' });
 * x.shape; // [150, 4]
 * ```
 */
export function readCsv(path: string | URL, options: CsvOptions = {}): CsvData {
  if (typeof path !== 'string' && !(path instanceof URL)) throw typeError('readCsv', `path must be a string or a URL, got ${typeof path}`);
  const file = typeof path === 'string' ? path : fileURLToPath(path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`readCsv: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const op = `readCsv: ${file}`;
  return parseCsvAs(op, readUtf8(op, bytes), options);
}

/** Fisher's Iris as features, class indices and class names. */
export interface IrisData {
  /** 150 × 4: sepal length, sepal width, petal length, petal width (cm). */
  x: Matrix;
  /** 150 class indices: 50 of each. */
  y: Int32Array;
  /** ['setosa', 'versicolor', 'virginica']. */
  classes: string[];
  /** ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']. */
  names: string[];
}

/** Where the shipped iris.csv lives: the package's data/ folder (two levels above src/data or dist/data). */
export const IRIS_PATH = fileURLToPath(new URL('../../data/iris.csv', import.meta.url));

/**
 * Fisher's Iris (1936; public domain): 150 flowers, 4 measurements, 3 species, read from the
 * data/iris.csv shipped with simdnet (rows 35 and 38 as in Fisher's paper, like scikit-learn's copy).
 *
 * ```ts
 * import { iris } from 'simdnet/csv'; // Node only
 * const { x, y, classes } = iris();
 * x.shape; classes[y[0]]; // [150, 4], 'setosa'
 * ```
 */
export function iris(): IrisData {
  const d = readCsv(IRIS_PATH, { target: 'species', targetKind: 'class' });
  return { x: d.x, y: d.y as Int32Array, classes: d.classes!, names: d.names! };
}
