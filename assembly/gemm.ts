/** The blocked, packed GEMM core behind every matrix product of matmul.ts, matmul_grad.ts, threads.ts and the recurrent kernels' per-step products (steps.ts); not exported from the module. */

// C[M×N] = start + Â·B̂, where (byte strides)
//   Â[r, q] is at a + r·ra + q·qa: A·B uses (ra, qa) = (4K, 4); Aᵀ·B, with A stored K×M, uses (4, 4M);
//   B̂[q, j] is at b + q·qb + j·rb: B stored K×N has (qb, rb) = (4N, 4); A·Bᵀ, with B stored N×K, has (4, 4K);
//   C[r, j] is at c + r·ldc + 4j (ldc ≥ 4N: C may be every T-th row of a batch-major sequence buffer, as in
//   steps.ts); `start` is zero (mode 0) or read from init + r·is + 4j (mode 1): C itself for matmulAcc, the bias
//   row with is = 0 for matmulBias.
// With `colsum` ≠ 0 (B row-major only) it also writes colsum[j] = Σ_q B̂[q, j], the bias gradient beside the weight
// gradient: each B row is read once anyway, when the first row block packs its panel.
//
// Blocking (GotoBLAS-style, sized for a 32 KiB L1 and ≥ 512 KiB L2):
//   k in blocks of ≤ KC (near-equal split)       the first block starts C from `start`, later ones add onto C
//     rows in blocks of ≤ MC                      Â[rows, k-block] packed as 4-row panels: kc steps of 4 floats
//       columns in panels of 8                    B̂[k-block, 8 columns] packed as kc steps of 8 floats (every
//                                                 panel once per k-block when there are several row blocks)
//         4×8 micro-kernel per 4-row panel        8 accumulators; per step 2 loads of B, 4 broadcasts, 8 madd
// Packing turns every inner-loop load into a unit-stride one (B's rows are 4N bytes apart, Aᵀ's 4M: at powers
// of two these strides alias in the cache); Bᵀ is transposed 4×4 at a time while it is packed. Rows past the last
// full panel (M mod 4) use a one-row kernel. The last N mod 8 columns: up to 4 of them as column tiles (one
// vector per column of C holding 4 rows: nr multiply-adds per step instead of a padded panel's 8, which is what a
// 10-wide output layer needs), 5 to 7 through a zero-padded panel and a 4×8 tile in scratch.
// Every element is start + Σ_q Â[r, q]·B̂[q, j] added in the order q = 0, 1, … by every path (tile, column tile,
// row), with the same k-blocks, so any split of the rows or columns of C gives the same bits.

import { madd } from './simd';
import { gatherLanes, loadN, scatterLanes, storeN } from './lanes';

/** Depth of a k-block. */
const KC = 256;
/** Rows of Â packed per block: MC·KC·4 = 64 KiB, L2-resident while the column panels pass. */
export const MC = 64;
const A_PACK_BYTES = MC * KC * 4;
/** Room for the packed panels of B: every panel of a 256-deep k-block of up to 256 columns (one panel at a time past that). */
const B_PACK_BYTES = KC * 256 * 4;
/** Scratch the core needs: the packed Â block, packed panels of B, and a 4×8 tile for the column edge. */
export const SCRATCH_BYTES: i32 = A_PACK_BYTES + B_PACK_BYTES + 128;

export function gemm(a: usize, ra: usize, qa: usize, b: usize, qb: usize, rb: usize, c: usize, ldc: usize, M: i32, K: i32, N: i32,
  init: usize, is: usize, mode: i32, colsum: usize, scratch: usize): void {
  const blocks = max(1, (K + KC - 1) / KC);
  const pb = scratch + A_PACK_BYTES;
  let p0 = 0;
  for (let blk = 0; blk < blocks; blk++) {
    const kc = (K - p0) / (blocks - blk);
    const ak = a + <usize>p0 * qa, bk = b + <usize>p0 * qb;
    const sInit = blk == 0 ? init : c, sIs = blk == 0 ? is : ldc, sMode = blk == 0 ? mode : 1;
    // every panel of the k-block packed once, when they fit, rather than again for each block of rows
    const once = M > MC && kc * ((N + 7) & ~7) * 4 <= B_PACK_BYTES;
    if (once) for (let j = 0; j < N; j += 8) packB(bk + <usize>j * rb, qb, rb, kc, min(8, N - j), pb + <usize>j * <usize>kc * 4, colsum ? colsum + (<usize>j << 2) : 0, blk);
    for (let i0 = 0; i0 < M; i0 += MC) {
      const mc = min(MC, M - i0);
      packA(ak + <usize>i0 * ra, ra, qa, mc >> 2, kc, scratch);
      // the column sums ride along the first packing of each panel
      const sums = i0 == 0 && !once ? colsum : 0;
      rowBlock(ak + <usize>i0 * ra, ra, qa, bk, qb, rb, c + <usize>i0 * ldc, ldc, mc, kc, N, sInit + <usize>i0 * sIs, sIs, sMode, sums, blk, once, scratch);
    }
    p0 += kc;
  }
}

