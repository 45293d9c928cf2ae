/** The direct convolution kernels split across the calling thread and the pool: the forward and the input gradient by samples, the filter gradient by taps; bit-identical to one thread. */

import type { ThreadsExports } from '../abi.js';
import type { WorkerPool } from './pool.js';
import { chunkCount, MIN_SPLIT_WORK } from './split_gemm.js';

type N = number;
type Conv = (x: N, w: N, bias: N, y: N, batch: N, h: N, ww: N, c: N, kh: N, kw: N, sh: N, sw: N, ho: N, wo: N, cout: N) => void;

/** The convolution kernels the pool splits, with the exports' signatures (pointers, sizes, scalars). */
export interface ConvKernels {
  conv2d: Conv;
  conv2dRelu: Conv;
  conv2dLeakyRelu(x: N, w: N, bias: N, y: N, batch: N, h: N, ww: N, c: N, kh: N, kw: N, sh: N, sw: N, ho: N, wo: N, cout: N, alpha: N): void;
  conv2dBackwardFilter(x: N, dy: N, dw: N, batch: N, h: N, ww: N, c: N, kh: N, kw: N, sh: N, sw: N, ho: N, wo: N, cout: N): void;
  conv2dBackwardInput(dy: N, wt: N, dx: N, batch: N, h: N, ww: N, c: N, kh: N, kw: N, sh: N, sw: N, ho: N, wo: N, cout: N): void;
}

/** Boundaries of `n` items cut into at most `parts` near-equal runs, each starting at a multiple of `unit`. */
export function runBounds(n: number, parts: number, unit: number): number[] {
  const per = Math.ceil(n / parts / unit) * unit;
  const bounds = [0];
  for (let p = 1; p < parts && bounds[p - 1] + per < n; p++) bounds.push(bounds[p - 1] + per);
  bounds.push(n);
  return bounds;
}

/**
 * Convolutions over `pool` plus the calling thread. The forward and the input gradient split the batch (every output
 * pixel is computed by the same lane operations whichever group of four it falls in: assembly/conv.ts; a sample's dx
 * depends on its own dy alone); the filter gradient splits the
 * taps (rows of dW) at multiples of 4, through the threads build's conv2dBackwardFilterTaps. Work below `minWork`
 * multiply-adds stays on the calling thread. The chunks are claimed by the threads as they come free (pool.ts);
 * conv2dLeakyRelu's α travels in the job's f64 slots, converted to f32 by the export as on this thread.
 *
 * ```ts
 * const conv = splitConvs(exports, pool);
 * conv.conv2dRelu(x, w, b, y, 64, 28, 28, 1, 5, 5, 1, 1, 24, 24, 8); // 4 chunks of 16 samples, this thread taking them from the front
 * ```
 */
export function splitConvs(k: ThreadsExports, pool: WorkerPool, minWork = MIN_SPLIT_WORK): ConvKernels {
  /** Runs of `n` items (multiples of `unit`) to cut a job of `work` into, or null when it stays on this thread. */
  const runs = (n: number, unit: number, work: number): number[] | null =>
    pool.size === 0 || work < minWork || n < 2 * unit ? null : runBounds(n, chunkCount(pool.size + 1, work, minWork), unit);

  const forward = (name: 'conv2d' | 'conv2dRelu' | 'conv2dLeakyRelu') =>
    (x: N, w: N, bias: N, y: N, batch: N, h: N, ww: N, c: N, kh: N, kw: N, sh: N, sw: N, ho: N, wo: N, cout: N, alpha?: N) => {
      const fn = k[name] as (...a: N[]) => void;
      const floats = name === 'conv2dLeakyRelu' ? [alpha!] : [];
      const inBytes = h * ww * c * 4, outBytes = ho * wo * cout * 4;
      const bounds = runs(batch, 1, batch * ho * wo * kh * kw * c * cout);
      if (!bounds) { fn(x, w, bias, y, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout, ...floats); return; }
      const chunks = bounds.slice(0, -1).map((b0, p) => [x + b0 * inBytes, w, bias, y + b0 * outBytes, bounds[p + 1] - b0, h, ww, c, kh, kw, sh, sw, ho, wo, cout]);
      pool.run(name, fn, chunks, floats);
    };

  const kernels: ConvKernels = {
    conv2d: forward('conv2d'),
    conv2dRelu: forward('conv2dRelu'),
    conv2dLeakyRelu: forward('conv2dLeakyRelu'),
    conv2dBackwardFilter(x, dy, dw, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout) {
      const taps = kh * kw * c;
      const bounds = runs(taps, 4, batch * ho * wo * taps * cout);
      if (!bounds) { k.conv2dBackwardFilter(x, dy, dw, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout); return; }
      const chunks = bounds.slice(0, -1).map((q0, p) => [x, dy, dw, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout, q0, bounds[p + 1] - q0]);
      pool.run('conv2dBackwardFilterTaps', k.conv2dBackwardFilterTaps, chunks);
    },
    conv2dBackwardInput(dy, wt, dx, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout) {
      // by samples: a sample's dx depends on its own dy alone
      const inBytes = h * ww * c * 4, outBytes = ho * wo * cout * 4;
      const bounds = runs(batch, 1, batch * ho * wo * kh * kw * c * cout);
      if (!bounds) { k.conv2dBackwardInput(dy, wt, dx, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout); return; }
      const chunks = bounds.slice(0, -1).map((b0, p) => [dy + b0 * outBytes, wt, dx + b0 * inBytes, bounds[p + 1] - b0, h, ww, c, kh, kw, sh, sw, ho, wo, cout]);
      pool.run('conv2dBackwardInput', k.conv2dBackwardInput, chunks);
    },
  };
  return kernels;
}
