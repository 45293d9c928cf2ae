/** The CSV tokenizer (RFC 4180): one record at a time, each cell with the line it starts on; quotes, CR/LF/CRLF, BOM, comments. */

import { rangeError } from '../errors.js';

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/** A cell's text for a message: JSON-quoted, cut after 40 characters. */
export function showCell(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
}

/**
 * Reads records from CSV text. `next()` fills `cells` (the record's unquoted cell texts), `lines`
 * (the 1-based line each cell starts on: a quoted cell may span lines) and `line` (where the record
 * starts). Line breaks are LF, CRLF or a lone CR; a leading UTF-8 BOM is skipped; line breaks at the
 * very end are not records, so a trailing newline or trailing blank lines add nothing. Any other
 * empty line is a record with `blank` set (the caller decides what it means). With a comment
 * character, a line starting with it is skipped (it still counts as a line).
 */
export class CsvScanner {
  /** The cells of the current record. */
  readonly cells: string[] = [];
  /** The line each cell of the current record starts on. */
  readonly lines: number[] = [];
  /** The line the current record starts on. */
  line = 0;
  /** Whether the current record is an empty line. */
  blank = false;
  private pos: number;
  private readonly end: number;
  private nextLine = 1;

  constructor(
    private readonly text: string,
    private readonly delimiter: number,
    private readonly comment: number,
    private readonly op: string,
  ) {
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let end = text.length;
    while (end > this.pos && (text.charCodeAt(end - 1) === LF || text.charCodeAt(end - 1) === CR)) end--;
    this.end = end;
  }

  /** Reads the next record; false when there is none left. */
  next(): boolean {
    this.cells.length = 0;
    this.lines.length = 0;
    while (this.pos < this.end && this.text.charCodeAt(this.pos) === this.comment) this.skipLine();
    if (this.pos >= this.end) return false;
    this.line = this.nextLine;
    this.blank = this.atLineBreak(this.pos);
    for (;;) {
      this.lines.push(this.nextLine);
      this.cells.push(this.text.charCodeAt(this.pos) === QUOTE ? this.quoted() : this.unquoted());
      if (this.pos >= this.end) return true;
      const c = this.text.charCodeAt(this.pos);
      if (c === this.delimiter) {
        this.pos++;
        continue;
      }
      this.breakLine(c);
      return true;
    }
  }

  private atLineBreak(i: number): boolean {
    const c = this.text.charCodeAt(i);
    return c === LF || c === CR;
  }

  /** Steps over the line break at `pos` (LF, CRLF or CR). */
  private breakLine(c: number): void {
    this.pos += c === CR && this.text.charCodeAt(this.pos + 1) === LF ? 2 : 1;
    this.nextLine++;
  }

  private skipLine(): void {
    while (this.pos < this.end && !this.atLineBreak(this.pos)) this.pos++;
    if (this.pos < this.end) this.breakLine(this.text.charCodeAt(this.pos));
    else this.nextLine++;
  }

  private where(): string {
    return `line ${this.nextLine}, column ${this.cells.length + 1}`;
  }

  /** An unquoted cell: up to the delimiter, a line break or the end; a quote inside it is an error. */
  private unquoted(): string {
    const start = this.pos;
    const { text, end, delimiter } = this;
    let i = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === delimiter || c === LF || c === CR) break;
      if (c === QUOTE) {
        throw rangeError(this.op, `${this.where()} (${showCell(this.cellFrom(start))}) has a quote inside an unquoted cell; ` +
          'quote the whole cell and double the quotes inside it ("a ""b"" c")');
      }
    }
    this.pos = i;
    return text.slice(start, i);
  }

  /** A quoted cell: `""` is one quote; delimiters and line breaks inside are text; the closing quote must end the cell. */
  private quoted(): string {
    const { text, end } = this;
    const startLine = this.nextLine;
    const from = this.pos + 1;
    let doubled = false;
    let q = from - 1;
    for (;;) {
      const at = q + 1;
      q = text.indexOf('"', at);
      if (q < 0 || q >= end) {
        throw rangeError(this.op, `line ${startLine}, column ${this.cells.length + 1}: the quoted cell opened here is never closed`);
      }
      this.countBreaks(at, q);
      if (text.charCodeAt(q + 1) !== QUOTE) break;
      doubled = true;
      q++; // "" is one quote inside the cell
    }
    this.pos = q + 1;
    if (this.pos < end) {
      const c = text.charCodeAt(this.pos);
      if (c !== this.delimiter && c !== LF && c !== CR) {
        throw rangeError(this.op, `line ${this.nextLine}, column ${this.cells.length + 1}: text after the closing quote ` +
          `(${showCell(this.cellFrom(this.pos))}); a quote inside a quoted cell is written twice ("")`);
      }
    }
    const raw = text.slice(from, q);
    return doubled ? raw.replace(/""/g, '"') : raw;
  }

  /** The text from `from` to the next delimiter or line break, for a message. */
  private cellFrom(from: number): string {
    let i = from;
    while (i < this.end && i < from + 41 && this.text.charCodeAt(i) !== this.delimiter && !this.atLineBreak(i)) i++;
    return this.text.slice(from, i);
  }

  /** Counts the line breaks in text[from, to) into `nextLine` (CRLF is one). */
  private countBreaks(from: number, to: number): void {
    const { text } = this;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) this.nextLine++;
    }
  }
}
