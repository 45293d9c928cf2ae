/** GEMM workload: C = A·B on preallocated inputs, for every contender, reported in GFLOP/s. */

import type { Buf } from '../../src/backend/index.js';
import { filled, isSimdnet, prepare, simdnetBackend, type Contender } from './contenders.js';
import type { MeasureOptions } from './timing.js';
import { tf } from './tfjs.js';

export interface GemmShape { m: number; k: number; n: number; label: string }

export const cube = (s: number): GemmShape => ({ m: s, k: s, n: s, label: `${s}³` });
export const mlpShape = (m: number, k: number, n: number): GemmShape => ({ m, k, n, label: `${m}×${k}×${n}` });

/** Square sizes and the shapes of the MNIST MLP's first layer at three batch sizes. */
export const GEMM_CUBES = [64, 128, 256, 512, 1024].map(cube);
export const GEMM_MLP = [mlpShape(32, 784, 64), mlpShape(128, 784, 128), mlpShape(256, 784, 256)];

/** One contender set up for one shape: `run()` computes C, `result()` copies it out. */
export interface GemmCase {
  run(): void;
  result(): Float32Array;
  dispose(): void;
}

/**
 * Prepares C = A·B for `c`. simdnet: the backend's `matmul` kernel on buffers allocated once.
 * tfjs: `tf.matMul` on tensors created once; each run allocates C, forces it with `dataSync()` (a
 * no-op wait on these synchronous backends, plus the copy out) and disposes it — the only way to use it.
 */
export async function gemmCase(c: Contender, shape: GemmShape, a: Float32Array, b: Float32Array): Promise<GemmCase> {
  const { m, k, n } = shape;
  await prepare(c);
  if (isSimdnet(c)) {
    const be = await simdnetBackend(c);
    const bufs: Buf[] = [be.alloc(m * k), be.alloc(k * n), be.alloc(m * n)];
    const [ba, bb, bc] = bufs;
    be.write(ba, a);
    be.write(bb, b);
    return {
      run: () => be.matmul(ba, bb, bc, m, k, n),
      result: () => be.read(bc),
      dispose: () => bufs.forEach((x) => be.free(x)),
    };
  }
  const ta = tf.tensor2d(a, [m, k]);
  const tb = tf.tensor2d(b, [k, n]);
  let last: Float32Array = new Float32Array(0);
  return {
    run: () => {
      const tc = tf.matMul(ta, tb);
      last = tc.dataSync() as Float32Array;
      tc.dispose();
    },
    result: () => Float32Array.from(last),
    dispose: () => { ta.dispose(); tb.dispose(); },
  };
}

/** Per-round options (see suite's interleave): one call per round where a call takes a second or more (the JS contenders at 1024³). */
export function gemmOptions(c: Contender, shape: GemmShape, quick: boolean): MeasureOptions {
  const flops = 2 * shape.m * shape.k * shape.n;
  const slow = c === 'simdnet-ts' || c === 'tfjs-cpu';
  if (slow && flops >= 1e9) return { warmup: 1, samples: 1, sampleMs: 0, budgetMs: 0 };
  return quick ? { warmup: 3, samples: 3, sampleMs: 10, budgetMs: 400 } : { warmup: 5, samples: 3, sampleMs: 20, budgetMs: 800 };
}
