// The ONNX message subset: encode → decode round trips, tensor data from raw_data and float_data, and refusals on both sides.
import { describe, expect, it } from 'vitest';
import {
  AttributeType, DataType, type OnnxModel, ProtoWriter, decodeModel, encodeModel, floatTensor, getAttribute, int64Tensor, intAttr,
  intsAttr, tensorToFloat32, tensorToInt64, tensorValueInfo, valueInfoShape,
} from '../../../src/interop/onnx/index.js';
import { sampleModel } from './samples.js';

describe('encodeModel / decodeModel', () => {
  it('round-trips every field of the subset exactly', () => {
    const m = sampleModel();
    const back = decodeModel(encodeModel(m));
    expect(back).toEqual(m);
    expect(Object.is(tensorToFloat32(back.graph.initializer[0])[3], -0)).toBe(true);
    expect(encodeModel(back)).toEqual(encodeModel(m));
  });

  it('writes fields in field-number order with the documented tags', () => {
    const bytes = encodeModel(sampleModel());
    expect([...bytes.subarray(0, 2)]).toEqual([0x08, 7]); // ir_version = 7
    expect(bytes[2]).toBe(0x12); // producer_name (field 2, length-delimited)
  });

  it('accepts an ArrayBuffer and a DataView, and refuses other kinds with a TypeError', () => {
    const bytes = encodeModel(sampleModel());
    expect(decodeModel(bytes.slice().buffer).graph.name).toBe('g');
    expect(() => decodeModel('model' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => decodeModel(null as unknown as Uint8Array)).toThrow(/^decodeModel: expected a Uint8Array or ArrayBuffer, got null$/);
  });
});

describe('tensors', () => {
  const values = [0.25, -1, 3.5, 1e-3, -0, 7];

  it('reads the same floats from raw_data and from float_data, at any byte alignment', () => {
    const raw = floatTensor('w', [2, 3], values);
    const typed = floatTensor('w', [2, 3], values, { raw: false });
    expect(raw.rawData?.length).toBe(24);
    expect(typed.floatData).toBeInstanceOf(Float32Array);
    expect([...tensorToFloat32(raw)]).toEqual(values.map(Math.fround));
    expect(tensorToFloat32(typed)).toEqual(tensorToFloat32(raw));
    const shifted = new Uint8Array(25);
    shifted.set(raw.rawData!, 1);
    expect(tensorToFloat32({ ...raw, rawData: shifted.subarray(1) })).toEqual(tensorToFloat32(raw));
  });

  it('decodes raw_data little-endian, byte by byte', () => {
    const le = Uint8Array.of(0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0); // 1.0, -2.0 in binary32 little-endian
    expect([...tensorToFloat32({ name: 't', dims: [2], dataType: DataType.FLOAT, rawData: le })]).toEqual([1, -2]);
    const i64 = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x30, 0, 0, 0, 0, 0, 0, 0);
    expect([...tensorToInt64({ name: 's', dims: [2], dataType: DataType.INT64, rawData: i64 })]).toEqual([-1n, 48n]);
  });

  it('gives an empty array for a zero-size tensor and copies, never aliases', () => {
    expect(tensorToFloat32({ name: 'e', dims: [0, 4], dataType: DataType.FLOAT }).length).toBe(0);
    const t = floatTensor('w', [2], [1, 2], { raw: false });
    tensorToFloat32(t)[0] = 99;
    expect(t.floatData![0]).toBe(1);
  });

  it('refuses the wrong type, external data, missing data and sizes that do not fit the dims', () => {
    const t = floatTensor('w', [2, 3], values);
    expect(() => tensorToFloat32({ ...t, dataType: DataType.DOUBLE })).toThrow(/^tensorToFloat32: tensor "w" has data_type DOUBLE \(11\), expected FLOAT \(1\)$/);
    expect(() => tensorToFloat32({ ...t, dataLocation: 1 })).toThrow(/external file/);
    expect(() => tensorToFloat32({ name: 'w', dims: [2], dataType: DataType.FLOAT })).toThrow(/has dims \[2\] but no data/);
    expect(() => tensorToFloat32({ ...t, dims: [2, 4] })).toThrow(/raw_data has 24 bytes, dims \[2, 4\] of FLOAT \(1\) need 32/);
    expect(() => tensorToFloat32({ ...t, floatData: new Float32Array(6) })).toThrow(/data in both float_data and raw_data/);
    expect(() => tensorToFloat32({ ...t, dims: [-2, -3] })).toThrow(RangeError);
    expect(() => tensorToFloat32({ ...t, dims: [2 ** 30, 2 ** 30, 2 ** 30] })).toThrow(/more than 2\^53 − 1 elements/);
    expect(() => floatTensor('w', [2, 2], [1, 2, 3])).toThrow(/3 values for dims \[2, 2\] \(4\)/);
    expect(() => int64Tensor('s', [1], [1.5])).toThrow(RangeError);
    expect(() => int64Tensor('s', [1], [2n ** 63n])).toThrow(/outside int64/);
  });

  it('builds value infos with sizes, symbols and unknown dims, and reads them back', () => {
    expect(valueInfoShape(tensorValueInfo('x', DataType.FLOAT, ['batch', 3, null]))).toEqual(['batch', 3, null]);
    expect(valueInfoShape(tensorValueInfo('x', DataType.FLOAT, null))).toBeNull();
    expect(valueInfoShape({ name: 'x' })).toBeNull();
    expect(() => tensorValueInfo('x', DataType.FLOAT, [-1])).toThrow(RangeError);
    expect(() => tensorValueInfo('x', DataType.FLOAT, [true as unknown as number])).toThrow(TypeError);
  });
});

