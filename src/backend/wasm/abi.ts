/** The module's exports as the TS side sees them, derived from the kernel table and checked against the instance by test/backend/wasm/abi.test.ts. */

import { KERNEL_NAMES, KERNELS, wasmArity, type KernelName } from '../kernels.js';

/** A kernel export: pointers, sizes and seeds are i32, scalars f64 or f32 (each kernel's doc says); it returns nothing, or a loss / count / sum. */
export type RawKernel = (...args: number[]) => number | void;

/** What the module exports: every kernel of the table, and where the JS heap may start. */
export type WasmExports = Record<KernelName, RawKernel> & {
  /** End of the module's static data: where the JS heap starts. */
  heapBase(): number;
  /** Bytes of the scratch block the GEMM kernels take as their last argument (a packed panel of B). */
  scratchBytes(): number;
};

/** Exports that are not kernels. */
export const LAYOUT_EXPORTS = ['heapBase', 'scratchBytes'] as const;

/** Each export's parameter count (what `fn.length` of the instance's export must be). */
export const ABI: Readonly<Record<string, number>> = {
  ...Object.fromEntries(KERNEL_NAMES.map((name) => [name, wasmArity(KERNELS[name])])),
  heapBase: 0,
  scratchBytes: 0,
};

/** The threads build's extra exports (assembly/threads.ts), used by the worker pool. */
export interface ThreadsExports extends WasmExports {
  /** Rows [r0, r0 + rows) of C[k×n] = A[m×k]ᵀ · B[m×n], and with colsum ≠ 0 the column sums of B (matmulTransAColSum). */
  matmulTransARows(a: number, b: number, c: number, colsum: number, m: number, k: number, n: number, r0: number, rows: number, scratch: number): void;
  /** dst row r = src row idx[r], the row numbers stored as f32 in the module's memory (the pool's split batch gather). */
  gatherRowsByF32Index(src: number, idx: number, dst: number, count: number, cols: number): void;
  /** Rows (taps) [q0, q0 + taps) of conv2dBackwardFilter's dW. */
  conv2dBackwardFilterTaps(x: number, dy: number, dw: number, batch: number, h: number, w: number, c: number, kh: number, kw: number,
    sh: number, sw: number, ho: number, wo: number, cout: number, q0: number, taps: number): void;
}

/** Arity of the threads build's extra exports. */
export const THREADS_ABI: Readonly<Record<string, number>> = { matmulTransARows: 10, gatherRowsByF32Index: 5, conv2dBackwardFilterTaps: 16 };
