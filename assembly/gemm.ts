/** The blocked, packed GEMM core behind matmul, matmulAcc, matmulBias, matmulTransA and the recurrent kernels' per-step products (not exported from the module). */

// C[M×N] = start + Â·B where Â[r, q] is at a + r·ra + q·qa (bytes): A·B uses (ra, qa) = (4K, 4); Aᵀ·B, with A
// stored K×M, uses (4, 4M).
// B[q, j] is at b + q·ldb, C[r, j] at c + r·ldc (4N bytes for contiguous matrices). `start` is zero (mode 0) or read from `init` with row stride `is`
// (mode 1): C itself for matmulAcc, the bias row with stride 0 for matmulBias.
//
// Blocking (GotoBLAS-style, sized for a 32 KiB L1 and ≥ 512 KiB L2):
//   k in blocks of ≤ KC (near-equal split)       the first block starts C from `start`, later ones add onto C
//     rows in blocks of ≤ MC                      Â[rows, k-block] packed as 4-row panels: kc steps of 4 floats
//       columns in panels of 8                    B[k-block, 8 columns] packed as kc steps of 8 floats
//         4×8 micro-kernel per 4-row panel        8 accumulators; per step 2 loads of B, 4 broadcasts, 8 madd
// Packing turns every inner-loop load into a unit-stride one (B's rows are 4N bytes apart, Aᵀ's 4M: at powers
// of two these strides alias in the cache). Rows past the last full panel (M mod 4) use a one-row kernel; columns past the last
// full panel (N mod 8) go through a zero-padded panel and a 4×8 tile in scratch.

import { madd } from './simd';

/** Depth of a k-block. */
const KC = 256;
/** Rows of Â packed per block: MC·KC·4 = 64 KiB, L2-resident while the column panels pass. */
const MC = 64;
const A_PACK_BYTES = MC * KC * 4;
const B_PACK_BYTES = KC * 8 * 4;
/** Scratch the core needs: the packed Â block, one packed 8-column panel of B, and a 4×8 tile for the column edge. */
export const SCRATCH_BYTES: i32 = A_PACK_BYTES + B_PACK_BYTES + 128;

/** The core on contiguous B[K×N] and C[M×N] (row strides 4N bytes): what matmul, matmulAcc, matmulBias and matmulTransA call. */
// @ts-ignore: decorator
@inline export function gemm(a: usize, ra: usize, qa: usize, b: usize, c: usize, M: i32, K: i32, N: i32, init: usize, is: usize, mode: i32, scratch: usize): void {
  gemmStrided(a, ra, qa, b, <usize>N << 2, c, <usize>N << 2, M, K, N, init, is, mode, scratch);
}

/**
 * The core with B's and C's row strides given in bytes (ldb, ldc ≥ 4N): a block of columns of a wider B, or C as
 * every T-th row of a batch-major sequence buffer (the recurrent kernels' per-step products, steps.ts).
 */
