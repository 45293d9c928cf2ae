/** Direct convolution over NHWC batches: forward with bias (plain, or with relu / leaky relu fused), and the filter gradient right under it (its core in conv_filter.ts). */

import { filterTaps, fits } from './conv_filter';
import { ACT_LEAKY_RELU, ACT_NONE, ACT_RELU, activate, madd } from './simd';
import { loadN, storeN } from './lanes';

// Why direct (an implicit GEMM, Dukhan 2019's indirect GEMM without the indirection buffer): im2col + GEMM writes
// and re-reads a patch matrix kh·kw times the input's size, and with 1 input channel (MNIST's first layer) copying
// it cost twice the product. Here the GEMM's 4×8 micro-kernel (gemm.ts) reads its A operand straight from the
// image: a window row of the input is kw·c contiguous floats, so a patch row is kh runs at fixed offsets from the
// pixel's corner. Four output pixels × eight output channels: per step 4 broadcast loads from the image, 2 loads
// of W (whose panel stays in L1), 8 multiply-adds. Measured at batch 64 on one thread (bench/results/conv.md): the
// forward 3.1×, 1.3× and 1.4× faster than im2col + matmulBias at the MNIST convnet's two layers and at 32×32×16 →
// 32 (29–37 GFLOP/s; 1.5–4.2× TensorFlow.js's XNNPACK); dW as fast as matmulTransA over saved patches, without them.
//
// The sums are those of im2col + the table's GEMMs, in the same order: y starts at the bias and adds the taps in
// (ky, kx, ci) order; dW starts at 0 and adds the pixels in batch order. So conv2d(pad2d(x)) equals im2col +
// matmulBias and conv2dBackwardFilter equals im2col + matmulTransA element for element (test/backend/wasm/
// conv_parity.test.ts checks it). A thread pool splits these kernels too (src/backend/wasm/threads/split_conv.ts:
// the forward by samples, dW by taps through conv_filter.ts), with the one-thread bits.
//
// Geometry: valid windows only, x already padded (pad2d): output (oy, ox) reads rows oy·sh .. oy·sh + kh − 1 and
// columns ox·sw .. ox·sw + kw − 1 of its sample. A geometry whose windows leave x computes nothing.

/** y[b, oy, ox, co] = bias[co] + Σ_{ky,kx,ci} x[b, oy·sh + ky, ox·sw + kx, ci] · W[(ky·kw + kx)·c + ci, co] */
export function conv2d(x: usize, wt: usize, bias: usize, y: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, ho: i32, wo: i32, cout: i32): void {
  convForward(x, wt, bias, y, batch, h, w, c, kh, kw, sh, sw, ho, wo, cout, ACT_NONE, 0);
}
/** y = max(0, conv2d(x)): conv2d, then relu of activations.ts on the way out */
export function conv2dRelu(x: usize, wt: usize, bias: usize, y: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, ho: i32, wo: i32, cout: i32): void {
  convForward(x, wt, bias, y, batch, h, w, c, kh, kw, sh, sw, ho, wo, cout, ACT_RELU, 0);
}
/** y = leakyRelu(conv2d(x), alpha): conv2d, then leakyRelu of activations.ts on the way out */
export function conv2dLeakyRelu(x: usize, wt: usize, bias: usize, y: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, ho: i32, wo: i32, cout: i32, alpha: f32): void {
  convForward(x, wt, bias, y, batch, h, w, c, kh, kw, sh, sw, ho, wo, cout, ACT_LEAKY_RELU, alpha);
}
/**
 * dW[(ky·kw + kx)·c + ci, co] = Σ_{b,oy,ox} x[b, oy·sh + ky, ox·sw + kx, ci] · dy[b, oy, ox, co]  (= patchesᵀ·dY;
 * the bias gradient is colSum(dy), the input gradient col2im(matmul(dy, transpose(W))))
 */
export function conv2dBackwardFilter(x: usize, dy: usize, dw: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, ho: i32, wo: i32, cout: i32): void {
  filterTaps(x, dy, dw, batch, h, w, c, kh, kw, sh, sw, ho, wo, cout, 0, kh * kw * c);
}

