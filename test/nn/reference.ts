/** Test helper: an independent f64 reference MLP (plain arrays, textbook formulas) and backend selection for the nn/train/io tests. */

import { backendByName, init, setBackend, type BackendName } from '../../src/backend/index.js';

export type RefLayer =
  | { kind: 'dense'; W: number[][]; b: number[] }
  | { kind: 'relu' | 'tanh' | 'sigmoid' | 'step' }
  | { kind: 'leakyRelu'; alpha: number };

function act(l: RefLayer, v: number): number {
  switch (l.kind) {
    case 'relu': return Math.max(0, v);
    case 'leakyRelu': return v > 0 ? v : l.alpha * v;
    case 'tanh': return Math.tanh(v);
    case 'sigmoid': return 1 / (1 + Math.exp(-v));
    case 'step': return v > 0 ? 1 : 0;
    default: throw new Error('not an activation');
  }
}
function dact(l: RefLayer, v: number): number {
  switch (l.kind) {
    case 'relu': return v > 0 ? 1 : 0;
    case 'leakyRelu': return v > 0 ? 1 : l.alpha;
    case 'tanh': return 1 - Math.tanh(v) ** 2;
    case 'sigmoid': { const s = 1 / (1 + Math.exp(-v)); return s * (1 - s); }
    case 'step': return 0;
    default: throw new Error('not an activation');
  }
}

/** Inputs of every layer plus the final output. */
export function refForward(layers: RefLayer[], x: number[][]): number[][][] {
  const hs = [x];
  let h = x;
  for (const l of layers) {
    h = l.kind === 'dense'
      ? h.map((row) => l.b.map((bj, j) => bj + row.reduce((s, v, i) => s + v * l.W[i][j], 0)))
      : h.map((row) => row.map((v) => act(l, v)));
    hs.push(h);
  }
  return hs;
}

/** Mean loss and d loss / d out for target rows t (one-hot for softmax, ±1 for hinge). */
export function refLoss(name: string, out: number[][], t: number[][]): { loss: number; d: number[][] } {
  const rows = out.length;
  const cols = out[0].length;
  const n = name === 'softmaxCrossEntropy' ? rows : rows * cols;
  let loss = 0;
  const d = out.map((row, r) => {
    if (name === 'softmaxCrossEntropy') {
      const e = row.map((v) => Math.exp(v));
      const s = e.reduce((a, b) => a + b, 0);
      row.forEach((_, j) => { loss -= t[r][j] * Math.log(e[j] / s); });
      return row.map((_, j) => (e[j] / s - t[r][j]) / n);
    }
    return row.map((z, j) => {
      const y = t[r][j];
      if (name === 'mse') { loss += (z - y) ** 2; return (2 * (z - y)) / n; }
      if (name === 'sigmoidCrossEntropy') {
        const p = 1 / (1 + Math.exp(-z));
        loss -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
        return (p - y) / n;
      }
      const m = 1 - y * z; // hinge
      if (m > 0) { loss += m; return -y / n; }
      return 0;
    });
  });
  return { loss: loss / n, d };
}

/** Loss (with (l2/2)·ΣW²) and gradients per dense layer (W's including l2·W). */
export function refGradients(layers: RefLayer[], x: number[][], t: number[][], loss: string, l2 = 0) {
  const hs = refForward(layers, x);
  const res = refLoss(loss, hs[hs.length - 1], t);
  let dy = res.d;
  let penalty = 0;
  const grads: { W: number[][]; b: number[] }[] = [];
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    const xin = hs[i];
    if (l.kind === 'dense') {
      penalty += 0.5 * l2 * l.W.flat().reduce((s, w) => s + w * w, 0);
      const W = l.W.map((row, a) => row.map((w, j) => xin.reduce((s, xr, r) => s + xr[a] * dy[r][j], 0) + l2 * w));
      const b = l.b.map((_, j) => dy.reduce((s, row) => s + row[j], 0));
      grads.unshift({ W, b });
      dy = dy.map((row) => l.W.map((wrow) => wrow.reduce((s, w, j) => s + w * row[j], 0)));
    } else {
      dy = dy.map((row, r) => row.map((g, j) => g * dact(l, xin[r][j])));
    }
  }
  return { loss: res.loss + penalty, grads };
}

/** Backends to run on: always 'ts', plus 'wasm' when `init()` succeeds. */
export async function availableBackends(): Promise<BackendName[]> {
  try {
    await init({ backend: 'ts' });
    backendByName('wasm');
    return ['ts', 'wasm'];
  } catch {
    setBackend('ts');
    return ['ts'];
  }
}

/** Max |a − b| / max(|a|, |b|, floor) over nested arrays. */
export function maxRelDiff(a: number[][] | number[], b: number[][] | number[], floor = 1e-3): number {
  const fa = (a as number[]).flat(2) as number[];
  const fb = (b as number[]).flat(2) as number[];
  if (fa.length !== fb.length) throw new Error(`length ${fa.length} vs ${fb.length}`);
  let m = 0;
  for (let i = 0; i < fa.length; i++) m = Math.max(m, Math.abs(fa[i] - fb[i]) / Math.max(Math.abs(fa[i]), Math.abs(fb[i]), floor));
  return m;
}

/** A small seeded 2-D classification set (no dependency on src/data). */
export function tinyData(rows: number, seed = 1): { x: number[][]; cls: number[] } {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const x: number[][] = [];
  const cls: number[] = [];
  for (let i = 0; i < rows; i++) {
    const p = [rnd(), rnd(), rnd()];
    x.push(p);
    cls.push(p[0] * p[1] + 0.5 * p[2] > 0 ? 1 : 0);
  }
  return { x, cls };
}
