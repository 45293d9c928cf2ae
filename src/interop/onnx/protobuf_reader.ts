/** ProtoReader: bounds-checked Protocol Buffers wire-format decoding; every error is a RangeError naming the field path and byte offset. */

import { rangeError } from '../../errors.js';
import {
  type Int64, MAX_DEPTH, TWO32, WIRE_BYTES, WIRE_END_GROUP, WIRE_FIXED32, WIRE_FIXED64, WIRE_START_GROUP, WIRE_VARINT, int64FromBits,
} from './wire.js';

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads one message: `next()` gives each field's number (and sets `wire`), then a typed read takes its value,
 * or `skip()` passes over it. Every read is checked against the end of this message, so no length, however
 * forged, reads outside it or allocates more than the bytes it covers; nested messages are child readers over
 * the same bytes, at most MAX_DEPTH deep. Offsets in messages are counted from the start of the whole input.
 *
 * ```ts
 * const r = new ProtoReader(bytes, 'decodeModel', 'ModelProto');
 * while (r.next()) if (r.field === 1) irVersion = r.int64('ir_version'); else r.skip();
 * ```
 */
export class ProtoReader {
  /** Field number of the last tag read by `next()`. */
  field = 0;
  /** Wire type of the last tag read by `next()`. */
  wire = 0;
  private pos: number;
  private end: number;
  private tagAt = 0;
  private lo = 0;
  private hi = 0;

