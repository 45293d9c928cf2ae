/** The TensorFlow.js (Keras) importers of the image layers: Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D and Flatten of images. */

import { axis } from '../../backend/geometry.js';
import type { KerasImport } from './import_graph.js';
import type { KerasLayerJson } from './tfjs_types.js';

type Importer = (layer: KerasLayerJson, index: number, s: KerasImport) => void;

/** The running sample as an image [h, w, c]; a RangeError naming the layer otherwise. */
function image(layer: KerasLayerJson, index: number, s: KerasImport): [number, number, number] {
  if (s.shape.length !== 3) throw s.bad(layer, index, `expects [height, width, channels] input, got [${s.shape.join(', ')}]`);
  return [s.shape[0], s.shape[1], s.shape[2]];
}

/** A Keras size pair (`3` or `[3, 3]`), or `fallback` when null / absent. */
function pair(layer: KerasLayerJson, index: number, s: KerasImport, name: string, fallback: number[]): [number, number] {
  const raw = layer.config[name] ?? fallback;
  const v = typeof raw === 'number' ? [raw, raw] : raw;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((d) => Number.isInteger(d) && d >= 1 && d <= 65536)) {
    throw s.bad(layer, index, `${name} must be a size or 2 sizes from 1 to 65536, got ${JSON.stringify(raw)}`);
  }
  return [v[0], v[1]];
}

/** padding 'valid' | 'same' and data_format channels_last (the only layout simdnet reads); the output shape [ho, wo]. */
function windowOf(layer: KerasLayerJson, index: number, s: KerasImport, hw: number[], k: number[], st: number[]): { padding: 'valid' | 'same'; out: number[] } {
  const padding = layer.config.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') throw s.unsupported(layer, index, `padding ${JSON.stringify(padding)} is not supported (valid or same)`);
  const format = layer.config.data_format ?? 'channels_last';
  if (format !== 'channels_last') throw s.unsupported(layer, index, `data_format ${JSON.stringify(format)} is not supported (simdnet's images are channels_last)`);
  const [y, x] = [axis(hw[0], k[0], st[0], padding), axis(hw[1], k[1], st[1], padding)];
  if (y.out < 1 || x.out < 1) throw s.bad(layer, index, `the ${k[0]}×${k[1]} window is larger than the ${hw[0]}×${hw[1]} input`);
  return { padding, out: [y.out, x.out] };
}

/** Conv2D { filters, kernel_size, strides, padding } → conv2d with kernel [kh, kw, cin, cout] as W (no transpose); its activation after it. */
function importConv2D(layer: KerasLayerJson, index: number, s: KerasImport): void {
  const c = layer.config;
  const [h, w, cin] = image(layer, index, s);
  const filters = c.filters;
  if (!Number.isSafeInteger(filters) || (filters as number) < 1) throw s.bad(layer, index, `filters must be a positive integer, got ${JSON.stringify(filters)}`);
  const k = pair(layer, index, s, 'kernel_size', []), st = pair(layer, index, s, 'strides', [1, 1]);
  const d = pair(layer, index, s, 'dilation_rate', [1, 1]);
  if (d[0] !== 1 || d[1] !== 1) throw s.unsupported(layer, index, `dilation_rate [${d.join(', ')}] is not supported (only 1)`);
  if ((c.groups ?? 1) !== 1) throw s.unsupported(layer, index, `groups ${JSON.stringify(c.groups)} is not supported (only 1)`);
  const { padding, out } = windowOf(layer, index, s, [h, w], k, st);
  const useBias = c.use_bias ?? true;
  if (typeof useBias !== 'boolean') throw s.unsupported(layer, index, `use_bias must be true or false, got ${JSON.stringify(useBias)}`);
  const n = filters as number;
  const W = s.weight(layer, index, 'kernel', [k[0], k[1], cin, n])!;
  const b = useBias ? s.weight(layer, index, 'bias', [n])! : new Float32Array(n);
  s.push(layer, index, { kind: 'conv2d', filters: n, kernelSize: k, strides: st, padding }, { W, b });
  s.shape = [out[0], out[1], n];
  s.activation(layer, index, c.activation);
}

/** MaxPooling2D / AveragePooling2D { pool_size (default 2), strides (null: the pool size), padding }. */
function pool(kind: 'maxPool2d' | 'avgPool2d'): Importer {
  return (layer, index, s) => {
    const [h, w, c] = image(layer, index, s);
    const k = pair(layer, index, s, 'pool_size', [2, 2]), st = pair(layer, index, s, 'strides', k);
    const { padding, out } = windowOf(layer, index, s, [h, w], k, st);
    s.push(layer, index, { kind, poolSize: k, strides: st, padding });
    s.shape = [out[0], out[1], c];
  };
}

/** GlobalAveragePooling2D (channels_last, keepdims false) → globalAvgPool2d: [h, w, c] → [c]. */
function importGlobalAveragePooling2D(layer: KerasLayerJson, index: number, s: KerasImport): void {
  const [, , c] = image(layer, index, s);
  const format = layer.config.data_format ?? 'channels_last';
  if (format !== 'channels_last') throw s.unsupported(layer, index, `data_format ${JSON.stringify(format)} is not supported (simdnet's images are channels_last)`);
  if (layer.config.keepdims === true) throw s.unsupported(layer, index, 'keepdims true is not supported (simdnet gives [channels])');
  s.push(layer, index, { kind: 'globalAvgPool2d' });
  s.shape = [c];
}

/** Flatten: of an image flatten() (Keras flattens NHWC in simdnet's order: the next Dense keeps its kernel); of [features] nothing. */
export function importFlatten(layer: KerasLayerJson, index: number, s: KerasImport): void {
  const format = layer.config.data_format ?? 'channels_last';
  if (s.shape.length === 1) return;
  if (format !== 'channels_last') throw s.unsupported(layer, index, `data_format ${JSON.stringify(format)} is not supported (simdnet's images are channels_last)`);
  s.push(layer, index, { kind: 'flatten' });
  s.shape = [s.shape.reduce((a, b) => a * b, 1)];
}

/** The image layers' importers (see the conventions in import_layers.ts). */
export const TFJS_CONV_IMPORTERS: Readonly<Record<string, Importer>> = {
  Conv2D: importConv2D,
  MaxPooling2D: pool('maxPool2d'),
  AveragePooling2D: pool('avgPool2d'),
  GlobalAveragePooling2D: importGlobalAveragePooling2D,
  Flatten: importFlatten,
};
