/** The batch gather (gatherRows) split between the calling thread and the pool: each copies a run of rows. */

import type { Heap } from '../heap.js';
import type { WorkerPool } from './pool.js';
import type { ThreadsExports } from '../abi.js';
import { MAX_CHUNKS } from './protocol.js';

/** Smallest gather (count·cols floats) worth splitting: 64 K floats = 256 KiB, some 30 µs of copying. */
export const MIN_SPLIT_GATHER = 1 << 16;

/**
 * Copies rows indices[start..start+count) of src into dst (already validated by the backend), half here and half in
 * the workers, through the threads build's gatherRowsByF32Index (one memory.copy per row). The row numbers go to wasm memory
 * as f32 in a block this owns, grown when a larger batch comes (steady state: no allocation).
 *
 * ```ts
 * const gather = splitGather(exports, pool, heap);
 * gather(src, [5, 0, 3], dst, 0, 3, 784); // rows 5, 0, 3 of src → dst
 * ```
 */
export function splitGather(k: ThreadsExports, pool: WorkerPool, heap: Heap, minFloats = MIN_SPLIT_GATHER) {
  let idx = 0, capacity = 0;
  /** `rows`: the source's row count (every index is below it). */
  return function gatherRows(src: number, indices: ArrayLike<number>, dst: number, start: number, count: number, cols: number, rows: number): void {
    const workers = pool.size;
    const rowBytes = cols * 4;
    // f32 holds row numbers exactly below 2²⁴; past that (or for a small batch) copy here, row by row
    if (workers === 0 || count * cols < minFloats || rows > 2 ** 24) {
      for (let r = 0; r < count; r++) heap.copyBytes(src + indices[start + r] * rowBytes, dst + r * rowBytes, rowBytes);
      return;
    }
    if (count > capacity) {
      if (capacity) heap.free(idx);
      capacity = count;
      idx = heap.alloc(capacity * 4);
    }
    const part = ArrayBuffer.isView(indices) ? (indices as unknown as Int32Array).subarray(start, start + count) : Array.prototype.slice.call(indices, start, start + count) as number[];
    heap.writeF32(idx, part);
    const per = Math.ceil(count / Math.min(workers + 1, MAX_CHUNKS)); // a chunk per thread, as many as a job holds
    const chunks: number[][] = [];
    for (let r0 = 0; r0 < count; r0 += per) chunks.push([src, idx + r0 * 4, dst + r0 * rowBytes, Math.min(per, count - r0), cols]);
    pool.run('gatherRowsByF32Index', k.gatherRowsByF32Index, chunks);
  };
}
