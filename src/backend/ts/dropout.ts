/** Plain-loop inverted dropout: the keep/drop mask hashed from (seed, index) with integer arithmetic, bit for bit as assembly/dropout.ts. */

type F = Float32Array;

/** MurmurHash3's 32-bit finalizer, on the low 32 bits of h (Math.imul keeps the low 32 bits of the product). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * mask[i] = keep ? f32(1/(1 − rate)) : 0 with keep = (hash >>> 8) ≥ ⌊rate·2²⁴ + ½⌋; y = x · mask.
 * rate in [0, 1); seed taken modulo 2³² (the WASM ABI passes it as i32).
 */
export function dropout(x: F, y: F, mask: F, n: number, rate: number, seed: number): void {
  const t = Math.floor(rate * 16777216 + 0.5);
  const scale = Math.fround(1 / (1 - rate));
  const key = fmix32(seed | 0);
  for (let i = 0; i < n; i++) {
    const h = fmix32(Math.imul(i, 0x9e3779b9) ^ key);
    mask[i] = h >>> 8 < t ? 0 : scale;
    y[i] = x[i] * mask[i];
  }
}
/** dx = dy · mask, from the saved mask */
export function dropoutBackward(mask: F, dy: F, dx: F, n: number): void {
  for (let i = 0; i < n; i++) dx[i] = dy[i] * mask[i];
}
