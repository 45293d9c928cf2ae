// Seeded fuzz cases for parseCsv (written from a known matrix, mutated, random, bad options) and the check of one case against the reference reader.

import { parseCsv, type CsvData, type CsvOptions } from '../../src/data/csv.js';
import { Random } from '../../src/random.js';
import { refParse, type RefOptions, type RefResult } from './csv_reference.js';

export type CaseKind = 'matrix' | 'mutated' | 'random' | 'options';

export interface FuzzCase {
  kind: CaseKind;
  text: string;
  options: Record<string, unknown>;
  /** For 'matrix' cases: the exact result expected. */
  want?: { x: Float32Array; rows: number; cols: number; labels: string[] | null; values: Float32Array | null };
}

const DELIMITERS = [',', ';', '\t', '|', ' ', ':'];
const EOLS = ['\n', '\r\n', '\r'];
const pick = <T>(rng: Random, a: readonly T[]): T => a[rng.int(a.length)];

/** A random f32 from a mix of scales, including 0, -0, subnormals and the largest finite values. */
function f32(rng: Random): number {
  const r = rng.next();
  if (r < 0.05) return pick(rng, [0, -0, 1.401298464324817e-45, -3.4028234663852886e38, 3.4028234663852886e38, 1.1754943508222875e-38]);
  if (r < 0.25) return rng.int(2001) - 1000;
  if (r < 0.3) return Math.fround(rng.int(1 << 23) * 1.401298464324817e-45); // subnormal
  return Math.fround(rng.normal() * 10 ** (rng.int(60) - 30));
}

/** One way of writing v that reads back as the same f32: shortest, exponent, padded, signed, quoted. */
function writeNumber(rng: Random, v: number, delimiter: string): string {
  let s = '';
  const r = rng.next();
  if (Object.is(v, -0)) s = pick(rng, ['-0', '-0.0', '-0e0']);
  else if (r < 0.4) s = String(v); // the f64's shortest form: up to 17 digits
  else if (r < 0.7) s = v.toExponential(8); // 9 digits: enough for any f32
  else for (let p = 6; s === '' && p <= 9; p++) if (Math.fround(Number(v.toPrecision(p))) === v) s = v.toPrecision(p); // 9 always does
  if (rng.next() < 0.1) s = s.replace('e', 'E');
  if (rng.next() < 0.1 && !s.startsWith('-')) s = `+${s}`;
  if (rng.next() < 0.1) s = s.replace(/^[+-]?/, (sign) => `${sign}00`);
  if (rng.next() < 0.1 && /^[+-]?\d+$/.test(s)) s = `${s}.`;
  return rng.next() < 0.1 || s.includes(delimiter) ? `"${s}"` : s;
}

/** Text that is a valid header name or class label: starts with a letter, may hold delimiters, quotes, line breaks, any UTF-16. */
function word(rng: Random, prefix: string): string {
  const extra = ['', ',', ';', '"', '\n', '\r\n', ' ', '\t', 'é', '𝄞', '#', '0', 'x'];
  let s = prefix;
  for (let n = rng.int(4); n > 0; n--) s += pick(rng, extra);
  return s;
}

