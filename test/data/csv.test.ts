// Tests for src/data/csv.ts (with csv_scan, csv_number, csv_options, csv_target): parseCsv's grammar, columns, targets and messages.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { decimalValue } from '../../src/data/csv_number.js';
import { Random } from '../../src/random.js';

const rowsOf = (m: { data: Float32Array; shape: readonly [number, number] }) =>
  Array.from({ length: m.shape[0] }, (_, i) => Array.from(m.data.subarray(i * m.shape[1], (i + 1) * m.shape[1])));

/** Expects `f` to throw exactly `type` with a message containing `text`. */
function throwsWith(f: () => unknown, type: typeof RangeError | typeof TypeError, text: string): void {
  let err: unknown = null;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, text).toBeInstanceOf(type);
  expect((err as Error).constructor, text).toBe(type);
  expect((err as Error).message).toContain(text);
}

describe('parseCsv: the grammar', () => {
  it('reads RFC 4180 quoting: "" escapes, delimiters and line breaks inside quotes', () => {
    const text = 'v,name\r\n1,"a, ""b"""\r\n2,"line one\r\nline two"\r\n3,plain\r\n';
    const d = parseCsv(text, { target: 'name' });
    expect(rowsOf(d.x)).toEqual([[1], [2], [3]]);
    expect(d.classes).toEqual(['a, "b"', 'line one\r\nline two', 'plain']);
    expect(Array.from(d.y!)).toEqual([0, 1, 2]);
  });

  it('takes LF, CRLF and lone CR, a UTF-8 BOM, and trailing blank lines, with the same result', () => {
    const want = [[1, 2], [3, 4]];
    for (const text of ['a,b\n1,2\n3,4', 'a,b\r\n1,2\r\n3,4\r\n', 'a,b\r1,2\r3,4\r', '\ufeffa,b\n1,2\n3,4\n\n\n', 'a,b\n1,2\n3,4\r\n\r\n']) {
      const d = parseCsv(text);
      expect(rowsOf(d.x), JSON.stringify(text)).toEqual(want);
      expect(d.header).toEqual(['a', 'b']);
    }
  });

  it('names the line of malformed quotes, counting lines inside quoted cells', () => {
    throwsWith(() => parseCsv('a,b\n1,"x\ny"\n2,3"\n', { target: 'b' }), RangeError, 'line 4, column 2 ("3\\"") has a quote inside an unquoted cell');
    throwsWith(() => parseCsv('a,b\n1,"x"y\n'), RangeError, 'line 2, column 2: text after the closing quote ("y")');
    throwsWith(() => parseCsv('a,b\n1,2\n3,"4\n5,6\n'), RangeError, 'line 3, column 2: the quoted cell opened here is never closed');
    throwsWith(() => parseCsv('a,b\r\n1,"x\r\n\r\ny"\r\nabc,q\r\n', { target: 'b' }), RangeError, 'line 5, column 1 ("abc") is not a number');
    throwsWith(() => parseCsv('a,b\r1,"x\ry"\rabc,q\r', { target: 'b' }), RangeError, 'line 4, column 1 ("abc") is not a number');
  });

  it('refuses ragged rows and blank lines inside the data', () => {
    throwsWith(() => parseCsv('a,b,c\n1,2,3\n4,5\n'), RangeError, 'parseCsv: line 3 has 2 cells, but line 1 has 3 (column 3 is missing)');
    throwsWith(() => parseCsv('1,2\n3,4,5\n'), RangeError, 'parseCsv: line 2 has 3 cells, but line 1 has 2 (column 3 is one too many)');
    throwsWith(() => parseCsv('a,b\n1,2\n\n3,4\n'), RangeError, 'parseCsv: line 3 is blank (blank lines are allowed only at the end)');
    throwsWith(() => parseCsv('a\n1\n\n2\n'), RangeError, 'line 3 is blank');
    throwsWith(() => parseCsv(''), RangeError, 'parseCsv: there are no rows (the text is empty)');
    throwsWith(() => parseCsv('\ufeff\r\n\n'), RangeError, 'there are no rows');
    throwsWith(() => parseCsv('a,b\n'), RangeError, 'there are no rows after the header (line 1)');
  });

  it('skips comment lines when asked, still counting them as lines', () => {
    const d = parseCsv('# made by hand\na;b\n# more\n1;2\n', { delimiter: ';', comment: '#' });
    expect(rowsOf(d.x)).toEqual([[1, 2]]);
    throwsWith(() => parseCsv('# c\na,b\n# c\nx,2\n', { comment: '#' }), RangeError, 'line 4, column 1 ("x") is not a number');
    throwsWith(() => parseCsv('#,1\n'), RangeError, 'line 1, column 1 ("#") is not a number');
  });

  it('uses any single-character delimiter', () => {
    for (const d of [';', '\t', '|', ' ', 'x', 'é']) {
      expect(rowsOf(parseCsv(`p${d}q\n1${d}2\n`, { delimiter: d }).x), d).toEqual([[1, 2]]);
    }
  });
});

