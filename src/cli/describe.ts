/** A model's shape in words: layer list, topology string and parameter count, from its layer configs. */

import type { LayerConfig } from '../nn/module.js';

export interface ModelSummary {
  /** `784-128-64-10` (dense widths). */
  topology: string;
  /** `dense(784→128) → relu → …` */
  layers: string;
  parameters: number;
  /** One row per layer: name, output width, parameter count. */
  rows: { layer: string; outputs: number; parameters: number }[];
}

function layerName(c: LayerConfig): string {
  if (c.kind === 'dense') return `dense(${c.inputSize}→${c.outputSize})`;
  if (c.kind === 'leakyRelu') return `leakyRelu(${c.alpha})`;
  return c.kind;
}

/**
 * Summarises layer configs (from `model.layers.map((l) => l.config())` or `parseModel(bytes).layers`).
 *
 * ```ts
 * summarize(parseModel(readFileSync('model.bin')).layers).parameters; // 109386 for 784-128-64-10
 * ```
 */
export function summarize(configs: readonly LayerConfig[]): ModelSummary {
  const rows = configs.map((c) => ({
    layer: layerName(c),
    outputs: c.outputSize,
    parameters: c.kind === 'dense' ? c.inputSize * c.outputSize + c.outputSize : 0,
  }));
  const dense = configs.filter((c) => c.kind === 'dense');
  const widths = dense.length ? [dense[0].inputSize, ...dense.map((c) => c.outputSize)] : [];
  return {
    topology: widths.join('-'),
    layers: rows.map((r) => r.layer).join(' → '),
    parameters: rows.reduce((s, r) => s + r.parameters, 0),
    rows,
  };
}

/** `109386` → `109,386`. */
export function fmtCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes as `427.5 KiB`. */
export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}
