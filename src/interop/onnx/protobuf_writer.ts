/** ProtoWriter: Protocol Buffers wire-format encoding (varints up to 64 bits, fixed32 floats, length-delimited fields, packed arrays, nested messages). */

import { typeError, rangeError } from '../../errors.js';
import { type Int64, MAX_FIELD, TWO32, WIRE_BYTES, WIRE_FIXED32, WIRE_VARINT } from './wire.js';

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Bytes a varint takes for a value in [0, 2^53). */
function uintSize(v: number): number {
  let n = 1;
  while (v >= 128) { v = Math.floor(v / 128); n++; }
  return n;
}

/**
 * Appends fields to a growing buffer; `finish()` returns the bytes. Fields are written in call order; each
 * method checks its value and throws a RangeError (TypeError for the wrong kind) prefixed with `op`.
 *
 * ```ts
 * const w = new ProtoWriter('encodeModel');
 * w.int64(1, 7).string(2, 'simdnet').message(7, (g) => g.string(2, 'main'));
 * const bytes = w.finish();
 * ```
 */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private pos = 0;

  constructor(private readonly op: string) {}

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  private tag(field: number, wire: number): void {
    if (!Number.isInteger(field) || field < 1 || field > MAX_FIELD) {
      throw rangeError(this.op, `field number ${field} is not in 1..${MAX_FIELD}`);
    }
    this.rawUint(field * 8 + wire);
  }

  /** A varint of an integer in [0, 2^53): 7 bits a byte, least significant first, high bit = more follows. */
  private rawUint(v: number): void {
    this.ensure(8);
    this.putUint(v);
  }

  /** rawUint without growing the buffer (the caller made room). */
  private putUint(v: number): void {
    while (v >= 128) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }

  /** A varint of the 64-bit two's-complement value hi·2^32 + lo (both uint32); negatives take 10 bytes. */
  private rawVarint64(lo: number, hi: number): void {
    this.ensure(10);
    while (hi !== 0 || lo >= 128) {
      this.buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.buf[this.pos++] = lo;
  }

  /** An int64 value (a safe-integer number or a bigint in int64 range) without a tag. */
  private rawInt64(field: number, value: Int64): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw rangeError(this.op, `field ${field}: ${value} is not a safe integer`);
      if (value >= 0) { this.rawUint(value); return; }
      const hi = Math.floor(value / TWO32);
      this.rawVarint64(value - hi * TWO32, hi >>> 0);
      return;
    }
    if (typeof value !== 'bigint') throw typeError(this.op, `field ${field}: expected an integer, got ${typeof value}`);
    if (value < INT64_MIN || value > INT64_MAX) throw rangeError(this.op, `field ${field}: ${value} is outside int64`);
    const u = BigInt.asUintN(64, value);
    this.rawVarint64(Number(u & 0xffffffffn), Number(u >> 32n));
  }

  /** An int64 / int32 / enum / bool field (wire type 0). Negative values are sign-extended to 10 bytes, as protobuf does. */
  int64(field: number, value: Int64): this {
    this.tag(field, WIRE_VARINT);
    this.rawInt64(field, value);
    return this;
  }

  /** A float field (wire type 5, IEEE 754 binary32 little-endian). */
  float(field: number, value: number): this {
    if (typeof value !== 'number') throw typeError(this.op, `field ${field}: expected a number, got ${typeof value}`);
    this.tag(field, WIRE_FIXED32);
    this.ensure(4);
    this.view.setFloat32(this.pos, value, true);
    this.pos += 4;
    return this;
  }

  /** A fixed32 field (wire type 5, uint32 little-endian). */
  fixed32(field: number, value: number): this {
    if (!Number.isInteger(value) || value < 0 || value >= TWO32) throw rangeError(this.op, `field ${field}: ${value} is not a uint32`);
    this.tag(field, WIRE_FIXED32);
    this.ensure(4);
    this.view.setUint32(this.pos, value, true);
    this.pos += 4;
    return this;
  }

  /** A bytes field (wire type 2): the length as a varint, then the bytes. */
  bytes(field: number, data: Uint8Array): this {
    if (!(data instanceof Uint8Array)) throw typeError(this.op, `field ${field}: expected a Uint8Array`);
    this.tag(field, WIRE_BYTES);
    this.rawUint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
    return this;
  }

  /** A string field: UTF-8 bytes. */
  string(field: number, s: string): this {
    if (typeof s !== 'string') throw typeError(this.op, `field ${field}: expected a string, got ${typeof s}`);
    return this.bytes(field, new TextEncoder().encode(s));
  }

  /** A packed repeated float field: one length-delimited run of binary32 values; a Float32Array is copied bit for bit. */
  packedFloats(field: number, values: Float32Array | readonly number[]): this {
    this.tag(field, WIRE_BYTES);
    this.rawUint(values.length * 4);
    this.ensure(values.length * 4);
    if (values instanceof Float32Array && HOST_LITTLE_ENDIAN) {
      this.buf.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), this.pos);
    } else {
      for (let i = 0; i < values.length; i++) {
        if (typeof values[i] !== 'number') throw typeError(this.op, `field ${field}: element ${i} is not a number`);
        this.view.setFloat32(this.pos + 4 * i, values[i], true);
      }
    }
    this.pos += values.length * 4;
    return this;
  }

  /** A packed repeated int64 (or int32) field: one length-delimited run of varints. */
  packedInt64s(field: number, values: ArrayLike<Int64>): this {
    return this.message(field, () => {
      for (let i = 0; i < values.length; i++) this.rawInt64(field, values[i]);
    });
  }

  /**
   * A nested message (wire type 2) whose fields `write` appends to this writer. The length is reserved as
   * one byte and the body moved up once if it needs more, so nothing is encoded twice.
   */
  message(field: number, write: (w: this) => void): this {
    this.tag(field, WIRE_BYTES);
    this.ensure(1);
    const lenAt = this.pos++;
    write(this);
    const len = this.pos - lenAt - 1;
    const n = uintSize(len);
    if (n > 1) {
      this.ensure(n - 1);
      this.buf.copyWithin(lenAt + n, lenAt + 1, this.pos);
      this.pos += n - 1;
    }
    const end = this.pos;
    this.pos = lenAt;
    this.putUint(len);
    this.pos = end;
    return this;
  }

  /** The bytes written, as a new array. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
