/** fromOnnx: ONNX bytes → a Sequential; parseOnnx decodes and checks the whole graph into a plain description first, then the model is built. */

import { typeError } from '../../errors.js';
import type { Sequential } from '../../model/sequential.js';
import { buildImported, checkImported, MAX_INPUT_SIZE, type ImportedModel } from '../imported.js';
import { attributeOf, OnnxImport, OP, nodeLabel, type IndexedNode } from './import_graph.js';
import { ONNX_IMPORTERS } from './import_ops.js';
import { endSequences, sequenceImporter } from './import_recurrent.js';
import { dataTypeName } from './onnx_check.js';
import { decodeModel } from './onnx_decode.js';
import { valueInfoShape } from './onnx_tensor.js';
import { AttributeType, DataType, type OnnxGraph, type OnnxModel, type OnnxTensor } from './onnx_types.js';

/** The default-domain operator sets fromOnnx reads (PyTorch's torch.onnx.export writes 13 to 17 by default). */
export const ONNX_OPSETS = { min: 13, max: 17 } as const;

const DEFAULT_DOMAINS = ['', 'ai.onnx'];

/** The same error class, re-prefixed with fromOnnx (the decoder's messages start with its own name). */
function asFromOnnx(e: unknown): unknown {
  if (!(e instanceof RangeError) && !(e instanceof TypeError)) return e;
  const text = `${OP}: ${e.message.replace(/^decodeModel: /, '')}`;
  return e instanceof TypeError ? new TypeError(text) : new RangeError(text);
}

function checkOpset(m: OnnxModel): void {
  const own = m.opsetImport.filter((o) => DEFAULT_DOMAINS.includes(o.domain));
  if (own.length !== 1) throw new RangeError(`${OP}: the model imports ${own.length} versions of the default ONNX operator set, expected 1`);
  const v = own[0].version;
  if (v < ONNX_OPSETS.min || v > ONNX_OPSETS.max) {
    throw new RangeError(`${OP}: the model uses opset ${v} of the default ONNX domain; simdnet reads opsets ${ONNX_OPSETS.min} to ${ONNX_OPSETS.max} (re-export with opset_version=${ONNX_OPSETS.min})`);
  }
}

/**
 * Initializers and Constant nodes (value = a tensor) by name; the rest of the nodes, with their graph index. An Identity
 * of a constant is another name for it (torch.onnx.export aliases equal initializers that way: an untrained
 * BatchNorm's running variance is its weight, both ones).
 */
function constantsOf(g: OnnxGraph): { inits: Map<string, OnnxTensor>; chain: IndexedNode[] } {
  const inits = new Map<string, OnnxTensor>();
  const add = (name: string, t: OnnxTensor, where: string) => {
    if (inits.has(name)) throw new RangeError(`${OP}: ${where}: the constant ${JSON.stringify(name)} is defined twice`);
    inits.set(name, t);
  };
  g.initializer.forEach((t, i) => add(t.name, t, `initializer ${i}`));
  const chain: IndexedNode[] = [];
  g.node.forEach((node, index) => {
    const alias = node.opType === 'Identity' && node.input.length === 1 && node.output.length === 1 && inits.get(node.input[0]);
    if (alias && DEFAULT_DOMAINS.includes(node.domain) && node.attribute.length === 0) return add(node.output[0], alias, nodeLabel(node, index));
    if (node.opType !== 'Constant' || !DEFAULT_DOMAINS.includes(node.domain)) return chain.push({ node, index });
    const value = node.attribute.length === 1 ? attributeOf(node, index, 'value', AttributeType.TENSOR) : undefined;
    if (!value?.t || node.output.length !== 1) throw typeError(OP, `${nodeLabel(node, index)}: only a Constant with one tensor 'value' is read`);
    add(node.output[0], value.t, nodeLabel(node, index));
  });
  return { inits, chain };
}

/** The one data input: its name and its shape without batch, in ONNX's terms ([features], [steps, features] or [c, h, w]). */
function graphInput(g: OnnxGraph, inits: ReadonlyMap<string, OnnxTensor>): { name: string; shape: number[] } {
  const inputs = g.input.filter((v) => !inits.has(v.name));
  if (inputs.length !== 1) throw new RangeError(`${OP}: the graph has ${inputs.length} data inputs (${inputs.map((v) => JSON.stringify(v.name)).join(', ')}), expected 1`);
  const v = inputs[0];
  const where = `the graph input ${JSON.stringify(v.name)}`;
  const type = v.type?.tensorType;
  if (!type) throw typeError(OP, `${where} is not a tensor`);
  if (type.elemType !== DataType.FLOAT) throw typeError(OP, `${where} has element type ${dataTypeName(type.elemType)}; simdnet reads FLOAT inputs`);
  const dims = valueInfoShape(v);
  if (dims === null) throw new RangeError(`${OP}: ${where} has no shape; simdnet needs [batch, features], [batch, steps, features] or [batch, channels, height, width]`);
  const rest = dims.slice(1);
  const sizes = rest.filter((d): d is number => typeof d === 'number' && d >= 1);
  if (dims.length < 2 || dims.length > 4 || sizes.length !== rest.length) {
    throw new RangeError(`${OP}: ${where} has shape [${dims.map((d) => d ?? '?').join(', ')}]; simdnet reads [batch, features], [batch, steps, features] (batch first) or [batch, channels, height, width] with known sizes after the batch`);
  }
  if (sizes.reduce((a, b) => a * b, 1) > MAX_INPUT_SIZE) throw new RangeError(`${OP}: ${where} has more than 2^31 − 1 values per sample`);
  return { name: v.name, shape: sizes };
}

