/** Inline SIMD helpers shared by the kernels: multiply-add, vector exp, horizontal sums. Nothing here is exported from the module. */

/**
 * a·b + c on four lanes. The relaxed-SIMD build (asconfig target "relaxed") uses f32x4.relaxed_madd, which the
 * engine may fuse (one rounding, an FMA where the CPU has one); the baseline build multiplies, then adds.
 */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Lane sum of an f32x4, as f32. */
// @ts-ignore: decorator
@inline export function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Lane sum of an f32x4, each lane widened to f64 first. */
// @ts-ignore: decorator
@inline export function hsum64(v: v128): f64 {
  const s = f64x2.add(f64x2.promote_low_f32x4(v), f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3)));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** Sum of the lanes of an f64x2 accumulator. */
// @ts-ignore: decorator
@inline export function hsum2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Adds the four f32 lanes of `v`, widened to f64, into the two lanes of the f64 accumulator `acc`. */
// @ts-ignore: decorator
@inline export function accum64(acc: v128, v: v128): v128 {
  return f64x2.add(f64x2.add(acc, f64x2.promote_low_f32x4(v)), f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3)));
}

// Cephes-style expf: x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite split of ln2 so n·C1 is exact),
// e^r by a degree-7 polynomial, 2^n built in the exponent bits.
// Measured error (test/backend/wasm/exp_error.test.ts repeats the measurement and asserts it): max relative
// error vs Math.exp ≤ 8.4e-8 (≈ 1.4 ulp; f32's unit roundoff 2⁻²⁴ ≈ 6e-8) on 2·10⁶ points of [−87.3, −17];
// through it, sigmoid ≤ 1.93e-7 and tanh ≤ 1.7e-7 relative on [−40, 40]. The parity tolerances derive from these.
// Below −87.3365 (where e^x leaves the normal f32 range) the result is 0; inputs are clamped at 88.
// The kernels only call it with x ≤ 0 (sigmoid, tanh and the losses use e^−|x|; softmax uses x − max).
const EXP_LO: f32 = -87.33654;
const EXP_HI: f32 = 88.0;

/** e^x on four lanes (measured relative error ≤ 8.4e-8, see above; 0 below −87.34; clamped at 88; NaN stays NaN). */
// @ts-ignore: decorator
@inline export function expv(x: v128): v128 {
  // pmax / pmin (one instruction each on x64, where wasm's NaN-propagating min / max take several); they keep a
  // NaN x as it is (x < LO and HI < x are false), so NaN still comes out NaN
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  // n = round-to-nearest-even(x·log2 e) by adding 1.5·2²³ (the same rounding as f32x4.nearest, so the same n); the
  // sum's low mantissa bits then hold n as an integer, which builds 2^n without a float → int conversion
  const t = f32x4.add(f32x4.mul(xc, f32x4.splat(1.44269504088896341)), f32x4.splat(12582912.0));
  const n = f32x4.sub(t, f32x4.splat(12582912.0));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const er = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  // 2^n: n ∈ [−126, 127] after the clamp, so n + 127 is a valid biased exponent; t's bits are 0x4B400000 + n.
  const scale = i32x4.shl(i32x4.add(t, i32x4.splat(127 - 0x4B400000)), 23);
  return v128.andnot(f32x4.mul(er, scale), f32x4.lt(x, f32x4.splat(EXP_LO)));
}

/** e^x for one value through the same code as the vector lanes, so tails match the main loops. */
// @ts-ignore: decorator
@inline export function expf(x: f32): f32 {
  return f32x4.extract_lane(expv(f32x4.splat(x)), 0);
}

/** σ(x) = 1 / (1 + e^−x) on four lanes, from e = e^−|x| so the exponent never overflows. */
// @ts-ignore: decorator
@inline export function sigmoidv(x: v128): v128 {
  const e = expv(f32x4.neg(f32x4.abs(x)));
  const inv = f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), e));
  // x ≥ 0: 1/(1+e); x < 0: e/(1+e)
  return v128.bitselect(inv, f32x4.mul(e, inv), f32x4.ge(x, f32x4.splat(0.0)));
}

// tanh: for |x| ≥ 0.3, (1 − e)/(1 + e) with e = e^−2|x| (no cancellation: 1 − e ≥ 0.45);
// below 0.3 the odd Taylor series to x⁹ (next term < 5e-8 relative). Sign restored from x.
/** tanh(x) on four lanes. */
// @ts-ignore: decorator
@inline export function tanhv(x: v128): v128 {
  const a = f32x4.abs(x);
  const e = expv(f32x4.mul(a, f32x4.splat(-2.0)));
  const big = f32x4.div(f32x4.sub(f32x4.splat(1.0), e), f32x4.add(f32x4.splat(1.0), e));
  const a2 = f32x4.mul(a, a);
  let p = f32x4.splat(0.021869488536155203); // 62/2835
  p = f32x4.add(f32x4.mul(p, a2), f32x4.splat(-0.05396825396825397)); // −17/315
  p = f32x4.add(f32x4.mul(p, a2), f32x4.splat(0.13333333333333333)); // 2/15
  p = f32x4.add(f32x4.mul(p, a2), f32x4.splat(-0.3333333333333333)); // −1/3
  const small = f32x4.add(a, f32x4.mul(f32x4.mul(p, a2), a));
  const t = v128.bitselect(small, big, f32x4.lt(a, f32x4.splat(0.3)));
  return v128.or(t, v128.and(x, i32x4.splat(0x80000000)));
}

