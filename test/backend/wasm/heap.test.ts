/** The JS-side heap: alignment, zero fill, reuse and coalescing, growth while holding buffers, double free, accounting. */

import { describe, expect, it } from 'vitest';
import { Heap } from '../../../src/backend/wasm/heap.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { wasmBackendFrom } from '../../../src/backend/wasm/wasm_backend.js';
import { loadWasm } from '../../../src/backend/wasm/loader.js';

function freshHeap(pages = 1, base = 1000): { heap: Heap; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: 1024 });
  return { heap: new Heap(memory, base), memory };
}

describe('Heap', () => {
  it('starts above the heap base, 16-byte aligned, and zero-fills reused blocks', () => {
    const { heap } = freshHeap();
    const a = heap.alloc(12);
    expect(a).toBeGreaterThanOrEqual(1000);
    expect(a % 16).toBe(0);
    heap.writeF32(a, [1, 2, 3]);
    expect(Array.from(heap.readF32(a, 3))).toEqual([1, 2, 3]);
    const b = heap.alloc(5); // keeps a from returning to the bump region
    heap.free(a);
    const c = heap.alloc(10);
    expect(c).toBe(a); // first fit reuses the freed block…
    expect(Array.from(heap.readF32(c, 3))).toEqual([0, 0, 0]); // …zeroed
    expect(b % 16).toBe(0);
  });

  it('coalesces neighbours so a larger block fits where two small ones were', () => {
    const { heap } = freshHeap();
    const a = heap.alloc(32), b = heap.alloc(32), guard = heap.alloc(16);
    heap.free(a);
    heap.free(b);
    expect(heap.alloc(64)).toBe(a);
    void guard;
  });

  it('grows memory while buffers are held; their data survives and counts stay right', () => {
    const { heap, memory } = freshHeap(1);
    const small = heap.alloc(40);
    heap.writeF32(small, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const before = memory.buffer.byteLength;
    const big = heap.alloc(3 * 65536); // more than the one page there is
    expect(memory.buffer.byteLength).toBeGreaterThan(before);
    expect(Array.from(heap.readF32(small, 10))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Array.from(heap.readF32(big, 4, 3 * 16384 - 4))).toEqual([0, 0, 0, 0]);
    expect(heap.liveBlocks()).toBe(2);
    expect(heap.bytesInUse()).toBe(48 + 3 * 65536);
  });

  it('throws on double free and on a pointer it never gave out', () => {
    const { heap } = freshHeap();
    const a = heap.alloc(8);
    heap.free(a);
    expect(() => heap.free(a)).toThrow(/not a live block/);
    expect(() => heap.free(12345)).toThrow(/not a live block/);
    expect(() => heap.sizeOf(a, 'read')).toThrow(/read: block .* not live/);
  });

  it('bytesInUse and liveBlocks return to zero, and memory is reused after freeing everything', () => {
    const { heap, memory } = freshHeap();
    const ptrs = Array.from({ length: 50 }, (_, i) => heap.alloc(4 * (i + 1)));
    expect(heap.liveBlocks()).toBe(50);
    for (const p of ptrs.reverse()) heap.free(p);
    expect(heap.liveBlocks()).toBe(0);
    expect(heap.bytesInUse()).toBe(0);
    const size = memory.buffer.byteLength;
    for (let r = 0; r < 100; r++) heap.free(heap.alloc(1000));
    expect(memory.buffer.byteLength).toBe(size);
  });

  it('copyBytes handles overlapping ranges like memmove', () => {
    const { heap } = freshHeap();
    const a = heap.alloc(32);
    heap.writeF32(a, [1, 2, 3, 4, 5, 6, 7, 8]);
    heap.copyBytes(a, a + 8, 16);
    expect(Array.from(heap.readF32(a, 8))).toEqual([1, 2, 1, 2, 3, 4, 7, 8]);
  });
});

describe('wasm backend memory', () => {
  it('alloc/free/read/write/copy/gatherRows; use after free, double free and overruns throw', async () => {
    const be = await createWasmBackend();
    const a = be.alloc(6), b = be.alloc(6);
    expect(be.liveBuffers()).toBe(2);
    expect(be.bytesInUse()).toBe(48);
    be.write(a, [1, 2, 3, 4, 5, 6]);
    be.copy(a, b, 3, 1, 2);
    expect(Array.from(be.read(b))).toEqual([0, 0, 2, 3, 4, 0]);
    be.gatherRows(a, [2, 0], b, 0, 2, 2);
    expect(Array.from(be.read(b))).toEqual([5, 6, 1, 2, 4, 0]);
    expect(() => be.gatherRows(a, [3], b, 0, 1, 2)).toThrow(RangeError);
    be.fill(b, 7);
    expect(Array.from(be.read(b, 4))).toEqual([7, 7]);
    const r = be.read(a);
    r[0] = 99; // a copy: memory is untouched
    expect(be.read(a)[0]).toBe(1);
    expect(() => be.write(a, [1, 2, 3], 4)).toThrow(RangeError);
    expect(() => be.matmul(a, b, b, 2, 3, 3)).toThrow(/matmul: needs 9 elements, buffer has 6/);
    be.free(a);
    expect(() => be.read(a)).toThrow(/after free/);
    expect(() => be.relu(a, b, 6)).toThrow(/after free/);
    expect(() => be.free(a)).toThrow(/freed twice/);
    be.free(b);
    expect(be.liveBuffers()).toBe(0);
    expect(be.bytesInUse()).toBe(0);
  });

  it('buffers survive memory growth (views are never cached)', async () => {
    const be = await createWasmBackend();
    const a = be.alloc(5);
    be.write(a, [1, 2, 3, 4, 5]);
    const big = be.alloc(8_000_000); // 32 MB: forces memory.grow
    be.fill(big, 1);
    be.relu(a, a, 5);
    expect(Array.from(be.read(a))).toEqual([1, 2, 3, 4, 5]);
    expect(be.sumSquares(big, 8_000_000)).toBe(8_000_000);
    expect(be.liveBuffers()).toBe(2);
    be.free(big);
    be.free(a);
  });

  it('rejects buffers from another backend', async () => {
    const one = await createWasmBackend();
    const two = await createWasmBackend();
    const x = one.alloc(3);
    expect(() => two.relu(x, x, 3)).toThrow(TypeError);
  });
});

describe('steady state', () => {
  it('kernel calls allocate nothing: live buffers, heap blocks and memory size are unchanged after many calls', async () => {
    const { exports, memory } = await loadWasm();
    const heap = new Heap(memory, exports.heapBase());
    const be = wasmBackendFrom(exports, heap);
    const [m, k, n] = [33, 70, 21];
    const a = be.alloc(m * k), b = be.alloc(k * n), c = be.alloc(m * n), g = be.alloc(m * n);
    const run = (): void => {
      be.matmul(a, b, c, m, k, n);
      be.matmulTransA(a, c, b, m, k, n);
      be.matmulTransB(c, b, a, m, k, n);
      be.softmaxCrossEntropy(c, c, g, m, n);
      be.sigmoid(c, c, m * n);
    };
    run();
    const live = be.liveBuffers(), blocks = heap.liveBlocks(), size = heap.memoryBytes();
    expect(blocks).toBe(live + 1); // the user buffers and the matmul scratch
    for (let i = 0; i < 200; i++) run();
    expect(be.liveBuffers()).toBe(live);
    expect(heap.liveBlocks()).toBe(blocks);
    expect(heap.memoryBytes()).toBe(size);
  });
});
