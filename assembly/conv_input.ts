/** The convolution's input gradient in one pass: matmul(dy, Wᵀ) with each 4×8 tile of the product added into dx where col2im would put it, for valid windows. */

import { madd } from './simd';
import { loadN, storeN } from './lanes';

// Why: transpose(W) + matmul + col2im wrote a patch-gradient matrix kh·kw times the size of dx (3.3 MB at MNIST's
// conv2, batch 64) and read it back; here every 4 output pixels × 8 taps tile of dy·Wᵀ stays in registers (gemm.ts's
// 4×8 micro-kernel, with dy's rows as A and Wᵀ's as B) and is added into dx at once. A tile's 8 taps are 8 floats
// of one window row (a window row is kw·c contiguous floats in NHWC), so the adds are whole vectors. Each sample's dx
// depends on that sample's dy alone: a thread pool splits by samples, bit-identical to one thread.
//
// The order of the sums: dx starts at 0 and takes, per sample, the tiles in order of the 4-pixel groups, window
// rows and 8-tap runs; each tile element sums its cout products in channel order. That is not col2im's order
// (pixel by pixel), so this kernel matches transpose + matmul + col2im within rounding, not bit for bit.

/**
 * dx[b, iy, ix, ci] = Σ over the outputs (oy, ox) whose window holds (iy, ix) at tap (ky, kx) of
 * Σ_co dy[b, oy, ox, co] · W[(ky·kw + kx)·c + ci, co], with wt = Wᵀ ([cout × kh·kw·c], the transpose kernel's
 * output). Valid windows over dx (no padding: a 'same' layer uses matmul + col2im); overwrites dx.
 */
export function conv2dBackwardInput(dy: usize, wt: usize, dx: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, ho: i32, wo: i32, cout: i32): void {
  const pixel = <usize>c << 2, row = <usize>w * pixel, sample = <usize>h * row;
  memory.fill(dx, 0, <usize>batch * sample);
  if ((ho - 1) * sh + kh > h || (wo - 1) * sw + kw > w) return;
  const run = kw * c, k = <usize>(kh * run) << 2, ldy = <usize>cout << 2;
  const ps = <usize>sw * pixel, rs = <usize>sh * row;
  const pixels = ho * wo;
  for (let b = 0; b < batch; b++) {
    const xb = dx + <usize>b * sample;
    let g = dy + <usize>b * <usize>pixels * ldy;
    for (let p = 0; p < pixels; ) {
      if (p + 4 <= pixels) {
        const a0 = corner(xb, p, wo, ps, rs), a1 = corner(xb, p + 1, wo, ps, rs), a2 = corner(xb, p + 2, wo, ps, rs), a3 = corner(xb, p + 3, wo, ps, rs);
        group4(g, ldy, wt, k, a0, a1, a2, a3, kh, run, row, cout);
        p += 4; g += ldy << 2;
      } else {
        single(g, wt, k, corner(xb, p, wo, ps, rs), kh, run, row, cout);
        p++; g += ldy;
      }
    }
  }
}

/** The window corner in dx of output pixel p of a sample. */
// @ts-ignore: decorator
@inline function corner(xb: usize, p: i32, wo: i32, ps: usize, rs: usize): usize {
  const oy = p / wo;
  return xb + <usize>oy * rs + <usize>(p - oy * wo) * ps;
}

/** Four output pixels (dy rows g .. g + 3, window corners a0..a3): every window row, 8 taps at a time, then the tail. */
function group4(g: usize, ldy: usize, wt: usize, k: usize, a0: usize, a1: usize, a2: usize, a3: usize, kh: i32, run: i32, row: usize, cout: i32): void {
  for (let ky = 0; ky < kh; ky++) {
    const o = <usize>ky * row, q0 = <usize>(ky * run) << 2;
    let j = 0;
    for (; j + 8 <= run; j += 8) {
      const q = q0 + (<usize>j << 2);
      tile4x8(g, ldy, wt + q, k, a0 + o + (<usize>j << 2), a1 + o + (<usize>j << 2), a2 + o + (<usize>j << 2), a3 + o + (<usize>j << 2), cout);
    }
    for (; j < run; j += 4) {
      const q = q0 + (<usize>j << 2), r = min(4, run - j), off = o + (<usize>j << 2);
      tile4xr(g, ldy, wt + q, k, a0 + off, a1 + off, a2 + off, a3 + off, r, cout);
    }
  }
}

