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
});

describe('parseCsvRows', () => {
  it('skips a header, blank lines and comments; accepts commas, semicolons, tabs and spaces', () => {
    const text = 'x1,x2\n# a comment\n1,2\n\n3;4\n5\t6\n 7 8 \r\n';
    expect(rowsOf(parseCsvRows(text, 'p.csv'))).toEqual([[1, 2], [3, 4], [5, 6], [7, 8]]);
  });
  it('refuses a non-numeric cell after the first line, and ragged rows', () => {
    expect(() => parseCsvRows('1,2\n3,abc\n', 'p.csv')).toThrow("p.csv: line 2, column 2 is not a number ('abc')");
    expect(() => parseCsvRows('1,2\n3\n', 'p.csv')).toThrow('p.csv: row 2 has 1 values, row 1 has 2');
    expect(() => parseCsvRows('1,,2\n', 'p.csv')).toThrow(/no rows|not a number/);
  });
});

describe('parseRows', () => {
  it('chooses by extension, else by content', () => {
    expect(parseRows('1,2\n', 'p.csv').shape).toEqual([1, 2]);
    expect(parseRows('[[1, 2]]', 'stdin').shape).toEqual([1, 2]);
    expect(parseRows('1 2\n3 4\n', 'stdin').shape).toEqual([2, 2]);
  });
});
