/** simdnet/onnx: toOnnx and fromOnnx, and the foundation under them (the wire-format codec, the ONNX message subset, tensor helpers). */

export { toOnnx, toOnnxModel, ONNX_INPUT, ONNX_OUTPUT, ONNX_BATCH, type ToOnnxOptions } from './to_onnx.js';
export { fromOnnx, parseOnnx, ONNX_OPSETS } from './from_onnx.js';
export type { ImportedModel, ImportedLayer } from '../imported.js';

export { ProtoReader, ProtoWriter, type Int64, MAX_DEPTH } from './protobuf.js';
export { decodeModel } from './onnx_decode.js';
export { encodeModel } from './onnx_encode.js';
export { floatTensor, int64Tensor, tensorToFloat32, tensorToInt64, tensorValueInfo, valueInfoShape } from './onnx_tensor.js';
export { floatAttr, floatsAttr, getAttribute, intAttr, intsAttr, stringAttr, stringsAttr, tensorAttr } from './onnx_attr.js';
export { dataTypeName } from './onnx_check.js';
export {
  AttributeType, DATA_TYPE_BYTES, DataLocation, DataType,
  type OnnxAttribute, type OnnxDim, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxOpset, type OnnxTensor,
  type OnnxTensorType, type OnnxType, type OnnxValueInfo,
} from './onnx_types.js';
