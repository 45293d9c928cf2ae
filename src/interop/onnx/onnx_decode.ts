/** decodeModel: ONNX ModelProto bytes → plain objects, every length, count and tensor size checked before it is returned. */

import { typeError, rangeError } from '../../errors.js';
import { checkTensorData } from './onnx_check.js';
import {
  AttributeType, DataLocation, F, type OnnxAttribute, type OnnxDim, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxOpset,
  type OnnxTensor, type OnnxTensorType, type OnnxType, type OnnxValueInfo,
} from './onnx_types.js';
import { ProtoReader } from './protobuf_reader.js';
import type { Int64 } from './wire.js';

const OP = 'decodeModel';

function asBytes(input: unknown): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw typeError(OP, `expected a Uint8Array or ArrayBuffer, got ${input === null ? 'null' : typeof input}`);
}

/** `path ("name")` for messages, the name quoted as JSON (file names can hold quotes or control characters). */
function named(path: string, name: string): string {
  return name === '' ? path : `${path} (${JSON.stringify(name)})`;
}

/** Joins the pieces of a repeated field that arrived in several runs (packed or not) into one array. */
function concat<T extends Float32Array | Int32Array>(parts: T[], make: (n: number) => T): T | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function readTensor(r: ProtoReader): OnnxTensor {
  const t: OnnxTensor = { name: '', dims: [], dataType: 0 };
  const floats: Float32Array[] = [], int32s: Int32Array[] = [], int64s: Int64[] = [];
  let hasInt64 = false;
  while (r.next()) {
    switch (r.field) {
      case F.tensor.dims:
        for (const d of r.int64s('dims')) {
          if (typeof d !== 'number' || d < 0) throw r.fail('dims', `dimension ${d} is not an integer in 0..2^53 − 1`);
          t.dims.push(d);
        }
        break;
      case F.tensor.dataType: t.dataType = r.int32('data_type'); break;
      case F.tensor.floatData: floats.push(r.floats('float_data')); break;
      case F.tensor.int32Data: int32s.push(r.int32s('int32_data')); break;
      case F.tensor.int64Data: hasInt64 = true; for (const v of r.int64s('int64_data')) int64s.push(v); break;
      case F.tensor.name: t.name = r.string('name'); break;
      case F.tensor.rawData: t.rawData = r.bytes('raw_data').slice(); break;
      case F.tensor.dataLocation:
        t.dataLocation = r.int32('data_location');
        if (t.dataLocation !== DataLocation.DEFAULT && t.dataLocation !== DataLocation.EXTERNAL) {
          throw r.fail('data_location', `${t.dataLocation} is neither DEFAULT (0) nor EXTERNAL (1)`);
        }
        break;
      default: r.skip();
    }
  }
  const floatData = concat(floats, (n) => new Float32Array(n));
  if (floatData) t.floatData = floatData;
  const int32Data = concat(int32s, (n) => new Int32Array(n));
  if (int32Data) t.int32Data = int32Data;
  if (hasInt64) t.int64Data = BigInt64Array.from(int64s, (v) => BigInt(v));
  checkTensorData(OP, named(r.path, t.name), t);
  return t;
}

/** The value field (its number) that each attribute type uses, for the types this subset decodes. */
const VALUE_FIELD: Readonly<Record<number, number>> = {
  [AttributeType.FLOAT]: F.attribute.f, [AttributeType.INT]: F.attribute.i, [AttributeType.STRING]: F.attribute.s,
  [AttributeType.TENSOR]: F.attribute.t, [AttributeType.FLOATS]: F.attribute.floats, [AttributeType.INTS]: F.attribute.ints,
  [AttributeType.STRINGS]: F.attribute.strings,
};

/** out.push(...items) without spreading (a long run would overflow the argument stack). */
function appendTo<T>(out: T[], items: ArrayLike<T>): void {
  for (let i = 0; i < items.length; i++) out.push(items[i]);
}