export function gemmStrided(a: usize, ra: usize, qa: usize, b: usize, ldb: usize, c: usize, ldc: usize, M: i32, K: i32, N: i32, init: usize, is: usize, mode: i32, scratch: usize): void {
  const pa = scratch, pb = scratch + A_PACK_BYTES, tile = pb + B_PACK_BYTES;
  const blocks = max(1, (K + KC - 1) / KC);
  let p0 = 0;
  for (let blk = 0; blk < blocks; blk++) {
    const kc = (K - p0) / (blocks - blk);
    const ak = a + <usize>p0 * qa, bk = b + <usize>p0 * ldb;
    const sInit = blk == 0 ? init : c, sIs = blk == 0 ? is : ldc, sMode = blk == 0 ? mode : 1;
    for (let i0 = 0; i0 < M; i0 += MC) {
      const mc = min(MC, M - i0);
      const panels = mc >> 2;
      packA(ak + <usize>i0 * ra, ra, qa, panels, kc, pa);
      let j = 0;
      for (; j + 8 <= N; j += 8) {
        const o = <usize>j << 2;
        packB8(bk + o, ldb, kc, pb);
        for (let t = 0; t < panels; t++) {
          const i = i0 + (t << 2);
          micro4x8(pa + <usize>t * <usize>kc * 16, pb, c + <usize>i * ldc + o, ldc, kc, sInit + <usize>i * sIs + o, sIs, sMode);
        }
        for (let i = i0 + (panels << 2); i < i0 + mc; i++) {
          row1x8(ak + <usize>i * ra, qa, pb, c + <usize>i * ldc + o, kc, sInit + <usize>i * sIs + o, sMode);
        }
      }
      if (j < N) {
        // the last N mod 8 columns: a zero-padded panel, computed into a 4×8 tile and copied out
        const o = <usize>j << 2;
        const nr = N - j;
        packB8Edge(bk + o, ldb, kc, nr, pb);
        for (let t = 0; t < panels; t++) {
          const i = i0 + (t << 2);
          for (let r = 0; r < 4; r++) loadEdge(tile + (<usize>r << 5), sInit + <usize>(i + r) * sIs + o, nr, sMode);
          micro4x8(pa + <usize>t * <usize>kc * 16, pb, tile, 32, kc, tile, 32, 1);
          for (let r = 0; r < 4; r++) storeEdge(tile + (<usize>r << 5), c + <usize>(i + r) * ldc + o, nr);
        }
        for (let i = i0 + (panels << 2); i < i0 + mc; i++) {
          loadEdge(tile, sInit + <usize>i * sIs + o, nr, sMode);
          row1x8(ak + <usize>i * ra, qa, pb, tile, kc, tile, 1);
          storeEdge(tile, c + <usize>i * ldc + o, nr);
        }
      }
    }
    p0 += kc;
  }
}

/** Packs `panels` 4-row panels of Â (kc deep) as [panel][q][4 floats]. */
// @ts-ignore: decorator
@inline function packA(a: usize, ra: usize, qa: usize, panels: i32, kc: i32, dst: usize): void {
  if (ra == 4) {
    // Aᵀ: the four rows of a panel are four adjacent floats of one row of A
    for (let t = 0; t < panels; t++) {
      let src = a + (<usize>t << 4);
      for (let q = 0; q < kc; q++, src += qa, dst += 16) v128.store(dst, v128.load(src));
    }
    return;
  }
  // A (qa = 4): 4×4 tiles transposed in registers
  for (let t = 0; t < panels; t++) {
    const r0 = a + <usize>(t << 2) * ra;
    const r1 = r0 + ra, r2 = r1 + ra, r3 = r2 + ra;
    let q = 0;
    for (; q + 4 <= kc; q += 4, dst += 64) {
      const o = <usize>q << 2;
      const x0 = v128.load(r0 + o), x1 = v128.load(r1 + o), x2 = v128.load(r2 + o), x3 = v128.load(r3 + o);
      const t0 = f32x4.shuffle(x0, x1, 0, 4, 1, 5), t1 = f32x4.shuffle(x2, x3, 0, 4, 1, 5);
      const t2 = f32x4.shuffle(x0, x1, 2, 6, 3, 7), t3 = f32x4.shuffle(x2, x3, 2, 6, 3, 7);
      v128.store(dst, f32x4.shuffle(t0, t1, 0, 1, 4, 5));
      v128.store(dst, f32x4.shuffle(t0, t1, 2, 3, 6, 7), 16);
      v128.store(dst, f32x4.shuffle(t2, t3, 0, 1, 4, 5), 32);
      v128.store(dst, f32x4.shuffle(t2, t3, 2, 3, 6, 7), 48);
    }
    for (; q < kc; q++, dst += 16) {
      const o = <usize>q << 2;
      store<f32>(dst, load<f32>(r0 + o));
      store<f32>(dst, load<f32>(r1 + o), 4);
      store<f32>(dst, load<f32>(r2 + o), 8);
      store<f32>(dst, load<f32>(r3 + o), 12);
    }
  }
}

