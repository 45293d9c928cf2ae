/** Pooling over NHWC batches: max (saving the argmax), average (dividing by the pixels inside the input) and global average, each backward under its forward. */

import { addRun } from './lanes';

// Geometry as in im2col.ts: the window of output (oy, ox) covers input rows oy·sh − padTop + [0, kh) and columns
// ox·sw − padLeft + [0, kw); only the pixels inside the input take part ('same' padding never adds values, as in
// TensorFlow and Keras). Channels are contiguous in NHWC, so the vectors run along the channels of a pixel, with a
// scalar tail for c mod 4. A window with no pixel inside the input (convGeometry never makes one) gives y = 0 and
// argmax −1.

/** The four lane numbers, added to a channel offset to make a vector of argmax positions (i32, converted to f32 once stored). */
const LANES_I: v128 = i32x4(0, 1, 2, 3);
const LANES_F: v128 = f32x4(0, 1, 2, 3);

/**
 * y[b, oy, ox, ch] = max over the window of x[b, iy, ix, ch]; argmax[same] = (iy·w + ix)·c + ch, the position of
 * the first maximum in (ky, kx) order within the sample, as f32 (exact below 2²⁴ = h·w·c; convGeometry checks). A
 * NaN in the window's first pixel wins (x > max is false), later NaNs are passed over, as in the TS loop.
 */
export function maxPool2d(x: usize, y: usize, argmax: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, ho: i32, wo: i32): void {
  if (is2x2(kh, kw, sh, sw, padTop, padLeft, c, h, w, ho, wo)) {
    maxPool2x2(x, y, argmax, batch, h, w, c, ho, wo);
    return;
  }
  const pixel = <usize>c << 2;
  let o = y, a = argmax;
  for (let b = 0; b < batch; b++) {
    const xb = x + <usize>b * <usize>h * <usize>w * pixel;
    for (let oy = 0; oy < ho; oy++) {
      const iy0 = max(0, oy * sh - padTop), iy1 = min(h, oy * sh - padTop + kh);
      for (let ox = 0; ox < wo; ox++, o += pixel, a += pixel) {
        const ix0 = max(0, ox * sw - padLeft), ix1 = min(w, ox * sw - padLeft + kw);
        if (iy0 >= iy1 || ix0 >= ix1) {
          for (let ch = 0; ch < c; ch++) { store<f32>(o + (<usize>ch << 2), 0); store<f32>(a + (<usize>ch << 2), -1); }
          continue;
        }
        maxWindow(xb, o, a, w, c, iy0, iy1, ix0, ix1);
      }
    }
  }
}
/**
 * maxPool2d for 2×2 windows at stride 2 (is2x2): each window's four pixels compared in (ky, kx) order as maxWindow
 * does, without its per-window bounds (2× faster at MNIST's 24×24×8, bench/results/conv.md).
 */
function maxPool2x2(x: usize, y: usize, argmax: usize, batch: i32, h: i32, w: i32, c: i32, ho: i32, wo: i32): void {
  const pixel = <usize>c << 2, row = <usize>w * pixel;
  const rowPos = w * c;
  let o = y, a = argmax;
  for (let b = 0; b < batch; b++) {
    const xb = x + <usize>b * <usize>h * row;
    for (let oy = 0; oy < ho; oy++) {
      let p = xb + <usize>(2 * oy) * row;
      let pos = 2 * oy * rowPos;
      for (let ox = 0; ox < wo; ox++, p += 2 * pixel, pos += 2 * c) {
        for (let ch = 0; ch < c; ch += 4, o += 16, a += 16) {
          const q = p + (<usize>ch << 2);
          const p00 = i32x4.add(i32x4.splat(pos + ch), LANES_I);
          let best = v128.load(q);
          let at = p00;
          const v1 = v128.load(q + pixel);
          let more = f32x4.gt(v1, best);
          best = v128.bitselect(v1, best, more);
          at = v128.bitselect(i32x4.add(p00, i32x4.splat(c)), at, more);
          const v2 = v128.load(q + row);
          more = f32x4.gt(v2, best);
          best = v128.bitselect(v2, best, more);
          at = v128.bitselect(i32x4.add(p00, i32x4.splat(rowPos)), at, more);
          const v3 = v128.load(q + row + pixel);
          more = f32x4.gt(v3, best);
          best = v128.bitselect(v3, best, more);
          at = v128.bitselect(i32x4.add(p00, i32x4.splat(rowPos + c)), at, more);
          v128.store(o, best);
          v128.store(a, f32x4.convert_i32x4_s(at));
        }
      }
    }
  }
}

/**
 * dx[b, p] = Σ of dy[b, j] over the outputs j whose argmax is p (0 elsewhere): the gradient goes to the input that
 * won; argmax as maxPool2d wrote it (each position inside its own window; positions outside [0, h·w·c) are skipped).
 * 2×2 windows at stride 2 (MNIST's pools) write dx window by window, 0 + dy where the position won and 0 elsewhere,
 * with no scatter: the same numbers, since each input then has one output to receive from (bench/results/conv.md has
 * the speed-up). Other windows: dx cleared, then a scatter-add.
 */