describe('parseCsv: numbers', () => {
  it('reads numbers in the strict decimal grammar, rounded to f32 like Math.fround', () => {
    const cells = ['0', '-0', '+7', '007', '1.', '.5', '-.25e-3', '6.02214076E23', '1e-46', '3.4028235e38', '-1.5e+2', '0.1'];
    const d = parseCsv(cells.join(','), { header: false });
    const got = Array.from(d.x.data);
    cells.forEach((c, j) => expect(Object.is(got[j], Math.fround(Number(c))), c).toBe(true));
  });

  it('refuses what Number() reads loosely, naming line, column and cell', () => {
    const bad = ['0x10', '0X1f', '0b11', '0o17', 'NaN', 'Infinity', '-Infinity', ' 1', '1 ', ' ', '1_000', '1,000', '1e', 'e5', '.', '+', '1.2.3', '١', '１', '1e5x'];
    for (const cell of bad) {
      const q = cell.includes(',') ? `"${cell}"` : cell;
      throwsWith(() => parseCsv(`a,b\n1,2\n3,${q}\n`), RangeError, `parseCsv: line 3, column 2 (${JSON.stringify(cell)}) is not a number`);
    }
    throwsWith(() => parseCsv('a,b\n1,\n'), RangeError, 'parseCsv: line 2, column 2 is empty');
    throwsWith(() => parseCsv('a,b\n1,3.5e38\n'), RangeError, 'line 2, column 2 ("3.5e38") is out of the f32 range');
    throwsWith(() => parseCsv('a\n1e400\n'), RangeError, 'line 2, column 1 ("1e400") is out of the f32 range');
  });

  it('says why a number-like cell was refused', () => {
    throwsWith(() => parseCsv('a\n0x10\n'), RangeError, '(only decimal numbers are read, not hexadecimal, binary or octal)');
    throwsWith(() => parseCsv('a\nNaN\n'), RangeError, '(NaN and Infinity are refused: a value must be finite)');
    throwsWith(() => parseCsv('a\n 1\n'), RangeError, '(spaces around a number are not allowed)');
    throwsWith(() => parseCsv('a\n1_000\n'), RangeError, '(no digit grouping');
  });
});

