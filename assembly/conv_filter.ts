/** The filter-gradient core behind conv2dBackwardFilter and the threads build's slices of it (not exported from the module). */

import { madd } from './simd';
import { loadN, storeN } from './lanes';

// dW = patchesᵀ·dY without the patches: a tile of dW (4 taps × 8 output channels) stays in registers while the
// output pixels of a chunk pass; per pixel 4 broadcast loads from the image (a tap is a fixed offset from the
// window's corner), 2 loads of dY, 8 multiply-adds. Every element of dW starts at 0 and adds the pixels in batch
// order, as matmulTransA over the patch matrix does (gemm.ts: the reduction of a k-block in registers, C stored
// and reloaded between blocks), so the two give the same numbers.

/**
 * Rows [q0, q1) of dW[(ky·kw + kx)·c + ci, co] = Σ_{b,oy,ox} x[b, oy·sh + ky, ox·sw + kx, ci] · dy[b, oy, ox, co]
 * (valid windows over x). With q0 a multiple of 4 each element is computed exactly as in the whole call (the same
 * 4-tap tiles, the same chunks), which is what lets a thread pool split dW by taps.
 */
export function filterTaps(x: usize, dy: usize, dw: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, ho: i32, wo: i32, cout: i32, q0: i32, q1: i32): void {
  if (!fits(h, kh, sh, ho) || !fits(w, kw, sw, wo)) return;
  const rows = batch * ho;
  // output rows in chunks of about CHUNK pixels: the chunk's dy and input rows stay in cache while every tile of
  // dW walks them; dW is stored and reloaded between chunks (exactly, so the sum's order is unchanged)
  const chunk = max(1, CHUNK / max(1, wo));
  if (rows == 0) memory.fill(dw + (<usize>q0 * <usize>cout << 2), 0, <usize>(q1 - q0) * <usize>cout << 2);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const r1 = min(rows, r0 + chunk);
    // tiles of 4 taps, then the last k mod 4 one at a time, from one call site (one inlined copy)
    for (let q = q0; q < q1; ) {
      const nq = q + 4 <= q1 ? 4 : 1;
      filterTile(x, dy, dw, q, nq, r0, r1, h, w, c, kw, sh, sw, ho, wo, cout);
      q += nq;
    }
  }
}

/** Output pixels per chunk (dy of 256 pixels × 32 channels: 32 KiB). */
const CHUNK = 256;

/** Whether `count` windows of size k, stride s, fit in n (the guard that keeps reads inside x). */
// @ts-ignore: decorator
@inline export function fits(n: i32, k: i32, s: i32, count: i32): bool {
  return count >= 0 && (count == 0 || (count - 1) * s + k <= n);
}

/** Taps q .. q + nq − 1 of dW (rows of the [k × n] matrix), all n columns, summed over output rows [r0, r1). */
// @ts-ignore: decorator
@inline function filterTile(x: usize, dy: usize, dw: usize, q: i32, nq: i32, r0: i32, r1: i32, h: i32, w: i32, c: i32, kw: i32, sh: i32, sw: i32, ho: i32, wo: i32, n: i32): void {
  const pixel = <usize>c << 2, row = <usize>w * pixel;
  const run = kw * c;
  const ld = <usize>n << 2;
  const w0 = dw + <usize>q * ld;
  const ps = <usize>sw * pixel, rs = <usize>sh * row, sample = <usize>h * row;
  // the first output row's window corner, and its row of dy
  const b = r0 / ho;
  const corner = x + <usize>b * sample + <usize>(r0 - b * ho) * rs;
  const d0 = dy + <usize>r0 * <usize>wo * ld;
  const first = r0 == 0;
  let j = 0;
  if (nq == 4) {
    // each tap's offset from the window's corner: row ky = q / run of the window, float q mod run of that row
    const o0 = tapOffset(q, run, row), o1 = tapOffset(q + 1, run, row), o2 = tapOffset(q + 2, run, row), o3 = tapOffset(q + 3, run, row);
    for (; j + 8 <= n; j += 8) {
      const o = <usize>j << 2;
      filter4x8(corner, o0, o1, o2, o3, d0 + o, w0 + o, ld, r0, r1, ho, wo, ps, rs, sample, first);
    }
  }
  for (let t = 0; t < nq && j < n; t++) {
    const tap = tapOffset(q + t, run, row), wt = w0 + <usize>t * ld;
    // a lone tap (k mod 4 of them): 8 channels per pass, two independent sums (2× a pass per 4 channels at MNIST's conv1)
    let jj = j;
    for (; jj + 8 <= n; jj += 8) filter1x8(corner, tap, d0 + (<usize>jj << 2), wt + (<usize>jj << 2), ld, r0, r1, ho, wo, ps, rs, sample, first);
    for (; jj < n; jj += 4) filterRow(corner, tap, d0 + (<usize>jj << 2), wt + (<usize>jj << 2), ld, min(4, n - jj), r0, r1, ho, wo, ps, rs, sample, first);
  }
}

