/** Inverted dropout: the keep/drop mask hashed from (seed, element index) in integer arithmetic, so TS and WASM draw the same mask. */

// The mask. Element i is dropped when the top 24 bits of h(seed, i) are below t = ⌊rate·2²⁴ + ½⌋, where
//   h(seed, i) = fmix32((i·0x9E3779B9 mod 2³²) XOR fmix32(seed))
// and fmix32 is MurmurHash3's finalizer (the one random.ts's splitmix32 uses). Integer-only, so the TS specification
// (src/backend/ts/dropout.ts) computes the same bits with Math.imul. The key is XORed into the Weyl counter i·φ rather
// than added: with key + i·φ, two steps whose keys differ by k·φ (about 2n in 2³² pairs of steps) would draw the same
// mask shifted by k positions. A kept element stores 1/(1 − rate) rounded to f32 (Keras's scale), a dropped one 0, so
// y = x·mask and dx = dy·mask are one multiply each. The drop probability is t/2²⁴, within 2⁻²⁵ of rate.

const PHI: u32 = 0x9e3779b9; // 2³²/golden ratio: consecutive indices land far apart before mixing

/** MurmurHash3's 32-bit finalizer (a bijection with full avalanche). */
// @ts-ignore: decorator
@inline function fmix(h: u32): u32 {
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  h *= 0xc2b2ae35;
  return h ^ (h >>> 16);
}

/** fmix on four lanes (i32x4.mul keeps the low 32 bits of each product, as u32 multiplication does). */
// @ts-ignore: decorator
@inline function fmixv(h: v128): v128 {
  h = v128.xor(h, i32x4.shr_u(h, 16));
  h = i32x4.mul(h, i32x4.splat(0x85ebca6b));
  h = v128.xor(h, i32x4.shr_u(h, 13));
  h = i32x4.mul(h, i32x4.splat(0xc2b2ae35));
  return v128.xor(h, i32x4.shr_u(h, 16));
}

/**
 * mask[i] = keep ? f32(1/(1 − rate)) : 0, keep = (h(seed, i) >>> 8) ≥ ⌊rate·2²⁴ + ½⌋ (see above); y = x · mask.
 * rate in [0, 1) as f64; seed any 32-bit integer (the layer draws one per step from the model's Random).
 */
export function dropout(x: usize, y: usize, mask: usize, n: i32, rate: f64, seed: i32): void {
  const t = <i32>Math.floor(rate * 16777216.0 + 0.5);
  const scale = <f32>(1.0 / (1.0 - rate));
  const key = fmix(<u32>seed);
  const vt = i32x4.splat(t), vscale = f32x4.splat(scale), vkey = i32x4.splat(key);
  // lane l holds (i + l)·φ; adding 4φ per step is the same product mod 2³²
  let ctr = i32x4.mul(i32x4(0, 1, 2, 3), i32x4.splat(PHI));
  const step = i32x4.splat(PHI * 4);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const h = fmixv(v128.xor(ctr, vkey));
    const m = v128.andnot(vscale, i32x4.lt_s(i32x4.shr_u(h, 8), vt));
    v128.store(mask + o, m);
    v128.store(y + o, f32x4.mul(v128.load(x + o), m));
    ctr = i32x4.add(ctr, step);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const h = fmix((<u32>i * PHI) ^ key);
    const m: f32 = <i32>(h >>> 8) < t ? 0 : scale;
    store<f32>(mask + o, m);
    store<f32>(y + o, load<f32>(x + o) * m);
  }
}
/** dx = dy · mask, from the saved mask (0 or 1/(1 − rate)) */
export function dropoutBackward(mask: usize, dy: usize, dx: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dx + o, f32x4.mul(v128.load(dy + o), v128.load(mask + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dx + o, load<f32>(dy + o) * load<f32>(mask + o));
  }
}
