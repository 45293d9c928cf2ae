/** Plain-loop max, average and global average pooling over NHWC batches, each backward under its forward: the specification of assembly/pool.ts. */

type F = Float32Array;

/** The window of output (oy, ox) clipped to the input: rows [iy0, iy1), columns [ix0, ix1) (empty when it has no pixel inside). */
function windowOf(oy: number, ox: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number, padTop: number, padLeft: number): [number, number, number, number] {
  const y0 = oy * sh - padTop, x0 = ox * sw - padLeft;
  return [Math.max(0, y0), Math.min(h, y0 + kh), Math.max(0, x0), Math.min(w, x0 + kw)];
}

/**
 * y = the max of each window's pixels inside the input, per channel; argmax = the position (iy·w + ix)·c + ch within
 * the sample of the first maximum in (ky, kx) order. A window with no pixel inside gives y = 0, argmax = −1.
 */
export function maxPool2d(x: F, y: F, argmax: F, batch: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, padTop: number, padLeft: number, ho: number, wo: number): void {
  for (let b = 0; b < batch; b++) {
    const xb = b * h * w * c;
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        const [iy0, iy1, ix0, ix1] = windowOf(oy, ox, h, w, kh, kw, sh, sw, padTop, padLeft);
        for (let ch = 0; ch < c; ch++) {
          let best = 0, at = -1;
          for (let iy = iy0; iy < iy1; iy++) {
            for (let ix = ix0; ix < ix1; ix++) {
              const p = (iy * w + ix) * c + ch;
              if (at < 0 || x[xb + p] > best) { best = x[xb + p]; at = p; }
            }
          }
          const o = ((b * ho + oy) * wo + ox) * c + ch;
          y[o] = best;
          argmax[o] = at;
        }
      }
    }
  }
}
/**
 * dx[b, p] = Σ of dy[b, j] over the outputs j with argmax[b, j] = p, for argmax as maxPool2d wrote it; positions
 * outside [0, h·w·c) are skipped. (The window arguments let the WASM kernel route non-overlapping windows directly.)
 */
export function maxPool2dBackward(dy: F, argmax: F, dx: F, batch: number, h: number, w: number, c: number, _kh: number, _kw: number, _sh: number, _sw: number, _padTop: number, _padLeft: number, ho: number, wo: number): void {
  const inSize = h * w * c, outSize = ho * wo * c;
  dx.fill(0, 0, batch * inSize);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < outSize; j++) {
      const p = argmax[b * outSize + j];
      if (p >= 0 && p < inSize) dx[b * inSize + p] += dy[b * outSize + j];
    }
  }
}

/** y = the mean of each window's pixels inside the input (TensorFlow's 'same' rule: padding is not counted), per channel */
export function avgPool2d(x: F, y: F, batch: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, padTop: number, padLeft: number, ho: number, wo: number): void {
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        const [iy0, iy1, ix0, ix1] = windowOf(oy, ox, h, w, kh, kw, sh, sw, padTop, padLeft);
        const count = Math.max(0, iy1 - iy0) * Math.max(0, ix1 - ix0);
        for (let ch = 0; ch < c; ch++) {
          let s = 0;
          for (let iy = iy0; iy < iy1; iy++) for (let ix = ix0; ix < ix1; ix++) s += x[((b * h + iy) * w + ix) * c + ch];
          y[((b * ho + oy) * wo + ox) * c + ch] = count > 0 ? s / count : 0;
        }
      }
    }
  }
}
/** dx[b, iy, ix, ch] = Σ over the windows holding (iy, ix) of dy[window, ch] / (that window's number of pixels inside) */
export function avgPool2dBackward(dy: F, dx: F, batch: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, padTop: number, padLeft: number, ho: number, wo: number): void {
  dx.fill(0, 0, batch * h * w * c);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        const [iy0, iy1, ix0, ix1] = windowOf(oy, ox, h, w, kh, kw, sh, sw, padTop, padLeft);
        const count = (iy1 - iy0) * (ix1 - ix0);
        for (let iy = iy0; iy < iy1; iy++) {
          for (let ix = ix0; ix < ix1; ix++) {
            for (let ch = 0; ch < c; ch++) dx[((b * h + iy) * w + ix) * c + ch] += dy[((b * ho + oy) * wo + ox) * c + ch] / count;
          }
        }
      }
    }
  }
}

/** y[b, ch] = the mean over the hw pixels of sample b of x[b, p, ch] (0 when hw = 0) */
export function globalAvgPool2d(x: F, y: F, batch: number, hw: number, c: number): void {
  for (let b = 0; b < batch; b++) {
    for (let ch = 0; ch < c; ch++) {
      let s = 0;
      for (let p = 0; p < hw; p++) s += x[(b * hw + p) * c + ch];
      y[b * c + ch] = hw > 0 ? s / hw : 0;
    }
  }
}
/** dx[b, p, ch] = dy[b, ch] / hw */
export function globalAvgPool2dBackward(dy: F, dx: F, batch: number, hw: number, c: number): void {
  for (let b = 0; b < batch; b++) for (let p = 0; p < hw; p++) for (let ch = 0; ch < c; ch++) dx[(b * hw + p) * c + ch] = dy[b * c + ch] / hw;
}
