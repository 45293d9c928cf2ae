/** Attribute builders (one per AttributeProto type) and a typed look-up of a node's attribute. */

import { typeError, rangeError } from '../../errors.js';
import { AttributeType, type OnnxAttribute, type OnnxNode, type OnnxTensor } from './onnx_types.js';
import type { Int64 } from './wire.js';

/** `{ name, type: FLOAT, f }`, e.g. Gemm's alpha. */
export function floatAttr(name: string, f: number): OnnxAttribute {
  return { name, type: AttributeType.FLOAT, f };
}

/** `{ name, type: INT, i }`, e.g. `intAttr('transB', 0)`. */
export function intAttr(name: string, i: Int64): OnnxAttribute {
  return { name, type: AttributeType.INT, i };
}

/** `{ name, type: STRING, s }`, e.g. Conv's auto_pad. */
export function stringAttr(name: string, s: string): OnnxAttribute {
  return { name, type: AttributeType.STRING, s };
}

/** `{ name, type: TENSOR, t }`, e.g. a Constant's value. */
export function tensorAttr(name: string, t: OnnxTensor): OnnxAttribute {
  return { name, type: AttributeType.TENSOR, t };
}

/** `{ name, type: FLOATS, floats }`. */
export function floatsAttr(name: string, floats: readonly number[]): OnnxAttribute {
  return { name, type: AttributeType.FLOATS, floats: [...floats] };
}

/** `{ name, type: INTS, ints }`, e.g. `intsAttr('kernel_shape', [3, 3])`. */
export function intsAttr(name: string, ints: readonly Int64[]): OnnxAttribute {
  return { name, type: AttributeType.INTS, ints: [...ints] };
}

/** `{ name, type: STRINGS, strings }`. */
export function stringsAttr(name: string, strings: readonly string[]): OnnxAttribute {
  return { name, type: AttributeType.STRINGS, strings: [...strings] };
}

/**
 * The attribute `name` of `node`, or undefined when the node does not set it (the operator's default applies).
 * A RangeError names the node when the attribute has another type than `type`.
 *
 * ```ts
 * const transB = getAttribute(node, 'transB', AttributeType.INT)?.i ?? 0;
 * ```
 */
export function getAttribute(node: OnnxNode, name: string, type: number, op = 'getAttribute'): OnnxAttribute | undefined {
  if (typeof node !== 'object' || node === null || !Array.isArray(node.attribute)) throw typeError(op, 'expected a node with an attribute list');
  const a = node.attribute.find((x) => x.name === name);
  if (a !== undefined && a.type !== type) {
    const label = node.name ? `${node.opType} node "${node.name}"` : `${node.opType} node`;
    throw rangeError(op, `${label}: attribute "${name}" has type ${a.type}, expected ${type}`);
  }
  return a;
}