/** One block of mc rows of C over one k-block: every column panel against the packed Â block at the start of scratch. */
// @ts-ignore: decorator
@inline function rowBlock(ai: usize, ra: usize, qa: usize, bk: usize, qb: usize, rb: usize, ci: usize, ldc: usize, mc: i32, kc: i32, N: i32,
  init: usize, is: usize, mode: i32, sums: usize, blk: i32, packed: bool, scratch: usize): void {
  const pa = scratch, pb0 = scratch + A_PACK_BYTES, tile = pb0 + B_PACK_BYTES;
  const panels = mc >> 2;
  const stepA = <usize>kc << 4;
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    const o = <usize>j << 2;
    const pb = packed ? pb0 + <usize>j * <usize>kc * 4 : pb0;
    if (!packed) packB(bk + <usize>j * rb, qb, rb, kc, 8, pb, sums ? sums + o : 0, blk);
    for (let t = 0; t < panels; t++) {
      const r = <usize>(t << 2);
      micro4x8(pa + <usize>t * stepA, pb, ci + r * ldc + o, ldc, kc, init + r * is + o, is, mode);
    }
    for (let i = panels << 2; i < mc; i++) row1x8(ai + <usize>i * ra, qa, pb, ci + <usize>i * ldc + o, kc, init + <usize>i * is + o, mode);
  }
  if (j == N) return;
  const o = <usize>j << 2;
  const nr = N - j;
  const pb = packed ? pb0 + <usize>j * <usize>kc * 4 : pb0;
  if (!packed) packB(bk + <usize>j * rb, qb, rb, kc, nr, pb, sums ? sums + o : 0, blk);
  for (let t = 0; t < panels; t++) {
    const r = <usize>(t << 2);
    const cp = ci + r * ldc + o, ip = init + r * is + o, ap = pa + <usize>t * stepA;
    // one call site per width, so each is one inlined copy with its accumulator count fixed
    if (nr <= 2) colTile(ap, pb, cp, ldc, kc, ip, is, mode, nr, 2);
    else if (nr <= 4) colTile(ap, pb, cp, ldc, kc, ip, is, mode, nr, 4);
    else {
      for (let q = 0; q < 4; q++) loadEdge(tile + (<usize>q << 5), ip + <usize>q * is, nr, mode);
      micro4x8(ap, pb, tile, 32, kc, tile, 32, 1);
      for (let q = 0; q < 4; q++) storeEdge(tile + (<usize>q << 5), cp + <usize>q * ldc, nr);
    }
  }
  for (let i = panels << 2; i < mc; i++) {
    loadEdge(tile, init + <usize>i * is + o, nr, mode);
    row1x8(ai + <usize>i * ra, qa, pb, tile, kc, tile, 1);
    storeEdge(tile, ci + <usize>i * ldc + o, nr);
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
    let q = 0;
    for (; q + 4 <= kc; q += 4, dst += 64) transpose4(r0 + (<usize>q << 2), ra, dst, 16);
    for (; q < kc; q++, dst += 16) {
      const o = <usize>q << 2;
      store<f32>(dst, load<f32>(r0 + o));
      store<f32>(dst, load<f32>(r0 + ra + o), 4);
      store<f32>(dst, load<f32>(r0 + 2 * ra + o), 8);
      store<f32>(dst, load<f32>(r0 + 3 * ra + o), 12);
    }
  }
}

