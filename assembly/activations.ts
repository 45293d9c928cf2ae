/** Activation kernels, each backward directly under its forward: f32x4 main loops, scalar tails through the same lane code. */

import { accum64, expv, hsum2, sigmoidv, tanhv } from './simd';
import { rowMax } from './lanes';

// Every loop runs the vector body while 4 elements remain, then the tail one element at a time
// (a splat in, lane 0 out), so a tail element gets bit-for-bit the main loop's arithmetic.

/** y = max(0, x)  (x > 0 ? x : 0, so NaN maps to 0 as in the TS backend) */
export function relu(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.pmax(zero, v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(y + o, v > 0 ? v : 0);
  }
}
/** dx = dy · [x > 0], from the saved input */
export function reluBackward(x: usize, dy: usize, dx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dx + o, v128.and(v128.load(dy + o), f32x4.gt(v128.load(x + o), zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dx + o, load<f32>(x + o) > 0 ? load<f32>(dy + o) : 0);
  }
}

/** y = x > 0 ? x : alpha·x */
export function leakyRelu(x: usize, y: usize, n: i32, alpha: f32): void {
  const zero = f32x4.splat(0);
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    v128.store(y + o, v128.bitselect(v, f32x4.mul(va, v), f32x4.gt(v, zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(y + o, v > 0 ? v : alpha * v);
  }
}
/** dx = dy · (x > 0 ? 1 : alpha), from the saved input */
export function leakyReluBackward(x: usize, dy: usize, dx: usize, n: i32, alpha: f32): void {
  const zero = f32x4.splat(0);
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const g = v128.load(dy + o);
    v128.store(dx + o, v128.bitselect(g, f32x4.mul(va, g), f32x4.gt(v128.load(x + o), zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(dy + o);
    store<f32>(dx + o, load<f32>(x + o) > 0 ? g : alpha * g);
  }
}

/** y = 1 / (1 + e^−x)  (vector exp, see simd.ts for its error) */
export function sigmoid(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, sigmoidv(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, f32x4.extract_lane(sigmoidv(f32x4.splat(load<f32>(x + o))), 0));
  }
}
/** dx = dy · y · (1 − y), from the saved output */
export function sigmoidBackward(y: usize, dy: usize, dx: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(y + o);
    v128.store(dx + o, f32x4.mul(f32x4.mul(v128.load(dy + o), v), f32x4.sub(one, v)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(y + o);
    store<f32>(dx + o, load<f32>(dy + o) * v * (1 - v));
  }
}

/** y = tanh(x)  (vector exp above 0.3 in magnitude, odd Taylor series below; see simd.ts) */
export function tanh(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, tanhv(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, f32x4.extract_lane(tanhv(f32x4.splat(load<f32>(x + o))), 0));
  }
}
/** dx = dy · (1 − y²), from the saved output */
export function tanhBackward(y: usize, dy: usize, dx: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(y + o);
    v128.store(dx + o, f32x4.mul(v128.load(dy + o), f32x4.sub(one, f32x4.mul(v, v))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(y + o);
    store<f32>(dx + o, load<f32>(dy + o) * (1 - v * v));
  }
}

/** y = x > 0 ? 1 : 0  (Heaviside; forward only, its derivative is zero almost everywhere) */
export function step(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, v128.and(one, f32x4.gt(v128.load(x + o), zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(x + o) > 0 ? <f32>1 : <f32>0);
  }
}

/** y[r, ·] = e^(x[r, ·] − max) / Σ e^(x[r, ·] − max), row by row */
export function softmax(x: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + ((<usize>r * <usize>cols) << 2);
    const yr = y + ((<usize>r * <usize>cols) << 2);
    const max = rowMax(xr, cols);
    const vmax = f32x4.splat(max);
    let vsum = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const e = expv(f32x4.sub(v128.load(xr + (<usize>j << 2)), vmax));
      v128.store(yr + (<usize>j << 2), e);
      vsum = f32x4.add(vsum, e);
    }
    let sum = f32x4.extract_lane(vsum, 0) + f32x4.extract_lane(vsum, 1) + f32x4.extract_lane(vsum, 2) + f32x4.extract_lane(vsum, 3);
    for (; j < cols; j++) {
      const e = f32x4.extract_lane(expv(f32x4.splat(load<f32>(xr + (<usize>j << 2)) - max)), 0);
      store<f32>(yr + (<usize>j << 2), e);
      sum += e;
    }
    scaleRow(yr, cols, <f32>1 / sum);
  }
}

/**
 * dx[r, ·] = y[r, ·] ⊙ (dy[r, ·] − Σⱼ dy[r, j]·y[r, j]), from the saved output (the softmax Jacobian applied row by
 * row; the products are f32, their sum f64, rounded once)
 */
export function softmaxBackward(y: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = (<usize>r * <usize>cols) << 2;
    const yr = y + o, gr = dy + o, dr = dx + o;
    let acc = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const c = <usize>j << 2;
      acc = accum64(acc, f32x4.mul(v128.load(gr + c), v128.load(yr + c)));
    }
    let s = hsum2(acc);
    for (; j < cols; j++) s += <f64>(load<f32>(gr + (<usize>j << 2)) * load<f32>(yr + (<usize>j << 2)));
    const sum = <f32>s;
    const vs = f32x4.splat(sum);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const c = <usize>j << 2;
      v128.store(dr + c, f32x4.mul(v128.load(yr + c), f32x4.sub(v128.load(gr + c), vs)));
    }
    for (; j < cols; j++) {
      const c = <usize>j << 2;
      store<f32>(dr + c, load<f32>(yr + c) * (load<f32>(gr + c) - sum));
    }
  }
}

/** p[j] *= s for j < cols. */
// @ts-ignore: decorator
@inline function scaleRow(p: usize, cols: i32, s: f32): void {
  const vs = f32x4.splat(s);
  let j = 0;
  for (; j + 4 <= cols; j += 4) v128.store(p + (<usize>j << 2), f32x4.mul(v128.load(p + (<usize>j << 2)), vs));
  for (; j < cols; j++) store<f32>(p + (<usize>j << 2), load<f32>(p + (<usize>j << 2)) * s);
}