/**
 * Decodes and checks an ONNX model into the plain description fromOnnx builds (nothing is allocated on a backend):
 * a truncated or corrupt file is a RangeError, an op outside the subset a TypeError naming the node and its op type,
 * a graph that is not a chain of layers or has wrong sizes a RangeError naming the node.
 *
 * ```ts
 * parseOnnx(bytes).layers.map((l) => `${l.source} → ${l.config.kind}`); // ['node "/0/Gemm" (Gemm) → dense', …]
 * ```
 */
export function parseOnnx(bytes: Uint8Array | ArrayBuffer): ImportedModel {
  let m: OnnxModel;
  try {
    m = decodeModel(bytes);
  } catch (e) {
    throw asFromOnnx(e);
  }
  checkOpset(m);
  const g = m.graph;
  const { inits, chain } = constantsOf(g);
  const input = graphInput(g, inits);
  if (g.output.length !== 1) throw new RangeError(`${OP}: the graph has ${g.output.length} outputs, expected 1`);
  const output = g.output[0].name;
  const s = new OnnxImport(chain, inits, input.name, input.shape, [output]);
  while (s.peek()) {
    const { node, index } = s.take();
    if (!DEFAULT_DOMAINS.includes(node.domain)) throw typeError(OP, `${nodeLabel(node, index)}: domain ${JSON.stringify(node.domain)} is not supported (only the default ONNX operators)`);
    const importer = sequenceImporter(node, index, s) ?? (Object.hasOwn(ONNX_IMPORTERS, node.opType) ? ONNX_IMPORTERS[node.opType] : undefined);
    if (!importer) {
      throw typeError(OP, `${nodeLabel(node, index)}: op type ${JSON.stringify(node.opType)} is not supported; simdnet reads Gemm, MatMul (+ Add), Relu, LeakyRelu, Tanh, Sigmoid, Softmax, Dropout, BatchNormalization, Sub (+ Mul or Div), Conv, MaxPool, AveragePool, GlobalAveragePool, Flatten, LSTM, GRU, RNN (with the Reshape, Transpose, Squeeze and Gather around them), toOnnx's image adapters and step (Greater + Cast)`);
    }
    importer(node, index, s);
  }
  endSequences(s);
  if (s.current !== output) throw new RangeError(`${OP}: the graph output ${JSON.stringify(output)} is not the end of the chain of nodes (${JSON.stringify(s.current)} is)`);
  if (s.rowOrder) throw typeError(OP, "the graph ends with an image flattened in C·H·W order (PyTorch's), which simdnet's H·W·C rows give only through a dense layer after it");
  const imported: ImportedModel = { inputShape: s.inputShape, layers: s.layers };
  checkImported(OP, imported);
  return imported;
}

/**
 * Reads an ONNX model (PyTorch's `torch.onnx.export` at opsets 13–17, or `toOnnx`) into a Sequential on the current
 * backend: Gemm (any transB, alpha, beta) or MatMul + Add → dense, Relu / LeakyRelu / Tanh / Sigmoid → the
 * activation layers (a trailing Sigmoid or Softmax too: the model then predicts probabilities), Dropout → dropout,
 * BatchNormalization → batchNorm, Sub (+ Mul or Div) by constants → normalize, Conv / MaxPool / AveragePool /
 * GlobalAveragePool / Flatten → the image layers (an NCHW graph input becomes NHWC rows), LSTM / GRU / RNN → the
 * recurrent layers. Everything is checked before
 * anything is built; the model trains like any other.
 *
 * ```ts
 * const model = fromOnnx(readFileSync('mlp.onnx'));   // exported by torch.onnx.export(net, x, 'mlp.onnx')
 * model.predict([[0.1, 0.2, 0.3]]);
 * ```
 */
export function fromOnnx(bytes: Uint8Array | ArrayBuffer): Sequential {
  return buildImported(OP, parseOnnx(bytes));
}