/** Packs kc rows of 8 floats, `ldb` bytes apart, into kc·32 contiguous bytes. */
// @ts-ignore: decorator
@inline function packB8(src: usize, ldb: usize, kc: i32, dst: usize): void {
  for (let q = 0; q < kc; q++, src += ldb, dst += 32) {
    v128.store(dst, v128.load(src));
    v128.store(dst, v128.load(src, 16), 16);
  }
}

/** C[4×8] = start + (4-row panel of Â)·(8-column panel of B), both packed. */
// @ts-ignore: decorator
@inline function micro4x8(pa: usize, pb: usize, c: usize, ldc: usize, kc: i32, init: usize, is: usize, mode: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (mode) {
    c00 = v128.load(init); c01 = v128.load(init, 16);
    c10 = v128.load(init + is); c11 = v128.load(init + is, 16);
    c20 = v128.load(init + 2 * is); c21 = v128.load(init + 2 * is, 16);
    c30 = v128.load(init + 3 * is); c31 = v128.load(init + 3 * is, 16);
  }
  // the loop runs on the A pointer alone: no counter to keep live next to the 8 accumulators
  const end = pa + (<usize>kc << 4);
  for (; pa < end; pa += 16, pb += 32) {
    const b0 = v128.load(pb);
    const a0 = v128.load32_splat(pa), a1 = v128.load32_splat(pa, 4), a2 = v128.load32_splat(pa, 8), a3 = v128.load32_splat(pa, 12);
    c00 = madd(a0, b0, c00); c10 = madd(a1, b0, c10); c20 = madd(a2, b0, c20); c30 = madd(a3, b0, c30);
    const b1 = v128.load(pb, 16);
    c01 = madd(a0, b1, c01); c11 = madd(a1, b1, c11); c21 = madd(a2, b1, c21); c31 = madd(a3, b1, c31);
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

/** One leftover row of C (unpacked Â, strided by qa) against a packed 8-column panel. */
// @ts-ignore: decorator
@inline function row1x8(a: usize, qa: usize, pb: usize, c: usize, kc: i32, init: usize, mode: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  if (mode) { c0 = v128.load(init); c1 = v128.load(init, 16); }
  for (let q = 0; q < kc; q++, a += qa, pb += 32) {
    const av = v128.load32_splat(a);
    c0 = madd(av, v128.load(pb), c0);
    c1 = madd(av, v128.load(pb, 16), c1);
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}

/** Like packB8 for the last nr < 8 columns, zero-padded to 8. */
// @ts-ignore: decorator
@inline function packB8Edge(src: usize, ldb: usize, kc: i32, nr: i32, dst: usize): void {
  for (let q = 0; q < kc; q++, src += ldb, dst += 32) {
    v128.store(dst, f32x4.splat(0));
    v128.store(dst, f32x4.splat(0), 16);
    for (let j = 0; j < nr; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + (<usize>j << 2)));
  }
}

/** tile[0..8) = start[0..nr) (or zeros), zero-padded. */
// @ts-ignore: decorator
@inline function loadEdge(tile: usize, init: usize, nr: i32, mode: i32): void {
  v128.store(tile, f32x4.splat(0));
  v128.store(tile, f32x4.splat(0), 16);
  if (mode) for (let j = 0; j < nr; j++) store<f32>(tile + (<usize>j << 2), load<f32>(init + (<usize>j << 2)));
}

/** c[0..nr) = tile[0..nr). */
// @ts-ignore: decorator
@inline function storeEdge(tile: usize, c: usize, nr: i32): void {
  for (let j = 0; j < nr; j++) store<f32>(c + (<usize>j << 2), load<f32>(tile + (<usize>j << 2)));
}