function quoteIfNeeded(s: string, delimiter: string, force: boolean): string {
  return force || /["\r\n]/.test(s) || s.includes(delimiter) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV text written from a known random matrix (and class or value targets), with the options to read it back. */
export function matrixCase(rng: Random, maxRows = 20): FuzzCase {
  const rows = 1 + rng.int(maxRows), cols = 1 + rng.int(6);
  const delimiter = pick(rng, DELIMITERS), eol = pick(rng, EOLS);
  const x = Float32Array.from({ length: rows * cols }, () => f32(rng));
  const targetKind = pick(rng, ['none', 'none', 'class', 'value']);
  const at = rng.int(cols + 1);
  const names = ['cat', 'Dog', 'eel', 'émeu', 'zebra 1'].map((n) => word(rng, n)).slice(0, 1 + rng.int(5));
  const labels = targetKind === 'class' ? Array.from({ length: rows }, () => pick(rng, names)) : null;
  const values = targetKind === 'value' ? Float32Array.from({ length: rows }, () => f32(rng)) : null;
  const line = (cells: string[], i: number) => {
    if (labels) cells.splice(at, 0, quoteIfNeeded(labels[i], delimiter, rng.next() < 0.1));
    if (values) cells.splice(at, 0, writeNumber(rng, values[i], delimiter));
    return cells.join(delimiter);
  };
  const lines = Array.from({ length: rows }, (_, i) => line(Array.from(x.subarray(i * cols, (i + 1) * cols), (v) => writeNumber(rng, v, delimiter)), i));
  const withHeader = rng.next() < 0.6;
  if (withHeader) {
    const names = Array.from({ length: cols }, (_, j) => quoteIfNeeded(word(rng, `col${j}`), delimiter, rng.next() < 0.1));
    if (targetKind !== 'none') names.splice(at, 0, quoteIfNeeded(word(rng, 'target'), delimiter, false));
    lines.unshift(names.join(delimiter));
  }
  const comment = rng.next() < 0.15 ? '#' : undefined;
  if (comment) for (let k = rng.int(3) + 1; k > 0; k--) lines.splice(rng.int(lines.length + 1), 0, `# note, "${k}"`);
  const text = (rng.next() < 0.2 ? '\ufeff' : '') + lines.join(eol) + eol.repeat(rng.int(4));
  const options: Record<string, unknown> = { delimiter, header: withHeader ? pick(rng, [true, 'auto']) : pick(rng, [false, 'auto']) };
  if (comment) options.comment = comment;
  if (targetKind !== 'none') options.target = at;
  return { kind: 'matrix', text, options, want: { x, rows, cols, labels, values } };
}

/** A matrix case with 1–4 edits: characters that matter to CSV inserted, cells cut, spans repeated, the end truncated. */
export function mutatedCase(rng: Random): FuzzCase {
  const c = matrixCase(rng, 8); // a few rows are enough to carry the edits
  const bits = ['"', '""', ',', ';', '\r', '\n', '\r\n', ' ', '#', '\ufeff', '0x1', 'NaN', '1e', '-', '.', 'é', '\ud800', '\t', 'a', '12345678901234567', 'e-40'];
  let t = c.text;
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const i = rng.int(t.length + 1), j = Math.min(t.length, i + 1 + rng.int(6));
    const r = rng.int(5);
    if (r === 0) t = t.slice(0, i) + t.slice(j);
    else if (r === 1) t = t.slice(0, j) + t.slice(i, j) + t.slice(j);
    else if (r === 2 && rng.next() < 0.3) t = t.slice(0, i);
    else t = t.slice(0, i) + pick(rng, bits) + t.slice(r === 3 ? i + 1 : i);
  }
  return { kind: 'mutated', text: t, options: c.options };
}

/** Random short text over an alphabet heavy in quotes, delimiters, line breaks and number characters, with random options. */
export function randomCase(rng: Random): FuzzCase {
  const alphabet = ['"', ',', ';', '\n', '\r', ' ', '\t', '0', '1', '9', '.', 'e', 'E', '-', '+', 'x', 'a', '#', '\ufeff', 'N', '_', '\u0000'];
  const delimiter = pick(rng, [',', ';', '\t', ' ']);
  // A first line of words, some of which only look like text (NaN, 0x1F, 1,000, padded numbers), to test the header rule.
  const words = ['x', 'name', 'NaN', '-inf', 'Infinity', '0x1F', '"1,000"', ' 7 ', '1_0', '', '"a""b"', '12', '.5e3', '1e', '-'];
  let text = rng.next() < 0.3 ? `${Array.from({ length: 1 + rng.int(3) }, () => pick(rng, words)).join(delimiter)}\n` : '';
  for (let n = rng.int(120); n > 0; n--) text += rng.next() < 0.9 ? pick(rng, alphabet) : String.fromCharCode(rng.int(0x10000));
  const options: Record<string, unknown> = { delimiter, header: pick(rng, [true, false, 'auto']) };
  if (rng.next() < 0.3) options.target = rng.int(4);
  if (rng.next() < 0.2) options.comment = '#';
  return { kind: 'random', text, options };
}

/** A valid text with options of random kinds and values, some keys misspelt. */
export function optionsCase(rng: Random): FuzzCase {
  const keys = ['header', 'delimiter', 'columns', 'target', 'targetKind', 'classes', 'comment', 'delimeter', 'Header', '__proto__'];
  const values = [undefined, null, true, false, 0, 1, -1, 2.5, NaN, '', ',', ';;', '"', '\n', 'auto', 'class', 'value', 'x', [], [0], ['x'], [1, 1], ['x', 0], [null], {}, () => 0];
  const options: Record<string, unknown> = {};
  for (let n = rng.int(4); n > 0; n--) Object.defineProperty(options, pick(rng, keys), { value: pick(rng, values), enumerable: true, configurable: true, writable: true });
  return { kind: 'options', text: 'x,y,label\n1,2,a\n3,4,b\n', options: rng.next() < 0.05 ? (pick(rng, [null, 'x', 3, []]) as never) : options };
}

/** The case generator for case number i of a run with this seed (one Random per case, so a case can be replayed alone). */
export function fuzzCase(seed: number, i: number): FuzzCase {
  const rng = new Random(seed * 1_000_003 + i);
  const r = rng.next();
  return r < 0.25 ? matrixCase(rng) : r < 0.6 ? mutatedCase(rng) : r < 0.9 ? randomCase(rng) : optionsCase(rng);
}

function refOptions(o: Record<string, unknown>): RefOptions {
  return { delimiter: (o.delimiter as string) ?? ',', comment: (o.comment as string) ?? null, header: (o.header as boolean | 'auto') ?? 'auto', target: (o.target as number) ?? null };
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Compares a successful parse with the reference's rows and labels; returns what differs, or null. */
function compareOk(d: CsvData, ref: Extract<RefResult, { ok: true }>): string | null {
  if (d.x.shape[0] !== ref.x.length || !sameBits(d.x.data, ref.x.flat())) return 'x differs from the reference';
  if (JSON.stringify(d.header) !== JSON.stringify(ref.header)) return 'header differs from the reference';
  if (ref.values && !sameBits(d.y!, ref.values)) return 'target values differ from the reference';
  if (ref.labels) {
    const sorted = [...new Set(ref.labels)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (JSON.stringify(d.classes) !== JSON.stringify(sorted)) return 'classes differ from the reference';
    if (!ref.labels.every((l, i) => d.classes![d.y![i]] === l)) return 'class indices differ from the reference';
  }
  return null;
}

/** Runs one case; returns null when parseCsv behaved, else what went wrong. */
export function checkCase(c: FuzzCase): string | null {
  let d: CsvData | null = null;
  let err: Error | null = null;
  try {
    d = parseCsv(c.text, c.options as CsvOptions);
  } catch (e) {
    err = e as Error;
  }
  if (err && !(err.constructor === RangeError || err.constructor === TypeError)) return `threw ${err.constructor.name}: ${err.message}`;
  if (err && !err.message.startsWith('parseCsv: ')) return `message without the op: ${err.message}`;
  if (c.kind === 'options') return null;
  const ref = refParse(c.text, refOptions(c.options));
  if (!ref.ok) {
    if (!err) return `parsed, but the reference expects an error on line ${ref.line}`;
    if (ref.line === null) return err instanceof RangeError ? null : `TypeError for a bad value: ${err.message}`;
    const line = /line (\d+)/.exec(err.message);
    return line && Number(line[1]) === ref.line ? null : `error names ${line?.[0] ?? 'no line'}, the reference line ${ref.line}: ${err.message}`;
  }
  if (err) return `threw, but the reference parses it: ${err.message}`;
  const diff = compareOk(d!, ref);
  if (diff || !c.want) return diff;
  const w = c.want;
  if (!sameBits(d!.x.data, w.x) || d!.x.shape[1] !== w.cols) return 'x is not the matrix that was written';
  if (w.values && !sameBits(d!.y!, w.values)) return 'target values are not the ones written';
  if (w.labels && !w.labels.every((l, i) => d!.classes![d!.y![i]] === l)) return 'labels are not the ones written';
  return null;
}