export function maxPool2dBackward(dy: usize, argmax: usize, dx: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, ho: i32, wo: i32): void {
  const inSize = h * w * c, outSize = ho * wo * c;
  const quads = is2x2(kh, kw, sh, sw, padTop, padLeft, c, h, w, ho, wo);
  if (!quads || 2 * ho != h || 2 * wo != w) memory.fill(dx, 0, <usize>batch * <usize>inSize << 2);
  if (quads) {
    route2x2(dy, argmax, dx, batch, h, w, c, ho, wo);
    return;
  }
  let j: usize = 0;
  for (let b = 0; b < batch; b++) {
    const db = dx + (<usize>b * <usize>inSize << 2);
    for (let i = 0; i < outSize; i++, j += 4) {
      // a saturating conversion: NaN → 0, so test the f32 before converting
      const pf = load<f32>(argmax + j);
      if (!(pf >= 0 && pf < <f32>inSize)) continue;
      const q = db + (<usize>(<i32>pf) << 2);
      store<f32>(q, load<f32>(q) + load<f32>(dy + j));
    }
  }
}

/** Whether a window is the 2×2 stride-2 'valid' case the quad paths handle (channels a multiple of 4, windows inside). */
// @ts-ignore: decorator
@inline function is2x2(kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, c: i32, h: i32, w: i32, ho: i32, wo: i32): bool {
  return kh == 2 && kw == 2 && sh == 2 && sw == 2 && padTop == 0 && padLeft == 0 && (c & 3) == 0 && 2 * ho <= h && 2 * wo <= w;
}

/** maxPool2dBackward for 2×2 windows at stride 2: each of the window's four pixels gets 0 + dy (+0 for a −0, as the scatter) where it won, else 0. */
function route2x2(dy: usize, argmax: usize, dx: usize, batch: i32, h: i32, w: i32, c: i32, ho: i32, wo: i32): void {
  const pixel = <usize>c << 2, row = <usize>w * pixel;
  const right = f32x4.splat(<f32>c), down = f32x4.splat(<f32>(w * c)), diagonal = f32x4.splat(<f32>(w * c + c));
  const zero = f32x4.splat(0);
  let g = dy, a = argmax;
  for (let b = 0; b < batch; b++) {
    const db = dx + <usize>b * <usize>h * row;
    for (let oy = 0; oy < ho; oy++) {
      let q = db + <usize>(2 * oy) * row;
      let pos = 2 * oy * w * c;
      for (let ox = 0; ox < wo; ox++, q += 2 * pixel, pos += 2 * c) {
        for (let ch = 0; ch < c; ch += 4, g += 16, a += 16) {
          const p = q + (<usize>ch << 2);
          const d = f32x4.add(zero, v128.load(g)), at = v128.load(a);
          const p00 = f32x4.add(f32x4.splat(<f32>(pos + ch)), LANES_F);
          v128.store(p, v128.and(d, f32x4.eq(at, p00)));
          v128.store(p + pixel, v128.and(d, f32x4.eq(at, f32x4.add(p00, right))));
          v128.store(p + row, v128.and(d, f32x4.eq(at, f32x4.add(p00, down))));
          v128.store(p + row + pixel, v128.and(d, f32x4.eq(at, f32x4.add(p00, diagonal))));
        }
      }
    }
  }
}

/** y[b, oy, ox, ch] = (Σ of x over the window's pixels inside the input) / (their number), summed in (ky, kx) order in f32. */
export function avgPool2d(x: usize, y: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, ho: i32, wo: i32): void {
  const pixel = <usize>c << 2, row = <usize>w * pixel;
  let o = y;
  for (let b = 0; b < batch; b++) {
    const xb = x + <usize>b * <usize>h * row;
    for (let oy = 0; oy < ho; oy++) {
      const iy0 = max(0, oy * sh - padTop), iy1 = min(h, oy * sh - padTop + kh);
      for (let ox = 0; ox < wo; ox++, o += pixel) {
        const ix0 = max(0, ox * sw - padLeft), ix1 = min(w, ox * sw - padLeft + kw);
        memory.fill(o, 0, pixel);
        if (iy0 >= iy1 || ix0 >= ix1) continue;
        for (let iy = iy0; iy < iy1; iy++) {
          for (let ix = ix0; ix < ix1; ix++) addRun(xb + <usize>iy * row + <usize>ix * pixel, o, c);
        }
        divideRun(o, o, c, <f32>((iy1 - iy0) * (ix1 - ix0)));
      }
    }
  }
}
/** dx[b, iy, ix, ch] = Σ over the windows holding (iy, ix) of dy[window, ch] / (that window's number of pixels) */
export function avgPool2dBackward(dy: usize, dx: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, ho: i32, wo: i32): void {
  const pixel = <usize>c << 2, row = <usize>w * pixel;
  memory.fill(dx, 0, <usize>batch * <usize>h * row);
  let g = dy;
  for (let b = 0; b < batch; b++) {
    const db = dx + <usize>b * <usize>h * row;
    for (let oy = 0; oy < ho; oy++) {
      const iy0 = max(0, oy * sh - padTop), iy1 = min(h, oy * sh - padTop + kh);
      for (let ox = 0; ox < wo; ox++, g += pixel) {
        const ix0 = max(0, ox * sw - padLeft), ix1 = min(w, ox * sw - padLeft + kw);
        if (iy0 >= iy1 || ix0 >= ix1) continue;
        const count = <f32>((iy1 - iy0) * (ix1 - ix0));
        for (let iy = iy0; iy < iy1; iy++) {
          for (let ix = ix0; ix < ix1; ix++) addQuotient(g, db + <usize>iy * row + <usize>ix * pixel, c, count);
        }
      }
    }
  }
}

