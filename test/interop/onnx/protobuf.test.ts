// The wire-format codec: byte layouts from the protobuf encoding spec, round trips at awkward values, and refusal of malformed input.
import { describe, expect, it } from 'vitest';
import { type Int64, MAX_DEPTH, ProtoReader, ProtoWriter } from '../../../src/interop/onnx/protobuf.js';

const OP = 'test';

/** Reads the only field of a one-field message with `read`. */
function readOne<T>(bytes: Uint8Array, read: (r: ProtoReader) => T): T {
  const r = new ProtoReader(bytes, OP, 'M');
  expect(r.next()).toBe(true);
  const v = read(r);
  expect(r.next()).toBe(false);
  return v;
}

const bytesOf = (...b: number[]) => Uint8Array.from(b);
const f32Bits = (v: number) => new Uint32Array(Float32Array.of(v).buffer)[0];
const bitsF32 = (u: number) => new Float32Array(Uint32Array.of(u).buffer)[0];

describe('varints', () => {
  // Expected bytes from the protobuf encoding documentation: 7 bits a byte, low group first, MSB = continuation;
  // int64 negatives as their 64-bit two's complement (10 bytes).
  const cases: [Int64, number[]][] = [
    [0, [0x00]], [1, [0x01]], [127, [0x7f]], [128, [0x80, 0x01]], [150, [0x96, 0x01]], [300, [0xac, 0x02]],
    [2 ** 31 - 1, [0xff, 0xff, 0xff, 0xff, 0x07]], [2 ** 31, [0x80, 0x80, 0x80, 0x80, 0x08]],
    [2 ** 32, [0x80, 0x80, 0x80, 0x80, 0x10]],
    [2 ** 53 - 1, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]],
    [-1, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    [-2, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    [-(2 ** 31), [0x80, 0x80, 0x80, 0x80, 0xf8, 0xff, 0xff, 0xff, 0xff, 0x01]],
    [-(2 ** 53 - 1), [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0xf0, 0xff, 0x01]],
    [2n ** 63n - 1n, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]],
    [-(2n ** 63n), [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]],
    [2n ** 53n, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]],
  ];

  it.each(cases)('int64 %s has the documented bytes and reads back exactly', (v, body) => {
    const bytes = new ProtoWriter(OP).int64(1, v).finish();
    expect([...bytes]).toEqual([0x08, ...body]); // tag: field 1 << 3 | wire 0
    expect(readOne(bytes, (r) => r.int64('v'))).toBe(v);
  });

  it('gives numbers for safe integers and bigints beyond them', () => {
    expect(typeof readOne(new ProtoWriter(OP).int64(1, 2n ** 53n - 1n).finish(), (r) => r.int64('v'))).toBe('number');
    expect(readOne(new ProtoWriter(OP).int64(1, -(2n ** 53n)).finish(), (r) => r.int64('v'))).toBe(-(2n ** 53n));
  });

  it('reads int32 as the signed low 32 bits (protobuf sign-extends negative int32 to 10 bytes)', () => {
    expect(readOne(new ProtoWriter(OP).int64(2, -5).finish(), (r) => r.int32('v'))).toBe(-5);
    expect(readOne(new ProtoWriter(OP).int64(2, 2 ** 31 - 1).finish(), (r) => r.int32('v'))).toBe(2 ** 31 - 1);
  });

  it('writes large field numbers in the tag and refuses 0 and 2^29', () => {
    expect([...new ProtoWriter(OP).int64(16, 1).finish()]).toEqual([0x80, 0x01, 0x01]);
    const maxField = new ProtoWriter(OP).int64(2 ** 29 - 1, 3).finish();
    const r = new ProtoReader(maxField, OP, 'M');
    r.next();
    expect(r.field).toBe(2 ** 29 - 1);
    expect(() => new ProtoWriter(OP).int64(0, 1)).toThrow(RangeError);
    expect(() => new ProtoWriter(OP).int64(2 ** 29, 1)).toThrow(RangeError);
  });

  it('refuses unsafe numbers and out-of-range bigints when writing, naming the op', () => {
    expect(() => new ProtoWriter(OP).int64(1, 2 ** 53)).toThrow(/^test: field 1: 9007199254740992 is not a safe integer/);
    expect(() => new ProtoWriter(OP).int64(1, 1.5)).toThrow(RangeError);
    expect(() => new ProtoWriter(OP).int64(1, 2n ** 63n)).toThrow(RangeError);
    expect(() => new ProtoWriter(OP).int64(1, '3' as unknown as number)).toThrow(TypeError);
  });
});