  constructor(
    private readonly buf: Uint8Array,
    readonly op: string,
    readonly path: string,
    start = 0,
    end = buf.length,
    private readonly depth = 0,
    private readonly view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength),
  ) {
    this.pos = start;
    this.end = end;
  }

  /** A RangeError `op: path.name at byte N: message`. */
  fail(name: string, message: string, at = this.tagAt): RangeError {
    return rangeError(this.op, `${this.path}.${name} at byte ${at}: ${message}`);
  }

  /** Reads the next tag; false at the end of the message. Refuses field number 0, groups and unknown wire types. */
  next(): boolean {
    if (this.pos >= this.end) return false;
    this.tagAt = this.pos;
    this.varint('tag');
    const tag = this.lo;
    if (this.hi !== 0 || tag >>> 3 === 0) throw this.fail('tag', `field number ${this.hi !== 0 ? 'above 2^29 − 1' : 0} is invalid`);
    this.field = tag >>> 3;
    this.wire = tag & 7;
    if (this.wire === WIRE_START_GROUP || this.wire === WIRE_END_GROUP) {
      throw this.fail(`field ${this.field}`, `wire type ${this.wire} (group) is not supported`);
    }
    if (this.wire > WIRE_FIXED32) throw this.fail(`field ${this.field}`, `wire type ${this.wire} does not exist`);
    return true;
  }

  /** Throws unless the current field has wire type `wire`. */
  expect(name: string, wire: number): void {
    if (this.wire !== wire) throw this.fail(name, `wire type ${this.wire}, expected ${wire}`);
  }

  /** Reads a varint of at most 10 bytes into lo/hi (uint32 halves of its 64 bits). */
  private varint(name: string): void {
    const b = this.buf;
    const at = this.pos;
    let pos = at, lo = 0, hi = 0;
    for (let i = 0; ; i++) {
      if (pos >= this.end) throw this.fail(name, 'truncated varint', at);
      const byte = b[pos++];
      if (i < 4) lo |= (byte & 0x7f) << (7 * i);
      else if (i === 4) { lo |= (byte & 0x0f) << 28; hi = (byte & 0x7f) >> 4; }
      else if (i < 9) hi |= (byte & 0x7f) << (7 * i - 32);
      else if (byte > 1) throw this.fail(name, 'varint longer than 64 bits', at);
      else hi |= byte << 31;
      if (byte < 0x80) break;
    }
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** An int64 value with no wire-type check (elements of packed runs). */
  private int64Value(name: string): Int64 {
    this.varint(name);
    return int64FromBits(this.lo, this.hi);
  }

  /** An int64 field: a number when safe, else a bigint. */
  int64(name: string): Int64 {
    this.expect(name, WIRE_VARINT);
    return this.int64Value(name);
  }

  /** An int64 field that must be a safe integer ≥ min (counts, dims, versions). */
  safeInt(name: string, min = 0): number {
    const at = this.pos;
    const v = this.int64(name);
    if (typeof v !== 'number' || v < min) throw this.fail(name, `${v} is not an integer in ${min}..2^53 − 1`, at);
    return v;
  }

  /** An int32 or enum field: the low 32 bits, signed (protobuf's rule for int32). */
  int32(name: string): number {
    this.expect(name, WIRE_VARINT);
    this.varint(name);
    return this.lo | 0;
  }

  /** A float field (wire type 5). */
  float(name: string): number {
    this.expect(name, WIRE_FIXED32);
    if (this.end - this.pos < 4) throw this.fail(name, `4-byte float runs past the end (${this.end - this.pos} bytes left)`);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Reads a length and checks it against the bytes left; returns the start of the span and moves past it. */
  private span(name: string): number {
    this.expect(name, WIRE_BYTES);
    const at = this.pos;
    this.varint(name);
    const left = this.end - this.pos;
    if (this.hi !== 0 || this.lo > left) {
      const length = this.hi * TWO32 + this.lo; // unsigned; exact up to 2^53, close enough beyond for a message
      throw this.fail(name, `length ${length} at byte ${at} runs past the end (${left} bytes left)`);
    }
    const start = this.pos;
    this.pos += this.lo;
    return start;
  }

  /** A bytes field, as a view into the input (copy it to keep it). */
  bytes(name: string): Uint8Array {
    const start = this.span(name);
    return this.buf.subarray(start, this.pos);
  }

  /** A string field; refuses bytes that are not UTF-8 (a byte-order mark is kept as a character). */
  string(name: string): string {
    const start = this.span(name);
    try {
      return UTF8.decode(this.buf.subarray(start, this.pos));
    } catch {
      throw this.fail(name, 'is not valid UTF-8');
    }
  }

  /** A nested message field, as a reader over its bytes (at most MAX_DEPTH levels deep). */
  message(name: string): ProtoReader {
    if (this.depth + 1 > MAX_DEPTH) throw this.fail(name, `messages nest deeper than ${MAX_DEPTH} levels`);
    const start = this.span(name);
    return new ProtoReader(this.buf, this.op, `${this.path}.${name}`, start, this.pos, this.depth + 1, this.view);
  }

  /** A repeated float field, packed (wire type 2) or one element (wire type 5), as a new Float32Array (bits kept). */
  floats(name: string): Float32Array {
    if (this.wire === WIRE_FIXED32) return Float32Array.of(this.float(name));
    const start = this.span(name);
    const n = this.pos - start;
    if (n % 4 !== 0) throw this.fail(name, `packed floats take ${n} bytes, not a multiple of 4`);
    if (HOST_LITTLE_ENDIAN) return new Float32Array(this.buf.slice(start, this.pos).buffer);
    const out = new Float32Array(n / 4);
    for (let i = 0; i < out.length; i++) out[i] = this.view.getFloat32(start + 4 * i, true);
    return out;
  }

  /** A repeated int64 field, packed (wire type 2) or one element (wire type 0); elements are numbers when safe, else bigints. */
  int64s(name: string): Int64[] {
    if (this.wire === WIRE_VARINT) return [this.int64Value(name)];
    const out: Int64[] = [];
    this.packed(name, () => out.push(this.int64Value(name)));
    return out;
  }

  /** A repeated int32 field, packed or one element, as a new Int32Array. */
  int32s(name: string): Int32Array {
    if (this.wire === WIRE_VARINT) return Int32Array.of(this.int32(name));
    const out: number[] = [];
    this.packed(name, () => { this.varint(name); out.push(this.lo | 0); });
    return Int32Array.from(out);
  }

  /** Calls `each` until the packed run ends; each read is bounded by the run, so a varint cannot spill out of it. */
  private packed(name: string, each: () => void): void {
    const start = this.span(name);
    const outerEnd = this.end, stop = this.pos;
    this.pos = start;
    this.end = stop;
    try {
      while (this.pos < stop) each();
    } finally {
      this.end = outerEnd;
    }
  }

  /** Passes over the current field, checking that it fits in the message. */
  skip(): void {
    const name = `field ${this.field}`;
    switch (this.wire) {
      case WIRE_VARINT: this.varint(name); return;
      case WIRE_BYTES: this.span(name); return;
      default: {
        const n = this.wire === WIRE_FIXED64 ? 8 : 4;
        if (this.end - this.pos < n) throw this.fail(name, `${n}-byte value runs past the end (${this.end - this.pos} bytes left)`);
        this.pos += n;
      }
    }
  }
}
