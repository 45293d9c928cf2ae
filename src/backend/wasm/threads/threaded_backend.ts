/** The WASM backend with a worker pool: the threads build over a shared memory, or one thread and the reason why not. */

import type { ThreadsExports } from '../abi.js';
import { Heap } from '../heap.js';
import { loadWasm, type SimdChoice, type WasmSource } from '../loader.js';
import { wasmBackendFrom, type WasmBackend } from '../wasm_backend.js';
import { WorkerPool } from './pool.js';
import { splitGather } from './split_gather.js';
import { splitConvs } from './split_conv.js';
import { splitGemms } from './split_gemm.js';
import { splitOptimizers } from './split_optim.js';
import { threadSupport, type ThreadInfo } from './support.js';

/** What the threaded backend is asked for: the SIMD build, the thread count, the smallest GEMM and optimizer update worth splitting. */
export interface ThreadedOptions {
  simd?: SimdChoice;
  threads: number;
  minSplitWork?: number;
  minSplitElements?: number;
}

/** The single-threaded backend (the ordinary build and memory), reporting why threads are off. */
async function fallback(source: WasmSource | undefined, options: ThreadedOptions, reason: string): Promise<WasmBackend> {
  const { exports, memory, build } = await loadWasm(source, options.simd);
  const info: ThreadInfo = { threads: 1, shared: false, reason: `one thread: ${reason}` };
  return wasmBackendFrom(exports, new Heap(memory, exports.heapBase()), build, { info: () => info, stop() {} });
}

/**
 * A WASM backend whose large GEMMs are split across `options.threads` threads (this one and threads − 1 workers).
 * Falls back to one thread, saying why in `threadInfo().reason`, where shared memory or workers are unavailable
 * or a custom module is not a threads build.
 *
 * ```ts
 * const be = await createThreadedBackend(undefined, { threads: 2 });
 * be.threadInfo(); // { threads: 2, shared: true, reason: '2 threads: …' }
 * be.stopThreads();
 * ```
 */
export async function createThreadedBackend(source: WasmSource | undefined, options: ThreadedOptions): Promise<WasmBackend> {
  const support = threadSupport();
  if (!support.ok) return fallback(source, options, support.reason);
  let loaded;
  try {
    loaded = await loadWasm(source, options.simd, true);
  } catch (e) {
    // a module that imports an unshared memory cannot link to a shared one
    if (source !== undefined && e instanceof WebAssembly.LinkError) return fallback(source, options, `the module passed in is not a threads build (${e.message})`);
    // no threads build in this package (or none for the SIMD flavour asked): the ordinary one still runs
    if (source === undefined) return fallback(source, options, (e as Error).message.replace(/^simdnet: /, ''));
    throw e;
  }
  const k = loaded.exports as ThreadsExports;
  const heap = new Heap(loaded.memory, k.heapBase());
  if (typeof k.matmulTransARows !== 'function' || typeof k.gatherRowsByF32Index !== 'function' || typeof k.conv2dBackwardFilterTaps !== 'function') {
    const info: ThreadInfo = { threads: 1, shared: true, reason: 'one thread: the module lacks the exports of assembly/threads.ts (matmulTransARows, gatherRowsByF32Index, conv2dBackwardFilterTaps)' };
    return wasmBackendFrom(k, heap, loaded.build, { info: () => info, stop() {} });
  }
  let pool: WorkerPool;
  try {
    pool = await WorkerPool.start(loaded.module, loaded.memory, options.threads - 1);
  } catch (e) {
    const info: ThreadInfo = { threads: 1, shared: true, reason: `one thread: the workers did not start (${(e as Error).message})` };
    return wasmBackendFrom(k, heap, loaded.build, { info: () => info, stop() {} });
  }
  // each worker packs into its own scratch block; the main heap allocates them (workers never allocate)
  const scratch = Array.from({ length: pool.size }, (_, w) => {
    const p = heap.alloc(k.scratchBytes());
    pool.setScratch(w, p);
    return p;
  });
  const kernels = { ...splitGemms(k, pool, options.minSplitWork), ...splitConvs(k, pool, options.minSplitWork), ...splitOptimizers(k, pool, options.minSplitElements) };
  const running = options.threads;
  return wasmBackendFrom(k, heap, loaded.build, {
    kernels,
    gatherRows: splitGather(k, pool, heap),
    info: () =>
      pool.size > 0
        ? { threads: running, shared: true, reason: `${running} threads: ${running - 1} worker${running > 2 ? 's' : ''} and this thread split the large GEMMs by rows and the convolutions by samples and taps` }
        : { threads: 1, shared: true, reason: 'one thread: the workers were stopped (stopThreads)' },
    stop() {
      if (pool.size === 0) return;
      pool.dispose();
      for (const s of scratch) heap.free(s);
    },
  });
}
