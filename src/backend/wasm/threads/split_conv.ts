/** The direct convolution kernels split across the calling thread and the pool: the forward and the input gradient by samples, the filter gradient by taps; bit-identical to one thread. */

import type { ThreadsExports } from '../abi.js';
import type { WorkerPool } from './pool.js';
import { MIN_SPLIT_WORK } from './split_gemm.js';

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
 * Convolutions over `pool` plus the calling thread. The forward splits the batch (every output pixel is computed by
 * the same lane operations whichever group of four it falls in: assembly/conv.ts); the filter gradient splits the
 * taps (rows of dW) at multiples of 4, through the threads build's conv2dBackwardFilterTaps. Work below `minWork`
 * multiply-adds stays on the calling thread. Leaky ReLU's α is an f32 the pool's i32 slots cannot carry, so
 * conv2dLeakyRelu is the split conv2d followed by leakyRelu here (the same numbers: it is defined so).
 *
 * ```ts
 * const conv = splitConvs(exports, pool);
 * conv.conv2dRelu(x, w, b, y, 64, 28, 28, 1, 5, 5, 1, 1, 24, 24, 8); // samples 0..31 here, 32..63 in the worker
 * ```
 */
export function splitConvs(k: ThreadsExports, pool: WorkerPool, minWork = MIN_SPLIT_WORK): ConvKernels {
  /** Runs `job(w, start, count)` on each worker w ≥ 0 and `job(-1, …)` here over runs of `n`; false when not worth it. */
  function split(n: number, unit: number, work: number, job: (w: number, start: number, count: number) => void): boolean {
    const workers = pool.size;
    if (workers === 0 || work < minWork || n < 2 * unit) return false;
    const bounds = runBounds(n, workers + 1, unit);
    for (let p = 1; p < bounds.length - 1; p++) job(p - 1, bounds[p], bounds[p + 1] - bounds[p]);
    try {
      job(-1, 0, bounds[1]);
    } finally {
      // every posted job is collected before anything is thrown: no worker may still be writing when we return
      let failure: unknown = null;
      for (let p = 1; p < bounds.length - 1; p++) {
        try { pool.wait(p - 1); } catch (e) { failure ??= e; }
      }
      if (failure) throw failure;
    }
    return true;
  }

  const forward = (name: 'conv2d' | 'conv2dRelu'): Conv => (x, w, bias, y, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout) => {
    const inBytes = h * ww * c * 4, outBytes = ho * wo * cout * 4;
    const ok = split(batch, 1, batch * ho * wo * kh * kw * c * cout, (wk, b0, count) => {
      const args = [x + b0 * inBytes, w, bias, y + b0 * outBytes, count, h, ww, c, kh, kw, sh, sw, ho, wo, cout] as const;
      if (wk < 0) k[name](...args); else pool.post(wk, name, args);
    });
    if (!ok) k[name](x, w, bias, y, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout);
  };

  const kernels: ConvKernels = {
    conv2d: forward('conv2d'),
    conv2dRelu: forward('conv2dRelu'),
    conv2dLeakyRelu(x, w, bias, y, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout, alpha) {
      kernels.conv2d(x, w, bias, y, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout);
      k.leakyRelu(y, y, batch * ho * wo * cout, alpha);
    },
    conv2dBackwardFilter(x, dy, dw, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout) {
      const taps = kh * kw * c;
      const ok = split(taps, 4, batch * ho * wo * taps * cout, (wk, q0, count) => {
        const args = [x, dy, dw, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout, q0, count] as const;
        if (wk < 0) k.conv2dBackwardFilterTaps(...args); else pool.post(wk, 'conv2dBackwardFilterTaps', args);
      });
      if (!ok) k.conv2dBackwardFilter(x, dy, dw, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout);
    },
    conv2dBackwardInput(dy, wt, dx, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout) {
      // by samples: a sample's dx depends on its own dy alone
      const inBytes = h * ww * c * 4, outBytes = ho * wo * cout * 4;
      const ok = split(batch, 1, batch * ho * wo * kh * kw * c * cout, (wk, b0, count) => {
        const args = [dy + b0 * outBytes, wt, dx + b0 * inBytes, count, h, ww, c, kh, kw, sh, sw, ho, wo, cout] as const;
        if (wk < 0) k.conv2dBackwardInput(...args); else pool.post(wk, 'conv2dBackwardInput', args);
      });
      if (!ok) k.conv2dBackwardInput(dy, wt, dx, batch, h, ww, c, kh, kw, sh, sw, ho, wo, cout);
    },
  };
  return kernels;
}
