/** parseCsv: CSV text → a feature Matrix and optional labels (classes or values); pure, for browsers and Node. */

import { typeError, rangeError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { cellNumber, isDecimal, isHeaderText } from './csv_number.js';
import { checkCsvOptions, resolveColumns, type CheckedCsvOptions, type CsvOptions, type CsvTargetKind } from './csv_options.js';
import { CsvScanner, showCell } from './csv_scan.js';
import { readTarget, type TargetCells } from './csv_target.js';

export type { CsvColumn, CsvOptions, CsvTargetKind } from './csv_options.js';

/** What parseCsv returns. */
export interface CsvData {
  /** rows × features, f32, row-major; the features in `columns` order. */
  x: Matrix;
  /** Kind 'class': class indices (Int32Array); kind 'value': values (Float32Array); no target: null. */
  y: Int32Array | Float32Array | null;
  /** The class names, so that `classes[y[i]]` is row i's label; null unless the target holds classes. */
  classes: string[] | null;
  /** How the target column was read; null without a target. */
  targetKind: CsvTargetKind | null;
  /** The file's 0-based column index of each column of x. */
  columns: number[];
  /** The header name of each column of x; null when the file has no header. */
  names: string[] | null;
  /** The whole header line; null when the file has no header. */
  header: string[] | null;
}

/** Feature values in a Float32Array that doubles when full. */
class Rows {
  data: Float32Array;
  count = 0;
  constructor(readonly cols: number) {
    // Room for about 4096 values to start with (at least one row): a row a million cells wide must not cost 64 rows.
    this.data = new Float32Array(cols * Math.max(1, Math.floor(4096 / cols)));
  }
  room(): number {
    const at = this.count * this.cols;
    if (at + this.cols > this.data.length) {
      const bigger = new Float32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.count++;
    return at;
  }
}

/** Whether the first record is a header: as told, or ('auto') when every cell is text that is not a number. */
function isHeader(scan: CsvScanner, header: boolean | 'auto'): boolean {
  if (header !== 'auto') return header;
  return !scan.blank && scan.cells.every(isHeaderText);
}

/** Checks that a data record has the first line's width, then stores its feature cells and target cell. */
function addRow(op: string, scan: CsvScanner, width: number, firstLine: number, features: number[], rows: Rows, target: number, t: TargetCells): void {
  if (scan.blank) throw rangeError(op, `line ${scan.line} is blank (blank lines are allowed only at the end)`);
  const n = scan.cells.length;
  if (n !== width) {
    const col = n < width ? `column ${n + 1} is missing` : `column ${width + 1} is one too many`;
    throw rangeError(op, `line ${scan.line} has ${n} cell${n === 1 ? '' : 's'}, but line ${firstLine} has ${width} (${col})`);
  }
  const at = rows.room();
  for (let j = 0; j < features.length; j++) {
    const c = features[j];
    rows.data[at + j] = cellNumber(op, scan.cells[c], scan.lines[c], c + 1);
  }
  if (target >= 0) {
    t.cells.push(scan.cells[target]);
    t.lines.push(scan.lines[target]);
  }
}

/**
 * Adds a hint to an error on the first line when 'auto' read it as data: which cell kept it from
 * being a header, unless that is the very cell the error names.
 */
function explainFirstLine(e: unknown, scan: CsvScanner, o: CheckedCsvOptions, features: number[]): unknown {
  if (!(e instanceof RangeError) || o.header !== 'auto' || scan.blank) return e;
  const c = scan.cells.findIndex((cell) => !isHeaderText(cell));
  const failed = features.find((f) => !isDecimal(scan.cells[f]));
  if (c === failed) return e;
  const why = scan.cells[c].trim() === '' ? 'is blank' : `(${showCell(scan.cells[c])}) reads as a number`;
  return new RangeError(`${e.message} (line ${scan.line} was taken as data, not as a header, since its column ${c + 1} ${why})`);
}

/**
 * parseCsv with `op` leading every message (readCsv passes `readCsv: <path>`, the CLI the file name).
 * Not part of the public API.
 */
export function parseCsvAs(op: string, text: string, options: CsvOptions = {}): CsvData {
  if (typeof text !== 'string') throw typeError(op, `text must be a string, got ${text === null ? 'null' : typeof text}`);
  const o = checkCsvOptions(op, options);
  const scan = new CsvScanner(text, o.delimiter, o.comment, op);
  if (!scan.next()) throw rangeError(op, 'there are no rows (the text is empty)');
  const { line: firstLine } = scan;
  const width = scan.cells.length;
  const header = isHeader(scan, o.header) ? scan.cells.slice() : null;
  if (header && scan.blank) throw rangeError(op, `line ${firstLine} is blank, but header: true says it names the columns`);
  const { features, target } = resolveColumns(op, o, header, width, firstLine);
  const rows = new Rows(features.length);
  const t: TargetCells = { cells: [], lines: [], column: target + 1 };
  if (!header) {
    try {
      addRow(op, scan, width, firstLine, features, rows, target, t);
    } catch (e) {
      throw explainFirstLine(e, scan, o, features);
    }
  }
  while (scan.next()) addRow(op, scan, width, firstLine, features, rows, target, t);
  if (rows.count === 0) throw rangeError(op, `there are no rows after the header (line ${firstLine})`);
  const y = target >= 0 ? readTarget(op, t, o.targetKind, o.classes) : null;
  return {
    x: { data: rows.data.slice(0, rows.count * features.length), shape: [rows.count, features.length] },
    y: y?.y ?? null,
    classes: y?.classes ?? null,
    targetKind: y?.kind ?? null,
    columns: features,
    names: header ? features.map((i) => header[i]) : null,
    header,
  };
}

/**
 * Parses CSV text (RFC 4180: quoted cells with `""` escapes, delimiters and line breaks inside
 * quotes; LF, CRLF or CR; a UTF-8 BOM; trailing blank lines) into an f32 feature matrix and, with a
 * `target`, labels. Numbers follow a strict decimal grammar (no hex, NaN, Infinity, empty cells or
 * spaces). Columns are named by header name or 0-based index; messages count lines and columns from
 * 1, as an editor does: `RangeError: parseCsv: line 3, column 2 ("abc") is not a number`.
 *
 * ```ts
 * const { x, y, classes } = parseCsv('a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n', { target: 'kind' });
 * x.shape;        // [3, 2]
 * Array.from(y!); // [0, 1, 0]
 * classes;        // ['cat', 'dog']
 * ```
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvData {
  return parseCsvAs('parseCsv', text, options);
}
