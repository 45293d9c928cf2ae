/** Test helper: a model using every field of the ONNX subset (all attribute types, raw / int32 / int64 data, symbolic and unknown dims). */
import {
  DataType, type OnnxModel, type OnnxTensor, floatAttr, floatTensor, floatsAttr, int64Tensor, intAttr, intsAttr, stringAttr,
  stringsAttr, tensorAttr, tensorValueInfo,
} from '../../../src/interop/onnx/index.js';

/** A fresh copy each call (tests mutate it). */
export function sampleModel(): OnnxModel {
  const W = floatTensor('W', [2, 3], [1, -2, 0.5, -0, 3e-39, 4]);
  const shape = int64Tensor('shape', [2], [-1, 2n ** 63n - 1n]);
  const counts: OnnxTensor = { name: 'counts', dims: [3], dataType: DataType.INT32, int32Data: Int32Array.of(-5, 0, 2 ** 31 - 1) };
  return {
    irVersion: 7, producerName: 'simdnet', producerVersion: '0.1.0',
    opsetImport: [{ domain: '', version: 13 }, { domain: 'com.example', version: 1 }],
    graph: {
      name: 'g',
      node: [
        { input: ['x', 'W', ''], output: ['h'], name: 'fc', opType: 'Gemm', domain: '',
          attribute: [floatAttr('alpha', 0.5), intAttr('transB', 0), stringAttr('mode', 'é'), intsAttr('axes', [-1, 0, 2n ** 62n]),
            floatsAttr('scales', [1.5, -0]), stringsAttr('names', ['a', '']), tensorAttr('value', floatTensor('c', [], [2], { raw: false }))] },
        { input: ['h'], output: ['y'], name: '', opType: 'Relu', domain: '', attribute: [] },
      ],
      initializer: [W, shape, counts],
      input: [tensorValueInfo('x', DataType.FLOAT, ['batch', 2])],
      output: [tensorValueInfo('y', DataType.FLOAT, ['batch', null])],
      valueInfo: [tensorValueInfo('h', DataType.FLOAT, null), { name: 'untyped' }, { name: 'seq', type: {} }],
    },
  };
}
