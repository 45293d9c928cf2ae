// Tests for src/data/csv_node.ts: readCsv from disk (messages name the file) and the shipped Iris checked against its published statistics.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { IRIS_PATH, iris, readCsv } from '../../src/data/csv_node.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(join(tmpdir(), 'simdnet-csv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readCsv', () => {
  it('reads a file by path or file URL, with parseCsv options', () => {
    const f = join(tmp, 'a.csv');
    writeFileSync(f, '\ufeffx,y,label\r\n1,2,b\r\n3,4,a\r\n');
    for (const path of [f, pathToFileURL(f)]) {
      const d = readCsv(path, { target: 'label' });
      expect(Array.from(d.x.data)).toEqual([1, 2, 3, 4]);
      expect(d.classes).toEqual(['a', 'b']);
      expect(Array.from(d.y!)).toEqual([1, 0]);
    }
  });

  it('names the file in every message', () => {
    const f = join(tmp, 'bad.csv');
    writeFileSync(f, 'x,y\n1,2\n3,abc\n');
    expect(() => readCsv(f)).toThrow(new RangeError(`readCsv: ${f}: line 3, column 2 ("abc") is not a number`));
    expect(() => readCsv(join(tmp, 'none.csv'))).toThrow(`readCsv: cannot read ${join(tmp, 'none.csv')}: no such file`);
    expect(() => readCsv(f, { delimiter: 'ab' })).toThrow(RangeError);
    expect(() => readCsv(7 as never)).toThrow(new TypeError('readCsv: path must be a string or a URL, got number'));
  });

  it('refuses bytes that are not UTF-8, with their line, instead of reading U+FFFD into class names', () => {
    const f = join(tmp, 'latin1.csv');
    writeFileSync(f, Buffer.concat([Buffer.from('x,city\n1,Paris\n2,'), Buffer.from([0x4d, 0xfc, 0x6e]), Buffer.from('chen\n')]));
    expect(() => readCsv(f, { target: 'city' })).toThrow(new RangeError(`readCsv: ${f}: line 3 is not valid UTF-8 text; save the file as UTF-8`));
  });
});

describe('iris', () => {
  it('is shipped at data/iris.csv with the header of the brief, and in the package files', () => {
    expect(IRIS_PATH).toBe(join(root, 'data', 'iris.csv'));
    const lines = readFileSync(IRIS_PATH, 'utf8').split('\n');
    expect(lines[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,species');
    expect(lines).toHaveLength(152); // header, 150 rows, and the empty string after the final newline
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('data');
    expect(pkg.exports['./csv'].default).toBe('./dist/data/csv_node.js');
  });

  it("matches Fisher's data: 150 rows, 50 per species, the published means and standard deviations", () => {
    const { x, y, classes, names } = iris();
    expect(x.shape).toEqual([150, 4]);
    expect(names).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect([0, 1, 2].map((k) => y.filter((v) => v === k).length)).toEqual([50, 50, 50]);
    const col = (j: number, rows = [...Array(150).keys()]) => rows.map((i) => x.data[i * 4 + j]);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / v.length); // population SD, as scikit-learn prints
    // Column means and standard deviations as printed in scikit-learn's iris description (load_iris().DESCR).
    expect([0, 1, 2, 3].map((j) => mean(col(j)).toFixed(3))).toEqual(['5.843', '3.057', '3.758', '1.199']);
    expect([0, 1, 2, 3].map((j) => sd(col(j)).toFixed(2))).toEqual(['0.83', '0.43', '1.76', '0.76']);
    // Per-species means (Fisher 1936, table I; the usual describe() of the data set).
    const bySpecies = [['5.006', '3.428', '1.462', '0.246'], ['5.936', '2.770', '4.260', '1.326'], ['6.588', '2.974', '5.552', '2.026']];
    bySpecies.forEach((want, k) => {
      const rows = [...Array(150).keys()].filter((i) => y[i] === k);
      expect([0, 1, 2, 3].map((j) => mean(col(j, rows)).toFixed(3)), classes[k]).toEqual(want);
    });
    // Rows 35 and 38 as in Fisher's paper (the UCI file has 4.9,3.1,1.5,0.1 for both).
    expect(Array.from(x.data.subarray(34 * 4, 35 * 4))).toEqual([4.9, 3.1, 1.5, 0.2].map(Math.fround));
    expect(Array.from(x.data.subarray(37 * 4, 38 * 4))).toEqual([4.9, 3.6, 1.4, 0.1].map(Math.fround));
  });
});
