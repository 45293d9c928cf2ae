/** The ONNX message subset as plain objects (names from onnx.proto's JSON mapping), its enums and its field numbers. */

import type { Int64 } from './wire.js';

/** TensorProto.DataType: the element types of tensors and of TypeProto.Tensor.elem_type. */
export const DataType = {
  UNDEFINED: 0, FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9,
  FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, COMPLEX64: 14, COMPLEX128: 15, BFLOAT16: 16,
} as const;

/** Bytes per element in raw_data, for the fixed-size types (STRING and the sub-byte types have none). */
export const DATA_TYPE_BYTES: Readonly<Record<number, number>> = {
  1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 14: 8, 15: 16, 16: 2,
};

/** AttributeProto.AttributeType: which value field of an attribute is in use. */
export const AttributeType = {
  UNDEFINED: 0, FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8,
  TENSORS: 9, GRAPHS: 10, SPARSE_TENSOR: 11, SPARSE_TENSORS: 12,
} as const;

/** TensorProto.DataLocation: EXTERNAL means the data lives in another file (simdnet decodes the flag, never the file). */
export const DataLocation = { DEFAULT: 0, EXTERNAL: 1 } as const;

/** ModelProto: the file. */
export interface OnnxModel {
  irVersion: number;
  opsetImport: OnnxOpset[];
  producerName?: string;
  producerVersion?: string;
  graph: OnnxGraph;
}

/** OperatorSetIdProto: domain '' is the default ONNX operator set. */
export interface OnnxOpset {
  domain: string;
  version: number;
}

/** GraphProto: nodes in topological order, constant tensors (initializers), and the typed inputs and outputs. */
export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
}

/** NodeProto: one operator application. An empty input name marks an omitted optional input. */
export interface OnnxNode {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  domain: string;
  attribute: OnnxAttribute[];
}

/**
 * AttributeProto. `type` says which value field is used: f (FLOAT), i (INT), s (STRING, UTF-8), t (TENSOR), floats,
 * ints, strings. Decoding fills the field of `type` with protobuf's default (0, '', []) when it is absent; GRAPH and
 * SPARSE_TENSOR values are not decoded (the attribute keeps its name and type only).
 */
export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: Int64;
  s?: string;
  t?: OnnxTensor;
  floats?: number[];
  ints?: Int64[];
  strings?: string[];
}

/**
 * TensorProto: dims (row-major), data_type, and the data in at most one of float_data, int32_data, int64_data or
 * raw_data (fixed-width little-endian; what PyTorch writes).
 */
export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  floatData?: Float32Array;
  int32Data?: Int32Array;
  int64Data?: BigInt64Array;
  rawData?: Uint8Array;
  /** DataLocation; decoded so that readers can refuse external data by name. Only DEFAULT can be written. */
  dataLocation?: number;
}

/** ValueInfoProto: a named, typed value (graph input, output or intermediate). */
export interface OnnxValueInfo {
  name: string;
  type?: OnnxType;
}

/** TypeProto: only tensor types are decoded; a sequence or map type decodes as `{}`. */
export interface OnnxType {
  tensorType?: OnnxTensorType;
}

/** TypeProto.Tensor: element type and, optionally, the shape (absent shape = unknown rank). */
export interface OnnxTensorType {
  elemType: number;
  shape?: { dim: OnnxDim[] };
}

/** TensorShapeProto.Dimension: a size, a symbol such as "batch", or neither (unknown). */
export interface OnnxDim {
  dimValue?: number;
  dimParam?: string;
}

/** Field numbers, from onnx/onnx.proto (they never change once published). */
export const F = {
  model: { irVersion: 1, producerName: 2, producerVersion: 3, graph: 7, opsetImport: 8 },
  opset: { domain: 1, version: 2 },
  graph: { node: 1, name: 2, initializer: 5, input: 11, output: 12, valueInfo: 13 },
  node: { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 },
  attribute: { name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, strings: 9, type: 20 },
  tensor: { dims: 1, dataType: 2, floatData: 4, int32Data: 5, int64Data: 7, name: 8, rawData: 9, dataLocation: 14 },
  valueInfo: { name: 1, type: 2 },
  type: { tensorType: 1 },
  tensorType: { elemType: 1, shape: 2 },
  shape: { dim: 1 },
  dim: { dimValue: 1, dimParam: 2 },
} as const;
