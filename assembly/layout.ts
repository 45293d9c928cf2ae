/** Memory layout facts the JS side needs: where static data ends, and how much scratch the matmul kernels use. */

import { SCRATCH_BYTES } from './gemm';

/** First byte of linear memory free for the JS-side heap (the end of static data). */
export function heapBase(): usize {
  return __heap_base;
}

/** Bytes of the scratch block passed as the last argument of matmul, matmulAcc, matmulBias and matmulTransA. */
export function scratchBytes(): i32 {
  return SCRATCH_BYTES;
}
