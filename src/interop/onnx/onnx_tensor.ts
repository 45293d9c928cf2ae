/** Tensor and value-info helpers: float32 / int64 data out of a TensorProto (raw_data or typed fields), and builders for both. */

import { typeError, rangeError } from '../../errors.js';
import { checkArray, checkString, checkTensorData, dataTypeName, elementCount } from './onnx_check.js';
import { DataLocation, DataType, type OnnxDim, type OnnxTensor, type OnnxValueInfo } from './onnx_types.js';
import type { Int64 } from './wire.js';

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function describe(t: OnnxTensor): string {
  return t.name ? `tensor "${t.name}"` : 'tensor';
}

/** Checks kind, data type, location and sizes; returns the element count. */
function checkReadable(op: string, t: OnnxTensor, dataType: number): number {
  if (typeof t !== 'object' || t === null) throw typeError(op, `expected a tensor object, got ${t === null ? 'null' : typeof t}`);
  const where = describe(t);
  if (t.dataType !== dataType) throw rangeError(op, `${where} has data_type ${dataTypeName(t.dataType)}, expected ${dataTypeName(dataType)}`);
  if (t.dataLocation === DataLocation.EXTERNAL) throw rangeError(op, `${where} keeps its data in an external file, which simdnet does not read`);
  checkTensorData(op, where, t);
  const count = elementCount(op, where, t.dims);
  const present = t.rawData ?? t.floatData ?? t.int32Data ?? t.int64Data;
  if (present === undefined && count > 0) throw rangeError(op, `${where} has dims [${t.dims.join(', ')}] but no data`);
  return count;
}

/**
 * A FLOAT tensor's values as a new Float32Array in row-major order, from raw_data (little-endian, as PyTorch writes it)
 * or float_data. A RangeError names the tensor when it is not FLOAT, is external, or its data does not fit its dims.
 *
 * ```ts
 * const W = tensorToFloat32(model.graph.initializer[0]);   // e.g. dims [7, 3]: 21 values, row-major
 * ```
 */
export function tensorToFloat32(t: OnnxTensor, op = 'tensorToFloat32'): Float32Array {
  const count = checkReadable(op, t, DataType.FLOAT);
  if (t.floatData) return t.floatData.slice();
  const out = new Float32Array(count);
  if (!t.rawData) return out;
  if (HOST_LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(t.rawData);
  } else {
    const dv = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    for (let i = 0; i < count; i++) out[i] = dv.getFloat32(4 * i, true);
  }
  return out;
}

/**
 * An INT64 tensor's values as a new BigInt64Array (shape tensors of Reshape, Slice bounds), from raw_data or int64_data.
 *
 * ```ts
 * const shape = Array.from(tensorToInt64(reshapeShape), Number);   // [-1, 48]
 * ```
 */
export function tensorToInt64(t: OnnxTensor, op = 'tensorToInt64'): BigInt64Array {
  const count = checkReadable(op, t, DataType.INT64);
  if (t.int64Data) return t.int64Data.slice();
  const out = new BigInt64Array(count);
  if (!t.rawData) return out;
  const dv = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
  for (let i = 0; i < count; i++) out[i] = dv.getBigInt64(8 * i, true);
  return out;
}

/**
 * A FLOAT tensor holding a copy of `data` with these dims; in raw_data (little-endian, PyTorch's choice and the
 * compact one) unless `{ raw: false }` asks for float_data.
 *
 * ```ts
 * floatTensor('fc1.weight', [16, 2], W);   // ONNX Gemm with transB=0 wants B as [in, out]
 * ```
 */
export function floatTensor(name: string, dims: readonly number[], data: Float32Array | readonly number[], opts: { raw?: boolean } = {}): OnnxTensor {
  const op = 'floatTensor';
  checkString(op, 'name', name);
  const count = elementCount(op, `tensor "${name}"`, checkArray<number>(op, 'dims', dims));
  if (!(data instanceof Float32Array) && !Array.isArray(data)) throw typeError(op, `data must be a Float32Array or number[]`);
  if (data.length !== count) throw rangeError(op, `tensor "${name}": ${data.length} values for dims [${dims.join(', ')}] (${count})`);
  const values = Float32Array.from(data);
  const t: OnnxTensor = { name, dims: [...dims], dataType: DataType.FLOAT };
  if (opts.raw === false) t.floatData = values;
  else t.rawData = HOST_LITTLE_ENDIAN ? new Uint8Array(values.buffer) : littleEndianFloats(values);
  return t;
}

function littleEndianFloats(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => dv.setFloat32(4 * i, v, true));
  return out;
}

/**
 * An INT64 tensor (in int64_data) holding `values` with these dims; numbers must be safe integers, bigints int64.
 *
 * ```ts
 * int64Tensor('shape', [2], [-1, 48]);   // Reshape's target shape
 * ```
 */
export function int64Tensor(name: string, dims: readonly number[], values: ArrayLike<Int64>): OnnxTensor {
  const op = 'int64Tensor';
  checkString(op, 'name', name);
  const count = elementCount(op, `tensor "${name}"`, checkArray<number>(op, 'dims', dims));
  if (values.length !== count) throw rangeError(op, `tensor "${name}": ${values.length} values for dims [${dims.join(', ')}] (${count})`);
  const data = new BigInt64Array(count);
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (typeof v === 'number' && !Number.isSafeInteger(v)) throw rangeError(op, `tensor "${name}": value ${i} (${v}) is not a safe integer`);
    if (typeof v !== 'number' && typeof v !== 'bigint') throw typeError(op, `tensor "${name}": value ${i} is a ${typeof v}`);
    data[i] = BigInt.asIntN(64, BigInt(v));
    if (data[i] !== BigInt(v)) throw rangeError(op, `tensor "${name}": value ${i} (${v}) is outside int64`);
  }
  return { name, dims: [...dims], dataType: DataType.INT64, int64Data: data };
}

/**
 * A ValueInfoProto for a tensor: each dim a size, a symbol (a string such as 'batch') or null (unknown);
 * `shape` null leaves the rank unknown.
 *
 * ```ts
 * tensorValueInfo('x', DataType.FLOAT, ['batch', 784]);
 * ```
 */
export function tensorValueInfo(name: string, elemType: number, shape: readonly (number | string | null)[] | null): OnnxValueInfo {
  const op = 'tensorValueInfo';
  checkString(op, 'name', name);
  if (shape === null) return { name, type: { tensorType: { elemType } } };
  const dim = checkArray<number | string | null>(op, 'shape', shape).map((d, i): OnnxDim => {
    if (d === null) return {};
    if (typeof d === 'string') return { dimParam: d };
    if (typeof d !== 'number') throw typeError(op, `shape[${i}] must be a number, a string or null`);
    elementCount(op, `value "${name}"`, [d]);
    return { dimValue: d };
  });
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/**
 * The shape of a tensor value: sizes, symbols ('batch') and null for unknown dims; null when the type or rank is unknown.
 *
 * ```ts
 * valueInfoShape(model.graph.input[0]);   // ['batch', 3] for PyTorch's export with dynamic_axes {0: 'batch'}
 * ```
 */
export function valueInfoShape(v: OnnxValueInfo): (number | string | null)[] | null {
  const shape = v.type?.tensorType?.shape;
  if (shape === undefined) return null;
  return shape.dim.map((d) => d.dimValue ?? d.dimParam ?? null);
}