/** dx[4 windows' 8 floats] += dy[4 pixels, ·]·Wᵀ[·, 8 taps]: the 4×8 micro-kernel over the cout channels, then four adds. */
// @ts-ignore: decorator
@inline function tile4x8(g: usize, ldy: usize, wq: usize, k: usize, d0: usize, d1: usize, d2: usize, d3: usize, cout: i32): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let gp = g, wp = wq;
  for (let co = 0; co < cout; co++, gp += 4, wp += k) {
    const b0 = v128.load(wp), b1 = v128.load(wp, 16);
    const x0 = v128.load32_splat(gp), x1 = v128.load32_splat(gp + ldy), x2 = v128.load32_splat(gp + 2 * ldy), x3 = v128.load32_splat(gp + 3 * ldy);
    c00 = madd(x0, b0, c00); c10 = madd(x1, b0, c10); c20 = madd(x2, b0, c20); c30 = madd(x3, b0, c30);
    c01 = madd(x0, b1, c01); c11 = madd(x1, b1, c11); c21 = madd(x2, b1, c21); c31 = madd(x3, b1, c31);
  }
  v128.store(d0, f32x4.add(v128.load(d0), c00)); v128.store(d0, f32x4.add(v128.load(d0, 16), c01), 16);
  v128.store(d1, f32x4.add(v128.load(d1), c10)); v128.store(d1, f32x4.add(v128.load(d1, 16), c11), 16);
  v128.store(d2, f32x4.add(v128.load(d2), c20)); v128.store(d2, f32x4.add(v128.load(d2, 16), c21), 16);
  v128.store(d3, f32x4.add(v128.load(d3), c30)); v128.store(d3, f32x4.add(v128.load(d3, 16), c31), 16);
}

/** tile4x8 for the last r ≤ 4 taps of a window row (exactly r floats of Wᵀ and dx touched). */
// @ts-ignore: decorator
@inline function tile4xr(g: usize, ldy: usize, wq: usize, k: usize, d0: usize, d1: usize, d2: usize, d3: usize, r: i32, cout: i32): void {
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
  let gp = g, wp = wq;
  for (let co = 0; co < cout; co++, gp += 4, wp += k) {
    const b = loadN(wp, r);
    c0 = madd(v128.load32_splat(gp), b, c0); c1 = madd(v128.load32_splat(gp + ldy), b, c1);
    c2 = madd(v128.load32_splat(gp + 2 * ldy), b, c2); c3 = madd(v128.load32_splat(gp + 3 * ldy), b, c3);
  }
  storeN(d0, r, f32x4.add(loadN(d0, r), c0));
  storeN(d1, r, f32x4.add(loadN(d1, r), c1));
  storeN(d2, r, f32x4.add(loadN(d2, r), c2));
  storeN(d3, r, f32x4.add(loadN(d3, r), c3));
}

/** One output pixel (the last of a sample when fewer than 4 remain): its window, 4 taps at a time. */
function single(g: usize, wt: usize, k: usize, a: usize, kh: i32, run: i32, row: usize, cout: i32): void {
  for (let ky = 0; ky < kh; ky++) {
    const o = a + <usize>ky * row, q0 = <usize>(ky * run) << 2;
    for (let j = 0; j < run; j += 4) {
      const r = min(4, run - j), off = <usize>j << 2;
      let acc = f32x4.splat(0);
      let gp = g, wp = wt + q0 + off;
      for (let co = 0; co < cout; co++, gp += 4, wp += k) acc = madd(v128.load32_splat(gp), loadN(wp, r), acc);
      storeN(o + off, r, f32x4.add(loadN(o + off, r), acc));
    }
  }
}
