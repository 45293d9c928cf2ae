/** Reading rows of numbers for `simdnet predict`: JSON (nested arrays or { data, shape }) and CSV. */

import type { Matrix } from '../matrix.js';

/** A problem with the input rows; the message names the source and the row. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

function pack(source: string, rows: number[][]): Matrix {
  if (rows.length === 0) throw new InputError(`${source}: no rows`);
  const cols = rows[0].length;
  const data = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new InputError(`${source}: row ${i + 1} has ${r.length} values, row 1 has ${cols}`);
    r.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${source}: row ${i + 1}, column ${j + 1} is not a finite number (${JSON.stringify(v)})`);
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
    v = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${source}: not valid JSON (${(e as Error).message})`);
  }
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every((x) => typeof x === 'number')) return pack(source, [v as number[]]);
    v.forEach((r, i) => {
      if (!Array.isArray(r)) throw new InputError(`${source}: row ${i + 1} is not an array of numbers`);
    });
    return pack(source, v as number[][]);
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
 * CSV rows: numbers separated by commas (or semicolons, tabs, spaces); blank lines and `#` comments
 * are skipped, and so is a first line that is not numeric (a header).
 *
 * ```ts
 * parseCsvRows('x1,x2\n0.5,0.2\n1,-0.3\n', 'points.csv').shape; // [2, 2]
 * ```
 */
export function parseCsvRows(text: string, source: string): Matrix {
  const rows: number[][] = [];
  const lines = text.split(/\r?\n/);
  let first = true;
  lines.forEach((line, n) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const cells = t.split(/\s*[,;\t ]\s*/);
    const values = cells.map((c) => (c === '' ? NaN : Number(c)));
    if (first && values.some((v) => Number.isNaN(v))) {
      first = false;
      return; // a header
    }
    first = false;
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new InputError(`${source}: line ${n + 1}, column ${bad + 1} is not a number ('${cells[bad]}')`);
    rows.push(values);
  });
  return pack(source, rows);
}

/** Picks the parser: by extension, else by the first character (`[` or `{` means JSON). */
export function parseRows(text: string, source: string): Matrix {
  if (/\.json$/i.test(source)) return parseJsonRows(text, source);
  if (/\.(csv|tsv|txt)$/i.test(source)) return parseCsvRows(text, source);
  return /^\s*[[{]/.test(text) ? parseJsonRows(text, source) : parseCsvRows(text, source);
}