/** Bytes from a window's corner to its tap q (taps in (ky, kx, ci) order; a window row is `run` floats). */
// @ts-ignore: decorator
@inline function tapOffset(q: i32, run: i32, row: usize): usize {
  const ky = q / run;
  return <usize>ky * row + (<usize>(q - ky * run) << 2);
}

/** The next output row's window corner: `rs` down, or the next sample's first row after row ho − 1. */
// @ts-ignore: decorator
@inline function nextRow(corner: usize, oy: i32, ho: i32, rs: usize, sample: usize): usize {
  return oy + 1 == ho ? corner + sample - <usize>(ho - 1) * rs : corner + rs;
}

/**
 * dW[4 taps, 8 channels] (+)= Σ over the pixels of output rows [r0, r1) of x[tap]·dy[pixel, channels]. A call, not
 * inlined: inlined into filterTaps, V8's register allocation around it made this loop 1.4× slower (measured).
 */
function filter4x8(corner: usize, o0: usize, o1: usize, o2: usize, o3: usize, d: usize, wp: usize, ld: usize, r0: i32, r1: i32, ho: i32, wo: i32, ps: usize, rs: usize, sample: usize, first: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (!first) {
    c00 = v128.load(wp); c01 = v128.load(wp, 16); c10 = v128.load(wp + ld); c11 = v128.load(wp + ld, 16);
    c20 = v128.load(wp + 2 * ld); c21 = v128.load(wp + 2 * ld, 16); c30 = v128.load(wp + 3 * ld); c31 = v128.load(wp + 3 * ld, 16);
  }
  let oy = r0 % ho;
  for (let r = r0; r < r1; r++) {
    let p = corner;
    const end = d + <usize>wo * ld;
    for (; d < end; d += ld, p += ps) {
      const g0 = v128.load(d), g1 = v128.load(d, 16);
      const x0 = v128.load32_splat(p + o0), x1 = v128.load32_splat(p + o1), x2 = v128.load32_splat(p + o2), x3 = v128.load32_splat(p + o3);
      c00 = madd(x0, g0, c00); c10 = madd(x1, g0, c10); c20 = madd(x2, g0, c20); c30 = madd(x3, g0, c30);
      c01 = madd(x0, g1, c01); c11 = madd(x1, g1, c11); c21 = madd(x2, g1, c21); c31 = madd(x3, g1, c31);
    }
    corner = nextRow(corner, oy, ho, rs, sample);
    if (++oy == ho) oy = 0;
  }
  v128.store(wp, c00); v128.store(wp, c01, 16); v128.store(wp + ld, c10); v128.store(wp + ld, c11, 16);
  v128.store(wp + 2 * ld, c20); v128.store(wp + 2 * ld, c21, 16); v128.store(wp + 3 * ld, c30); v128.store(wp + 3 * ld, c31, 16);
}

/** dW[one tap, 8 channels] (+)= Σ over the pixels of output rows [r0, r1): filter4x8 for a tap without three others (each sum in pixel order, as there). */
function filter1x8(corner: usize, o: usize, d: usize, wp: usize, ld: usize, r0: i32, r1: i32, ho: i32, wo: i32, ps: usize, rs: usize, sample: usize, first: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  if (!first) { c0 = v128.load(wp); c1 = v128.load(wp, 16); }
  let oy = r0 % ho;
  for (let r = r0; r < r1; r++) {
    let p = corner + o;
    const end = d + <usize>wo * ld;
    for (; d < end; d += ld, p += ps) {
      const x = v128.load32_splat(p);
      c0 = madd(x, v128.load(d), c0);
      c1 = madd(x, v128.load(d, 16), c1);
    }
    corner = nextRow(corner, oy, ho, rs, sample);
    if (++oy == ho) oy = 0;
  }
  v128.store(wp, c0);
  v128.store(wp, c1, 16);
}

/** dW[one tap, r ≤ 4 channels] (+)= Σ over the pixels of output rows [r0, r1): the tails of filter4x8. */
// @ts-ignore: decorator
@inline function filterRow(corner: usize, o: usize, d: usize, wp: usize, ld: usize, r: i32, r0: i32, r1: i32, ho: i32, wo: i32, ps: usize, rs: usize, sample: usize, first: bool): void {
  let acc = first ? f32x4.splat(0) : loadN(wp, r);
  let oy = r0 % ho;
  for (let row = r0; row < r1; row++) {
    let p = corner + o;
    const end = d + <usize>wo * ld;
    for (; d < end; d += ld, p += ps) acc = madd(v128.load32_splat(p), loadN(d, r), acc);
    corner = nextRow(corner, oy, ho, rs, sample);
    if (++oy == ho) oy = 0;
  }
  storeN(wp, r, acc);
}
