/** Reading rows of numbers for `simdnet predict`: JSON (nested arrays or { data, shape }) and CSV (by the library's parseCsv). */

import { parseCsvAs } from '../data/csv.js';
import type { Matrix } from '../matrix.js';

/** A problem with the input rows; the message names the source and the row. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Rows of JSON values as an f32 Matrix: every row as wide as the first (and not empty), every value a number finite in f32. */
function pack(source: string, rows: unknown[][]): Matrix {
  if (rows.length === 0) throw new InputError(`${source}: no rows`);
  const cols = rows[0].length;
  if (cols === 0) throw new InputError(`${source}: row 1 is empty`);
  const data = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new InputError(`${source}: row ${i + 1} has ${r.length} values, row 1 has ${cols}`);
    r.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${source}: row ${i + 1}, column ${j + 1} is not a finite number (${JSON.stringify(v)})`);
      // A finite f64 above the f32 range would become Infinity in the Float32Array without a word.
      if (!Number.isFinite(Math.fround(v))) throw new InputError(`${source}: row ${i + 1}, column ${j + 1} (${v}) is out of the f32 range (magnitude above 3.4028235e38)`);
      data[i * cols + j] = v;
    });
  });
  return { data, shape: [rows.length, cols] };
}

/**
 * JSON rows: `[[1, 2], [3, 4]]`, one row `[1, 2]`, or `{ "data": [...], "shape": [rows, cols] }`.
 *
 * ```ts
 * parseJsonRows('[[0.5, 0.2]]', 'points.json').shape; // [1, 2]
 * ```
 */
export function parseJsonRows(text: string, source: string): Matrix {
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\ufeff/, '')); // JSON.parse refuses the BOM some editors write
  } catch (e) {
    throw new InputError(`${source}: not valid JSON (${(e as Error).message})`);
  }
  if (Array.isArray(v)) {
    if (v.length > 0 && !v.some(Array.isArray)) return pack(source, [v]); // one row: [1, 2]
    v.forEach((r, i) => {
      if (!Array.isArray(r)) throw new InputError(`${source}: row ${i + 1} is not an array of numbers`);
    });
    return pack(source, v as unknown[][]);
  }
  if (v && typeof v === 'object' && Array.isArray((v as { data?: unknown }).data) && Array.isArray((v as { shape?: unknown }).shape)) {
    const { data, shape } = v as { data: number[]; shape: number[] };
    const [r, c] = shape;
    if (shape.length !== 2 || !Number.isInteger(r) || !Number.isInteger(c) || r < 1 || c < 1) {
      throw new InputError(`${source}: shape must be [rows, cols], got ${JSON.stringify(shape)}`);
    }
    if (data.length !== r * c) throw new InputError(`${source}: data has ${data.length} values, shape ${r}×${c} needs ${r * c}`);
    return pack(source, Array.from({ length: r }, (_, i) => data.slice(i * c, (i + 1) * c)));
  }
  throw new InputError(`${source}: expected [[x1, x2, …], …] or { "data": [...], "shape": [rows, cols] }`);
}

/**
 * The delimiter of a CSV file given without one: the first of `,` `;` tab and space that occurs on
 * its first line (outside quotes, after `#` comment lines); `,` when none does.
 *
 * ```ts
 * sniffDelimiter('x1;x2\n0,5;0,2\n'); // ';'
 * ```
 */
export function sniffDelimiter(text: string): string {
  let first = '';
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0, j = i; i < text.length; i = j + 1) {
    for (j = i; j < text.length && text[j] !== '\n' && text[j] !== '\r'; j++);
    const line = text.slice(i, j);
    if (line !== '' && !line.startsWith('#')) {
      first = line;
      break;
    }
  }
  const bare = first.replace(/"(?:[^"]|"")*"/g, '');
  return [',', ';', '\t', ' '].find((d) => bare.includes(d)) ?? ',';
}

/**
 * CSV rows, read by the library's parser (`parseCsv`): numbers in its strict decimal grammar, one
 * delimiter per file (`,` `;` tab or space, see sniffDelimiter; tab for .tsv), `#` comment lines
 * skipped. The first line is a header only when every cell of it is text that is not a number, so
 * no data row is ever dropped: `1,abc` on line 1 is refused as `line 1, column 2 ("abc") is not a number`.
 *
 * ```ts
 * parseCsvRows('x1,x2\n0.5,0.2\n1,-0.3\n', 'points.csv').shape; // [2, 2]
 * ```
 */
export function parseCsvRows(text: string, source: string): Matrix {
  const delimiter = /\.tsv$/i.test(source) ? '\t' : sniffDelimiter(text);
  return parseCsvAs(source, text, { delimiter, comment: '#' }).x;
}

/** Picks the parser: by extension, else by the first character (`[` or `{` means JSON). */
export function parseRows(text: string, source: string): Matrix {
  if (/\.json$/i.test(source)) return parseJsonRows(text, source);
  if (/\.(csv|tsv|txt)$/i.test(source)) return parseCsvRows(text, source);
  return /^\s*[[{]/.test(text) ? parseJsonRows(text, source) : parseCsvRows(text, source);
}