describe('floats, bytes, strings, messages', () => {
  it('keeps float bits exactly: ±0, NaN, ±Infinity, subnormals, the largest float', () => {
    const values = [0, -0, NaN, Infinity, -Infinity, 1.5, bitsF32(1), bitsF32(0x7f7fffff), -bitsF32(0x00800000)];
    for (const v of values) {
      const bytes = new ProtoWriter(OP).float(3, v).finish();
      expect(bytes[0]).toBe(0x1d); // field 3, wire 5
      expect(new DataView(bytes.buffer).getUint32(1, true)).toBe(f32Bits(v));
      expect(Object.is(readOne(bytes, (r) => r.float('f')), Math.fround(v))).toBe(true);
    }
  });

  it('copies packed floats bit for bit, NaN payloads and −0 included', () => {
    const bits = Uint32Array.of(0x7fc00000, 0x7fc12345, 0xffc00001, 0x7f800001, 0x80000000, 0x00000001, 0x3f800000);
    const data = new Float32Array(bits.buffer);
    const bytes = new ProtoWriter(OP).packedFloats(4, data).finish();
    expect([...bytes.subarray(0, 2)]).toEqual([0x22, 28]); // field 4, wire 2, 28 bytes
    const back = readOne(bytes, (r) => r.floats('float_data'));
    expect([...new Uint32Array(back.buffer)]).toEqual([...bits]);
  });

  it('reads a float field written unpacked (one element per tag) as well as packed', () => {
    const w = new ProtoWriter(OP).float(4, 1.25).float(4, -2);
    const r = new ProtoReader(w.finish(), OP, 'M');
    const got: number[] = [];
    while (r.next()) got.push(...r.floats('float_data'));
    expect(got).toEqual([1.25, -2]);
  });

  it('round-trips packed int64s, negatives and INT64_MAX included, and unpacked ones', () => {
    const values: Int64[] = [0, 1, -1, 127, 128, 2 ** 31, 2 ** 53 - 1, 2n ** 63n - 1n, -(2n ** 63n)];
    expect(readOne(new ProtoWriter(OP).packedInt64s(7, values).finish(), (r) => r.int64s('int64_data'))).toEqual(values);
    const r = new ProtoReader(new ProtoWriter(OP).int64(7, -1).int64(7, 5).finish(), OP, 'M');
    const got: Int64[] = [];
    while (r.next()) got.push(...r.int64s('int64_data'));
    expect(got).toEqual([-1, 5]);
  });

  it('round-trips strings as UTF-8, keeping a leading byte-order mark', () => {
    for (const s of ['', 'batch', 'é→∑', '🦀x', '\uFEFFname']) {
      const bytes = new ProtoWriter(OP).string(2, s).finish();
      expect(bytes[1]).toBe(new TextEncoder().encode(s).length);
      expect(readOne(bytes, (r) => r.string('s'))).toBe(s);
    }
  });

  it('nests messages whose body needs 1, 2 and 3 length bytes (the body is moved up once)', () => {
    for (const n of [0, 1, 125, 126, 127, 128, 16381, 16384, 70000]) {
      const payload = Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);
      const bytes = new ProtoWriter(OP).int64(1, 9).message(7, (w) => w.message(5, (t) => t.bytes(9, payload)).int64(2, 3)).int64(8, -1).finish();
      const r = new ProtoReader(bytes, OP, 'M');
      const seen: string[] = [];
      while (r.next()) {
        if (r.field === 7) {
          const g = r.message('graph');
          g.next();
          const t = g.message('t');
          t.next();
          expect(Buffer.compare(t.bytes('raw'), payload)).toBe(0);
          expect(t.next()).toBe(false);
          g.next();
          seen.push(`g${g.int64('x')}`);
          expect(g.next()).toBe(false);
        } else seen.push(String(r.int64('v')));
      }
      expect(seen).toEqual(['9', 'g3', '-1']);
    }
  });

  it('skips unknown fields of every wire type and reads the known field after them', () => {
    const w = new ProtoWriter(OP).int64(100, -1).fixed32(101, 0xdeadbeef).bytes(102, bytesOf(1, 2, 3)).message(103, (m) => m.int64(1, 1));
    const fixed64 = bytesOf(0x49, ...new Array(8).fill(0xaa)); // field 9, wire 1 (fixed64)
    const tail = new ProtoWriter(OP).string(1, 'kept').finish();
    const bytes = Uint8Array.from([...w.finish(), ...fixed64, ...tail]);
    const r = new ProtoReader(bytes, OP, 'M');
    let kept = '';
    while (r.next()) if (r.field === 1) kept = r.string('name'); else r.skip();
    expect(kept).toBe('kept');
  });
});