describe('parseCsv: header', () => {
  it("'auto' takes the first line as a header only when every cell is text that is not a number", () => {
    expect(parseCsv('x,y\n1,2\n').header).toEqual(['x', 'y']);
    expect(parseCsv('"1x",y\n1,2\n').header).toEqual(['1x', 'y']);
    expect(parseCsv('1,2\n3,4\n').header).toBeNull();
    throwsWith(() => parseCsv('x,1\n2,3\n'), RangeError, 'line 1, column 1 ("x") is not a number (line 1 was taken as data, not as a header, since its column 2 ("1") reads as a number)');
    throwsWith(() => parseCsv('x,,z\n1,2,3\n'), RangeError, 'line 1, column 1 ("x") is not a number (line 1 was taken as data, not as a header, since its column 2 is blank)');
    for (const cell of ['NaN', 'inf', '0x1F', '1,000', ' 7 ', '-Infinity', '1_0']) {
      throwsWith(() => parseCsv(`a,"${cell}"\n1,2\n`), RangeError, 'line 1, column 1 ("a") is not a number');
    }
  });

  it('true and false override the guess', () => {
    const d = parseCsv('1,2\n3,4\n', { header: true });
    expect(d.header).toEqual(['1', '2']);
    expect(rowsOf(d.x)).toEqual([[3, 4]]);
    throwsWith(() => parseCsv('x,y\n1,2\n', { header: false }), RangeError, 'line 1, column 1 ("x") is not a number');
    throwsWith(() => parseCsv('\n1,2\n', { header: true }), RangeError, 'line 1 is blank, but header: true says it names the columns');
  });
});

describe('parseCsv: columns', () => {
  const text = 'id,a,b,label,c\nr1,1,2,cat,3\nr2,4,5,dog,6\nr3,7,8,cat,9\n';

  it('selects and orders feature columns by name or index; unselected columns may hold text', () => {
    const d = parseCsv(text, { columns: ['c', 1], target: 'label' });
    expect(rowsOf(d.x)).toEqual([[3, 1], [6, 4], [9, 7]]);
    expect(d.columns).toEqual([4, 1]);
    expect(d.names).toEqual(['c', 'a']);
    throwsWith(() => parseCsv(text, { target: 'label' }), RangeError, 'line 2, column 1 ("r1") is not a number');
  });

  it('names what is wrong with a column reference', () => {
    throwsWith(() => parseCsv(text, { target: 'species' }), RangeError, 'target column "species" is not in the header (line 1: "id", "a", "b", "label", "c")');
    throwsWith(() => parseCsv(text, { target: 5 }), RangeError, 'target column index 5 is out of range: line 1 has 5 columns (indices 0–4)');
    throwsWith(() => parseCsv(text, { columns: ['a', 'z'] }), RangeError, 'columns[1] "z" is not in the header');
    throwsWith(() => parseCsv('1,2\n', { target: 'y' }), RangeError, 'target column "y" is a name, but the file has no header (line 1 is data); give a 0-based index');
    throwsWith(() => parseCsv('a,a,b\n1,2,3\n', { columns: ['a'] }), RangeError, 'columns[0] "a" is ambiguous: columns 1 and 2 of line 1 have that name');
    throwsWith(() => parseCsv(text, { columns: ['a', 1] }), RangeError, 'columns[0] and columns[1] are the same column (2)');
    throwsWith(() => parseCsv(text, { columns: ['a', 'label'], target: 'label' }), RangeError, 'columns[1] (column 4) is the target column');
    throwsWith(() => parseCsv('t\ncat\n', { target: 't' }), RangeError, 'no feature columns: line 1 has only the target column');
  });
});