function readAttributeFields(r: ProtoReader, a: OnnxAttribute, seen: Set<number>): void {
  while (r.next()) {
    const f = r.field;
    if (f >= F.attribute.f && f <= F.attribute.strings && f !== 6) seen.add(f);
    switch (f) {
      case F.attribute.name: a.name = r.string('name'); break;
      case F.attribute.type: a.type = r.int32('type'); break;
      case F.attribute.f: a.f = r.float('f'); break;
      case F.attribute.i: a.i = r.int64('i'); break;
      case F.attribute.s: a.s = r.string('s'); break;
      case F.attribute.t: a.t = readTensor(r.message('t')); break;
      case F.attribute.floats: appendTo((a.floats ??= []), r.floats('floats')); break;
      case F.attribute.ints: appendTo((a.ints ??= []), r.int64s('ints')); break;
      case F.attribute.strings: (a.strings ??= []).push(r.string(`strings[${a.strings?.length ?? 0}]`)); break;
      default: r.skip();
    }
  }
}

function readAttribute(r: ProtoReader): OnnxAttribute {
  const a: OnnxAttribute = { name: '', type: 0 };
  const seen = new Set<number>();
  readAttributeFields(r, a, seen);
  const where = named(r.path, a.name);
  if (a.name === '') throw rangeError(OP, `${r.path} has no name`);
  if (a.type === AttributeType.UNDEFINED) throw rangeError(OP, `${where} has no type`);
  const field = VALUE_FIELD[a.type];
  for (const f of seen) {
    if (f !== field) throw rangeError(OP, `${where} of type ${a.type} carries field ${f}, which belongs to another type`);
  }
  if (a.type === AttributeType.TENSOR && a.t === undefined) throw rangeError(OP, `${where} of type TENSOR has no tensor`);
  if (a.type === AttributeType.FLOAT) a.f ??= 0;
  if (a.type === AttributeType.INT) a.i ??= 0;
  if (a.type === AttributeType.STRING) a.s ??= '';
  if (a.type === AttributeType.FLOATS) a.floats ??= [];
  if (a.type === AttributeType.INTS) a.ints ??= [];
  if (a.type === AttributeType.STRINGS) a.strings ??= [];
  return a;
}

function readNode(r: ProtoReader): OnnxNode {
  const n: OnnxNode = { input: [], output: [], name: '', opType: '', domain: '', attribute: [] };
  while (r.next()) {
    switch (r.field) {
      case F.node.input: n.input.push(r.string(`input[${n.input.length}]`)); break;
      case F.node.output: n.output.push(r.string(`output[${n.output.length}]`)); break;
      case F.node.name: n.name = r.string('name'); break;
      case F.node.opType: n.opType = r.string('op_type'); break;
      case F.node.domain: n.domain = r.string('domain'); break;
      case F.node.attribute: n.attribute.push(readAttribute(r.message(`attribute[${n.attribute.length}]`))); break;
      default: r.skip();
    }
  }
  if (n.opType === '') throw rangeError(OP, `${named(r.path, n.name)} has no op_type`);
  return n;
}

function readDim(r: ProtoReader): OnnxDim {
  const d: OnnxDim = {};
  while (r.next()) {
    if (r.field === F.dim.dimValue) { d.dimValue = r.safeInt('dim_value'); delete d.dimParam; }
    else if (r.field === F.dim.dimParam) { d.dimParam = r.string('dim_param'); delete d.dimValue; }
    else r.skip();
  }
  return d;
}

function readTensorType(r: ProtoReader): OnnxTensorType {
  const t: OnnxTensorType = { elemType: 0 };
  while (r.next()) {
    if (r.field === F.tensorType.elemType) {
      t.elemType = r.int32('elem_type');
      if (t.elemType < 1) throw r.fail('elem_type', `${t.elemType} is not a tensor element type`);
    }
    else if (r.field === F.tensorType.shape) {
      const s = r.message('shape');
      const dim: OnnxDim[] = [];
      while (s.next()) {
        if (s.field === F.shape.dim) dim.push(readDim(s.message(`dim[${dim.length}]`)));
        else s.skip();
      }
      t.shape = { dim };
    } else r.skip();
  }
  return t;
}

