/** The JS-side allocator over WASM linear memory, and the only file in simdnet that touches `memory.buffer`. */

const ALIGN = 16; // one v128: the kernels' vector loads never straddle a block boundary
const PAGE = 65536;

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/**
 * Allocates 16-byte-aligned, zero-filled blocks of linear memory above the module's static data.
 * Freed blocks go to an address-ordered free list (first fit, split on reuse, neighbours coalesced,
 * a block touching the top gives its space back to the bump region); memory grows when nothing fits.
 *
 * Typed-array views are made inside each method and dropped before it returns: `memory.grow`
 * detaches every existing view, so none is ever kept. `read` returns copies.
 *
 * ```ts
 * const heap = new Heap(memory, exports.heapBase());
 * const p = heap.alloc(64);            // 64 zeroed bytes
 * heap.writeF32(p, [1, 2, 3]);
 * heap.readF32(p, 3);                  // Float32Array [1, 2, 3]
 * heap.free(p);
 * ```
 */
export class Heap {
  private readonly base: number;
  private top: number;
  /** start → size of every live block */
  private readonly live = new Map<number, number>();
  /** free blocks below `top`, sorted by start, never adjacent to each other */
  private readonly freeList: { start: number; size: number }[] = [];
  private liveBytes = 0;

  constructor(private readonly memory: WebAssembly.Memory, heapBase: number) {
    this.base = roundUp(heapBase, ALIGN);
    this.top = this.base;
  }

  /**
   * A new block of at least `bytes` bytes (≥ 16, a multiple of 16); returns its address. Zero-filled unless
   * `zero` is false (for a block the caller overwrites at once).
   */
  alloc(bytes: number, zero = true): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`heap.alloc: size must be an integer ≥ 0, got ${bytes}`);
    const size = Math.max(ALIGN, roundUp(bytes, ALIGN));
    let ptr = -1;
    for (let i = 0; i < this.freeList.length; i++) {
      const f = this.freeList[i];
      if (f.size < size) continue;
      ptr = f.start;
      if (f.size === size) this.freeList.splice(i, 1);
      else { f.start += size; f.size -= size; }
      break;
    }
    if (ptr < 0) {
      ptr = this.top;
      this.ensure(ptr + size);
      this.top += size;
    }
    if (zero) new Uint8Array(this.memory.buffer, ptr, size).fill(0);
    this.live.set(ptr, size);
    this.liveBytes += size;
    return ptr;
  }

  /** Returns a block to the free list. Throws on a double free or an address this heap never gave out. */
  free(ptr: number): void {
    const size = this.live.get(ptr);
    if (size === undefined) {
      throw new Error(`heap.free: ${ptr} is not a live block (double free, or not allocated by this heap)`);
    }
    this.live.delete(ptr);
    this.liveBytes -= size;
    this.release(ptr, size);
  }

  /** Bytes in the block at `ptr`; throws if it is not live (use after free). */
  sizeOf(ptr: number, op = 'heap'): number {
    const size = this.live.get(ptr);
    if (size === undefined) throw new Error(`${op}: block ${ptr} is not live (used after free?)`);
    return size;
  }

  /** Number of live blocks. */
  liveBlocks(): number {
    return this.live.size;
  }

  /** Bytes held by live blocks (sizes rounded up to 16). */
  bytesInUse(): number {
    return this.liveBytes;
  }

  /** Current size of linear memory in bytes. */
  memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** f32 memory[ptr + 4·(offset + i)] = data[i]. */
  writeF32(ptr: number, data: ArrayLike<number>, offset = 0): void {
    new Float32Array(this.memory.buffer, ptr + offset * 4, data.length).set(data);
  }

  /** A copy of `length` f32 values from ptr + 4·offset. */
  readF32(ptr: number, length: number, offset = 0): Float32Array {
    return new Float32Array(this.memory.buffer, ptr + offset * 4, length).slice();
  }

  /** Sets `length` f32 values from `ptr` to `value`. */
  fillF32(ptr: number, length: number, value: number): void {
    new Float32Array(this.memory.buffer, ptr, length).fill(value);
  }

  /** Copies `bytes` bytes from `src` to `dst` (regions may overlap). */
  copyBytes(src: number, dst: number, bytes: number): void {
    new Uint8Array(this.memory.buffer).copyWithin(dst, src, src + bytes);
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    // grow by at least half the current size, so a sequence of allocations grows O(log n) times
    const pages = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 2));
    try {
      this.memory.grow(pages);
    } catch {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        throw new RangeError(`heap.alloc: cannot grow WASM memory to ${end} bytes (have ${have})`);
      }
    }
  }

  private release(start: number, size: number): void {
    const list = this.freeList;
    let lo = 0, hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start < start) lo = mid + 1; else hi = mid;
    }
    // coalesce with the previous and next free blocks
    const prev = lo > 0 ? list[lo - 1] : null;
    const next = lo < list.length ? list[lo] : null;
    if (prev && prev.start + prev.size === start) {
      prev.size += size;
      if (next && prev.start + prev.size === next.start) { prev.size += next.size; list.splice(lo, 1); }
    } else if (next && start + size === next.start) {
      next.start = start;
      next.size += size;
    } else {
      list.splice(lo, 0, { start, size });
    }
    // a free block ending at the top goes back to the bump region
    const last = list[list.length - 1];
    if (last && last.start + last.size === this.top) {
      this.top = last.start;
      list.pop();
    }
  }
}