describe('parseCsv: target', () => {
  it('reads a text target as classes sorted by code unit, with the mapping', () => {
    const d = parseCsv('v,k\n1,b\n2,B\n3,a\n4,b\n', { target: 1 });
    expect(d.classes).toEqual(['B', 'a', 'b']);
    expect(d.y).toBeInstanceOf(Int32Array);
    expect(Array.from(d.y!).map((k) => d.classes![k])).toEqual(['b', 'B', 'a', 'b']);
    expect(d.targetKind).toBe('class');
  });

  it('reads a numeric target as values unless told it holds classes (then sorted by value)', () => {
    const values = parseCsv('v,t\n1,0.5\n2,-3\n3,10\n', { target: 't' });
    expect(values.targetKind).toBe('value');
    expect(values.y).toBeInstanceOf(Float32Array);
    expect(Array.from(values.y!)).toEqual([0.5, -3, 10]);
    expect(values.classes).toBeNull();
    const classes = parseCsv('v,t\n1,10\n2,2\n3,-1\n4,2\n', { target: 't', targetKind: 'class' });
    expect(classes.classes).toEqual(['-1', '2', '10']);
    expect(Array.from(classes.y!)).toEqual([2, 1, 0, 1]);
    throwsWith(() => parseCsv('v,t\n1,2\n2,2.0\n', { target: 't', targetKind: 'class' }), RangeError,
      'line 3, column 2 ("2.0") is the same number as "2" on line 2; write each class label one way');
  });

  it('refuses a target that mixes numbers and text unless targetKind says which, and empty targets', () => {
    throwsWith(() => parseCsv('v,t\n1,2.5\n2,n/a\n', { target: 't' }), RangeError,
      "line 3, column 2 (\"n/a\") is not a number, but line 2 holds the number \"2.5\" in the same target column; fix the cell, or pass targetKind: 'class'");
    expect(parseCsv('v,t\n1,2.5\n2,n/a\n', { target: 't', targetKind: 'class' }).classes).toEqual(['2.5', 'n/a']);
    throwsWith(() => parseCsv('v,t\n1,cat\n2,dog\n', { target: 't', targetKind: 'value' }), RangeError, 'line 2, column 2 ("cat") is not a number');
    throwsWith(() => parseCsv('v,t\n1,cat\n2,\n', { target: 't' }), RangeError, 'line 3, column 2 is empty (the target needs a class name)');
    throwsWith(() => parseCsv('v,t\n1,\n2,3\n', { target: 't' }), RangeError, 'line 2, column 2 is empty (the target needs a value or a class name)');
  });

  it('takes a fixed class list, so a second file gets the same indices, and refuses cells outside it', () => {
    const d = parseCsv('v,t\n1,dog\n2,dog\n', { target: 't', classes: ['cat', 'dog', 'eel'] });
    expect(Array.from(d.y!)).toEqual([1, 1]);
    expect(d.classes).toEqual(['cat', 'dog', 'eel']);
    throwsWith(() => parseCsv('v,t\n1,dog\n2,cow\n', { target: 't', classes: ['cat', 'dog'] }), RangeError,
      'line 3, column 2 ("cow") is not one of the 2 classes (cat, dog)');
  });
});