// logf for positive normal x (Cephes): x = m·2^e with m ∈ [√½, √2), log m = f − f²/2 + f³·P(f) with f = m − 1
// (degree-8 P), e·ln2 added in two parts (Cody–Waite) so the large term is exact.
// Measured (test/backend/wasm/exp_error.test.ts repeats the measurement and asserts it) where it is used, in the
// narrow softmaxCrossEntropy: a row's loss log(1 + e^a (+ e^b)), i.e. logv of an f32 sum of vector exps in [1, 3],
// is within 1.18e-7 absolute (≈ 2u) of f64 over 2·10⁵ rows of 2 and 3 classes (the parity bound of that kernel
// counts it). NaN stays NaN. Zero, negative, subnormal and infinite inputs are outside its domain: the kernels only
// call it on sums ≥ 1.
/** log(x) on four lanes, for positive normal x (see above for the error). */
// @ts-ignore: decorator
@inline export function logv(x: v128): v128 {
  // frexp: the exponent field, and the mantissa moved into [0.5, 1)
  let e = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126));
  let m = v128.or(v128.and(x, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000));
  // m < √½: use 2m and e − 1 so that the polynomial's argument stays in [√½ − 1, √2 − 1)
  const lo = f32x4.lt(m, f32x4.splat(0.707106781186547524));
  e = i32x4.add(e, lo);
  const f = f32x4.sub(f32x4.add(m, v128.and(m, lo)), f32x4.splat(1.0));
  const fe = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(f, f);
  let p = f32x4.splat(7.0376836292e-2);
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.1514610310e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(1.1676998740e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.2420140846e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(1.4249322787e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.6668057665e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(2.0000714765e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-2.4999993993e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(3.3333331174e-1));
  let y = f32x4.mul(f32x4.mul(p, f), z);
  y = f32x4.add(y, f32x4.mul(fe, f32x4.splat(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  const r = f32x4.add(f32x4.add(f, y), f32x4.mul(fe, f32x4.splat(0.693359375)));
  // NaN in, NaN out (the bit manipulation above would turn it into a number)
  return v128.bitselect(x, r, f32x4.ne(x, x));
}

// ---- per-column kernels (batch norm): column blocks walked down tiles of rows ----

/**
 * Floats per buffer in one tile of rows (32 KB). The per-column elementwise passes walk each block of 8 columns down
 * a tile of max(16, 8192/cols) rows with the block's coefficients held in registers: row by row they would reload
 * (or recompute) them for every vector, and whole columns at a time would fetch each cache line once per block
 * (measured on 64·24·24 × 8, batch norm's backward: 259 µs row by row, 146 µs by whole columns, 149 µs by tiles;
 * on 4608 × 64: 249, 264 and 244 µs).
 */
export const COLUMN_TILE_FLOATS: i32 = 8192;

// ---- the activation applied on the way out of a product (matmulBias*, conv2d*) ----

// A compile-time constant in each exported kernel after inlining, so the branches below fold away.
export const ACT_NONE = 0;
export const ACT_RELU = 1;
export const ACT_TANH = 2;
export const ACT_SIGMOID = 3;
export const ACT_LEAKY_RELU = 4;

/** The activation of activations.ts on four lanes, with the same vector code (relu as pmax(0, x): NaN → 0). */
// @ts-ignore: decorator
@inline export function activate(v: v128, act: i32, alpha: f32): v128 {
  if (act == ACT_RELU) return f32x4.pmax(f32x4.splat(0), v);
  if (act == ACT_TANH) return tanhv(v);
  if (act == ACT_SIGMOID) return sigmoidv(v);
  if (act == ACT_LEAKY_RELU) return v128.bitselect(v, f32x4.mul(f32x4.splat(alpha), v), f32x4.gt(v, f32x4.splat(0)));
  return v;
}

/** c[i] = act(c[i]) for i < count: vector body, then the tail through the same lane code (as in activations.ts). */
// @ts-ignore: decorator
@inline export function activateInPlace(c: usize, count: i32, act: i32, alpha: f32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    v128.store(c + o, activate(v128.load(c + o), act, alpha));
  }
  for (; i < count; i++) {
    const o = <usize>i << 2;
    store<f32>(c + o, f32x4.extract_lane(activate(f32x4.splat(load<f32>(c + o)), act, alpha), 0));
  }
}
