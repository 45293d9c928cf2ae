/** Checks shared by the ONNX encoder, decoder and tensor helpers: value kinds, element counts, tensor data sizes. */

import { typeError, rangeError } from '../../errors.js';
import { DATA_TYPE_BYTES, DataType, type OnnxTensor } from './onnx_types.js';

const PROTO_NAMES = { floatData: 'float_data', int32Data: 'int32_data', int64Data: 'int64_data', rawData: 'raw_data' } as const;
const TYPE_NAMES = new Map<number, string>(Object.entries(DataType).map(([k, v]) => [v, k]));

/** `FLOAT (1)`, or `17` for a type this table does not name. */
export function dataTypeName(t: number): string {
  const name = TYPE_NAMES.get(t);
  return name === undefined ? String(t) : `${name} (${t})`;
}

/** Throws a TypeError unless `v` is a string. */
export function checkString(op: string, where: string, v: unknown): string {
  if (typeof v !== 'string') throw typeError(op, `${where} must be a string, got ${v === null ? 'null' : typeof v}`);
  return v;
}

/** Throws unless `v` is a safe integer ≥ min (TypeError for a non-number). */
export function checkSafeInt(op: string, where: string, v: unknown, min = 0): number {
  if (typeof v !== 'number') throw typeError(op, `${where} must be a number, got ${v === null ? 'null' : typeof v}`);
  if (!Number.isSafeInteger(v) || v < min) throw rangeError(op, `${where} must be an integer in ${min}..2^53 − 1, got ${v}`);
  return v;
}

/** Throws a TypeError unless `v` is an array. */
export function checkArray<T>(op: string, where: string, v: unknown): readonly T[] {
  if (!Array.isArray(v)) throw typeError(op, `${where} must be an array, got ${v === null ? 'null' : typeof v}`);
  return v as T[];
}

/** The number of elements of a tensor with these dims; a RangeError if a dim is negative or the product passes 2^53 − 1. */
export function elementCount(op: string, where: string, dims: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < dims.length; i++) {
    const d = checkSafeInt(op, `${where}: dims[${i}]`, dims[i]);
    n *= d;
    if (n > Number.MAX_SAFE_INTEGER) throw rangeError(op, `${where}: dims [${dims.join(', ')}] hold more than 2^53 − 1 elements`);
  }
  return n;
}

/** How many entries of a typed data field a tensor of `count` elements needs, or -1 when that field cannot hold this type. */
function typedLength(field: 'floatData' | 'int32Data' | 'int64Data', dataType: number, count: number): number {
  if (field === 'floatData') return dataType === DataType.FLOAT ? count : dataType === DataType.COMPLEX64 ? 2 * count : -1;
  if (field === 'int64Data') return dataType === DataType.INT64 ? count : -1;
  const int32Types: number[] = [DataType.INT32, DataType.INT16, DataType.INT8, DataType.UINT16, DataType.UINT8, DataType.BOOL,
    DataType.FLOAT16, DataType.BFLOAT16];
  return int32Types.includes(dataType) ? count : -1;
}

/**
 * Checks that a tensor keeps its data in at most one field and that the field's length fits dims and data_type
 * (raw_data: count × element size, for the fixed-size types). Types this subset does not know are not size-checked.
 */
export function checkTensorData(op: string, where: string, t: OnnxTensor): void {
  if (!Number.isInteger(t.dataType) || t.dataType < 1) throw rangeError(op, `${where}: data_type ${t.dataType} is not a tensor element type`);
  const count = elementCount(op, where, t.dims);
  const fields = (['floatData', 'int32Data', 'int64Data', 'rawData'] as const).filter((f) => t[f] !== undefined);
  if (fields.length > 1) throw rangeError(op, `${where}: data in both ${fields.map((f) => PROTO_NAMES[f]).join(' and ')}; a tensor keeps it in one field`);
  const field = fields[0];
  if (field === undefined) return;
  const got = t[field]!.length;
  if (field === 'rawData') {
    const size = DATA_TYPE_BYTES[t.dataType];
    if (size !== undefined && got !== count * size) {
      throw rangeError(op, `${where}: raw_data has ${got} bytes, dims [${t.dims.join(', ')}] of ${dataTypeName(t.dataType)} need ${count * size}`);
    }
    return;
  }
  const need = typedLength(field, t.dataType, count);
  const known = TYPE_NAMES.has(t.dataType);
  if (need < 0 && known) throw rangeError(op, `${where}: ${PROTO_NAMES[field]} cannot hold data_type ${dataTypeName(t.dataType)}`);
  if (need >= 0 && got !== need) {
    throw rangeError(op, `${where}: ${PROTO_NAMES[field]} has ${got} values, dims [${t.dims.join(', ')}] of ${dataTypeName(t.dataType)} need ${need}`);
  }
}
