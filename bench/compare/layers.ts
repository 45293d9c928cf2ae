/** The cost of a batch-norm and of a dropout layer per training step, timed inside fit's steps, against the dense layer they follow. */

import { setBackend } from '../../src/backend/index.js';
import { batchNorm, dense, dropout, relu, sequential, sgd, type Layer, type Sequential } from '../../src/index.js';
import { Random } from '../../src/random.js';
import type { Contender } from './contenders.js';

/**
 * The models timed, each trained by `fit` on one batch of 64 MNIST-sized rows:
 * - `dense`: dense(784→128) → relu → dense(128→10) (dense and relu run as one fused kernel);
 * - `+batchNorm`: batchNorm(128) between the first dense and its relu (which then runs on its own);
 * - `+dropout`: dropout(0.5) after the relu; `+both`: the two.
 * Every layer's forward, backward and step hooks are timed inside each step (performance.now around the calls; the
 * median over steps shrugs off the steps another process interrupted), and the whole step too.
 */
export const LAYER_VARIANTS = ['dense', '+batchNorm', '+dropout', '+both'] as const;
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
  const [first, last] = [dense(p.inputs, p.hidden), dense(p.hidden, p.classes)];
  const norm = v === '+batchNorm' || v === '+both' ? [batchNorm()] : [];
  const drop = v === '+dropout' || v === '+both' ? [dropout(0.5)] : [];
  return [first, ...norm, relu(), ...drop, last];
}

/** The layer kinds whose time is reported; the first dense layer is told apart from the last. */
export const TIMED = ['dense(784→128)', 'batchNorm', 'relu', 'dropout'] as const;
export type Timed = (typeof TIMED)[number];

export interface LayersCase {
  model: Sequential;
  /** `n` training steps: ONE fit call of n full-batch epochs (data uploaded once per call). Resolves with the last loss. */
  steps(n: number): Promise<number>;
  /** µs spent in each timed layer, one entry per step so far (0 for a layer the model does not have). */
  readonly perStep: Record<Timed, number[]>;
  dispose(): void;
}

/** Wraps the methods fit calls on `layer` so that their time adds to `acc[key]`. */
function timeLayer(layer: Layer, acc: Record<Timed, number>, key: Timed): void {
  const target = layer as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ['forward', 'forwardFused', 'backward', 'beginStep', 'endStep']) {
    const f = target[name];
    if (typeof f !== 'function') continue;
    target[name] = function timed(this: unknown, ...args: unknown[]) {
      const t = performance.now();
      try {
        return f.apply(this, args);
      } finally {
        acc[key] += (performance.now() - t) * 1000;
      }
    };
  }
}

/** A variant's model on a simdnet contender's backend, trained with SGD through `fit` (the path users take), its layers timed. */
export function layersCase(c: 'simdnet-wasm' | 'simdnet-ts', v: LayerVariant, p: LayersProblem): LayersCase {
  setBackend(c === 'simdnet-wasm' ? 'wasm' : 'ts');
  const model = sequential(layersOf(v, p), { seed: 0 });
  const acc: Record<Timed, number> = { 'dense(784→128)': 0, batchNorm: 0, relu: 0, dropout: 0 };
  const perStep: Record<Timed, number[]> = { 'dense(784→128)': [], batchNorm: [], relu: [], dropout: [] };
  model.layers.forEach((l, i) => {
    const key = i === 0 ? 'dense(784→128)' : (TIMED as readonly string[]).includes(l.kind) ? (l.kind as Timed) : null;
    if (key) timeLayer(l, acc, key);
  });
  const x = { data: p.x, shape: [p.rows, p.inputs] as const };
  const optimizer = sgd({ lr: 0.01 });
  const onBatchEnd = () => {
    for (const k of TIMED) {
      perStep[k].push(acc[k]);
      acc[k] = 0;
    }
  };
  return {
    model,
    perStep,
    async steps(n) {
      const h = await model.fit(x, p.labels, { loss: 'softmaxCrossEntropy', optimizer, epochs: n, batchSize: p.rows, yieldEvery: Infinity, seed: 0, onBatchEnd });
      return h.loss[h.loss.length - 1];
    },
    dispose: () => model.dispose(),
  };
}

/** One measured figure of a variant: the whole step, or one layer's share of it (µs per step). */
export interface LayerTime {
  contender: Contender;
  variant: LayerVariant;
  part: 'step' | Timed;
  us: number;
}

/**
 * The markdown table: per contender and model, the median µs per step of the whole step and of each timed layer, and
 * the batch-norm and dropout layers' time as a share of the dense(784→128) layer's in the same steps.
 */
export function layersTable(times: readonly LayerTime[]): string[] {
  if (!times.length) return [];
  const out = [
    '### A batch-norm and a dropout layer per training step, against the dense layer they follow (µs per step, medians)',
    '',
    "Each model is trained by `fit` (full batch of 64 rows of 784 values, SGD); every layer's forward, backward and step hooks are timed inside each step with `performance.now` (wall clock), the median taken over the steps, which leaves out the steps another process interrupted; the whole-step column follows `--clock`. The dense(784→128) column includes the relu's forward when the two run fused (the plain model and `+dropout`: the relu column is then its backward alone); with batch norm between them the relu runs on its own.",
    '',
    '| contender | model | whole step | dense(784→128) | batchNorm(128) | relu | dropout(0.5) | batchNorm ÷ dense | dropout ÷ dense |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const label: Record<LayerVariant, string> = { dense: 'dense(784→128) → relu → dense(128→10)', '+batchNorm': '+ batchNorm before the relu', '+dropout': '+ dropout after the relu', '+both': '+ both' };
  for (const c of [...new Set(times.map((t) => t.contender))]) {
    for (const v of LAYER_VARIANTS) {
      const get = (part: LayerTime['part']) => times.find((t) => t.contender === c && t.variant === v && t.part === part)?.us;
      if (get('step') === undefined) continue;
      const cell = (u: number | undefined) => (u === undefined || u === 0 ? '' : u.toFixed(1));
      const d = get('dense(784→128)');
      const share = (u: number | undefined) => (u && d ? `${((100 * u) / d).toFixed(1)}%` : '');
      out.push(`| ${c} | ${label[v]} | ${cell(get('step'))} | ${cell(d)} | ${cell(get('batchNorm'))} | ${cell(get('relu'))} | ${cell(get('dropout'))} | ${share(get('batchNorm'))} | ${share(get('dropout'))} |`);
    }
  }
  return out;
}
