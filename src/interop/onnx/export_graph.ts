/** The ONNX graph toOnnx builds one layer at a time: nodes, initializers, the running tensor and its layout (rows or NCHW). */

import { fmtSampleShape, shapeSize, type Shape } from '../../nn/layer.js';
import { intsAttr } from './onnx_attr.js';
import { floatTensor, int64Tensor } from './onnx_tensor.js';
import type { OnnxAttribute, OnnxNode, OnnxTensor } from './onnx_types.js';

/**
 * How the running tensor is laid out:
 * - `rows`: [batch, features], each row one sample flattened as simdnet flattens it (NHWC for images). The graph's
 *   input and output are always rows, so they take and give what `model.predict` takes and gives.
 * - `nchw`: [batch, channels, height, width], what ONNX's Conv, MaxPool, AveragePool, GlobalAveragePool and
 *   BatchNormalization (on images) need.
 */
export type OnnxLayout = 'rows' | 'nchw';

/** Builds the node list; an exporter adds the nodes of one layer and leaves `current`, `layout` and `shape` after it. */
export class OnnxGraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  /** The tensor holding the activations so far (the graph input at first). */
  current: string;
  layout: OnnxLayout = 'rows';
  /** The simdnet sample shape of `current`, whatever the layout: `[features]` or `[h, w, c]`. */
  shape: Shape;
  /** Names the nodes and initializers of the layer being exported: `dense_0`, `dense_0.W`, `dense_0/Gemm`. */
  prefix = 'graph';
  private names = new Set<string>();

  constructor(input: string, shape: Shape) {
    this.current = input;
    this.shape = shape;
    this.names.add(input);
  }

  /** A name not used yet in this graph, from `base`. */
  private fresh(base: string): string {
    let name = base;
    for (let k = 1; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    return name;
  }

  /**
   * Adds a node that reads `inputs` (give `this.current` for the running tensor) and makes its one output the new
   * current tensor; returns that output's name.
   */
  add(opType: string, inputs: readonly string[], attribute: OnnxAttribute[] = []): string {
    const name = this.fresh(`${this.prefix}/${opType}`);
    const output = this.fresh(`${name}:0`);
    this.nodes.push({ name, opType, domain: '', input: [...inputs], output: [output], attribute });
    this.current = output;
    return output;
  }

  /** A FLOAT initializer `${prefix}.${name}` holding `data` with these dims; returns its name. */
  weight(name: string, dims: readonly number[], data: Float32Array | readonly number[]): string {
    const t = floatTensor(this.fresh(`${this.prefix}.${name}`), dims, data);
    this.initializers.push(t);
    return t.name;
  }

  /** An INT64 initializer (a Reshape target, Slice bounds); returns its name. */
  ints(name: string, values: readonly number[]): string {
    const t = int64Tensor(this.fresh(`${this.prefix}.${name}`), [values.length], values);
    this.initializers.push(t);
    return t.name;
  }

  /**
   * Makes the running tensor NCHW: rows of NHWC samples are reshaped to [batch, h, w, c] (batch as −1) and
   * transposed with perm [0, 3, 1, 2]. A no-op when it is NCHW already.
   */
  toNchw(): void {
    if (this.layout === 'nchw') return;
    if (this.shape.length !== 3) throw new RangeError(`toOnnx: ${this.prefix}: an NCHW tensor needs a sample shape [h, w, c], got ${fmtSampleShape(this.shape)}`);
    const [h, w, c] = this.shape;
    this.add('Reshape', [this.current, this.ints('nhwc', [-1, h, w, c])]);
    this.add('Transpose', [this.current], [intsAttr('perm', [0, 3, 1, 2])]);
    this.layout = 'nchw';
  }

  /**
   * Makes the running tensor rows again: NCHW is transposed back to NHWC (perm [0, 2, 3, 1]) and reshaped to
   * [batch, h·w·c], so a dense layer after it reads simdnet's row order and keeps its weights as they are.
   */
  toRows(): void {
    if (this.layout === 'rows') return;
    this.add('Transpose', [this.current], [intsAttr('perm', [0, 2, 3, 1])]);
    this.add('Reshape', [this.current, this.ints('rows', [-1, shapeSize(this.shape)])]);
    this.layout = 'rows';
  }
}
