/** Plain-loop gradient clipping, in place: scale by a factor (clipping by global norm), clamp to ±limit (clipping by value). */

type F = Float32Array;

/** x *= s  (s rounded to f32 first, as the WASM ABI passes it, so both backends give the same bits) */
export function scaleInPlace(x: F, n: number, s: number): void {
  const f = Math.fround(s);
  for (let i = 0; i < n; i++) x[i] *= f;
}

/** x = min(max(x, −limit), limit)  (limit rounded to f32; NaN stays NaN) */
export function clipInPlace(x: F, n: number, limit: number): void {
  const l = Math.fround(limit);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    x[i] = v > l ? l : v < -l ? -l : v;
  }
}