describe('getAttribute', () => {
  const node = sampleModel().graph.node[0];
  it('finds an attribute of the expected type, gives undefined when absent, refuses another type', () => {
    expect(getAttribute(node, 'transB', AttributeType.INT)?.i).toBe(0);
    expect(getAttribute(node, 'transA', AttributeType.INT)).toBeUndefined();
    expect(() => getAttribute(node, 'alpha', AttributeType.INT)).toThrow(/^getAttribute: Gemm node "fc": attribute "alpha" has type 1, expected 2$/);
  });
});

describe('encodeModel refuses what it cannot write, naming the path', () => {
  const variants: [string, (m: OnnxModel) => void, RegExp, ErrorConstructor][] = [
    ['irVersion 0', (m) => { m.irVersion = 0; }, /irVersion must be an integer in 1/, RangeError],
    ['no opset', (m) => { m.opsetImport = []; }, /opsetImport is empty/, RangeError],
    ['a non-string name', (m) => { m.graph.node[0].input[1] = 5 as unknown as string; }, /graph\.node\[0\]\.input\[1\] must be a string, got number/, TypeError],
    ['an empty opType', (m) => { m.graph.node[1].opType = ''; }, /graph\.node\[1\]: opType is empty/, RangeError],
    ['a value field of another type', (m) => { m.graph.node[0].attribute[1].f = 1; }, /\("transB"\): type 2 uses i, but f is set too/, RangeError],
    ['a missing value', (m) => { delete m.graph.node[0].attribute[0].f; }, /\("alpha"\): type 1 needs f/, RangeError],
    ['a graph attribute', (m) => { m.graph.node[0].attribute[0] = { name: 'body', type: AttributeType.GRAPH }; }, /attribute type 5 is not supported/, RangeError],
    ['data that does not fit', (m) => { m.graph.initializer[0].dims = [3, 3]; }, /graph\.initializer\[0\]: raw_data has 24 bytes/, RangeError],
    ['float_data of the wrong kind', (m) => { m.graph.initializer[0] = { name: 'w', dims: [1], dataType: 1, floatData: [1] as unknown as Float32Array }; }, /floatData must be a Float32Array/, TypeError],
    ['a dim with both value and param', (m) => { m.graph.input[0].type!.tensorType!.shape!.dim[0] = { dimValue: 1, dimParam: 'b' }; }, /shape\.dim\[0\] has both/, RangeError],
    ['external data', (m) => { m.graph.initializer[0].dataLocation = 1; }, /only dataLocation DEFAULT/, RangeError],
  ];
  it.each(variants)('%s', (_, change, message, kind) => {
    const m = sampleModel();
    change(m);
    expect(() => encodeModel(m)).toThrow(kind);
    expect(() => encodeModel(m)).toThrow(message);
  });
});

