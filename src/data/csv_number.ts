/** The strict number grammar of CSV cells, the reason a cell is refused, and what may stand in a header. */

import { rangeError } from '../errors.js';
import { showCell } from './csv_scan.js';

/** 10^0 … 10^22: the powers of ten a double holds exactly. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * The value of a decimal cell, or NaN when the cell is not one. The grammar: optional sign, digits
 * with an optional fraction (`1`, `1.`, `.5`, `1.5`), optional exponent; no spaces, no hex, no NaN or
 * Infinity. One pass over the characters both checks the grammar and, for up to 15 digits and a
 * power of ten up to 22, computes the value (Clinger's fast path: the digits as an integer and the
 * power of ten are both exact doubles, so one IEEE multiply or divide rounds correctly, as Number()
 * does); longer cells go to Number(), which rounds correctly too.
 */
export function decimalValue(s: string): number {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  const negative = c === 45;
  if (c === 43 || c === 45) c = s.charCodeAt(++i);
  let m = 0, digits = 0, scale = 0;
  for (; c >= 48 && c <= 57; c = s.charCodeAt(++i)) m = m * 10 + (c - 48), digits++;
  if (c === 46) {
    for (c = s.charCodeAt(++i); c >= 48 && c <= 57; c = s.charCodeAt(++i)) m = m * 10 + (c - 48), digits++, scale--;
  }
  if (digits === 0) return NaN;
  if (c === 101 || c === 69) {
    c = s.charCodeAt(++i);
    const down = c === 45;
    if (c === 43 || c === 45) c = s.charCodeAt(++i);
    let e = 0, expDigits = 0;
    for (; c >= 48 && c <= 57; c = s.charCodeAt(++i)) e = Math.min(e * 10 + (c - 48), 1e6), expDigits++;
    if (expDigits === 0) return NaN;
    scale += down ? -e : e;
  }
  if (i !== n) return NaN;
  if (digits > 15 || scale < -22 || scale > 22) return Number(s);
  const v = scale < 0 ? m / POW10[-scale] : m * POW10[scale];
  return negative ? -v : v;
}

/** True when `cell` is a number in the strict grammar (no spaces, no hex, no NaN or Infinity). */
export function isDecimal(cell: string): boolean {
  return !Number.isNaN(decimalValue(cell));
}

/** Why a cell that is not a strict decimal was refused, when a common cause is recognisable. */
function hint(cell: string): string {
  const t = cell.trim();
  if (t !== cell && isDecimal(t)) return ' (spaces around a number are not allowed)';
  if (/^[+-]?0[xXbBoO]/.test(t)) return ' (only decimal numbers are read, not hexadecimal, binary or octal)';
  if (/^[+-]?(?:nan|inf|infinity)$/i.test(t)) return ' (NaN and Infinity are refused: a value must be finite)';
  if (/^[+-]?\d+(?:[,_]\d+)+(?:\.\d*)?$/.test(t)) return ' (no digit grouping: write 1000, not 1,000 or 1_000)';
  return '';
}

/**
 * The cell as a number whose f32 rounding is finite, or a RangeError naming the line, the column
 * (both 1-based) and the reason: `line 3, column 2 ("abc") is not a number`.
 */
export function cellNumber(op: string, cell: string, line: number, column: number): number {
  const v = decimalValue(cell);
  if (Number.isFinite(Math.fround(v))) return v;
  if (!Number.isNaN(v)) throw rangeError(op, `line ${line}, column ${column} (${showCell(cell)}) is out of the f32 range (magnitude above 3.4028235e38)`);
  if (cell === '') throw rangeError(op, `line ${line}, column ${column} is empty`);
  throw rangeError(op, `line ${line}, column ${column} (${showCell(cell)}) is not a number${hint(cell)}`);
}

/**
 * True when a cell could name a column: some text that does not read as a number in any common
 * notation (decimal, hex, NaN, Infinity, digit groups, padded with spaces) and is not blank, so
 * that a first line like `NaN,NaN` or `0x10,0x20` is read as data and refused, never dropped.
 */
export function isHeaderText(cell: string): boolean {
  const t = cell.trim();
  if (t === '' || isDecimal(t) || !Number.isNaN(Number(t))) return false;
  return !/^[+-]?(?:nan|inf|infinity)$/i.test(t) && !/^[+-]?[\d.,_]*\d[\d.,_]*(?:[eE][+-]?\d+)?$/.test(t);
}
