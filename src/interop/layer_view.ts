/** What the exporters read from a model: each layer's config, shapes and weights by name (copies), checked before any writing starts. */

import { typeError } from '../errors.js';
import type { Layer, LayerConfig, LayerKind, Shape } from '../nn/layer.js';
import { Network } from '../nn/network.js';

/** One layer as an exporter sees it. */
export interface LayerView {
  /** Position in the model (0-based). */
  readonly index: number;
  readonly layer: Layer;
  readonly kind: LayerKind;
  readonly config: LayerConfig;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  /** Copies of the layer's weights by name, in simdnet's layouts (dense: W [in × out] row-major, b [out]). */
  readonly weights: Readonly<Record<string, Float32Array>>;
  /** `layer 2 (dense(16→1))`, for messages. */
  readonly label: string;
}

/** The model's layers as views; a TypeError when `model` is not a simdnet model, a StateError when it was disposed. */
export function layerViews(op: string, model: unknown): LayerView[] {
  if (!(model instanceof Network)) throw typeError(op, `expected a simdnet model (sequential(), mlp(), loadModel()), got ${model === null ? 'null' : typeof model}`);
  model.assertAlive(op);
  return model.layers.map((layer, index) => {
    const weights: Record<string, Float32Array> = {};
    for (const w of layer.weights()) weights[w.name] = model.backend.read(w.value);
    return {
      index, layer, kind: layer.kind, config: layer.config(), inputShape: layer.inputShape, outputShape: layer.outputShape, weights,
      label: `layer ${index} (${layer})`,
    };
  });
}

/** Throws a TypeError naming the first layer whose kind `table` has no entry for: checked before anything is written. */
export function checkExportable(op: string, views: readonly LayerView[], table: Partial<Record<LayerKind, unknown>>, format: string): void {
  const missing = views.find((v) => table[v.kind] === undefined);
  if (missing) throw typeError(op, `${missing.label}: ${format} export of layer kind '${missing.kind}' is not supported yet`);
}
