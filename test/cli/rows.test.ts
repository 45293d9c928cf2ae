// Tests for src/cli/rows.ts: JSON and CSV rows for `simdnet predict`, and the messages for bad input.
import { describe, expect, it } from 'vitest';
import { InputError, parseCsvRows, parseJsonRows, parseRows } from '../../src/cli/rows.js';

const rowsOf = (m: { data: Float32Array; shape: readonly [number, number] }) =>
  Array.from({ length: m.shape[0] }, (_, i) => Array.from(m.data.subarray(i * m.shape[1], (i + 1) * m.shape[1])));

describe('parseJsonRows', () => {
  it('reads nested rows, a single row, and { data, shape }', () => {
    expect(rowsOf(parseJsonRows('[[1, 2], [3, 4.5]]', 'a.json'))).toEqual([[1, 2], [3, 4.5]]);
    expect(parseJsonRows('[0.5, 0.25, 1]', 'a.json').shape).toEqual([1, 3]);
    expect(rowsOf(parseJsonRows('{"data": [1, 2, 3, 4, 5, 6], "shape": [3, 2]}', 'a.json'))).toEqual([[1, 2], [3, 4], [5, 6]]);
  });
  it('names the problem', () => {
    expect(() => parseJsonRows('[[1, 2], [3]]', 'a.json')).toThrow('a.json: row 2 has 1 values, row 1 has 2');
    expect(() => parseJsonRows('[[1, "x"]]', 'a.json')).toThrow('a.json: row 1, column 2 is not a finite number ("x")');
    expect(() => parseJsonRows('{"data": [1, 2, 3], "shape": [2, 2]}', 'a.json')).toThrow('data has 3 values, shape 2×2 needs 4');
    expect(() => parseJsonRows('[[1, 2]', 'a.json')).toThrow(/a.json: not valid JSON/);
    expect(() => parseJsonRows('[]', 'a.json')).toThrow('a.json: no rows');
    expect(() => parseJsonRows('"hi"', 'a.json')).toThrow(InputError);
  });
  it('refuses empty rows and values beyond f32, reads a single row of mixed values by column, and skips a BOM', () => {
    expect(() => parseJsonRows('[[]]', 'a.json')).toThrow('a.json: row 1 is empty');
    expect(() => parseJsonRows('[[1, 1e39]]', 'a.json')).toThrow('a.json: row 1, column 2 (1e+39) is out of the f32 range');
    expect(() => parseJsonRows('[1, "2"]', 'a.json')).toThrow('a.json: row 1, column 2 is not a finite number ("2")');
    expect(rowsOf(parseJsonRows('\ufeff[[1, 2]]', 'a.json'))).toEqual([[1, 2]]);
  });
});

describe('parseCsvRows', () => {
  it('skips an all-text header and # comments; one delimiter per file: comma, semicolon, tab or space', () => {
    expect(rowsOf(parseCsvRows('x1,x2\n# a comment\n1,2\n3,4\r\n\n', 'p.csv'))).toEqual([[1, 2], [3, 4]]);
    expect(rowsOf(parseCsvRows('x1;x2\n1;2.5\n', 'p.csv'))).toEqual([[1, 2.5]]);
    expect(rowsOf(parseCsvRows('5\t6\n7\t8\n', 'p.txt'))).toEqual([[5, 6], [7, 8]]);
    expect(rowsOf(parseCsvRows('7 8\n', 'stdin'))).toEqual([[7, 8]]);
    expect(rowsOf(parseCsvRows('"x, 1";x2\n1;2\n', 'p.csv'))).toEqual([[1, 2]]);
  });

  it('refuses a non-numeric cell after the first line, and ragged rows', () => {
    expect(() => parseCsvRows('1,2\n3,abc\n', 'p.csv')).toThrow('p.csv: line 2, column 2 ("abc") is not a number');
    expect(() => parseCsvRows('1,2\n3\n', 'p.csv')).toThrow('p.csv: line 2 has 1 cell, but line 1 has 2');
    expect(() => parseCsvRows('1,,2\n', 'p.csv')).toThrow('p.csv: line 1, column 2 is empty');
  });

  // Issue 11, item 3: a first line with any non-numeric cell was dropped as a header, so outputs no longer
  // lined up with the input rows; and hex cells were read as numbers.
  it('takes the first line as a header only when every cell is text that is not a number', () => {
    expect(() => parseCsvRows('1,abc\n2,3\n', 'f.csv')).toThrow(/^f\.csv: line 1, column 2 \("abc"\) is not a number/);
    expect(() => parseCsvRows('NaN,1\n2,3\n', 'f.csv')).toThrow(/^f\.csv: line 1, column 1 \("NaN"\) is not a number/);
    expect(() => parseCsvRows(',1\n2,3\n', 'f.csv')).toThrow(/^f\.csv: line 1, column 1 is empty/);
    expect(() => parseCsvRows('x,\n2,3\n', 'f.csv')).toThrow(/^f\.csv: line 1, column 1 \("x"\) is not a number.*column 2 is blank/);
    expect(() => parseCsvRows('NaN,NaN\n2,3\n', 'f.csv')).toThrow(/line 1, column 1 \("NaN"\) is not a number/);
    expect(() => parseCsvRows('Infinity,-Infinity\n2,3\n', 'f.csv')).toThrow(/line 1, column 1 \("Infinity"\) is not a number/);
    // Every data line gives exactly one row: the count of rows is the count of non-header lines.
    expect(parseCsvRows('a,b\n1,2\n3,4\n', 'f.csv').shape).toEqual([2, 2]);
    expect(parseCsvRows('1,2\n3,4\n', 'f.csv').shape).toEqual([2, 2]);
  });

  it('refuses hex, binary and octal cells, Infinity, spaces and digit groups instead of reading them loosely', () => {
    for (const cell of ['0x10', '0b1', '0o7', 'Infinity', ' 1', '1 ', '1_000', '+-1', '1e', '.', '-']) {
      expect(() => parseCsvRows(`1,2\n3,${cell}\n`, 'f.csv'), cell).toThrow(`f.csv: line 2, column 2 (${JSON.stringify(cell)}) is not a number`);
    }
    expect(() => parseCsvRows('0x10,0x20\n1,2\n', 'f.csv')).toThrow('f.csv: line 1, column 1 ("0x10") is not a number');
    expect(() => parseCsvRows('1,2\n3,1e39\n', 'f.csv')).toThrow('f.csv: line 2, column 2 ("1e39") is out of the f32 range');
  });

  it('reads quoted cells, CRLF and a BOM, and names the line of a malformed quote', () => {
    expect(rowsOf(parseCsvRows('\ufeff"x","y"\r\n"1.5","-2e-1"\r\n', 'f.csv'))).toEqual([[1.5, Math.fround(-0.2)]]);
    expect(() => parseCsvRows('1,2\n3,"4\n', 'f.csv')).toThrow('f.csv: line 2, column 2: the quoted cell opened here is never closed');
  });
});

describe('parseRows', () => {
  it('chooses by extension, else by content', () => {
    expect(parseRows('1,2\n', 'p.csv').shape).toEqual([1, 2]);
    expect(parseRows('[[1, 2]]', 'stdin').shape).toEqual([1, 2]);
    expect(parseRows('1 2\n3 4\n', 'stdin').shape).toEqual([2, 2]);
  });
});
