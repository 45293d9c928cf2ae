/** The cost of a batch-norm and of a dropout layer per training step, measured through fit's step, against the dense layer they follow. */

import { setBackend } from '../../src/backend/index.js';
import { batchNorm, dense, dropout, relu, sequential, sgd, type Layer, type Sequential } from '../../src/index.js';
import { Random } from '../../src/random.js';
import type { Contender } from './contenders.js';

/**
 * The models timed, each one fit step on a batch of 64 MNIST-sized rows:
 * - `head`: dense(128→10) alone on 128 columns (what is left when the first dense layer is taken away);
 * - `dense`: dense(784→128) → relu → dense(128→10) (dense and relu run as one fused kernel);
 * - `+batchNorm`: batchNorm(128) between the first dense and its relu (which then runs on its own);
 * - `+dropout`: dropout(0.5) after the relu; `+both`: the two.
 * The first dense layer's cost per step is `dense − head`; each added layer's is `variant − dense`.
 */
export const LAYER_VARIANTS = ['head', 'dense', '+batchNorm', '+dropout', '+both'] as const;
export type LayerVariant = (typeof LAYER_VARIANTS)[number];

export interface LayersProblem {
  rows: number;
  inputs: number;
  hidden: number;
  classes: number;
  x: Float32Array;
  labels: Int32Array;
}

/** 64 rows of 784 seeded values in [0, 1) (MNIST's range) and labels 0–9. */
export function layersProblem(rows = 64, inputs = 784, hidden = 128, classes = 10): LayersProblem {
  const rng = new Random(11);
  return { rows, inputs, hidden, classes, x: Float32Array.from({ length: rows * inputs }, () => rng.next()), labels: Int32Array.from({ length: rows }, () => rng.int(classes)) };
}

function layersOf(v: LayerVariant, p: LayersProblem): Layer[] {
  if (v === 'head') return [dense(p.hidden, p.classes)];
  const [first, last] = [dense(p.inputs, p.hidden), dense(p.hidden, p.classes)];
  const norm = v === '+batchNorm' || v === '+both' ? [batchNorm()] : [];
  const drop = v === '+dropout' || v === '+both' ? [dropout(0.5)] : [];
  return [first, ...norm, relu(), ...drop, last];
}

export interface LayersCase {
  model: Sequential;
  /** `n` training steps: ONE fit call of n full-batch epochs (data uploaded once per call). Resolves with the last loss. */
  steps(n: number): Promise<number>;
  dispose(): void;
}

/** A variant's model on a simdnet contender's backend, trained with SGD through `fit` (the path users take). */
export function layersCase(c: 'simdnet-wasm' | 'simdnet-ts', v: LayerVariant, p: LayersProblem): LayersCase {
  setBackend(c === 'simdnet-wasm' ? 'wasm' : 'ts');
  const model = sequential(layersOf(v, p), { seed: 0 });
  const cols = model.inputSize;
  const data = cols === p.inputs ? p.x : Float32Array.from({ length: p.rows * cols }, (_, i) => p.x[Math.floor(i / cols) * p.inputs + (i % cols)]);
  const x = { data, shape: [p.rows, cols] as const };
  const optimizer = sgd({ lr: 0.01 });
  return {
    model,
    async steps(n) {
      const h = await model.fit(x, p.labels, { loss: 'softmaxCrossEntropy', optimizer, epochs: n, batchSize: p.rows, yieldEvery: Infinity, seed: 0 });
      return h.loss[h.loss.length - 1];
    },
    dispose: () => model.dispose(),
  };
}

/** One measured variant: µs per step. */
export interface LayerTime {
  contender: Contender;
  variant: LayerVariant;
  us: number;
}

/**
 * The markdown table of the layer costs: per contender, each variant's µs per step, what the added layer costs
 * (variant − dense), and that cost as a share of the first dense layer's (dense − head).
 */
export function layersTable(times: readonly LayerTime[]): string[] {
  if (!times.length) return [];
  const out = [
    '### A batch-norm and a dropout layer per training step, against the dense layer they follow (µs per step, lower is better)',
    '',
    'One `fit` step (full batch of 64 rows, SGD) of dense(784→128) → relu → dense(128→10); `head` is dense(128→10) alone, so the first dense layer (with its fused relu) costs `dense − head`; each added layer costs `variant − dense`.',
    '',
    '| contender | model | µs per step | added by the layer | ÷ the dense(784→128) layer |',
    '|---|---|---:|---:|---:|',
  ];
  const label: Record<LayerVariant, string> = {
    head: 'dense(128→10) alone', dense: 'dense(784→128) → relu → dense(128→10)', '+batchNorm': '+ batchNorm(128) before the relu',
    '+dropout': '+ dropout(0.5) after the relu', '+both': '+ both',
  };
  for (const c of [...new Set(times.map((t) => t.contender))]) {
    const get = (v: LayerVariant) => times.find((t) => t.contender === c && t.variant === v)?.us;
    const [head, base] = [get('head'), get('dense')];
    const denseCost = head !== undefined && base !== undefined ? base - head : undefined;
    for (const v of LAYER_VARIANTS) {
      const us = get(v);
      if (us === undefined) continue;
      const added = v.startsWith('+') && base !== undefined ? us - base : undefined;
      const share = added !== undefined && denseCost ? `${((100 * added) / denseCost).toFixed(1)}%` : v === 'dense' && denseCost !== undefined ? `(${denseCost.toFixed(1)} µs)` : '';
      out.push(`| ${c} | ${label[v]} | ${us.toFixed(1)} | ${added !== undefined ? added.toFixed(1) : ''} | ${share} |`);
    }
  }
  return out;
}