describe('malformed input gives a RangeError naming the field and offset', () => {
  const read = (bytes: Uint8Array, each: (r: ProtoReader) => void) => () => {
    const r = new ProtoReader(bytes, OP, 'Model');
    while (r.next()) each(r);
  };
  const skipAll = (r: ProtoReader) => r.skip();

  it('truncated varints, in a value and in a tag (the offset is where the varint starts)', () => {
    expect(read(bytesOf(0x08, 0x80), (r) => r.int64('ir_version'))).toThrow(/^test: Model\.ir_version at byte 1: truncated varint$/);
    expect(read(bytesOf(0x08), (r) => r.int64('ir_version'))).toThrow(RangeError);
    expect(read(bytesOf(0x80), skipAll)).toThrow(/Model\.tag at byte 0: truncated varint/);
  });

  it('varints longer than 64 bits', () => {
    expect(read(bytesOf(0x08, ...new Array(9).fill(0xff), 0x02), (r) => r.int64('v'))).toThrow(/longer than 64 bits/);
    expect(read(bytesOf(0x08, ...new Array(10).fill(0x80), 0x00), (r) => r.int64('v'))).toThrow(/longer than 64 bits/);
  });

  it('a length past the end of the message, small or forged huge', () => {
    expect(read(bytesOf(0x3a, 0x05, 1, 2), (r) => r.message('graph'))).toThrow(/^test: Model\.graph at byte 0: length 5 at byte 1 runs past the end \(2 bytes left\)$/);
    const huge = bytesOf(0x4a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0);
    expect(read(huge, (r) => r.bytes('raw_data'))).toThrow(/length 4294967295 .* runs past the end \(1 bytes left\)/);
    expect(read(bytesOf(0x4a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), skipAll)).toThrow(/length 34359738368/);
  });

  it('a child message cannot read its parent’s bytes', () => {
    // graph (field 7) of length 2 holds a bytes field claiming 3 bytes; the parent has 5 more bytes after it.
    const bytes = bytesOf(0x3a, 0x02, 0x12, 0x03, 0x41, 0x42, 0x43, 0x44, 0x45);
    expect(read(bytes, (r) => { const g = r.message('graph'); while (g.next()) g.string('name'); })).toThrow(/Model\.graph\.name at byte 2: length 3 at byte 3 runs past the end \(0 bytes left\)/);
  });

  it('the wrong wire type for a known field', () => {
    expect(read(bytesOf(0x0a, 0x01, 0x07), (r) => r.int64('ir_version'))).toThrow(/^test: Model\.ir_version at byte 0: wire type 2, expected 0$/);
    expect(read(bytesOf(0x08, 0x01), (r) => r.string('name'))).toThrow(/wire type 0, expected 2/);
    expect(read(bytesOf(0x15, 0, 0, 0, 0), (r) => r.message('graph'))).toThrow(/wire type 5, expected 2/);
  });

  it('groups (wire types 3 and 4), wire types 6 and 7, and field number 0', () => {
    expect(read(bytesOf(0x0b, 0x0c), skipAll)).toThrow(/field 1 at byte 0: wire type 3 \(group\) is not supported/);
    expect(read(bytesOf(0x0c), skipAll)).toThrow(/wire type 4 \(group\)/);
    expect(read(bytesOf(0x0e), skipAll)).toThrow(/wire type 6 does not exist/);
    expect(read(bytesOf(0x0f), skipAll)).toThrow(/wire type 7 does not exist/);
    expect(read(bytesOf(0x00, 0x00), skipAll)).toThrow(/field number 0 is invalid/);
    expect(read(bytesOf(0x80, 0x80, 0x80, 0x80, 0x10), skipAll)).toThrow(/field number above 2\^29 − 1/);
  });

  it('fixed-width values past the end, when read and when skipped', () => {
    expect(read(bytesOf(0x15, 0, 0, 0), (r) => r.float('f'))).toThrow(/4-byte float runs past the end \(3 bytes left\)/);
    expect(read(bytesOf(0x09, 0, 0, 0, 0, 0, 0, 0), skipAll)).toThrow(/8-byte value runs past the end \(7 bytes left\)/);
  });

  it('packed runs: floats not a multiple of 4 bytes, a varint spilling out of its run', () => {
    expect(read(bytesOf(0x22, 0x03, 0, 0, 0), (r) => r.floats('float_data'))).toThrow(/packed floats take 3 bytes/);
    // int64_data run of 1 byte holding the first byte of a 2-byte varint; the byte after it must not be read.
    expect(read(bytesOf(0x3a, 0x01, 0x80, 0x01), (r) => r.int64s('int64_data'))).toThrow(/int64_data at byte 2: truncated varint/);
  });

  it('invalid UTF-8 in a string', () => {
    expect(read(bytesOf(0x12, 0x02, 0xc3, 0x28), (r) => r.string('name'))).toThrow(/Model\.name at byte 0: is not valid UTF-8/);
  });

  it(`nesting deeper than ${MAX_DEPTH} levels`, () => {
    let bytes = new ProtoWriter(OP).int64(1, 1).finish();
    for (let i = 0; i < MAX_DEPTH + 1; i++) bytes = new ProtoWriter(OP).bytes(1, bytes).finish();
    const descend = (r: ProtoReader): void => { while (r.next()) if (r.wire === 2) descend(r.message('m')); else r.skip(); };
    expect(() => descend(new ProtoReader(bytes, OP, 'M'))).toThrow(/messages nest deeper than 32 levels/);
    let ok = new ProtoWriter(OP).int64(1, 1).finish();
    for (let i = 0; i < MAX_DEPTH; i++) ok = new ProtoWriter(OP).bytes(1, ok).finish();
    expect(() => descend(new ProtoReader(ok, OP, 'M'))).not.toThrow();
  });
});
