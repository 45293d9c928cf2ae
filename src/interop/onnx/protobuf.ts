/** simdnet's own Protocol Buffers wire-format codec (ProtoWriter, ProtoReader): just what ONNX files need. */

// Why our own codec rather than protobufjs:
// - Size. Measured on 2026-11-29 with esbuild 0.28 (`--bundle --minify --format=esm`, then `gzip -9 | wc -c`):
//   this codec (protobuf.ts with its reader, writer and wire.ts) is 2.5 KB gzipped (2489 bytes), and the whole ONNX
//   subset on top of it (src/interop/onnx/index.ts: messages, checks, tensor helpers) 7.7 KB (7703 bytes).
//   protobufjs 7.6.6's smallest runtime, `protobufjs/minimal` (reader and writer, no schema), is 11.3 KB bundled the
//   same way (it pulls in `long`; its prebuilt dist/minimal/protobuf.min.js is 7.2 KB) and would still need pbjs-generated
//   ONNX message code on top; `protobufjs/light`, which loads a JSON schema at run time, is 25.8 KB
//   (21.2 KB prebuilt). simdnet's whole core browser bundle is 49 KB.
// - Errors. We want every malformed input refused with a RangeError naming the field path and byte offset (a nesting
//   limit, groups refused, no allocation larger than the input); protobufjs's reader throws a RangeError
//   "index out of range: pos + n > len" without the field, and plain Errors for bad varints, wire types and depth.
// - ONNX needs little: varints (int64 up to 2^63, negatives as 10 bytes), fixed32 floats, length-delimited
//   bytes / strings / messages, packed floats and int64s. No maps, oneofs or proto3 JSON.
// Reproduce the figures: npx esbuild src/interop/onnx/protobuf.ts --bundle --minify --format=esm | gzip -9 | wc -c

export { ProtoReader } from './protobuf_reader.js';
export { ProtoWriter } from './protobuf_writer.js';
export {
  type Int64, MAX_DEPTH, MAX_FIELD, WIRE_BYTES, WIRE_END_GROUP, WIRE_FIXED32, WIRE_FIXED64, WIRE_START_GROUP, WIRE_VARINT,
  int64FromBits,
} from './wire.js';
