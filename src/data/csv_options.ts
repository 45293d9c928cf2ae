/** parseCsv's options: their types, their checks (TypeError for a wrong kind, RangeError for a wrong value), and column lookup. */

import { typeError, rangeError } from '../errors.js';

/** A column of the file: its header name, or its 0-based index. */
export type CsvColumn = string | number;

/** How target cells are read: class names (→ indices into `classes`) or real values. */
export type CsvTargetKind = 'class' | 'value';

export interface CsvOptions {
  /** Whether the first line names the columns. 'auto' (default): only when every cell of it is text that is not a number. */
  header?: boolean | 'auto';
  /** One character between cells (default ','). */
  delimiter?: string;
  /** The feature columns, in the order wanted in `x` (default: every column but the target, in file order). */
  columns?: readonly CsvColumn[];
  /** The label column, read into `y`. */
  target?: CsvColumn;
  /** 'auto' (default): a target column of numbers holds values, one of text holds class names; a mix is refused. */
  targetKind?: 'auto' | CsvTargetKind;
  /** The class names in index order (implies targetKind 'class'); a target cell outside the list is refused. */
  classes?: readonly string[];
  /** One character: lines starting with it are skipped (default: none). */
  comment?: string;
}

/** The options after their checks; characters as char codes (-1: none). */
export interface CheckedCsvOptions {
  header: boolean | 'auto';
  delimiter: number;
  comment: number;
  columns: CsvColumn[] | null;
  target: CsvColumn | null;
  targetKind: 'auto' | CsvTargetKind;
  classes: string[] | null;
}

const KEYS = ['header', 'delimiter', 'columns', 'target', 'targetKind', 'classes', 'comment'];

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** A single character that cannot be confused with a quote or a line break. */
function checkChar(op: string, name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw typeError(op, `${name} must be a string of one character, got ${kindOf(v)}`);
  if (v.length !== 1) throw rangeError(op, `${name} must be a single character, got ${JSON.stringify(v)}`);
  if (v === '"' || v === '\n' || v === '\r') throw rangeError(op, `${name} cannot be ${JSON.stringify(v)}`);
  return v.charCodeAt(0);
}

function checkColumn(op: string, name: string, v: unknown): CsvColumn {
  if (typeof v === 'string') return v;
  if (typeof v !== 'number') throw typeError(op, `${name} must be a column name (string) or a 0-based index (number), got ${kindOf(v)}`);
  if (!Number.isInteger(v) || v < 0) throw rangeError(op, `${name} must be an integer index ≥ 0, got ${v}`);
  return v;
}

function checkStrings(op: string, name: string, v: unknown): string[] {
  if (!Array.isArray(v)) throw typeError(op, `${name} must be an array of strings, got ${kindOf(v)}`);
  if (v.length === 0) throw rangeError(op, `${name} is empty`);
  const seen = new Set<string>();
  for (const [i, s] of v.entries()) {
    if (typeof s !== 'string') throw typeError(op, `${name}[${i}] must be a string, got ${kindOf(s)}`);
    if (s === '') throw rangeError(op, `${name}[${i}] is an empty string`);
    if (seen.has(s)) throw rangeError(op, `${name} lists ${JSON.stringify(s)} twice`);
    seen.add(s);
  }
  return v.slice();
}

/** Checks every option; unknown keys are refused so that a misspelt one is not silently ignored. */
export function checkCsvOptions(op: string, options: unknown): CheckedCsvOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw typeError(op, `options must be an object, got ${kindOf(options)}`);
  const o = options as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!KEYS.includes(k)) throw typeError(op, `unknown option ${JSON.stringify(k)}; the options are ${KEYS.join(', ')}`);
  }
  const { header = 'auto', targetKind = 'auto' } = o;
  // A word outside a fixed list is a wrong kind of argument (TypeError), as for loss and activation names.
  const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : kindOf(v));
  if (typeof header !== 'boolean' && header !== 'auto') throw typeError(op, `header must be true, false or 'auto', got ${shown(header)}`);
  if (targetKind !== 'auto' && targetKind !== 'class' && targetKind !== 'value') {
    throw typeError(op, `targetKind must be 'auto', 'class' or 'value', got ${shown(targetKind)}`);
  }
  const delimiter = checkChar(op, 'delimiter', o.delimiter, 44);
  const comment = checkChar(op, 'comment', o.comment, -1);
  if (comment === delimiter) throw rangeError(op, `comment and delimiter are the same character (${JSON.stringify(o.comment)})`);
  let columns: CsvColumn[] | null = null;
  if (o.columns !== undefined) {
    if (!Array.isArray(o.columns)) throw typeError(op, `columns must be an array of names or indices, got ${kindOf(o.columns)}`);
    if (o.columns.length === 0) throw rangeError(op, 'columns is empty; leave it out to take every column but the target');
    columns = o.columns.map((c, i) => checkColumn(op, `columns[${i}]`, c));
  }
  const target = o.target === undefined ? null : checkColumn(op, 'target', o.target);
  const classes = o.classes === undefined ? null : checkStrings(op, 'classes', o.classes);
  if (target === null && (targetKind !== 'auto' || classes)) throw rangeError(op, `${classes ? 'classes' : 'targetKind'} needs a target column`);
  if (classes && targetKind === 'value') throw rangeError(op, "classes goes with targetKind 'class', not 'value'");
  return { header, delimiter, comment, columns, target, targetKind: classes ? 'class' : targetKind, classes };
}

/** The 0-based index of a column named or numbered by the user, checked against the first line. */
function columnIndex(op: string, what: string, c: CsvColumn, header: string[] | null, width: number, line: number): number {
  if (typeof c === 'number') {
    if (c < width) return c;
    throw rangeError(op, `${what} index ${c} is out of range: line ${line} has ${width} column${width === 1 ? '' : 's'} (indices 0–${width - 1})`);
  }
  if (header === null) {
    throw rangeError(op, `${what} ${JSON.stringify(c)} is a name, but the file has no header (line ${line} is data); give a 0-based index`);
  }
  const found = header.flatMap((h, i) => (h === c ? [i] : []));
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    throw rangeError(op, `${what} ${JSON.stringify(c)} is not in the header (line ${line}: ${header.map((h) => JSON.stringify(h)).join(', ')})`);
  }
  throw rangeError(op, `${what} ${JSON.stringify(c)} is ambiguous: columns ${found.map((i) => i + 1).join(' and ')} of line ${line} have that name; give a 0-based index`);
}

/** The file's 0-based column indices of x, in order, and of the target (-1 without one). */
export function resolveColumns(op: string, o: CheckedCsvOptions, header: string[] | null, width: number, line: number): { features: number[]; target: number } {
  const target = o.target === null ? -1 : columnIndex(op, 'target column', o.target, header, width, line);
  let features: number[];
  if (o.columns === null) {
    features = [];
    for (let i = 0; i < width; i++) if (i !== target) features.push(i);
    if (features.length === 0) throw rangeError(op, `no feature columns: line ${line} has only the target column`);
  } else {
    features = o.columns.map((c, k) => columnIndex(op, `columns[${k}]`, c, header, width, line));
    features.forEach((f, k) => {
      if (f === target) throw rangeError(op, `columns[${k}] (column ${f + 1}) is the target column; it cannot also be a feature`);
      const first = features.indexOf(f);
      if (first !== k) throw rangeError(op, `columns[${first}] and columns[${k}] are the same column (${f + 1})`);
    });
  }
  return { features, target };
}
