/** Hand-built ONNX graphs for the fromOnnx tests: a one-input chain with its initializers, encoded with our encoder (and run in ONNX Runtime by the tests). */
import {
  DataType, encodeModel, floatTensor, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxTensor, tensorValueInfo,
} from '../../../src/interop/onnx/index.js';
import { Random } from '../../../src/random.js';

/** A node; unnamed when `name` is ''. */
export function node(opType: string, input: string[], output: string[], name = '', attribute: OnnxAttribute[] = [], domain = ''): OnnxNode {
  return { opType, input, output, name, attribute, domain };
}

/** A FLOAT initializer with seeded N(0, 0.5²) values (or the given ones). */
export function weights(name: string, dims: number[], seed: number, values?: number[]): OnnxTensor {
  const rng = new Random(seed);
  const n = dims.reduce((a, b) => a * b, 1);
  return floatTensor(name, dims, values ?? Array.from({ length: n }, () => rng.normal(0, 0.5)));
}

export interface GraphOptions {
  opset?: number;
  ir?: number;
  /** Shape of the input 'x' (default ['batch', features]). */
  inputShape?: (number | string | null)[];
  inputType?: number;
  /** Extra graph inputs (IR 3 style: initializers listed as inputs too, or a second data input). */
  extraInputs?: string[];
  outputName?: string;
}

/** An ONNX model: input 'x' of `features` FLOAT columns, the nodes, output 'y' (or `outputName`). */
export function graph(features: number, nodes: OnnxNode[], inits: OnnxTensor[], o: GraphOptions = {}): OnnxModel {
  return {
    irVersion: o.ir ?? 7,
    opsetImport: [{ domain: '', version: o.opset ?? 13 }],
    producerName: 'simdnet-test',
    graph: {
      name: 'test', node: nodes, initializer: inits, valueInfo: [],
      input: [tensorValueInfo('x', o.inputType ?? DataType.FLOAT, o.inputShape ?? ['batch', features]), ...(o.extraInputs ?? []).map((n) => tensorValueInfo(n, DataType.FLOAT, null))],
      output: [tensorValueInfo(o.outputName ?? 'y', DataType.FLOAT, null)],
    },
  };
}

/** `graph(...)` encoded. */
export function graphBytes(features: number, nodes: OnnxNode[], inits: OnnxTensor[], o: GraphOptions = {}): Uint8Array {
  return encodeModel(graph(features, nodes, inits, o));
}
