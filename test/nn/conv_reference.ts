/** Test helper: an independent f64 reference of image models (conv2d, pooling, flatten, dense, activations), from the textbook definitions, with its loss and central-difference gradients. */

import { expect } from 'vitest';
import type { LayerConfig } from '../../src/nn/layer.js';
import { maxRelDiff } from './reference.js';

/** One sample: values at [y][x][c] of an h×w×c image, or a [features] vector (h = w = 1). */
interface Img { h: number; w: number; c: number; v: Float64Array }

/** A layer of the reference: its config as `layer.config()` gives it, and its weights (flat, row-major) by name. */
export interface RefLayer { config: LayerConfig; W?: Float64Array; b?: Float64Array }

const at = (m: Img, y: number, x: number, c: number) => m.v[(y * m.w + x) * m.c + c];

/** TensorFlow's 'same' rule, written out again: ⌈n / s⌉ outputs, the odd padded pixel after. */
function pads(n: number, k: number, s: number, padding: string): { out: number; before: number } {
  if (padding === 'valid') return { out: Math.floor((n - k) / s) + 1, before: 0 };
  const out = Math.ceil(n / s);
  return { out, before: Math.floor(Math.max((out - 1) * s + k - n, 0) / 2) };
}

/** Calls f(oy, ox, positions inside the input) for every window. */
function windows(m: Img, k: number[], s: number[], padding: string, f: (oy: number, ox: number, inside: [number, number][], taps: [number, number, number, number][]) => void): { ho: number; wo: number } {
  const ry = pads(m.h, k[0], s[0], padding), rx = pads(m.w, k[1], s[1], padding);
  for (let oy = 0; oy < ry.out; oy++) {
    for (let ox = 0; ox < rx.out; ox++) {
      const inside: [number, number][] = [], taps: [number, number, number, number][] = [];
      for (let ky = 0; ky < k[0]; ky++) {
        for (let kx = 0; kx < k[1]; kx++) {
          const iy = oy * s[0] - ry.before + ky, ix = ox * s[1] - rx.before + kx;
          if (iy >= 0 && iy < m.h && ix >= 0 && ix < m.w) { inside.push([iy, ix]); taps.push([ky, kx, iy, ix]); }
        }
      }
      f(oy, ox, inside, taps);
    }
  }
  return { ho: ry.out, wo: rx.out };
}

function conv(m: Img, l: RefLayer): Img {
  const c = l.config, cout = c.filters as number, k = c.kernelSize as number[];
  const ho = pads(m.h, k[0], (c.strides as number[])[0], c.padding as string).out, wo = pads(m.w, k[1], (c.strides as number[])[1], c.padding as string).out;
  const out: Img = { h: ho, w: wo, c: cout, v: new Float64Array(ho * wo * cout) };
  windows(m, k, c.strides as number[], c.padding as string, (oy, ox, _inside, taps) => {
    for (let co = 0; co < cout; co++) {
      let s = l.b![co];
      // zero padding adds nothing: only the taps inside the input count
      for (const [ky, kx, iy, ix] of taps) for (let ci = 0; ci < m.c; ci++) s += at(m, iy, ix, ci) * l.W![((ky * k[1] + kx) * m.c + ci) * cout + co];
      out.v[(oy * wo + ox) * cout + co] = s;
    }
  });
  return out;
}

function pool(m: Img, c: LayerConfig): Img {
  const k = c.poolSize as number[], s = c.strides as number[], max = c.kind === 'maxPool2d';
  const vals: number[][] = [];
  const { ho, wo } = windows(m, k, s, c.padding as string, (_oy, _ox, inside) => {
    for (let ch = 0; ch < m.c; ch++) {
      const xs = inside.map(([iy, ix]) => at(m, iy, ix, ch));
      vals.push([max ? Math.max(...xs) : xs.reduce((a, b) => a + b, 0) / xs.length]);
    }
  });
  return { h: ho, w: wo, c: m.c, v: Float64Array.from(vals.flat()) };
}

function elementwise(m: Img, f: (v: number) => number): Img {
  return { ...m, v: m.v.map(f) };
}

