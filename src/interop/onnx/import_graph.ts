/** The state fromOnnx walks a graph with: the chain of nodes, the initializers by name, the running tensor and its shape, and typed readers for attributes. */

import type { Shape } from '../../nn/layer.js';
import type { LayerConfig } from '../../nn/layer.js';
import { badValue, unsupported, type ImportedLayer } from '../imported.js';
import { dataTypeName } from './onnx_check.js';
import { tensorToFloat32, tensorToInt64 } from './onnx_tensor.js';
import { AttributeType, DataType, type OnnxAttribute, type OnnxNode, type OnnxTensor } from './onnx_types.js';

export const OP = 'fromOnnx';

/** `node "fc1" (Gemm)`, or `node 3 (Gemm)` for an unnamed node; names quoted as JSON (op types too, unless plain words). */
export function nodeLabel(node: OnnxNode, index: number): string {
  const op = /^[A-Za-z][\w.]*$/.test(node.opType) ? node.opType : JSON.stringify(node.opType);
  return `${node.name ? `node ${JSON.stringify(node.name)}` : `node ${index}`} (${op})`;
}

/** The attribute `name` of `node`, or undefined; a RangeError naming the node when it has another type than `type`. */
export function attributeOf(node: OnnxNode, index: number, name: string, type: number): OnnxAttribute | undefined {
  const a = node.attribute.find((x) => x.name === name);
  if (a !== undefined && a.type !== type) {
    const names = Object.fromEntries(Object.entries(AttributeType).map(([k, v]) => [v, k]));
    throw badValue(OP, nodeLabel(node, index), `attribute ${JSON.stringify(name)} has type ${names[a.type] ?? a.type}, expected ${names[type]}`);
  }
  return a;
}

/** A node and its index in the graph (for messages). */
export interface IndexedNode {
  readonly node: OnnxNode;
  readonly index: number;
}

/** A FLOAT initializer's dims and values. */
export interface Initializer {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/**
 * Walks the nodes in order. Importers read the node they are given, may `take` the next one (MatMul + Add), push
 * the layers they make and leave `current` and `shape` after them.
 */
export class OnnxImport {
  readonly layers: ImportedLayer[] = [];
  /** The tensor flowing through the chain: the graph input at first, then the last node's output. */
  current: string;
  /**
   * The running tensor's shape without the batch dimension, in ONNX's terms: `[features]` for rows, `[c, h, w]`
   * for images (PyTorch's NCHW; simdnet's model takes the same images as NHWC rows).
   */
  shape: number[];
  /**
   * The simdnet input shape: `[features]`, `[steps, features]` for a [batch, steps, features] graph input (or rows
   * that a Reshape makes a sequence, see import_sequence.ts), or `[h, w, c]` for an NCHW graph input (or for rows that
   * toOnnx's adapter reshapes to NHWC images, see `imageInput`).
   */
  inputShape: Shape;
  /**
   * A Flatten of [c, h, w] waiting for the dense layer after it: simdnet row r of that dense takes ONNX feature
   * `rowOrder[r]` (PyTorch flattens in C·H·W order, simdnet in H·W·C). Element-wise layers in between keep it waiting.
   */
  rowOrder: Int32Array | null = null;
  private pos = 0;
  /** Each constant (aliases included) and the node that read it. */
  private readonly usedConstants = new Map<OnnxTensor, number>();
  /** Every tensor name some node reads or the graph outputs: a node's extra outputs must not be among them. */
  private readonly read: ReadonlySet<string>;

  /** `nodes` with their index in the graph (constants already taken out), `inits` the constants by name. */
  constructor(
    private readonly nodes: readonly IndexedNode[],
    private readonly inits: ReadonlyMap<string, OnnxTensor>,
    input: string,
    shape: number[],
    outputs: readonly string[],
  ) {
    this.current = input;
    this.shape = shape;
    this.inputShape = shape.length === 3 ? [shape[1], shape[2], shape[0]] : shape;
    this.read = new Set([...nodes.flatMap((n) => n.node.input), ...outputs]);
  }

  /** The next node not read yet, and its index in the graph; undefined at the end. */
  peek(): IndexedNode | undefined {
    return this.nodes[this.pos];
  }
  /** Reads the next node (the importer of the current one found it belongs to the same layer). */
  take(): IndexedNode {
    return this.nodes[this.pos++];
  }