describe('decodeModel refuses well-formed protobuf that is not a valid model', () => {
  const model = (graph: (w: ProtoWriter) => void, opset = true) => {
    const w = new ProtoWriter('t').int64(1, 7).message(7, graph);
    if (opset) w.message(8, (o) => o.int64(2, 13));
    return w.finish();
  };
  const tensor = (body: (t: ProtoWriter) => void) => model((g) => g.message(5, body));
  const cases: [string, Uint8Array, RegExp][] = [
    ['no ir_version', new ProtoWriter('t').message(7, () => {}).message(8, (o) => o.int64(2, 13)).finish(), /^decodeModel: ModelProto has no ir_version$/],
    ['no graph', new ProtoWriter('t').int64(1, 7).message(8, (o) => o.int64(2, 13)).finish(), /ModelProto has no graph/],
    ['no opset', model(() => {}, false), /imports no operator set/],
    ['raw_data of the wrong size', tensor((t) => t.int64(1, 2).int64(1, 3).int64(2, 1).string(8, 'W').bytes(9, new Uint8Array(20))),
      /^decodeModel: ModelProto\.graph\.initializer\[0\] \("W"\): raw_data has 20 bytes, dims \[2, 3\] of FLOAT \(1\) need 24$/],
    ['float_data of an INT64 tensor', tensor((t) => t.int64(1, 1).int64(2, 7).packedFloats(4, [1])), /float_data cannot hold data_type INT64/],
    ['a negative dim', tensor((t) => t.int64(1, -3).int64(2, 1)), /initializer\[0\]\.dims at byte \d+: dimension -3/],
    ['no data_type', tensor((t) => t.int64(1, 0)), /data_type 0 is not a tensor element type/],
    ['an unknown data_location', tensor((t) => t.int64(2, 1).int64(14, 2)), /data_location at byte \d+: 2 is neither/],
    ['a node without op_type', model((g) => g.message(1, (n) => n.string(3, 'n1'))), /node\[0\] \("n1"\) has no op_type/],
    ['an attribute without type', model((g) => g.message(1, (n) => n.string(4, 'Relu').message(5, (a) => a.string(1, 'x').int64(3, 1)))),
      /attribute\[0\] \("x"\) has no type/],
    ['an attribute value of another type', model((g) => g.message(1, (n) => n.string(4, 'Relu').message(5, (a) => a.string(1, 'x').float(2, 1).int64(20, 2)))),
      /\("x"\) of type 2 carries field 2/],
    ['a negative dim_value', model((g) => g.message(11, (v) => v.string(1, 'x').message(2, (t) => t.message(1, (tt) => tt.int64(1, 1).message(2, (s) => s.message(1, (d) => d.int64(1, -1))))))),
      /input\[0\]\.type\.tensor_type\.shape\.dim\[0\]\.dim_value at byte \d+: -1 is not an integer in 0/],
  ];
  it.each(cases)('%s', (_, bytes, message) => {
    expect(() => decodeModel(bytes)).toThrow(RangeError);
    expect(() => decodeModel(bytes)).toThrow(message);
  });

  it('fills absent values of an attribute with protobuf defaults (proto3 writers omit zeros)', () => {
    const bytes = model((g) => g.message(1, (n) => n.string(4, 'Flatten')
      .message(5, (a) => a.string(1, 'axis').int64(20, AttributeType.INT))
      .message(5, (a) => a.string(1, 'pads').int64(20, AttributeType.INTS))));
    expect(decodeModel(bytes).graph.node[0].attribute).toEqual([intAttr('axis', 0), intsAttr('pads', [])]);
  });
});
