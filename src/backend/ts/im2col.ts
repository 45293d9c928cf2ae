/** Plain-loop im2col, col2im, pad2d and transpose: the specification of assembly/im2col.ts. */

type F = Float32Array;

/**
 * patches[(b·ho + oy)·wo + ox, (ky·kw + kx)·c + ci] = x[b, oy·sh − padTop + ky, ox·sw − padLeft + kx, ci],
 * 0 where that pixel is outside the h×w input.
 */
export function im2col(x: F, patches: F, batch: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, padTop: number, padLeft: number, ho: number, wo: number): void {
  let r = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const iy = oy * sh - padTop + ky, ix = ox * sw - padLeft + kx;
            const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
            for (let ci = 0; ci < c; ci++) patches[r++] = inside ? x[((b * h + iy) * w + ix) * c + ci] : 0;
          }
        }
      }
    }
  }
}
/** dx[b, iy, ix, ci] = Σ of the patch entries im2col copied from that pixel (the transpose of im2col); overwrites dx. */
export function col2im(patches: F, dx: F, batch: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, padTop: number, padLeft: number, ho: number, wo: number): void {
  dx.fill(0, 0, batch * h * w * c);
  let r = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const iy = oy * sh - padTop + ky, ix = ox * sw - padLeft + kx;
            const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
            for (let ci = 0; ci < c; ci++, r++) if (inside) dx[((b * h + iy) * w + ix) * c + ci] += patches[r];
          }
        }
      }
    }
  }
}

/** xp[b, padTop + iy, padLeft + ix, ci] = x[b, iy, ix, ci]; zero elsewhere in the hp×wp padded sample. */
export function pad2d(x: F, xp: F, batch: number, h: number, w: number, c: number, padTop: number, padLeft: number, hp: number, wp: number): void {
  for (let b = 0; b < batch; b++) {
    for (let py = 0; py < hp; py++) {
      for (let px = 0; px < wp; px++) {
        const iy = py - padTop, ix = px - padLeft;
        const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
        for (let ci = 0; ci < c; ci++) xp[((b * hp + py) * wp + px) * c + ci] = inside ? x[((b * h + iy) * w + ix) * c + ci] : 0;
      }
    }
  }
}

/** y[j, i] = x[i, j] for x of rows×cols */
export function transpose(x: F, y: F, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) y[j * rows + i] = x[i * cols + j];
}