  /** A TypeError naming the node: an op, attribute form or data type simdnet does not support. */
  unsupported(node: OnnxNode, index: number, message: string): TypeError {
    return unsupported(OP, nodeLabel(node, index), message);
  }
  /** A RangeError naming the node: a wrong size or value. */
  bad(node: OnnxNode, index: number, message: string): RangeError {
    return badValue(OP, nodeLabel(node, index), message);
  }

  /**
   * Checks that `node` reads the running tensor as input `at` (the others must be constants) and makes its first
   * output current; further outputs (Dropout's mask, MaxPool's indices) are allowed only when nothing reads them.
   */
  chain(node: OnnxNode, index: number, at = 0): void {
    if (node.input[at] !== this.current) {
      throw this.bad(node, index, `reads ${JSON.stringify(node.input[at] ?? '')} as input ${at}; expected ${JSON.stringify(this.current)}, the output of the node before (simdnet reads a chain of layers)`);
    }
    node.input.forEach((name, i) => {
      if (i !== at && name !== '' && !this.inits.has(name)) {
        throw this.bad(node, index, `input ${i} (${JSON.stringify(name)}) is neither the running tensor nor a constant; simdnet reads a chain of layers`);
      }
    });
    if (node.output.length === 0 || node.output[0] === '') throw this.bad(node, index, 'has no output');
    const used = node.output.slice(1).find((name) => name !== '' && this.read.has(name));
    if (used !== undefined) throw this.unsupported(node, index, `its extra output ${JSON.stringify(used)} is read; simdnet reads a chain of single-output layers`);
    this.current = node.output[0];
  }

  /**
   * The FLOAT constant that input `i` names, or undefined when the input is absent (optional inputs). Each constant
   * (under any of its names) feeds one node: simdnet layers do not share weights, and a file reusing one tensor in
   * many nodes could otherwise make the reader build far more weights than the file holds.
   */
  constant(node: OnnxNode, index: number, i: number): Initializer | undefined {
    const name = node.input[i];
    if (name === undefined || name === '') return undefined;
    const t = this.inits.get(name);
    if (!t) throw this.bad(node, index, `input ${i} (${JSON.stringify(name)}) must be a constant (an initializer)`);
    const reader = this.usedConstants.get(t);
    if (reader !== undefined && reader !== index) throw this.bad(node, index, `the constant ${JSON.stringify(name)} is read by an earlier node too; simdnet layers do not share weights`);
    this.usedConstants.set(t, index);
    if (t.dataType !== DataType.FLOAT) throw this.unsupported(node, index, `input ${i} (${JSON.stringify(name)}) has data type ${dataTypeName(t.dataType)}; simdnet reads FLOAT weights`);
    return { dims: t.dims, data: tensorToFloat32(t, OP) };
  }

  /** A BOOL scalar constant at input `i` (Dropout's training_mode) as a boolean, or undefined when the input is absent. */
  boolConstant(node: OnnxNode, index: number, i: number): boolean | undefined {
    const t = this.rawConstant(node, index, i);
    if (t === undefined) return undefined;
    const name = node.input[i];
    if (t.dataType !== DataType.BOOL) throw this.unsupported(node, index, `input ${i} (${JSON.stringify(name)}) has data type ${dataTypeName(t.dataType)}, expected BOOL`);
    const v = t.rawData?.[0] ?? t.int32Data?.[0];
    if (v === undefined || t.dims.some((d) => d !== 1)) throw this.bad(node, index, `input ${i} (${JSON.stringify(name)}) must be one boolean`);
    return v !== 0;
  }

  /**
   * The constant (of any data type) that input `i` names, as stored, or undefined when the input is absent; a
   * RangeError naming the node when it is not a constant. For shapes, axes and indices: it does not count as a weight.
   */
  rawConstant(node: OnnxNode, index: number, i: number): OnnxTensor | undefined {
    const name = node.input[i];
    if (name === undefined || name === '') return undefined;
    const t = this.inits.get(name);
    if (!t) throw this.bad(node, index, `input ${i} (${JSON.stringify(name)}) must be a constant (an initializer)`);
    return t;
  }

