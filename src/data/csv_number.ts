/** The strict number grammar of CSV cells, the reason a cell is refused, and what may stand in a header. */

import { shapeError } from '../errors.js';
import { showCell } from './csv_scan.js';

/** Decimal only: optional sign, digits with an optional fraction (`1`, `1.`, `.5`, `1.5`), optional exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when `cell` is a number in the strict grammar (no spaces, no hex, no NaN or Infinity). */
export function isDecimal(cell: string): boolean {
  return DECIMAL.test(cell);
}

/** Why a cell that is not a strict decimal was refused, when a common cause is recognisable. */
function hint(cell: string): string {
  const t = cell.trim();
  if (t !== cell && DECIMAL.test(t)) return ' (spaces around a number are not allowed)';
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
  if (DECIMAL.test(cell)) {
    const v = Number(cell);
    if (Number.isFinite(Math.fround(v))) return v;
    throw shapeError(op, `line ${line}, column ${column} (${showCell(cell)}) is out of the f32 range (magnitude above 3.4028235e38)`);
  }
  if (cell === '') throw shapeError(op, `line ${line}, column ${column} is empty`);
  throw shapeError(op, `line ${line}, column ${column} (${showCell(cell)}) is not a number${hint(cell)}`);
}

/**
 * True when a cell could name a column: some text that does not read as a number in any common
 * notation (decimal, hex, NaN, Infinity, digit groups, padded with spaces) and is not blank, so
 * that a first line like `NaN,NaN` or `0x10,0x20` is read as data and refused, never dropped.
 */
export function isHeaderText(cell: string): boolean {
  const t = cell.trim();
  if (t === '' || DECIMAL.test(t) || !Number.isNaN(Number(t))) return false;
  return !/^[+-]?(?:nan|inf|infinity)$/i.test(t) && !/^[+-]?[\d.,_]*\d[\d.,_]*(?:[eE][+-]?\d+)?$/.test(t);
}
