/** encodeModel: plain ONNX objects → ModelProto bytes, each value checked (kind, range, tensor sizes) as it is written. */

import { typeError, rangeError } from '../../errors.js';
import { checkArray, checkSafeInt, checkString, checkTensorData } from './onnx_check.js';
import {
  AttributeType, DataLocation, F, type OnnxAttribute, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxTensor,
  type OnnxValueInfo,
} from './onnx_types.js';
import { ProtoWriter } from './protobuf_writer.js';
import type { Int64 } from './wire.js';

const OP = 'encodeModel';

function checkObject(where: string, v: unknown): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw typeError(OP, `${where} must be an object, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
  }
}

/** Names and domains are written only when non-empty: an empty string and an absent field mean the same in ONNX. */
function optString(w: ProtoWriter, field: number, where: string, v: string | undefined): void {
  if (v === undefined) return;
  if (checkString(OP, where, v) !== '') w.string(field, v);
}

function checkInt64(where: string, v: unknown): Int64 {
  if (typeof v === 'bigint') return v;
  return checkSafeInt(OP, where, v, Number.MIN_SAFE_INTEGER);
}

function writeTensor(w: ProtoWriter, t: OnnxTensor, where: string): void {
  checkObject(where, t);
  const dims = checkArray<number>(OP, `${where}.dims`, t.dims);
  checkSafeInt(OP, `${where}.dataType`, t.dataType, 1);
  if (t.dataLocation !== undefined && t.dataLocation !== DataLocation.DEFAULT) throw rangeError(OP, `${where}: only dataLocation DEFAULT (0) can be written, got ${t.dataLocation}`);
  const kinds = [['floatData', Float32Array], ['int32Data', Int32Array], ['int64Data', BigInt64Array], ['rawData', Uint8Array]] as const;
  for (const [k, kind] of kinds) {
    if (t[k] !== undefined && !(t[k] instanceof kind)) throw typeError(OP, `${where}.${k} must be a ${kind.name}`);
  }
  checkTensorData(OP, where, t);
  for (const d of dims) w.int64(F.tensor.dims, d);
  w.int64(F.tensor.dataType, t.dataType);
  if (t.floatData) w.packedFloats(F.tensor.floatData, t.floatData);
  if (t.int32Data) w.packedInt64s(F.tensor.int32Data, t.int32Data);
  if (t.int64Data) w.packedInt64s(F.tensor.int64Data, t.int64Data);
  optString(w, F.tensor.name, `${where}.name`, t.name);
  if (t.rawData) w.bytes(F.tensor.rawData, t.rawData);
  if (t.dataLocation === DataLocation.DEFAULT) w.int64(F.tensor.dataLocation, DataLocation.DEFAULT);
}

/** Writes the value field that `a.type` names, after checking that no other value field is set. */
function writeAttributeValue(w: ProtoWriter, a: OnnxAttribute, where: string): void {
  const fields = { [AttributeType.FLOAT]: 'f', [AttributeType.INT]: 'i', [AttributeType.STRING]: 's', [AttributeType.TENSOR]: 't',
    [AttributeType.FLOATS]: 'floats', [AttributeType.INTS]: 'ints', [AttributeType.STRINGS]: 'strings' } as const;
  const key = fields[a.type as keyof typeof fields];
  if (key === undefined) throw rangeError(OP, `${where}: attribute type ${a.type} is not supported (FLOAT, INT, STRING, TENSOR, FLOATS, INTS, STRINGS are)`);
  for (const k of Object.values(fields)) {
    if (k !== key && a[k] !== undefined) throw rangeError(OP, `${where}: type ${a.type} uses ${key}, but ${k} is set too`);
  }
  if (a[key] === undefined) throw rangeError(OP, `${where}: type ${a.type} needs ${key}`);
  switch (key) {
    case 'f': if (typeof a.f !== 'number') throw typeError(OP, `${where}.f must be a number`); w.float(F.attribute.f, a.f); break;
    case 'i': w.int64(F.attribute.i, checkInt64(`${where}.i`, a.i)); break;
    case 's': w.string(F.attribute.s, checkString(OP, `${where}.s`, a.s)); break;
    case 't': w.message(F.attribute.t, () => writeTensor(w, a.t!, `${where}.t`)); break;
    case 'floats':
      checkArray<number>(OP, `${where}.floats`, a.floats).forEach((v, j) => {
        if (typeof v !== 'number') throw typeError(OP, `${where}.floats[${j}] must be a number`);
        w.float(F.attribute.floats, v);
      });
      break;
    case 'ints': checkArray<Int64>(OP, `${where}.ints`, a.ints).forEach((v, j) => w.int64(F.attribute.ints, checkInt64(`${where}.ints[${j}]`, v))); break;
    case 'strings': checkArray<string>(OP, `${where}.strings`, a.strings).forEach((v, j) => w.string(F.attribute.strings, checkString(OP, `${where}.strings[${j}]`, v))); break;
  }
}

function writeNode(w: ProtoWriter, n: OnnxNode, where: string): void {
  checkObject(where, n);
  checkArray<string>(OP, `${where}.input`, n.input).forEach((s, j) => w.string(F.node.input, checkString(OP, `${where}.input[${j}]`, s)));
  checkArray<string>(OP, `${where}.output`, n.output).forEach((s, j) => w.string(F.node.output, checkString(OP, `${where}.output[${j}]`, s)));
  optString(w, F.node.name, `${where}.name`, n.name);
  if (checkString(OP, `${where}.opType`, n.opType) === '') throw rangeError(OP, `${where}: opType is empty`);
  w.string(F.node.opType, n.opType);
  checkArray<OnnxAttribute>(OP, `${where}.attribute`, n.attribute ?? []).forEach((a, j) => {
    const at = `${where}.attribute[${j}]`;
    checkObject(at, a);
    if (checkString(OP, `${at}.name`, a.name) === '') throw rangeError(OP, `${at}: name is empty`);
    checkSafeInt(OP, `${at}.type`, a.type, 1);
    w.message(F.node.attribute, () => {
      w.string(F.attribute.name, a.name);
      writeAttributeValue(w, a, `${at} (${JSON.stringify(a.name)})`);
      w.int64(F.attribute.type, a.type);
    });
  });
  optString(w, F.node.domain, `${where}.domain`, n.domain);
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo, where: string): void {
  checkObject(where, v);
  w.string(F.valueInfo.name, checkString(OP, `${where}.name`, v.name));
  const tt = v.type?.tensorType;
  if (v.type === undefined) return;
  w.message(F.valueInfo.type, () => {
    if (tt === undefined) return;
    w.message(F.type.tensorType, () => {
      w.int64(F.tensorType.elemType, checkSafeInt(OP, `${where}.type.tensorType.elemType`, tt.elemType, 1));
      if (tt.shape === undefined) return;
      const dims = checkArray<{ dimValue?: number; dimParam?: string }>(OP, `${where}: shape.dim`, tt.shape.dim);
      w.message(F.tensorType.shape, () => dims.forEach((d, j) => {
        const at = `${where}: shape.dim[${j}]`;
        checkObject(at, d);
        if (d.dimValue !== undefined && d.dimParam !== undefined) throw rangeError(OP, `${at} has both dimValue and dimParam`);
        w.message(F.shape.dim, () => {
          if (d.dimValue !== undefined) w.int64(F.dim.dimValue, checkSafeInt(OP, `${at}.dimValue`, d.dimValue));
          if (d.dimParam !== undefined) w.string(F.dim.dimParam, checkString(OP, `${at}.dimParam`, d.dimParam));
        });
      }));
    });
  });
}

function writeGraph(w: ProtoWriter, g: OnnxGraph, where: string): void {
  checkObject(where, g);
  checkArray<OnnxNode>(OP, `${where}.node`, g.node).forEach((n, j) => w.message(F.graph.node, () => writeNode(w, n, `${where}.node[${j}]`)));
  optString(w, F.graph.name, `${where}.name`, g.name);
  checkArray<OnnxTensor>(OP, `${where}.initializer`, g.initializer ?? []).forEach((t, j) =>
    w.message(F.graph.initializer, () => writeTensor(w, t, `${where}.initializer[${j}]`)));
  const lists = [['input', F.graph.input], ['output', F.graph.output], ['valueInfo', F.graph.valueInfo]] as const;
  for (const [key, field] of lists) {
    checkArray<OnnxValueInfo>(OP, `${where}.${key}`, g[key] ?? []).forEach((v, j) =>
      w.message(field, () => writeValueInfo(w, v, `${where}.${key}[${j}]`)));
  }
}

/**
 * Encodes a model as ONNX bytes (a .onnx file). Fields are written in field-number order, as protobuf does;
 * float_data, int32_data and int64_data packed (onnx.proto declares them so), other repeated numbers unpacked.
 * Wrong kinds throw a TypeError, wrong values (negative dims, data that does not fit dims, an attribute whose
 * value field does not match its type, an empty opType) a RangeError naming the path, e.g. `graph.node[2]`.
 *
 * ```ts
 * const bytes = encodeModel({ irVersion: 7, opsetImport: [{ domain: '', version: 13 }], graph });
 * const session = await ort.InferenceSession.create(bytes);   // onnxruntime-node runs it
 * ```
 */
export function encodeModel(model: OnnxModel): Uint8Array {
  checkObject('model', model);
  const w = new ProtoWriter(OP);
  w.int64(F.model.irVersion, checkSafeInt(OP, 'irVersion', model.irVersion, 1));
  if (model.producerName !== undefined) w.string(F.model.producerName, checkString(OP, 'producerName', model.producerName));
  if (model.producerVersion !== undefined) w.string(F.model.producerVersion, checkString(OP, 'producerVersion', model.producerVersion));
  w.message(F.model.graph, () => writeGraph(w, model.graph, 'graph'));
  const opsets = checkArray<{ domain: string; version: number }>(OP, 'opsetImport', model.opsetImport);
  if (opsets.length === 0) throw rangeError(OP, 'opsetImport is empty; a model imports at least the default ONNX operator set');
  opsets.forEach((o, j) => {
    checkObject(`opsetImport[${j}]`, o);
    w.message(F.model.opsetImport, () => {
      optString(w, F.opset.domain, `opsetImport[${j}].domain`, o.domain);
      w.int64(F.opset.version, checkSafeInt(OP, `opsetImport[${j}].version`, o.version, 1));
    });
  });
  return w.finish();
}