/** y[b, ch] = Σ_p x[b, p, ch] / hw over the hw pixels of each sample, summed in pixel order in f32 */
export function globalAvgPool2d(x: usize, y: usize, batch: i32, hw: i32, c: i32): void {
  const pixel = <usize>c << 2;
  let p = x, o = y;
  for (let b = 0; b < batch; b++, o += pixel) {
    memory.fill(o, 0, pixel);
    for (let i = 0; i < hw; i++, p += pixel) addRun(p, o, c);
    if (hw > 0) divideRun(o, o, c, <f32>hw);
  }
}
/** dx[b, p, ch] = dy[b, ch] / hw for every pixel p */
export function globalAvgPool2dBackward(dy: usize, dx: usize, batch: i32, hw: i32, c: i32): void {
  const pixel = <usize>c << 2;
  let p = dx, g = dy;
  for (let b = 0; b < batch; b++, g += pixel) {
    for (let i = 0; i < hw; i++, p += pixel) divideRun(g, p, c, <f32>hw);
  }
}

// ---- helpers: one pixel's c channels ----

/**
 * The max of the window [iy0, iy1) × [ix0, ix1) of sample xb, per channel, into o, and its position into a: taps
 * walked by pointer, positions kept as i32 lanes and converted to f32 once per window (1.05–1.1× faster than an f32
 * position per tap, measured on 3×3 windows at stride 2 over 24×24×8 and 24×24×16).
 */
// @ts-ignore: decorator
@inline function maxWindow(xb: usize, o: usize, a: usize, w: i32, c: i32, iy0: i32, iy1: i32, ix0: i32, ix1: i32): void {
  const pixel = <usize>c << 2, row = <usize>w * pixel;
  const first = (iy0 * w + ix0) * c;
  const start = xb + (<usize>first << 2);
  let ch = 0;
  for (; ch + 4 <= c; ch += 4) {
    const p0 = start + (<usize>ch << 2);
    let best = v128.load(p0);
    let at = i32x4.add(i32x4.splat(first + ch), LANES_I);
    let rp = p0, rowPos = first + ch;
    for (let iy = iy0; iy < iy1; iy++, rp += row, rowPos += w * c) {
      let p = rp, pos = rowPos;
      for (let ix = ix0; ix < ix1; ix++, p += pixel, pos += c) {
        const v = v128.load(p);
        const more = f32x4.gt(v, best);
        best = v128.bitselect(v, best, more);
        at = v128.bitselect(i32x4.add(i32x4.splat(pos), LANES_I), at, more);
      }
    }
    v128.store(o + (<usize>ch << 2), best);
    v128.store(a + (<usize>ch << 2), f32x4.convert_i32x4_s(at));
  }
  for (; ch < c; ch++) {
    let best = load<f32>(xb + (<usize>(first + ch) << 2));
    let at = first + ch;
    for (let iy = iy0; iy < iy1; iy++) {
      for (let ix = ix0; ix < ix1; ix++) {
        const off = (iy * w + ix) * c + ch;
        const v = load<f32>(xb + (<usize>off << 2));
        if (v > best) { best = v; at = off; }
      }
    }
    store<f32>(o + (<usize>ch << 2), best);
    store<f32>(a + (<usize>ch << 2), <f32>at);
  }
}

/** dst[i] = src[i] / d for i < n (a division, not a product by 1/d: the same rounding as the TS loop's quotient). */
// @ts-ignore: decorator
@inline function divideRun(src: usize, dst: usize, n: i32, d: f32): void {
  const vd = f32x4.splat(d);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), f32x4.div(v128.load(src + (<usize>i << 2)), vd));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)) / d);
}

/** dst[i] += src[i] / d for i < n. */
// @ts-ignore: decorator
@inline function addQuotient(src: usize, dst: usize, n: i32, d: f32): void {
  const vd = f32x4.splat(d);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.div(v128.load(src + o), vd)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o) / d);
  }
}