/** The 4×4 block at src (rows ld bytes apart) transposed: its column i stored at dst + i·step. */
// @ts-ignore: decorator
@inline function transpose4(src: usize, ld: usize, dst: usize, step: usize): void {
  const x0 = v128.load(src), x1 = v128.load(src + ld), x2 = v128.load(src + 2 * ld), x3 = v128.load(src + 3 * ld);
  const t0 = f32x4.shuffle(x0, x1, 0, 4, 1, 5), t1 = f32x4.shuffle(x2, x3, 0, 4, 1, 5);
  const t2 = f32x4.shuffle(x0, x1, 2, 6, 3, 7), t3 = f32x4.shuffle(x2, x3, 2, 6, 3, 7);
  v128.store(dst, f32x4.shuffle(t0, t1, 0, 1, 4, 5));
  v128.store(dst + step, f32x4.shuffle(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * step, f32x4.shuffle(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * step, f32x4.shuffle(t2, t3, 2, 3, 6, 7));
}

/**
 * Packs kc steps of nr ≤ 8 columns of B̂ as kc·32 contiguous bytes, zero-padded past nr: from rows of B (rb = 4), or
 * from nr rows of Bᵀ (rb bytes apart), transposed 4×4 at a time. With `sums`, adds the panel's columns onto them.
 */
// @ts-ignore: decorator
@inline function packB(src: usize, qb: usize, rb: usize, kc: i32, nr: i32, dst: usize, sums: usize, blk: i32): void {
  if (rb == 4 && nr == 8) {
    for (let q = 0, s = src, d = dst; q < kc; q++, s += qb, d += 32) {
      v128.store(d, v128.load(s));
      v128.store(d, v128.load(s, 16), 16);
    }
  } else if (rb != 4 && nr == 8) {
    let q = 0, d = dst;
    for (; q + 4 <= kc; q += 4, d += 128) {
      transpose4(src + (<usize>q << 2), rb, d, 32);
      transpose4(src + 4 * rb + (<usize>q << 2), rb, d + 16, 32);
    }
    for (; q < kc; q++, d += 32) for (let j = 0; j < 8; j++) store<f32>(d + (<usize>j << 2), load<f32>(src + <usize>j * rb + (<usize>q << 2)));
  } else {
    for (let q = 0, d = dst; q < kc; q++, d += 32) {
      v128.store(d, f32x4.splat(0));
      v128.store(d, f32x4.splat(0), 16);
      const s = src + <usize>q * qb;
      for (let j = 0; j < nr; j++) store<f32>(d + (<usize>j << 2), load<f32>(s + <usize>j * rb));
    }
  }
  if (sums) sumPanel(dst, kc, nr, sums, blk);
}

/**
 * sums[j] (+)= Σ_q panel[q, j] for j < nr, from the packed panel in L1: zero-started in the first k-block, added onto
 * in later ones, row after row in order (the additions of colSum in reduce.ts, so the same bits).
 */
// @ts-ignore: decorator
@inline function sumPanel(pb: usize, kc: i32, nr: i32, sums: usize, blk: i32): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  const n0 = min(nr, 4), n1 = nr - n0;
  if (blk > 0) {
    s0 = loadN(sums, n0);
    if (n1 > 0) s1 = loadN(sums + 16, n1);
  }
  const end = pb + (<usize>kc << 5);
  for (; pb < end; pb += 32) {
    s0 = f32x4.add(s0, v128.load(pb));
    s1 = f32x4.add(s1, v128.load(pb, 16));
  }
  storeN(sums, n0, s0);
  if (n1 > 0) storeN(sums + 16, n1, s1);
}

/** C[4×8] = start + (4-row panel of Â)·(8-column panel of B̂), both packed. */
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

/**
 * C[4×nr] = start + (4-row panel of Â)·(first nr ≤ NC columns of a packed panel), NC ∈ {2, 4} fixed per call site:
 * one vector per column of C holding its 4 rows, so a step is one load of Â, NC broadcasts and NC multiply-adds.
 */
// @ts-ignore: decorator
@inline function colTile(pa: usize, pb: usize, c: usize, ldc: usize, kc: i32, init: usize, is: usize, mode: i32, nr: i32, NC: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  if (mode) {
    c0 = gatherLanes(init, is, 4);
    if (nr > 1) c1 = gatherLanes(init + 4, is, 4);
    if (nr > 2) c2 = gatherLanes(init + 8, is, 4);
    if (nr > 3) c3 = gatherLanes(init + 12, is, 4);
  }
  const end = pa + (<usize>kc << 4);
  for (; pa < end; pa += 16, pb += 32) {
    const av = v128.load(pa);
    c0 = madd(av, v128.load32_splat(pb), c0);
    c1 = madd(av, v128.load32_splat(pb, 4), c1);
    if (NC > 2) {
      c2 = madd(av, v128.load32_splat(pb, 8), c2);
      c3 = madd(av, v128.load32_splat(pb, 12), c3);
    }
  }
  scatterLanes(c, ldc, 4, c0);
  if (nr > 1) scatterLanes(c + 4, ldc, 4, c1);
  if (nr > 2) scatterLanes(c + 8, ldc, 4, c2);
  if (nr > 3) scatterLanes(c + 12, ldc, 4, c3);
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