function readValueInfo(r: ProtoReader): OnnxValueInfo {
  const v: OnnxValueInfo = { name: '' };
  while (r.next()) {
    if (r.field === F.valueInfo.name) v.name = r.string('name');
    else if (r.field === F.valueInfo.type) {
      const tr = r.message('type');
      const type: OnnxType = {};
      while (tr.next()) {
        if (tr.field === F.type.tensorType) type.tensorType = readTensorType(tr.message('tensor_type'));
        else tr.skip();
      }
      v.type = type;
    } else r.skip();
  }
  return v;
}

function readGraph(r: ProtoReader): OnnxGraph {
  const g: OnnxGraph = { name: '', node: [], initializer: [], input: [], output: [], valueInfo: [] };
  while (r.next()) {
    switch (r.field) {
      case F.graph.node: g.node.push(readNode(r.message(`node[${g.node.length}]`))); break;
      case F.graph.name: g.name = r.string('name'); break;
      case F.graph.initializer: g.initializer.push(readTensor(r.message(`initializer[${g.initializer.length}]`))); break;
      case F.graph.input: g.input.push(readValueInfo(r.message(`input[${g.input.length}]`))); break;
      case F.graph.output: g.output.push(readValueInfo(r.message(`output[${g.output.length}]`))); break;
      case F.graph.valueInfo: g.valueInfo.push(readValueInfo(r.message(`value_info[${g.valueInfo.length}]`))); break;
      default: r.skip();
    }
  }
  return g;
}

function readOpset(r: ProtoReader): OnnxOpset {
  const o: OnnxOpset = { domain: '', version: 0 };
  while (r.next()) {
    if (r.field === F.opset.domain) o.domain = r.string('domain');
    else if (r.field === F.opset.version) o.version = r.safeInt('version', 1);
    else r.skip();
  }
  if (o.version === 0) throw rangeError(OP, `${named(r.path, o.domain)} has no version`);
  return o;
}

/**
 * Decodes the ONNX subset simdnet reads (see OnnxModel) from a .onnx file's bytes. Fields outside the subset are
 * skipped; malformed bytes (a truncated varint, a length past the end of its message, a wrong wire type, a group,
 * nesting deeper than MAX_DEPTH, invalid UTF-8, tensor data that does not fit its dims) give a RangeError naming the
 * field path and byte offset, and nothing is returned. Tensor data is copied out of `bytes`. Every count is bounded
 * by the bytes that hold it (a forged length is checked against the bytes left before anything is read or allocated, so
 * the objects built are at most a few times the input: 8 bytes per 1-byte int64 varint at worst), element counts by
 * 2^53 − 1 and, where data is present, by its length. Int64 values beyond 2^53 − 1 (an attribute's INT64_MAX) decode
 * as bigints, which JSON.stringify refuses.
 *
 * ```ts
 * const model = decodeModel(readFileSync('mlp.onnx'));
 * model.graph.node.map((n) => n.opType);   // ['Gemm', 'Relu', 'Gemm']
 * ```
 */
export function decodeModel(bytes: Uint8Array | ArrayBuffer): OnnxModel {
  const r = new ProtoReader(asBytes(bytes), OP, 'ModelProto');
  let irVersion = 0, graph: OnnxGraph | undefined;
  const m: Partial<OnnxModel> & { opsetImport: OnnxOpset[] } = { opsetImport: [] };
  while (r.next()) {
    switch (r.field) {
      case F.model.irVersion: irVersion = r.safeInt('ir_version', 1); break;
      case F.model.producerName: m.producerName = r.string('producer_name'); break;
      case F.model.producerVersion: m.producerVersion = r.string('producer_version'); break;
      case F.model.graph: graph = readGraph(r.message('graph')); break;
      case F.model.opsetImport: m.opsetImport.push(readOpset(r.message(`opset_import[${m.opsetImport.length}]`))); break;
      default: r.skip();
    }
  }
  if (irVersion === 0) throw rangeError(OP, 'ModelProto has no ir_version');
  if (graph === undefined) throw rangeError(OP, 'ModelProto has no graph');
  if (m.opsetImport.length === 0) throw rangeError(OP, 'ModelProto imports no operator set (opset_import is empty)');
  return { irVersion, ...m, graph };
}