// ---- forward: groups of 4 output pixels (in batch order, across rows), each × all output channels ----

function convForward(x: usize, wt: usize, bias: usize, y: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, ho: i32, wo: i32, n: i32, act: i32, alpha: f32): void {
  if (!fits(h, kh, sh, ho) || !fits(w, kw, sw, wo)) return;
  const pixel = <usize>c << 2, row = <usize>w * pixel;
  const ps = <usize>sw * pixel, rs = <usize>sh * row, sample = <usize>h * row;
  const ldy = <usize>n << 2;
  const run = kw * c;
  const total = batch * ho * wo;
  // the cursor: the corner of output pixel p's window is rowBase + ox·ps (rowBase: its output row's first window)
  let ox = 0, oy = 0, rowBase = x;
  let yp = y;
  for (let p = 0; p < total; ) {
    const base = rowBase + <usize>ox * ps;
    if (p + 4 <= total) {
      let a1 = base + ps, a2 = base + 2 * ps, a3 = base + 3 * ps;
      if (ox + 4 > wo) {
        // a group across the end of an output row: each pixel's corner from its own position
        a1 = cornerOf(x, p + 1, ho, wo, ps, rs, sample); a2 = cornerOf(x, p + 2, ho, wo, ps, rs, sample); a3 = cornerOf(x, p + 3, ho, wo, ps, rs, sample);
      }
      // one call site, so one inlined copy of the tiles
      group4(base, a1, a2, a3, wt, bias, yp, ldy, kh, run, row, n, act, alpha);
      ox += 4; p += 4; yp += ldy << 2;
    } else {
      pixel1(base, wt, bias, yp, ldy, kh, run, row, n, act, alpha);
      ox++; p++; yp += ldy;
    }
    // past the end of the row: move the cursor to pixel p's row (p / wo rows from the start)
    while (ox >= wo && wo > 0) {
      ox -= wo;
      if (++oy == ho) { oy = 0; rowBase += sample - <usize>(ho - 1) * rs; } else rowBase += rs;
    }
  }
}

/** The corner of output pixel p's window (p counted in batch order). */
function cornerOf(x: usize, p: i32, ho: i32, wo: i32, ps: usize, rs: usize, sample: usize): usize {
  const r = p / wo, b = r / ho;
  return x + <usize>b * sample + <usize>(r - b * ho) * rs + <usize>(p - r * wo) * ps;
}

/**
 * Relu and leaky relu (one and three instructions) on the accumulators as they are stored: the vector code of
 * activations.ts, so the same bits as conv2d followed by relu / leakyRelu, and 1–9% faster than that pair
 * (bench/results/conv.md). Tanh and sigmoid have no fused kernel: applied per group of pixels inside the kernel they
 * measured no faster than conv2d followed by tanh / sigmoid (their vector code costs many times a pass over y).
 */
// @ts-ignore: decorator
@inline function clip(v: v128, act: i32, alpha: f32): v128 {
  if (act == ACT_RELU) return activate(v, ACT_RELU, 0);
  if (act == ACT_LEAKY_RELU) return activate(v, ACT_LEAKY_RELU, alpha);
  return v;
}

/** Four output pixels (window corners a0..a3, consecutive rows of y at yp) × all n output channels. */
// @ts-ignore: decorator
@inline function group4(a0: usize, a1: usize, a2: usize, a3: usize, wt: usize, bias: usize, yp: usize, ldy: usize, kh: i32, run: i32, row: usize, n: i32, act: i32, alpha: f32): void {
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const o = <usize>j << 2;
    tile4x8(a0, a1, a2, a3, wt + o, bias + o, yp + o, ldy, kh, run, row, act, alpha);
  }
  for (; j < n; j += 4) {
    const o = <usize>j << 2;
    tile4xr(a0, a1, a2, a3, wt + o, bias + o, yp + o, ldy, kh, run, row, min(4, n - j), act, alpha);
  }
}