describe('parseCsv: options', () => {
  it('refuses wrong kinds with TypeError and wrong values with RangeError', () => {
    const t = 'a,b\n1,2\n';
    throwsWith(() => parseCsv(42 as unknown as string), TypeError, 'parseCsv: text must be a string, got number');
    throwsWith(() => parseCsv(t, 'x' as never), TypeError, 'options must be an object, got string');
    throwsWith(() => parseCsv(t, { delimeter: ';' } as never), TypeError, 'parseCsv: unknown option "delimeter"; the options are header, delimiter');
    throwsWith(() => parseCsv(t, { delimiter: ';;' }), RangeError, 'parseCsv: delimiter must be a single character, got ";;"');
    throwsWith(() => parseCsv(t, { delimiter: '' }), RangeError, 'delimiter must be a single character, got ""');
    throwsWith(() => parseCsv(t, { delimiter: 44 as never }), TypeError, 'delimiter must be a string of one character, got number');
    throwsWith(() => parseCsv(t, { delimiter: '"' }), RangeError, 'delimiter cannot be "\\""');
    throwsWith(() => parseCsv(t, { delimiter: '\n' }), RangeError, 'delimiter cannot be "\\n"');
    throwsWith(() => parseCsv(t, { comment: ',' }), RangeError, 'comment and delimiter are the same character');
    throwsWith(() => parseCsv(t, { header: 'yes' as never }), TypeError, "header must be true, false or 'auto', got \"yes\"");
    throwsWith(() => parseCsv(t, { header: 1 as never }), TypeError, "header must be true, false or 'auto', got number");
    throwsWith(() => parseCsv(t, { target: 1.5 }), RangeError, 'target must be an integer index ≥ 0, got 1.5');
    throwsWith(() => parseCsv(t, { target: -1 }), RangeError, 'target must be an integer index ≥ 0, got -1');
    throwsWith(() => parseCsv(t, { target: null as never }), TypeError, 'target must be a column name (string) or a 0-based index (number), got null');
    throwsWith(() => parseCsv(t, { columns: 'a' as never }), TypeError, 'columns must be an array of names or indices, got string');
    throwsWith(() => parseCsv(t, { columns: [] }), RangeError, 'columns is empty');
    throwsWith(() => parseCsv(t, { columns: [true as never] }), TypeError, 'columns[0] must be a column name (string) or a 0-based index (number), got boolean');
    throwsWith(() => parseCsv(t, { targetKind: 'class' }), RangeError, 'targetKind needs a target column');
    throwsWith(() => parseCsv(t, { target: 1, targetKind: 'label' as never }), TypeError, "targetKind must be 'auto', 'class' or 'value', got \"label\"");
    throwsWith(() => parseCsv(t, { target: 1, targetKind: null as never }), TypeError, "targetKind must be 'auto', 'class' or 'value', got null");
    throwsWith(() => parseCsv(t, { target: 1, classes: ['x', 'x'] }), RangeError, 'classes lists "x" twice');
    throwsWith(() => parseCsv(t, { target: 1, classes: [1 as never] }), TypeError, 'classes[0] must be a string, got number');
    throwsWith(() => parseCsv(t, { target: 1, classes: ['x'], targetKind: 'value' }), RangeError, "classes goes with targetKind 'class', not 'value'");
  });

  it('treats options set to undefined as absent', () => {
    expect(parseCsv('a,b\n1,2\n', { header: undefined, target: undefined, delimiter: undefined }).x.shape).toEqual([1, 2]);
  });
});

describe('parseCsv: a written matrix comes back exactly', () => {
  it('f32 values written with 9 significant digits, quoted or not, read back to the same bits', () => {
    const rng = new Random(7);
    const rows = 40, cols = 6;
    const m = Float32Array.from({ length: rows * cols }, () => Math.fround(rng.normal() * 10 ** rng.int(20) / 10 ** rng.int(20)));
    const cell = (v: number) => (rng.next() < 0.2 ? `"${v.toPrecision(9)}"` : v.toExponential(8));
    const lines = Array.from({ length: rows }, (_, i) => Array.from(m.subarray(i * cols, (i + 1) * cols), cell).join('\t'));
    const d = parseCsv(`${lines.join('\r\n')}\r\n`, { delimiter: '\t' });
    expect(d.x.shape).toEqual([rows, cols]);
    expect(Array.from(d.x.data)).toEqual(Array.from(m));
  });
});

describe('decimalValue (the number reader behind parseCsv)', () => {
  it('agrees with Number() to the last bit on random decimals of 1–25 digits and exponents ±40, and refuses the rest', () => {
    const rng = new Random(3);
    for (let k = 0; k < 20000; k++) {
      let digits = '';
      for (let n = 1 + rng.int(25); n > 0; n--) digits += String(rng.int(10));
      const dot = rng.int(digits.length + 2) - 1; // -1: no point
      let s = dot < 0 ? digits : `${digits.slice(0, dot)}.${digits.slice(dot)}`;
      if (rng.next() < 0.5) s += `${rng.next() < 0.5 ? 'e' : 'E'}${['', '+', '-'][rng.int(3)]}${rng.int(41)}`;
      if (rng.next() < 0.3) s = `${rng.next() < 0.5 ? '-' : '+'}${s}`;
      expect(Object.is(decimalValue(s), Number(s)), s).toBe(true);
    }
    for (const s of ['', '.', '+', '-', 'e1', '1e', '1e+', '.e1', '1..2', '1.2.3', '0x10', ' 1', '1 ', 'NaN', 'Infinity', '1_0', '١']) {
      expect(decimalValue(s), s).toBeNaN();
    }
  });
});