  /** The attribute `name` of `node`, or undefined; a RangeError naming the node when it has another type than `type`. */
  attribute(node: OnnxNode, index: number, name: string, type: number): OnnxAttribute | undefined {
    return attributeOf(node, index, name, type);
  }
  /** An INT attribute (or `fallback` when absent), as a number; a RangeError for a value beyond 2^53. */
  int(node: OnnxNode, index: number, name: string, fallback: number): number {
    const v = this.attribute(node, index, name, AttributeType.INT)?.i ?? fallback;
    if (typeof v !== 'number') throw this.bad(node, index, `attribute ${name} = ${v} is out of range`);
    return v;
  }
  /** A FLOAT attribute, or `fallback` when absent. */
  float(node: OnnxNode, index: number, name: string, fallback: number): number {
    return this.attribute(node, index, name, AttributeType.FLOAT)?.f ?? fallback;
  }
  /** Throws a TypeError when the node sets an attribute outside `known` (one that could change what it computes). */
  onlyAttributes(node: OnnxNode, index: number, known: readonly string[]): void {
    const extra = node.attribute.find((a) => !known.includes(a.name));
    if (extra) throw this.unsupported(node, index, `attribute ${JSON.stringify(extra.name)} is not supported${known.length ? ` (known: ${known.join(', ')})` : ''}`);
  }

  /** An INTS attribute (or `fallback` when absent), as numbers; a RangeError for a value beyond 2^53. */
  ints(node: OnnxNode, index: number, name: string, fallback: readonly number[]): number[] {
    const v = this.attribute(node, index, name, AttributeType.INTS)?.ints ?? fallback;
    return v.map((x) => {
      if (typeof x !== 'number') throw this.bad(node, index, `attribute ${name} holds ${x}, out of range`);
      return x;
    });
  }
  /** A STRING attribute, or `fallback` when absent. */
  string(node: OnnxNode, index: number, name: string, fallback: string): string {
    return this.attribute(node, index, name, AttributeType.STRING)?.s ?? fallback;
  }
  /** The INT64 constant at input `i` (Reshape's shape) as numbers, or undefined when the input is absent. */
  intConstant(node: OnnxNode, index: number, i: number): number[] | undefined {
    const name = node.input[i];
    if (name === undefined || name === '') return undefined;
    const t = this.inits.get(name);
    if (!t) throw this.bad(node, index, `input ${i} (${JSON.stringify(name)}) must be a constant (an initializer)`);
    if (t.dataType !== DataType.INT64) throw this.unsupported(node, index, `input ${i} (${JSON.stringify(name)}) has data type ${dataTypeName(t.dataType)}, expected INT64`);
    if (t.dims.length !== 1 || t.dims[0] > 8) throw this.bad(node, index, `input ${i} (${JSON.stringify(name)}) must be a list of at most 8 sizes, got dims [${t.dims.join(', ')}]`);
    return Array.from(tensorToInt64(t, OP), (v) => (v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : NaN));
  }
  /**
   * Makes the model's input NHWC images of `shape`: the rows input that toOnnx's adapter reshapes, while only
   * per-value layers came before it (activations, dropout, and normalize, whose per-feature statistics are then the
   * image's values in NHWC order: its input shape becomes the image's).
   */
  imageInput(node: OnnxNode, index: number, shape: Shape): void {
    const elementwise = this.layers.every((l) => ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'dropout', 'normalize'].includes(l.config.kind));
    if (this.inputShape.length !== 1 || this.shape.length !== 1 || this.shape[0] !== this.inputShape[0] || !elementwise) {
      throw this.unsupported(node, index, 'a Reshape of rows to images is read only on the graph input, after per-value layers (toOnnx\'s adapter)');
    }
    this.inputShape = shape;
    this.layers.forEach((l, i) => { if (l.config.kind === 'normalize') this.layers[i] = { ...l, config: { ...l.config, inputShape: shape } }; });
  }

  /** Adds a simdnet layer made from `node`. */
  push(node: OnnxNode, index: number, config: LayerConfig, weights: Record<string, Float32Array> = {}): void {
    this.layers.push({ config, weights, source: nodeLabel(node, index) });
  }
}
