/** Gradient clipping, in place: scaleInPlace (by global norm, with reduce.ts's sumSquares giving Σg²) and clipInPlace (by value). */

/** x *= s  (s as f32; clipping by global norm passes s = min(1, clipNorm/‖g‖)) */
export function scaleInPlace(x: usize, n: i32, s: f32): void {
  const vs = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(x + o, f32x4.mul(v128.load(x + o), vs));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(x + o, load<f32>(x + o) * s);
  }
}

/** x = min(max(x, −limit), limit)  (limit ≥ 0 as f32; NaN stays NaN, so a non-finite gradient is still seen) */
export function clipInPlace(x: usize, n: i32, limit: f32): void {
  // pmax(a, b) = a < b ? b : a and pmin(a, b) = b < a ? b : a: with x first, a NaN x fails both tests and passes through
  const hi = f32x4.splat(limit), lo = f32x4.splat(-limit);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(x + o, f32x4.pmin(f32x4.pmax(v128.load(x + o), lo), hi));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(x + o, v > limit ? limit : v < -limit ? -limit : v);
  }
}
