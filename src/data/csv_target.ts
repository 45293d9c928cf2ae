/** The target column of a CSV file: class names → indices (with the list of names), or real values. */

import { rangeError } from '../errors.js';
import { cellNumber, isDecimal } from './csv_number.js';
import type { CsvTargetKind } from './csv_options.js';
import { showCell } from './csv_scan.js';

/** What the target column became. */
export interface CsvTarget {
  kind: CsvTargetKind;
  /** Class indices (kind 'class') or values (kind 'value'), one per row. */
  y: Int32Array | Float32Array;
  /** Kind 'class': the class names, so that `classes[y[i]]` is row i's label; kind 'value': null. */
  classes: string[] | null;
}

/** The target cells of every row, with the line each starts on, and the file column (1-based). */
export interface TargetCells {
  cells: string[];
  lines: number[];
  column: number;
}

function values(op: string, t: TargetCells): CsvTarget {
  const y = new Float32Array(t.cells.length);
  t.cells.forEach((c, i) => {
    y[i] = cellNumber(op, c, t.lines[i], t.column);
  });
  return { kind: 'value', y, classes: null };
}

/**
 * The distinct class names in index order: by numeric value when every name is a decimal number
 * (so 2 comes before 10), otherwise by UTF-16 code units (the same on every machine and locale,
 * unlike `localeCompare`). Sorting, rather than order of appearance, gives a training file and a
 * test file holding the same classes the same indices.
 */
function classNames(op: string, t: TargetCells): string[] {
  const first = new Map<string, number>();
  t.cells.forEach((c, i) => {
    if (!first.has(c)) first.set(c, i);
  });
  const names = [...first.keys()];
  if (!names.every(isDecimal)) return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const byValue = new Map<number, string>();
  for (const n of names) {
    const v = Number(n);
    const other = byValue.get(v);
    if (other !== undefined) {
      const [a, b] = [other, n].sort((p, q) => first.get(p)! - first.get(q)!);
      throw rangeError(op, `line ${t.lines[first.get(b)!]}, column ${t.column} (${showCell(b)}) is the same number as ` +
        `${showCell(a)} on line ${t.lines[first.get(a)!]}; write each class label one way`);
    }
    byValue.set(v, n);
  }
  return names.sort((a, b) => Number(a) - Number(b));
}

function classes(op: string, t: TargetCells, given: string[] | null): CsvTarget {
  t.cells.forEach((c, i) => {
    if (c === '') throw rangeError(op, `line ${t.lines[i]}, column ${t.column} is empty (the target needs a class name)`);
  });
  const names = given ?? classNames(op, t);
  const index = new Map(names.map((n, k) => [n, k]));
  const y = new Int32Array(t.cells.length);
  t.cells.forEach((c, i) => {
    const k = index.get(c);
    if (k === undefined) {
      const list = names.length > 10 ? `${names.slice(0, 10).join(', ')}, …` : names.join(', ');
      throw rangeError(op, `line ${t.lines[i]}, column ${t.column} (${showCell(c)}) is not one of the ${names.length} classes (${list})`);
    }
    y[i] = k;
  });
  return { kind: 'class', y, classes: names };
}

/** 'auto': all numbers → values; no numbers → classes; a mix (a stray "n/a" among values) is refused. */
function pickKind(op: string, t: TargetCells): CsvTargetKind {
  const text = t.cells.findIndex((c) => !isDecimal(c));
  if (text < 0) return 'value';
  const num = t.cells.findIndex(isDecimal);
  if (num < 0 && t.cells[text] !== '') return 'class';
  const where = `line ${t.lines[text]}, column ${t.column}`;
  if (t.cells[text] === '') throw rangeError(op, `${where} is empty (the target needs a value or a class name)`);
  throw rangeError(op, `${where} (${showCell(t.cells[text])}) is not a number, but line ${t.lines[num]} holds the number ` +
    `${showCell(t.cells[num])} in the same target column; fix the cell, or pass targetKind: 'class' to read every cell as a class name`);
}

/** Reads the target cells as `kind` ('auto': decided by the cells, see pickKind). */
export function readTarget(op: string, t: TargetCells, kind: 'auto' | CsvTargetKind, given: string[] | null): CsvTarget {
  const k = kind === 'auto' ? pickKind(op, t) : kind;
  return k === 'value' ? values(op, t) : classes(op, t, given);
}