function layerForward(m: Img, l: RefLayer): Img {
  const c = l.config;
  switch (c.kind) {
    case 'conv2d': return conv(m, l);
    case 'maxPool2d': case 'avgPool2d': return pool(m, c);
    case 'globalAvgPool2d': {
      const v = new Float64Array(m.c);
      for (let y = 0; y < m.h; y++) for (let x = 0; x < m.w; x++) for (let ch = 0; ch < m.c; ch++) v[ch] += at(m, y, x, ch) / (m.h * m.w);
      return { h: 1, w: 1, c: m.c, v };
    }
    case 'flatten': return { h: 1, w: 1, c: m.v.length, v: m.v };
    case 'dense': {
      const n = m.v.length, units = c.units as number, v = new Float64Array(units);
      for (let j = 0; j < units; j++) { let s = l.b![j]; for (let i = 0; i < n; i++) s += m.v[i] * l.W![i * units + j]; v[j] = s; }
      return { h: 1, w: 1, c: units, v };
    }
    case 'relu': return elementwise(m, (v) => Math.max(0, v));
    case 'leakyRelu': return elementwise(m, (v) => (v > 0 ? v : (c.alpha as number) * v));
    case 'tanh': return elementwise(m, Math.tanh);
    case 'sigmoid': return elementwise(m, (v) => 1 / (1 + Math.exp(-v)));
    default: throw new Error(`reference: no layer ${c.kind}`);
  }
}

/** The model's outputs for rows of NHWC samples of `shape`, in f64. */
export function refPredict(layers: readonly RefLayer[], shape: readonly number[], rows: readonly ArrayLike<number>[]): number[][] {
  const [h, w, c] = shape.length === 3 ? shape : [1, 1, shape[0]];
  return rows.map((r) => Array.from(layers.reduce((m, l) => layerForward(m, l), { h, w, c, v: Float64Array.from(r) } as Img).v));
}

/** Mean softmax cross-entropy of the outputs against class labels, in f64. */
export function refSoftmaxCe(out: number[][], labels: readonly number[]): number {
  let loss = 0;
  out.forEach((row, r) => {
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    loss += lse - row[labels[r]];
  });
  return loss / out.length;
}

/** The reference layers of a simdnet model: each layer's config and its weights as f64. */
export function refLayersOf(model: { layers: readonly { config(): LayerConfig }[]; getWeights(): { W: number[][]; b: number[] }[] }): RefLayer[] {
  const ws = model.getWeights();
  let i = 0;
  return model.layers.map((l) => {
    const config = l.config();
    if (config.kind !== 'conv2d' && config.kind !== 'dense') return { config };
    const w = ws[i++];
    return { config, W: Float64Array.from(w.W.flat()), b: Float64Array.from(w.b) };
  });
}

/** d loss / d every weight (per weighted layer, W and b flat) by central differences of the f64 loss (step `eps`). */
export function refConvGradients(layers: RefLayer[], shape: readonly number[], x: readonly ArrayLike<number>[], labels: readonly number[], eps = 1e-6): { loss: number; grads: { W: number[]; b: number[] }[] } {
  const lossAt = () => refSoftmaxCe(refPredict(layers, shape, x), labels);
  const diff = (v: Float64Array) => Array.from(v, (_, i) => {
    const keep = v[i];
    v[i] = keep + eps; const lp = lossAt();
    v[i] = keep - eps; const lm = lossAt();
    v[i] = keep;
    return (lp - lm) / (2 * eps);
  });
  const grads = layers.filter((l) => l.W).map((l) => ({ W: diff(l.W!), b: diff(l.b!) }));
  return { loss: lossAt(), grads };
}

/**
 * Checks `model.gradients` (softmax cross-entropy) against the reference's central differences: the loss to 5
 * digits, every W and b within 1e-3 of the layer's largest reference W gradient. `label` names the case in failures.
 */
export function expectReferenceGradients(
  model: Parameters<typeof refLayersOf>[0] & { gradients(x: number[][], labels: number[], o: { loss: 'softmaxCrossEntropy' }): { loss: number; grads: { W: number[][]; b: number[] }[] } },
  shape: readonly number[], x: number[][], labels: number[], label: string,
): void {
  const ref = refConvGradients(refLayersOf(model), shape, x, labels);
  const got = model.gradients(x, labels, { loss: 'softmaxCrossEntropy' });
  expect(got.loss).toBeCloseTo(ref.loss, 5);
  got.grads.forEach((g, i) => {
    const scale = Math.max(...ref.grads[i].W.map(Math.abs));
    expect(maxRelDiff(g.W.flat(), ref.grads[i].W, scale * 1e-3), `${label} layer ${i} W`).toBeLessThan(1e-3);
    expect(maxRelDiff(g.b, ref.grads[i].b, scale * 1e-3), `${label} layer ${i} b`).toBeLessThan(1e-3);
  });
}
