/** Protocol Buffers wire-format constants and the int64 representation shared by ProtoReader and ProtoWriter. */

/** Wire type of int32, int64, uint32, bool and enum fields: a varint. */
export const WIRE_VARINT = 0;
/** Wire type of fixed64 / double fields: 8 bytes little-endian. */
export const WIRE_FIXED64 = 1;
/** Wire type of strings, bytes, nested messages and packed repeated scalars: a varint length, then that many bytes. */
export const WIRE_BYTES = 2;
/** Wire types 3 and 4 open and close a group (deprecated in proto2, absent from ONNX); the reader refuses them. */
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
/** Wire type of fixed32 / float fields: 4 bytes little-endian. */
export const WIRE_FIXED32 = 5;

/** The largest field number protobuf allows (2^29 − 1). */
export const MAX_FIELD = 536870911;
/** How deep the reader lets messages nest. ONNX's subset nests 7 levels (model → graph → value_info → type → tensor_type → shape → dim). */
export const MAX_DEPTH = 32;

export const TWO32 = 4294967296;

/**
 * An int64 value: a number when it is a safe integer (|v| ≤ 2^53 − 1), a bigint otherwise. Exporters write values
 * such as INT64_MAX (Slice's "to the end"), which a number cannot hold exactly.
 */
export type Int64 = number | bigint;

/** The int64 whose two's-complement bits are hi·2^32 + lo (both uint32), as a number when safe, else a bigint. */
export function int64FromBits(lo: number, hi: number): Int64 {
  if (hi < 0x200000) return hi * TWO32 + lo;
  if (hi >= 0xffe00000) {
    const v = (hi - TWO32) * TWO32 + lo;
    if (Number.isSafeInteger(v)) return v;
  }
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}
