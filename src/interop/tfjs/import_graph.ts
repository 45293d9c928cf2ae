/** The state fromTfjs reads a Keras Sequential with: the weights by name (checked against the bytes), the running sample shape, and typed config readers. */

import type { LayerConfig, Shape } from '../../nn/layer.js';
import { badValue, unsupported, type ImportedLayer } from '../imported.js';
import type { KerasLayerJson, TfjsWeightSpec } from './tfjs_types.js';

export const OP = 'fromTfjs';

/** `layer "dense_1" (Dense)`, or `layer 3 (Dense)` without a name; names quoted as JSON (class names too, unless plain words). */
export function kerasLabel(layer: KerasLayerJson, index: number): string {
  const name = layer.config?.name;
  const cls = /^[A-Za-z][\w.]*$/.test(layer.class_name) ? layer.class_name : JSON.stringify(layer.class_name);
  return `${typeof name === 'string' ? `layer ${JSON.stringify(name)}` : `layer ${index}`} (${cls})`;
}

/** A weight from the manifest with its values. */
export interface KerasWeight {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Walks the Keras layers in order; importers push simdnet layers and leave `shape` after them. */
export class KerasImport {
  readonly layers: ImportedLayer[] = [];
  /** The input shape without batch (set by the first layer's batch_input_shape or an InputLayer). */
  inputShape: Shape | null = null;
  /** The running sample shape (NHWC, as Keras and simdnet agree). */
  shape: number[] = [];
  private readonly used = new Set<string>();

  constructor(private readonly weightsByName: ReadonlyMap<string, KerasWeight>) {}

  unsupported(layer: KerasLayerJson, index: number, message: string): TypeError {
    return unsupported(OP, kerasLabel(layer, index), message);
  }
  bad(layer: KerasLayerJson, index: number, message: string): RangeError {
    return badValue(OP, kerasLabel(layer, index), message);
  }

  /**
   * The layer's weight `short` (`kernel`, `bias`) named `${layer}/${short}` in the manifest (or, for converter
   * output with a scope in front, the one name ending in `/${layer}/${short}`), checked to have `shape`; undefined
   * when absent and not `required`.
   */
  weight(layer: KerasLayerJson, index: number, short: string, shape: readonly number[], required = true): Float32Array | undefined {
    const full = `${layer.config.name}/${short}`;
    let key: string | undefined = this.weightsByName.has(full) ? full : undefined;
    if (key === undefined) {
      const found = [...this.weightsByName.keys()].filter((k) => k.endsWith(`/${full}`));
      if (found.length > 1) throw this.bad(layer, index, `several weights end with ${JSON.stringify(full)}: ${found.join(', ')}`);
      key = found[0];
    }
    if (key === undefined) {
      if (required) throw this.bad(layer, index, `the weights manifest has no ${JSON.stringify(full)}`);
      return undefined;
    }
    const w = this.weightsByName.get(key)!;
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      throw this.bad(layer, index, `weight ${JSON.stringify(key)} has shape [${w.shape.join(', ')}], expected [${shape.join(', ')}]`);
    }
    this.used.add(key);
    return w.data;
  }

  /** Names of weights no layer took (a manifest for another model, or layers this reader skipped). */
  unused(): string[] {
    return [...this.weightsByName.keys()].filter((k) => !this.used.has(k));
  }

  push(layer: KerasLayerJson, index: number, config: LayerConfig, weights: Record<string, Float32Array> = {}): void {
    this.layers.push({ config, weights, source: kerasLabel(layer, index) });
  }

  /** Pushes the simdnet layer for a Keras activation name ('linear' adds none); others are refused by name. */
  activation(layer: KerasLayerJson, index: number, name: unknown): void {
    if (name === undefined || name === null || name === 'linear') return;
    if (name === 'relu' || name === 'tanh' || name === 'sigmoid' || name === 'softmax') return this.push(layer, index, { kind: name });
    throw this.unsupported(layer, index, `activation ${JSON.stringify(name)} is not supported (simdnet reads linear, relu, tanh, sigmoid, softmax)`);
  }
}

/** Checks a manifest entry: a name, a shape of non-negative integers, float32 without quantization. Returns its value count. */
export function checkSpec(spec: unknown, at: string): number {
  const s = spec as Partial<TfjsWeightSpec> | null;
  if (!s || typeof s !== 'object' || typeof s.name !== 'string') throw new TypeError(`${OP}: ${at} is not a weight entry { name, shape, dtype }`);
  const where = `weight ${JSON.stringify(s.name)}`;
  if (s.quantization !== undefined && s.quantization !== null) throw new TypeError(`${OP}: ${where} is quantized, which simdnet does not read`);
  if (s.dtype !== 'float32') throw new TypeError(`${OP}: ${where} has dtype ${JSON.stringify(s.dtype)}; simdnet reads float32 weights`);
  if (!Array.isArray(s.shape) || !s.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new RangeError(`${OP}: ${where} has shape ${JSON.stringify(s.shape)}, not a list of sizes`);
  const count = s.shape.reduce((a: number, b: number) => a * b, 1);
  if (!Number.isSafeInteger(count)) throw new RangeError(`${OP}: ${where} has more than 2^53 values`);
  return count;
}