/** One output pixel × all n output channels (the last pixels of the batch when there are not 4 left). */
// @ts-ignore: decorator
@inline function pixel1(a: usize, wt: usize, bias: usize, yp: usize, ldy: usize, kh: i32, run: i32, row: usize, n: i32, act: i32, alpha: f32): void {
  for (let j = 0; j < n; j += 4) {
    const o = <usize>j << 2;
    const r = min(4, n - j);
    let acc = loadN(bias + o, r);
    let wp = wt + o;
    for (let ky = 0; ky < kh; ky++) {
      const p = a + <usize>ky * row, end = p + (<usize>run << 2);
      for (let q = p; q < end; q += 4, wp += ldy) acc = madd(v128.load32_splat(q), loadN(wp, r), acc);
    }
    storeN(yp + o, r, clip(acc, act, alpha));
  }
}

/** y[4 pixels, 8 channels] = bias + Σ taps·W: the 4×8 micro-kernel of gemm.ts with A read from the image. */
// @ts-ignore: decorator
@inline function tile4x8(a0: usize, a1: usize, a2: usize, a3: usize, wp: usize, bias: usize, yp: usize, ldw: usize, kh: i32, run: i32, row: usize, act: i32, alpha: f32): void {
  let c00 = v128.load(bias), c01 = v128.load(bias, 16);
  let c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
  const bytes = <usize>run << 2;
  for (let ky = 0; ky < kh; ky++) {
    const o = <usize>ky * row;
    const r0 = a0 + o, r1 = a1 + o, r2 = a2 + o, r3 = a3 + o;
    for (let q: usize = 0; q < bytes; q += 4, wp += ldw) {
      const b0 = v128.load(wp), b1 = v128.load(wp, 16);
      const x0 = v128.load32_splat(r0 + q), x1 = v128.load32_splat(r1 + q), x2 = v128.load32_splat(r2 + q), x3 = v128.load32_splat(r3 + q);
      c00 = madd(x0, b0, c00); c10 = madd(x1, b0, c10); c20 = madd(x2, b0, c20); c30 = madd(x3, b0, c30);
      c01 = madd(x0, b1, c01); c11 = madd(x1, b1, c11); c21 = madd(x2, b1, c21); c31 = madd(x3, b1, c31);
    }
  }
  v128.store(yp, clip(c00, act, alpha)); v128.store(yp, clip(c01, act, alpha), 16);
  v128.store(yp + ldw, clip(c10, act, alpha)); v128.store(yp + ldw, clip(c11, act, alpha), 16);
  v128.store(yp + 2 * ldw, clip(c20, act, alpha)); v128.store(yp + 2 * ldw, clip(c21, act, alpha), 16);
  v128.store(yp + 3 * ldw, clip(c30, act, alpha)); v128.store(yp + 3 * ldw, clip(c31, act, alpha), 16);
}

/** tile4x8 for the last r ≤ 4 output channels (partial vectors: exactly r floats of W, bias and y are touched). */
// @ts-ignore: decorator
@inline function tile4xr(a0: usize, a1: usize, a2: usize, a3: usize, wp: usize, bias: usize, yp: usize, ldw: usize, kh: i32, run: i32, row: usize, r: i32, act: i32, alpha: f32): void {
  let c0 = loadN(bias, r);
  let c1 = c0, c2 = c0, c3 = c0;
  const bytes = <usize>run << 2;
  for (let ky = 0; ky < kh; ky++) {
    const o = <usize>ky * row;
    const r0 = a0 + o, r1 = a1 + o, r2 = a2 + o, r3 = a3 + o;
    for (let q: usize = 0; q < bytes; q += 4, wp += ldw) {
      const b0 = loadN(wp, r);
      c0 = madd(v128.load32_splat(r0 + q), b0, c0); c1 = madd(v128.load32_splat(r1 + q), b0, c1);
      c2 = madd(v128.load32_splat(r2 + q), b0, c2); c3 = madd(v128.load32_splat(r3 + q), b0, c3);
    }
  }
  storeN(yp, r, clip(c0, act, alpha));
  storeN(yp + ldw, r, clip(c1, act, alpha));
  storeN(yp + 2 * ldw, r, clip(c2, act, alpha));
  storeN(yp + 3 * ldw, r, clip(c3, act, alpha));
}
