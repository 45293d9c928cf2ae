// A second, independent CSV reader (sticky regexes, a per-character line table, a hand-written number automaton) that the fuzzer compares parseCsv with.

/** What parseCsv should do with a text: the rows it should return, or the line its error should name (null: no line, e.g. a bad option). */
export type RefResult =
  | { ok: true; x: number[][]; header: string[] | null; labels: string[] | null; values: number[] | null }
  | { ok: false; line: number | null };

export interface RefOptions {
  delimiter: string;
  comment: string | null;
  header: boolean | 'auto';
  /** A 0-based target column read with targetKind 'auto', or null. */
  target: number | null;
}

/** The decimal grammar as an automaton: sign? digits (. digits?)? | . digits, then (e sign? digits)?. Null when the text is not one. */
export function refNumber(s: string): number | null {
  let i = 0;
  const digit = (k: number) => k < s.length && s[k] >= '0' && s[k] <= '9';
  if (s[i] === '+' || s[i] === '-') i++;
  let mantissa = 0;
  while (digit(i)) i++, mantissa++;
  if (s[i] === '.') {
    i++;
    while (digit(i)) i++, mantissa++;
  }
  if (mantissa === 0) return null;
  if (s[i] === 'e' || s[i] === 'E') {
    i++;
    if (s[i] === '+' || s[i] === '-') i++;
    let exp = 0;
    while (digit(i)) i++, exp++;
    if (exp === 0) return null;
  }
  return i === s.length ? Number(s) : null;
}

/** A header cell: not blank, and not a number in any notation Number(), NaN/Infinity spellings or digit groups would suggest. */
function refHeaderText(cell: string): boolean {
  const t = cell.trim();
  if (t === '' || refNumber(t) !== null || !Number.isNaN(Number(t))) return false;
  if (['nan', 'inf', 'infinity'].includes(t.replace(/^[+-]/, '').toLowerCase())) return false;
  return !/^[+-]?[\d.,_]*\d[\d.,_]*(?:[eE][+-]?\d+)?$/.test(t);
}

/** lineOf[i]: the 1-based line of character i (LF, CRLF and a lone CR each end a line). */
function lineTable(text: string): Int32Array {
  const lineOf = new Int32Array(text.length + 1);
  let line = 1;
  for (let i = 0; i <= text.length; i++) {
    lineOf[i] = line;
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) line++;
  }
  return lineOf;
}

interface RefRecord { cells: string[]; at: number[]; start: number; blank: boolean }

/** Yields the records one by one, so that an error comes out where a reader going line by line meets it; a quoting error is the character index whose line the error names. */
function* records(text: string, o: RefOptions): Generator<RefRecord | { errorAt: number }> {
  const d = `\\u${o.delimiter.charCodeAt(0).toString(16).padStart(4, '0')}`;
  // (?=(…))\1 is an atomic group: a quoted cell that never closes must not match a shorter prefix.
  const cell = new RegExp(`"(?=((?:[^"]|"")*))\\1"|([^"${d}\\r\\n]*)`, 'y');
  let pos = 0;
  while (pos < text.length) {
    if (o.comment !== null && text[pos] === o.comment) {
      const m = /\r\n|\r|\n/g;
      m.lastIndex = pos;
      const r = m.exec(text);
      pos = r ? r.index + r[0].length : text.length;
      continue;
    }
    const rec: RefRecord = { cells: [], at: [], start: pos, blank: text[pos] === '\r' || text[pos] === '\n' };
    for (;;) {
      cell.lastIndex = pos;
      const m = cell.exec(text)!;
      const quoted = m[1] !== undefined;
      rec.at.push(pos);
      rec.cells.push(quoted ? m[1].replace(/""/g, '"') : m[2]);
      const cellStart = pos;
      pos = cell.lastIndex;
      if (pos >= text.length) break;
      if (text[pos] === o.delimiter) {
        pos++;
        continue;
      }
      if (text[pos] === '\r' || text[pos] === '\n') {
        pos += text.startsWith('\r\n', pos) ? 2 : 1;
        break;
      }
      yield { errorAt: quoted ? pos : cellStart };
      return;
    }
    yield rec;
  }
}

/** The target column read as parseCsv's targetKind 'auto' should: values, sorted class labels, or the line of the cell at fault. */
function refTarget(cells: string[], lines: number[]): { labels: string[] | null; values: number[] | null } | { line: number } {
  const nums = cells.map(refNumber);
  if (nums.every((v) => v !== null)) {
    const bad = nums.findIndex((v) => !Number.isFinite(Math.fround(v!)));
    return bad >= 0 ? { line: lines[bad] } : { labels: null, values: nums.map((v) => Math.fround(v!)) };
  }
  const firstText = nums.findIndex((v) => v === null);
  if (nums.some((v) => v !== null) || cells[firstText] === '') return { line: lines[firstText] };
  const empty = cells.indexOf('');
  return empty >= 0 ? { line: lines[empty] } : { labels: cells.slice(), values: null };
}

/** What parseCsv(text, options) should return, or the line of its first error. */
export function refParse(text: string, o: RefOptions): RefResult {
  const body = text.replace(/^\ufeff/, '').replace(/[\r\n]+$/, '');
  const lineOf = lineTable(body);
  const it = records(body, o);
  const first = it.next().value;
  if (first === undefined) return { ok: false, line: null };
  if ('errorAt' in first) return { ok: false, line: lineOf[first.errorAt] };
  const width = first.cells.length;
  const isHeader = o.header === 'auto' ? !first.blank && first.cells.every(refHeaderText) : o.header;
  if (isHeader && first.blank) return { ok: false, line: lineOf[first.start] };
  if (o.target !== null && (o.target >= width || width === 1)) return { ok: false, line: null };
  const x: number[][] = [];
  const tCells: string[] = [];
  const tLines: number[] = [];
  for (let rec: RefRecord | { errorAt: number } | undefined = isHeader ? it.next().value : first; rec !== undefined; rec = it.next().value) {
    if ('errorAt' in rec) return { ok: false, line: lineOf[rec.errorAt] };
    if (rec.blank || rec.cells.length !== width) return { ok: false, line: lineOf[rec.start] };
    const row: number[] = [];
    for (let c = 0; c < width; c++) {
      if (c === o.target) continue;
      const v = refNumber(rec.cells[c]);
      if (v === null || !Number.isFinite(Math.fround(v))) return { ok: false, line: lineOf[rec.at[c]] };
      row.push(Math.fround(v));
    }
    x.push(row);
    if (o.target !== null) tCells.push(rec.cells[o.target]), tLines.push(lineOf[rec.at[o.target]]);
  }
  if (x.length === 0) return { ok: false, line: lineOf[first.start] };
  const header = isHeader ? first.cells : null;
  if (o.target === null) return { ok: true, x, header, labels: null, values: null };
  const t = refTarget(tCells, tLines);
  return 'line' in t ? { ok: false, line: t.line } : { ok: true, x, header, ...t };
}
