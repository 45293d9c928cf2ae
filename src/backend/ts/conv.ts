/** Plain-loop direct convolution (valid windows), its filter gradient and its input gradient: the specification of assembly/conv.ts and conv_input.ts. */

import { leakyRelu, relu } from './activations.js';

type F = Float32Array;

/** y[b, oy, ox, co] = bias[co] + Σ_{ky,kx,ci} x[b, oy·sh + ky, ox·sw + kx, ci] · W[(ky·kw + kx)·c + ci, co] */
export function conv2d(x: F, wt: F, bias: F, y: F, batch: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, ho: number, wo: number, cout: number): void {
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        for (let co = 0; co < cout; co++) {
          let s = bias[co];
          for (let ky = 0; ky < kh; ky++) {
            for (let kx = 0; kx < kw; kx++) {
              const xo = ((b * h + oy * sh + ky) * w + ox * sw + kx) * c, wr = (ky * kw + kx) * c;
              for (let ci = 0; ci < c; ci++) s += x[xo + ci] * wt[(wr + ci) * cout + co];
            }
          }
          y[((b * ho + oy) * wo + ox) * cout + co] = s;
        }
      }
    }
  }
}
/** y = max(0, conv2d(x)): conv2d, then relu in place */
export function conv2dRelu(x: F, wt: F, bias: F, y: F, batch: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, ho: number, wo: number, cout: number): void {
  conv2d(x, wt, bias, y, batch, h, w, c, kh, kw, sh, sw, ho, wo, cout);
  relu(y, y, batch * ho * wo * cout);
}
/** y = leakyRelu(conv2d(x), alpha) */
export function conv2dLeakyRelu(x: F, wt: F, bias: F, y: F, batch: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, ho: number, wo: number, cout: number, alpha: number): void {
  conv2d(x, wt, bias, y, batch, h, w, c, kh, kw, sh, sw, ho, wo, cout);
  leakyRelu(y, y, batch * ho * wo * cout, alpha);
}
/** dW[(ky·kw + kx)·c + ci, co] = Σ_{b,oy,ox} x[b, oy·sh + ky, ox·sw + kx, ci] · dy[b, oy, ox, co] */
export function conv2dBackwardFilter(x: F, dy: F, dw: F, batch: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, ho: number, wo: number, cout: number): void {
  dw.fill(0, 0, kh * kw * c * cout);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        const g = ((b * ho + oy) * wo + ox) * cout;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const xo = ((b * h + oy * sh + ky) * w + ox * sw + kx) * c, wr = (ky * kw + kx) * c;
            for (let ci = 0; ci < c; ci++) for (let co = 0; co < cout; co++) dw[(wr + ci) * cout + co] += x[xo + ci] * dy[g + co];
          }
        }
      }
    }
  }
}

/**
 * dx[b, iy, ix, ci] = Σ over the outputs (oy, ox) whose window holds (iy, ix) at tap (ky, kx) of
 * Σ_co dy[b, oy, ox, co] · wt[co, (ky·kw + kx)·c + ci]   (wt = Wᵀ; valid windows over dx; overwrites dx)
 */
export function conv2dBackwardInput(dy: F, wt: F, dx: F, batch: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, ho: number, wo: number, cout: number): void {
  dx.fill(0, 0, batch * h * w * c);
  const k = kh * kw * c;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        const g = ((b * ho + oy) * wo + ox) * cout;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const xo = ((b * h + oy * sh + ky) * w + ox * sw + kx) * c, q = (ky * kw + kx) * c;
            for (let ci = 0; ci < c; ci++) {
              let s = 0;
              for (let co = 0; co < cout; co++) s += dy[g + co] * wt[co * k + q + ci];
              dx[xo + ci] += s;
            }
          }
        }
      }
    }
  }
}
