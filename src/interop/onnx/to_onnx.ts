/** toOnnx: a simdnet model → a standard ONNX model (IR 7 + opset 13, or IR 8 + opset 17) whose output equals model.predict on the same rows. */

import { checkOptions, describe, rangeError, typeError } from '../../errors.js';
import { shapeSize } from '../../nn/layer.js';
import type { Sequential } from '../../model/sequential.js';
import { checkExportable, layerViews } from '../layer_view.js';
import { OnnxGraphBuilder } from './export_graph.js';
import { ONNX_EXPORTERS } from './export_layers.js';
import { encodeModel } from './onnx_encode.js';
import { tensorValueInfo } from './onnx_tensor.js';
import { DataType, type OnnxModel } from './onnx_types.js';

export interface ToOnnxOptions {
  /** The default operator set: 13 (written with IR version 7, the default) or 17 (with IR version 8). */
  opset?: 13 | 17;
}

/** The IR version that shipped with each opset (ONNX's version table): 13 with ONNX 1.8 (IR 7), 17 with ONNX 1.12 (IR 8). */
const IR_FOR_OPSET = { 13: 7, 17: 8 } as const;

/** The names of the graph's input and output, and of its symbolic batch dimension. */
export const ONNX_INPUT = 'x';
export const ONNX_OUTPUT = 'y';
export const ONNX_BATCH = 'batch';

/**
 * The ONNX model (as plain objects, before encoding) that `toOnnx` writes. Every layer is checked for an exporter
 * before any node is made.
 *
 * ```ts
 * toOnnxModel(model).graph.node.map((n) => n.opType); // ['Gemm', 'Relu', 'Gemm']
 * ```
 */
export function toOnnxModel(model: Sequential, options: ToOnnxOptions = {}): OnnxModel {
  const op = 'toOnnx';
  const o = checkOptions(op, options, ['opset']);
  const opset = o.opset ?? 13;
  if (typeof opset !== 'number') throw typeError(op, `opset must be 13 or 17, got ${describe(opset)}`);
  if (opset !== 13 && opset !== 17) throw rangeError(op, `opset must be 13 or 17, got ${opset}`);
  const views = layerViews(op, model);
  checkExportable(op, views, ONNX_EXPORTERS, 'ONNX');
  const inputShape = views[0].inputShape;
  const outputShape = views[views.length - 1].outputShape;
  const g = new OnnxGraphBuilder(ONNX_INPUT, inputShape);
  for (const v of views) {
    g.prefix = `${v.kind}_${v.index}`;
    ONNX_EXPORTERS[v.kind]!(g, v);
  }
  g.prefix = 'output';
  g.toRows();
  if (g.current === ONNX_INPUT) g.add('Identity', [g.current]);
  g.nodes[g.nodes.length - 1].output[0] = ONNX_OUTPUT;
  return {
    irVersion: IR_FOR_OPSET[opset],
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'simdnet',
    graph: {
      name: 'simdnet',
      node: g.nodes,
      initializer: g.initializers,
      input: [tensorValueInfo(ONNX_INPUT, DataType.FLOAT, [ONNX_BATCH, shapeSize(inputShape)])],
      output: [tensorValueInfo(ONNX_OUTPUT, DataType.FLOAT, [ONNX_BATCH, shapeSize(outputShape)])],
      valueInfo: [],
    },
  };
}

/**
 * A standard ONNX model of `model`: dense → Gemm, relu / leakyRelu / tanh / sigmoid / softmax → Relu / LeakyRelu /
 * Tanh / Sigmoid / Softmax, step → Greater + Cast, batchNorm → BatchNormalization (inference form), normalize → Sub +
 * Mul, dropout → nothing (the identity at inference). The graph input `x` takes the rows `model.predict` takes (`[batch, features]`,
 * images as NHWC rows; the batch dimension is the symbol `batch`) and the output `y` equals `model.predict` on them.
 * A layer kind without an ONNX exporter is refused with a TypeError naming the layer, before anything is written.
 *
 * ```ts
 * import * as ort from 'onnxruntime-node';
 * const session = await ort.InferenceSession.create(toOnnx(model));
 * const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.from([0.5, -0.3]), [1, 2]) });
 * ```
 */
export function toOnnx(model: Sequential, options: ToOnnxOptions = {}): Uint8Array {
  return encodeModel(toOnnxModel(model, options));
}
