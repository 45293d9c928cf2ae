/** Entry of the threads build (shared memory): every kernel of index.ts, plus the slices of matmulTransA(ColSum) and conv2dBackwardFilter the worker pool hands out. */

import { filterTaps } from './conv_filter';
import { gemm } from './gemm';

export * from './index';

/**
 * Rows [r0, r0 + rows) of C[k×n] = A[m×k]ᵀ · B[m×n], i.e. columns r0.. of A: the same core and strides as
 * matmulTransA, started at column r0 of A and row r0 of C; with colsum ≠ 0 also colsum[n] = Σ_rows B, as
 * matmulTransAColSum (one slice of a split passes it). Every element of C is computed exactly as the whole-matrix
 * call computes it (the same k-blocks, the same order), so a split is bit-identical.
 */
export function matmulTransARows(a: usize, b: usize, c: usize, colsum: usize, m: i32, k: i32, n: i32, r0: i32, rows: i32, scratch: usize): void {
  gemm(a + (<usize>r0 << 2), 4, <usize>k << 2, b, <usize>n << 2, 4, c + <usize>r0 * (<usize>n << 2), <usize>n << 2, rows, m, n, 0, 0, 0, colsum, scratch);
}

/**
 * Row r of dst[count×cols] = row idx[r] of src, for the worker pool's split batch gather. The row numbers come as
 * f32 (the JS heap writes f32; exact below 2²⁴ rows, which the caller checks), each row one memory.copy.
 */
export function gatherRowsByF32Index(src: usize, idx: usize, dst: usize, count: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < count; r++) {
    const i = <usize>(<i32>load<f32>(idx + (<usize>r << 2)));
    memory.copy(dst + <usize>r * rowBytes, src + i * rowBytes, rowBytes);
  }
}

/**
 * Taps [q0, q0 + taps) of conv2dBackwardFilter (rows of dW): the same core and chunks as the whole call, so with q0 a
 * multiple of 4 every row of dW is computed exactly as the whole call computes it, and a split by taps is bit-identical.
 */
export function conv2dBackwardFilterTaps(x: usize, dy: usize, dw: usize, batch: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, ho: i32, wo: i32, cout: i32, q0: i32, taps: i32): void {
  filterTaps(x, dy, dw, batch, h, w, c, kh, kw, sh, sw, ho, wo, cout, q0, q0 + taps);
}
