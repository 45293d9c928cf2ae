/** Pooling over NHWC batches: max (saving the argmax), average (dividing by the pixels inside the input) and global average, each backward under its forward. */

import { addRun } from './lanes';

// Geometry as in im2col.ts: the window of output (oy, ox) covers input rows oy·sh − padTop + [0, kh) and columns
// ox·sw − padLeft + [0, kw); only the pixels inside the input take part ('same' padding never adds values, as in
// TensorFlow and Keras). Channels are contiguous in NHWC, so the vectors run along the channels of a pixel, with a
// scalar tail for c mod 4. A window with no pixel inside the input (convGeometry never makes one) gives y = 0 and
// argmax −1.

/** The four lane numbers, added to a channel offset to make a vector of argmax positions. */
const LANES: v128 = f32x4(0, 1, 2, 3);

/**
 * y[b, oy, ox, ch] = max over the window of x[b, iy, ix, ch]; argmax[same] = (iy·w + ix)·c + ch, the position of
 * the first maximum in (ky, kx) order within the sample, as f32 (exact below 2²⁴ = h·w·c; convGeometry checks). A
 * NaN in the window's first pixel wins (x > max is false), later NaNs are passed over, as in the TS loop.
 */
export function maxPool2d(x: usize, y: usize, argmax: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, ho: i32, wo: i32): void {
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
 * dx[b, p] = Σ of dy[b, j] over the outputs j whose argmax is p (0 elsewhere): the gradient goes to the input that
 * won. inSize = h·w·c and outSize = ho·wo·c per sample; positions outside [0, inSize) are skipped.
 */
export function maxPool2dBackward(dy: usize, argmax: usize, dx: usize, batch: i32, inSize: i32, outSize: i32): void {
  memory.fill(dx, 0, <usize>batch * <usize>inSize << 2);
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

/** The max of the window [iy0, iy1) × [ix0, ix1) of sample xb, per channel, into o, and its position into a. */
// @ts-ignore: decorator
@inline function maxWindow(xb: usize, o: usize, a: usize, w: i32, c: i32, iy0: i32, iy1: i32, ix0: i32, ix1: i32): void {
  const first = (iy0 * w + ix0) * c;
  let ch = 0;
  for (; ch + 4 <= c; ch += 4) {
    let best = v128.load(xb + (<usize>(first + ch) << 2));
    let at = f32x4.add(f32x4.splat(<f32>(first + ch)), LANES);
    for (let iy = iy0; iy < iy1; iy++) {
      for (let ix = ix0; ix < ix1; ix++) {
        const off = (iy * w + ix) * c + ch;
        const v = v128.load(xb + (<usize>off << 2));
        const more = f32x4.gt(v, best);
        best = v128.bitselect(v, best, more);
        at = v128.bitselect(f32x4.add(f32x4.splat(<f32>off), LANES), at, more);
      }
    }
    v128.store(o + (<usize>ch << 2), best);
    v128.store(a + (<usize>ch << 2), at);
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
