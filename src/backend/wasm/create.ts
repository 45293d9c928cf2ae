/** createWasmBackend: loads the kernel module and returns a backend over it, on one thread or with a worker pool. */

import { Heap } from './heap.js';
import { loadWasm, type SimdChoice, type WasmSource } from './loader.js';
import { createThreadedBackend } from './threads/threaded_backend.js';
import { wasmBackendFrom, type WasmBackend } from './wasm_backend.js';

export interface WasmBackendOptions {
  /** Which inlined build to use when no source is given (default 'auto': relaxed SIMD where supported). */
  simd?: SimdChoice;
  /**
   * Threads for the large GEMMs and convolutions, counting this one (default 1). Above 1, the threads build runs over
   * a shared memory and `threads − 1` workers take rows of each large matrix product (samples or filter taps of each
   * large convolution); where that cannot work (no
   * SharedArrayBuffer: a browser page without cross-origin isolation) it runs on one thread and `threadInfo()` says why.
   */
  threads?: number;
  /** With threads: the smallest m·k·n a GEMM (multiply-adds of a convolution) must have to be split (default MIN_SPLIT_WORK, measured by bench/threads.ts). */
  minSplitWork?: number;
  /** With threads: the smallest optimizer update (elements) to split (default MIN_SPLIT_ELEMENTS, src/backend/wasm/threads/split_optim.ts). */
  minSplitElements?: number;
}

/**
 * Loads the kernel module and returns a backend over it. Each call makes its own instance and memory.
 *
 * ```ts
 * const be = await createWasmBackend();
 * const x = be.alloc(3);
 * be.write(x, [-1, 0, 2]);
 * be.relu(x, x, 3);
 * be.read(x); // Float32Array [0, 0, 2]
 * ```
 */
export async function createWasmBackend(source?: WasmSource, options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new RangeError(`init: threads must be an integer from 1 to 64, got ${threads}`);
  }
  if (threads > 1) return createThreadedBackend(source, { ...options, threads });
  const { exports, memory, build } = await loadWasm(source, options.simd);
  return wasmBackendFrom(exports, new Heap(memory, exports.heapBase()), build);
}
