/** Patch-matrix kernels over NHWC batches: im2col, col2im (its exact transpose), pad2d (zero borders for the direct convolution), transpose (Wᵀ). */

import { addRun, copyRun } from './lanes';

// Geometry (these kernels, conv.ts and pool.ts): x holds batch samples of h×w×c (NHWC, one sample per row of the
// batch matrix); the window of output pixel (oy, ox) starts at input row oy·sh − padTop and column ox·sw − padLeft;
// pixels outside the input read as zero. A patch row lists its window in (ky, kx, ci) order, the order of HWIO
// weights flattened to [kh·kw·c × cout], and patch row (b·ho + oy)·wo + ox is output pixel (oy, ox) of sample b.
// With the patch matrix P a convolution is GEMMs of the table: Y = P·W + b (matmulBias*), dW = Pᵀ·dY
// (matmulTransA), dP = dY·Wᵀ (matmul over transpose(W)), dX = col2im(dP). conv.ts computes Y and dW without P,
// with the same sums in the same order (see its header for when each path is used).

/**
 * patches[(b·ho + oy)·wo + ox, (ky·kw + kx)·c + ci] = x[b, oy·sh − padTop + ky, ox·sw − padLeft + kx, ci]
 * (0 outside the input). Each window row is one contiguous run of x, copied whole.
 */
export function im2col(x: usize, patches: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, ho: i32, wo: i32): void {
  const runBytes = <usize>(kw * c) << 2;
  const pixel = <usize>c << 2;
  let dst = patches;
  for (let b = 0; b < batch; b++) {
    const xb = x + <usize>b * <usize>h * <usize>w * pixel;
    for (let oy = 0; oy < ho; oy++) {
      const iy0 = oy * sh - padTop;
      for (let ox = 0; ox < wo; ox++) {
        const ix0 = ox * sw - padLeft;
        // the columns of the window inside the input: kx in [lo, hi)
        const lo = max(0, -ix0), hi = min(kw, w - ix0);
        for (let ky = 0; ky < kh; ky++, dst += runBytes) {
          const iy = iy0 + ky;
          if (iy < 0 || iy >= h || lo >= hi) { memory.fill(dst, 0, runBytes); continue; }
          const left = <usize>lo * pixel, inside = <usize>(hi - lo) * pixel;
          if (lo > 0) memory.fill(dst, 0, left);
          copyRun(xb + (<usize>iy * <usize>w + <usize>(ix0 + lo)) * pixel, dst + left, <i32>(inside >> 2));
          if (hi < kw) memory.fill(dst + left + inside, 0, runBytes - left - inside);
        }
      }
    }
  }
}
/**
 * dx[b, iy, ix, ci] = Σ over the patch entries that im2col copied from (b, iy, ix, ci) (entries of padding are
 * dropped): the exact transpose of im2col, ⟨im2col(x), P⟩ = ⟨x, col2im(P)⟩. Overwrites dx, accumulating
 * overlapping windows in patch-row order.
 */
export function col2im(patches: usize, dx: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, ho: i32, wo: i32): void {
  const runBytes = <usize>(kw * c) << 2;
  const pixel = <usize>c << 2;
  memory.fill(dx, 0, <usize>batch * <usize>h * <usize>w * pixel);
  let src = patches;
  for (let b = 0; b < batch; b++) {
    const db = dx + <usize>b * <usize>h * <usize>w * pixel;
    for (let oy = 0; oy < ho; oy++) {
      const iy0 = oy * sh - padTop;
      for (let ox = 0; ox < wo; ox++) {
        const ix0 = ox * sw - padLeft;
        const lo = max(0, -ix0), hi = min(kw, w - ix0);
        for (let ky = 0; ky < kh; ky++, src += runBytes) {
          const iy = iy0 + ky;
          if (iy < 0 || iy >= h || lo >= hi) continue;
          addRun(src + <usize>lo * pixel, db + (<usize>iy * <usize>w + <usize>(ix0 + lo)) * pixel, (hi - lo) * c);
        }
      }
    }
  }
}

/**
 * xp[b, padTop + iy, padLeft + ix, ci] = x[b, iy, ix, ci], zero elsewhere in the hp×wp padded sample: the input
 * of the direct convolution (conv.ts) for 'same' padding. Writes all of xp.
 */
export function pad2d(x: usize, xp: usize, batch: i32, h: i32, w: i32, c: i32, padTop: i32, padLeft: i32, hp: i32, wp: i32): void {
  const pixel = <usize>c << 2;
  const rowBytes = <usize>w * pixel, prow = <usize>wp * pixel;
  // the columns and rows of x that land inside xp (all of them when the padding is ≥ 0 and fits)
  const lo = max(0, -padLeft), hi = min(w, wp - padLeft);
  const run = hi > lo ? <usize>(hi - lo) * pixel : 0;
  const left = <usize>max(0, padLeft + lo) * pixel;
  memory.fill(xp, 0, <usize>batch * <usize>hp * prow);
  for (let b = 0; b < batch; b++) {
    const xb = x + <usize>b * <usize>h * rowBytes, pb = xp + <usize>b * <usize>hp * prow;
    for (let iy = max(0, -padTop); iy < min(h, hp - padTop); iy++) {
      memory.copy(pb + <usize>(padTop + iy) * prow + left, xb + <usize>iy * rowBytes + <usize>lo * pixel, run);
    }
  }
}

/**
 * y[j, i] = x[i, j] for x of rows×cols: Wᵀ for the input gradient, dPatches = dY·Wᵀ = matmul(dY, Wᵀ), which the
 * packed GEMM core computes 1.6–1.8× faster than matmulTransB's short dot products at the MNIST layers' shapes
 * (bench/results/conv.md). W is small (kh·kw·c × cout), so plain loads and stores.
 */
export function transpose(x: usize, y: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const xr = x + ((<usize>i * <usize>cols) << 2);
    for (let j = 0; j < cols; j++) store<f32>(y + ((<usize>j * <usize>rows + <usize>i) << 2), load<f32>(xr + (<usize>j << 2)));
  }
}
