/** Shared pieces of the recurrent kernels (rnn.ts, lstm.ts, gru.ts, gru_reset_before.ts): the per-step products on strided rows, Uᵀ, zeroing (not exported from the module). */

import { gemm } from './gemm';
import { sigmoidv, tanhv } from './simd';

// Sequences are batch-major, as a batch of samples is: row (b, t) of a [batch·steps × w] buffer is sample b's step t,
// at ((b·steps + t)·w) floats. Step t of every sample is then `batch` rows `steps·w` floats apart, which the GEMM core
// reads (A) and writes (C) through its row strides: no per-step copy or transpose, and the products over all steps
// (the input projection x·W, dW = xᵀ·dz, dU = h₋₁ᵀ·dz, dx = dz·Wᵀ) stay single GEMMs over the whole buffer.

/** Address of row (b, t) of a batch-major sequence buffer with rows of `w` floats. */
// @ts-ignore: decorator
@inline export function rowAt(p: usize, b: i32, t: i32, steps: i32, w: i32): usize {
  return p + ((<usize>(b * steps + t) * <usize>w) << 2);
}

/**
 * Step t of C (rows of `wc` floats, starting `co` floats in) = start + step t of A (rows of `wa` floats) · B[k × n],
 * B's rows `ldb` floats apart. `acc`: start from C's own values (z_t += h_{t−1}·U), else from zero.
 */
export function stepProduct(a: usize, wa: i32, bm: usize, ldb: i32, c: usize, wc: i32, co: i32, batch: i32, steps: i32, t: i32, k: i32, n: i32, acc: bool, scratch: usize): void {
  const at = rowAt(a, 0, t, steps, wa);
  const ct = rowAt(c, 0, t, steps, wc) + (<usize>co << 2);
  const ldc = <usize>(steps * wc) << 2;
  gemm(at, <usize>(steps * wa) << 2, 4, bm, <usize>ldb << 2, 4, ct, ldc, batch, k, n, ct, ldc, acc ? 1 : 0, 0, scratch);
}

/** Step t of C (rows of `wc` floats) = bias[n] + step t of A (rows of `wa` floats) · B[k × n] (B's rows `ldb` floats apart). */
export function stepProductBias(a: usize, wa: i32, bm: usize, ldb: i32, bias: usize, c: usize, wc: i32, batch: i32, steps: i32, t: i32, k: i32, n: i32, scratch: usize): void {
  const ct = rowAt(c, 0, t, steps, wc);
  gemm(rowAt(a, 0, t, steps, wa), <usize>(steps * wa) << 2, 4, bm, <usize>ldb << 2, 4, ct, <usize>(steps * wc) << 2, batch, k, n, bias, 0, 1, 0, scratch);
}

/**
 * carry[batch × n] (= or +=) step t of A (rows of `wa` floats, `ao` floats in; k of them) · Bᵀ where Bᵀ is given
 * as `bt` [k × n] (rows n floats apart): the gradient a step passes back to h_{t−1}.
 */
export function carryProduct(a: usize, wa: i32, ao: i32, bt: usize, carry: usize, batch: i32, steps: i32, t: i32, k: i32, n: i32, acc: bool, scratch: usize): void {
  const at = rowAt(a, 0, t, steps, wa) + (<usize>ao << 2);
  const ld = <usize>n << 2;
  gemm(at, <usize>(steps * wa) << 2, 4, bt, ld, 4, carry, ld, batch, k, n, carry, ld, acc ? 1 : 0, 0, scratch);
}

/**
 * C[k × n] (rows `ldc` floats apart, `co` floats in) = Aᵀ·B over all batch·steps rows: A [rows × k] contiguous,
 * B's rows `ldb` floats apart starting `bo` floats in: dU for the column blocks of gru_reset_before.ts.
 */
export function productTransA(a: usize, bm: usize, bo: i32, ldb: i32, c: usize, co: i32, ldc: i32, rows: i32, k: i32, n: i32, scratch: usize): void {
  const cp = c + (<usize>co << 2);
  gemm(a, 4, <usize>k << 2, bm + (<usize>bo << 2), <usize>ldb << 2, 4, cp, <usize>ldc << 2, k, rows, n, 0, 0, 0, 0, scratch);
}

/** ut[n × m] = uᵀ for u [m × n]. */
export function transposeInto(u: usize, ut: usize, m: i32, n: i32): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) store<f32>(ut + ((<usize>(j * m + i)) << 2), load<f32>(u + ((<usize>(i * n + j)) << 2)));
  }
}

// The gate passes go four units at a time, then one at a time (n = 1) through the same lane function, so a tail unit
// gets the main loop's bits. Lane functions, activations, transposes and column sums are plain functions (called,
// not inlined): one copy of each vector exp for all the recurrent kernels keeps the module small (it ships inlined in
// the browser bundle), and a call per four units costs a few instructions beside the ~40 of an exp. sigmoid4 and
// tanh4 are @global rather than exported: an exported function with v128 in its signature draws AssemblyScript's
// AS112 warning (v128 cannot cross into JS), though these never leave the module; the kernel files call them by name.

/** σ on four lanes (assembly/simd.ts's sigmoidv, one copy). */
// @ts-ignore: decorator
@global function sigmoid4(v: v128): v128 {
  return sigmoidv(v);
}
/** tanh on four lanes (simd.ts's tanhv, one copy). */
// @ts-ignore: decorator
@global function tanh4(v: v128): v128 {
  return tanhv(v);
}

/** Four floats at p (n = 4), or one in lane 0 with zeros above (n = 1). */
// @ts-ignore: decorator
@inline export function ld(p: usize, n: i32): v128 {
  return n == 4 ? v128.load(p) : v128.load32_zero(p);
}

/** Stores four lanes at p (n = 4), or lane 0 (n = 1). */
// @ts-ignore: decorator
@inline export function st(p: usize, n: i32, v: v128): void {
  if (n == 4) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}

/** p[0..n) = 0. */
// @ts-ignore: decorator
@inline export function zero(p: usize, n: i32): void {
  memory.fill(p, 0, <usize>n << 2);
}

/**
 * Where step t's output goes in y [batch × outSteps × units], which holds the last outSteps steps (1: the last
 * step only, steps: all of them); 0 when step t is not kept.
 */
// @ts-ignore: decorator
@inline export function outRow(y: usize, b: i32, t: i32, steps: i32, outSteps: i32, units: i32): usize {
  const s = t - (steps - outSteps);
  return s < 0 ? 0 : rowAt(y, b, s, outSteps, units);
}

