/** The WASM backend over one instance: Bufs are (pointer, length) handles into its memory; every kernel is one call into the module. */

import type { Backend, Buf, BufferOps } from '../backend.js';
import type { KernelName } from '../kernels.js';
import type { RawKernel, WasmExports } from './abi.js';
import { bindKernels } from './bindings.js';
import type { Heap } from './heap.js';
import type { WasmBuild } from './loader.js';
import type { ThreadInfo } from './threads/support.js';

class WasmBuf implements Buf {
  freed = false;
  constructor(readonly ptr: number, readonly length: number, readonly owner: Heap) {}
}

/** The WASM backend, which also says which build of the kernels it runs. */
export interface WasmBackend extends Backend {
  readonly name: 'wasm';
  /** 'baseline' or 'relaxed' (the inlined builds), or 'custom' (a module passed in). */
  readonly build: WasmBuild;
  /** Threads running the GEMMs (1: this thread alone), whether memory is shared, and why (see `init({ threads })`). */
  threadInfo(): ThreadInfo;
  /** Terminates the worker threads, if any; GEMMs then run on this thread alone. Idempotent. */
  stopThreads(): void;
}

/** What a thread pool gives the backend (threads/threaded_backend.ts): kernels that replace the module's own, what to report, how to stop. */
export interface ThreadHooks {
  /** Same signatures as the exports they replace (the large GEMMs split by rows across the pool). */
  readonly kernels?: Partial<Record<KernelName, RawKernel>>;
  /** The batch gather, split across the threads; called after the backend has checked every index. */
  readonly gatherRows?: (src: number, indices: ArrayLike<number>, dst: number, start: number, count: number, cols: number, rows: number) => void;
  info(): ThreadInfo;
  stop(): void;
}

const ONE_THREAD: ThreadInfo = { threads: 1, shared: false, reason: 'one thread (threads not requested)' };

/** The backend over an instantiated module and its heap; `threads` supplies split kernels (threads/threaded_backend.ts). */
export function wasmBackendFrom(k: WasmExports, heap: Heap, build: WasmBuild = 'custom', threads?: ThreadHooks): WasmBackend {
  // the GEMMs' workspace: allocated once, never a user Buf (not counted in liveBuffers)
  const scratch = heap.alloc(k.scratchBytes());
  const kernels = bindKernels({ ...k, ...threads?.kernels }, pointerOf, scratch);
  return {
    name: 'wasm',
    build,
    threadInfo: () => threads?.info() ?? ONE_THREAD,
    stopThreads: () => threads?.stop(),
    ...bufferOps(heap, pointerOf, threads),
    ...kernels,
  };

  /** The pointer of `buf`, after checking it is ours, still live and holds at least `need` elements. */
  function pointerOf(buf: Buf, need: number, op: string): number {
    const b = buf as WasmBuf;
    if (!(b instanceof WasmBuf) || b.owner !== heap) throw new TypeError(`wasm backend: ${op}: buffer belongs to another backend`);
    if (b.freed) throw new Error(`wasm backend: ${op}: buffer used after free`);
    // kernels trust their sizes; in linear memory an overrun would silently corrupt a neighbouring buffer
    if (need > b.length) throw new RangeError(`wasm backend: ${op}: needs ${need} elements, buffer has ${b.length}`);
    return b.ptr;
  }
}

/** alloc, free, read, write, copy, gather: the buffer half of the backend, counting live buffers and bytes. */
function bufferOps(heap: Heap, p: (buf: Buf, need: number, op: string) => number, threads: ThreadHooks | undefined): BufferOps {
  let live = 0;
  let bytes = 0;
  const made = (ptr: number, length: number): WasmBuf => {
    live++;
    bytes += length * 4;
    return new WasmBuf(ptr, length, heap);
  };
  return {
    alloc(length) {
      if (!Number.isInteger(length) || length < 0) throw new RangeError(`wasm backend: alloc: length must be an integer ≥ 0, got ${length}`);
      return made(heap.alloc(length * 4), length);
    },
    upload(data) {
      const ptr = heap.alloc(data.length * 4, false);
      heap.writeF32(ptr, data, 0);
      return made(ptr, data.length);
    },
    free(buf) {
      const b = buf as WasmBuf;
      if (b instanceof WasmBuf && b.owner === heap && b.freed) throw new Error('wasm backend: free: buffer freed twice');
      heap.free(p(buf, 0, 'free'));
      b.freed = true;
      live--;
      bytes -= b.length * 4;
    },
    write(buf, data, offset = 0) {
      const ptr = p(buf, 0, 'write');
      checkRange('write', buf, offset, data.length);
      heap.writeF32(ptr, data, offset);
    },
    read(buf, offset = 0, length) {
      const ptr = p(buf, 0, 'read');
      const n = length ?? buf.length - offset;
      checkRange('read', buf, offset, n);
      return heap.readF32(ptr, n, offset);
    },
    fill: (buf, value) => heap.fillF32(p(buf, 0, 'fill'), buf.length, value),
    copy(src, dst, n, srcOffset = 0, dstOffset = 0) {
      const s = p(src, 0, 'copy'), d = p(dst, 0, 'copy');
      checkRange('copy (source)', src, srcOffset, n);
      checkRange('copy (destination)', dst, dstOffset, n);
      heap.copyBytes(s + srcOffset * 4, d + dstOffset * 4, n * 4);
    },
    gatherRows: gatherRowsOf(heap, p, threads),
    liveBuffers: () => live,
    bytesInUse: () => bytes,
  };
}

/** BufferOps.gatherRows: every index checked, then the rows copied here, or by the thread pool when there is one. */
function gatherRowsOf(heap: Heap, p: (buf: Buf, need: number, op: string) => number, threads: ThreadHooks | undefined): BufferOps['gatherRows'] {
  return (src, indices, dst, start, count, cols) => {
    const s = p(src, 0, 'gatherRows'), d = p(dst, count * cols, 'gatherRows');
    const rows = Math.floor(src.length / Math.max(cols, 1));
    const split = threads?.gatherRows; // with a thread pool: checked here, then copied by the threads
    for (let r = 0; r < count; r++) {
      const i = indices[start + r];
      if (!Number.isInteger(i) || i < 0 || i >= rows) {
        throw new RangeError(`wasm backend: gatherRows: index ${i} at position ${start + r} is not a row of a ${rows}×${cols} source`);
      }
      if (!split) heap.copyBytes(s + i * cols * 4, d + r * cols * 4, cols * 4);
    }
    split?.(s, indices, d, start, count, cols, rows);
  };
}

function checkRange(op: string, buf: Buf, offset: number, n: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(n) || offset < 0 || n < 0 || offset + n > buf.length) {
    throw new RangeError(`wasm backend: ${op}: elements [${offset}, ${offset + n}) out of range for a buffer of ${buf.length}`);
  }
}
