/** The WASM backend: Bufs are (pointer, length) handles into linear memory; every kernel is one call into the module. */

import type { Backend, Buf } from '../backend.js';
import type { WasmSource } from '../index.js';
import type { WasmExports } from './abi.js';
import { Heap } from './heap.js';
import { loadWasm, type SimdChoice, type WasmBuild } from './loader.js';
import type { ThreadHooks } from './threads/threaded_backend.js';
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

export interface WasmBackendOptions {
  /** Which inlined build to use when no source is given (default 'auto': relaxed SIMD where supported). */
  simd?: SimdChoice;
  /**
   * Threads for the large GEMMs, counting this one (default 1). Above 1, the threads build runs over a shared
   * memory and `threads − 1` workers take rows of each large matrix product; where that cannot work (no
   * SharedArrayBuffer: a browser page without cross-origin isolation) it runs on one thread and `threadInfo()` says why.
   */
  threads?: number;
  /** With threads: the smallest m·k·n a GEMM must have to be split (default MIN_SPLIT_WORK, measured by bench/threads.ts). */
  minSplitWork?: number;
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
  if (threads > 1) return (await import('./threads/threaded_backend.js')).createThreadedBackend(source, { ...options, threads });
  const { exports, memory, build } = await loadWasm(source, options.simd);
  return wasmBackendFrom(exports, new Heap(memory, exports.heapBase()), build);
}

/** The backend over an instantiated module and its heap; `threads` supplies split GEMMs (threads/threaded_backend.ts). */
export function wasmBackendFrom(k: WasmExports, heap: Heap, build: WasmBuild = 'custom', threads?: ThreadHooks): WasmBackend {
  let live = 0;
  let bytes = 0;
  // the matmul kernels' workspace: allocated once, never a user Buf (not counted in liveBuffers)
  const scratch = heap.alloc(k.scratchBytes());
  // the GEMMs: the module's own exports, or (with threads) the same signatures split across the worker pool
  const g = threads?.kernels ?? k;

  /** The pointer of `buf`, after checking it is ours, still live and holds at least `need` elements. */
  function p(buf: Buf, need: number, op: string): number {
    const b = buf as WasmBuf;
    if (!(b instanceof WasmBuf) || b.owner !== heap) throw new TypeError(`wasm backend: ${op}: buffer belongs to another backend`);
    if (b.freed) throw new Error(`wasm backend: ${op}: buffer used after free`);
    // kernels trust their sizes; in linear memory an overrun would silently corrupt a neighbouring buffer
    if (need > b.length) throw new RangeError(`wasm backend: ${op}: needs ${need} elements, buffer has ${b.length}`);
    return b.ptr;
  }
  function range(op: string, buf: Buf, offset: number, n: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(n) || offset < 0 || n < 0 || offset + n > buf.length) {
      throw new RangeError(`wasm backend: ${op}: elements [${offset}, ${offset + n}) out of range for a buffer of ${buf.length}`);
    }
  }

  return {
    name: 'wasm',
    build,
    threadInfo: () => threads?.info() ?? { threads: 1, shared: false, reason: 'one thread (threads not requested)' },
    stopThreads: () => threads?.stop(),
    alloc(length) {
      if (!Number.isInteger(length) || length < 0) throw new RangeError(`wasm backend: alloc: length must be an integer ≥ 0, got ${length}`);
      const ptr = heap.alloc(length * 4);
      live++;
      bytes += length * 4;
      return new WasmBuf(ptr, length, heap);
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
      range('write', buf, offset, data.length);
      heap.writeF32(ptr, data, offset);
    },
    read(buf, offset = 0, length) {
      const ptr = p(buf, 0, 'read');
      const n = length ?? buf.length - offset;
      range('read', buf, offset, n);
      return heap.readF32(ptr, n, offset);
    },
    fill(buf, value) {
      heap.fillF32(p(buf, 0, 'fill'), buf.length, value);
    },
    copy(src, dst, n, srcOffset = 0, dstOffset = 0) {
      const s = p(src, 0, 'copy'), d = p(dst, 0, 'copy');
      range('copy (source)', src, srcOffset, n);
      range('copy (destination)', dst, dstOffset, n);
      heap.copyBytes(s + srcOffset * 4, d + dstOffset * 4, n * 4);
    },
    gatherRows(src, indices, dst, start, count, cols) {
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
    },
    liveBuffers: () => live,
    bytesInUse: () => bytes,

    matmul: (a, b, c, m, kk, n) => g.matmul(p(a, m * kk, 'matmul'), p(b, kk * n, 'matmul'), p(c, m * n, 'matmul'), m, kk, n, scratch),
    matmulAcc: (a, b, c, m, kk, n) => g.matmulAcc(p(a, m * kk, 'matmulAcc'), p(b, kk * n, 'matmulAcc'), p(c, m * n, 'matmulAcc'), m, kk, n, scratch),
    matmulBias: (a, b, bias, c, m, kk, n) =>
      g.matmulBias(p(a, m * kk, 'matmulBias'), p(b, kk * n, 'matmulBias'), p(bias, n, 'matmulBias'), p(c, m * n, 'matmulBias'), m, kk, n, scratch),
    // dense + activation: one call; with a thread pool, its split matmulBias and then the activation kernel here
    // (the same bits: the fused kernels are matmulBias followed by the activation pass)
    matmulBiasRelu: (a, b, bias, c, m, kk, n) => {
      const args = [p(a, m * kk, 'matmulBiasRelu'), p(b, kk * n, 'matmulBiasRelu'), p(bias, n, 'matmulBiasRelu'), p(c, m * n, 'matmulBiasRelu'), m, kk, n, scratch] as const;
      if (threads) { g.matmulBias(...args); k.relu(args[3], args[3], m * n); } else k.matmulBiasRelu(...args);
    },
    matmulBiasTanh: (a, b, bias, c, m, kk, n) => {
      const args = [p(a, m * kk, 'matmulBiasTanh'), p(b, kk * n, 'matmulBiasTanh'), p(bias, n, 'matmulBiasTanh'), p(c, m * n, 'matmulBiasTanh'), m, kk, n, scratch] as const;
      if (threads) { g.matmulBias(...args); k.tanh(args[3], args[3], m * n); } else k.matmulBiasTanh(...args);
    },
    matmulBiasSigmoid: (a, b, bias, c, m, kk, n) => {
      const args = [p(a, m * kk, 'matmulBiasSigmoid'), p(b, kk * n, 'matmulBiasSigmoid'), p(bias, n, 'matmulBiasSigmoid'), p(c, m * n, 'matmulBiasSigmoid'), m, kk, n, scratch] as const;
      if (threads) { g.matmulBias(...args); k.sigmoid(args[3], args[3], m * n); } else k.matmulBiasSigmoid(...args);
    },
    matmulTransA: (a, b, c, m, kk, n) =>
      g.matmulTransA(p(a, m * kk, 'matmulTransA'), p(b, m * n, 'matmulTransA'), p(c, kk * n, 'matmulTransA'), m, kk, n, scratch),
    matmulTransB: (a, b, c, m, kk, n) =>
      g.matmulTransB(p(a, m * n, 'matmulTransB'), p(b, kk * n, 'matmulTransB'), p(c, m * kk, 'matmulTransB'), m, kk, n),
    biasAdd: (x, bias, y, rows, cols) => k.biasAdd(p(x, rows * cols, 'biasAdd'), p(bias, cols, 'biasAdd'), p(y, rows * cols, 'biasAdd'), rows, cols),

    colSum: (x, out, rows, cols) => k.colSum(p(x, rows * cols, 'colSum'), p(out, cols, 'colSum'), rows, cols),
    rowArgmax: (x, out, rows, cols) => k.rowArgmax(p(x, rows * cols, 'rowArgmax'), p(out, rows, 'rowArgmax'), rows, cols),
    argmaxMatches: (x, t, rows, cols) => k.argmaxMatches(p(x, rows * cols, 'argmaxMatches'), p(t, rows * cols, 'argmaxMatches'), rows, cols),
    signMatches: (x, t, n) => k.signMatches(p(x, n, 'signMatches'), p(t, n, 'signMatches'), n),
    sumSquares: (x, n) => k.sumSquares(p(x, n, 'sumSquares'), n),

    relu: (x, y, n) => k.relu(p(x, n, 'relu'), p(y, n, 'relu'), n),
    reluBackward: (x, dy, dx, n) => k.reluBackward(p(x, n, 'reluBackward'), p(dy, n, 'reluBackward'), p(dx, n, 'reluBackward'), n),
    leakyRelu: (x, y, n, alpha) => k.leakyRelu(p(x, n, 'leakyRelu'), p(y, n, 'leakyRelu'), n, alpha),
    leakyReluBackward: (x, dy, dx, n, alpha) =>
      k.leakyReluBackward(p(x, n, 'leakyReluBackward'), p(dy, n, 'leakyReluBackward'), p(dx, n, 'leakyReluBackward'), n, alpha),
    sigmoid: (x, y, n) => k.sigmoid(p(x, n, 'sigmoid'), p(y, n, 'sigmoid'), n),
    sigmoidBackward: (y, dy, dx, n) => k.sigmoidBackward(p(y, n, 'sigmoidBackward'), p(dy, n, 'sigmoidBackward'), p(dx, n, 'sigmoidBackward'), n),
    tanh: (x, y, n) => k.tanh(p(x, n, 'tanh'), p(y, n, 'tanh'), n),
    tanhBackward: (y, dy, dx, n) => k.tanhBackward(p(y, n, 'tanhBackward'), p(dy, n, 'tanhBackward'), p(dx, n, 'tanhBackward'), n),
    step: (x, y, n) => k.step(p(x, n, 'step'), p(y, n, 'step'), n),
    softmax: (x, y, rows, cols) => k.softmax(p(x, rows * cols, 'softmax'), p(y, rows * cols, 'softmax'), rows, cols),

    softmaxCrossEntropy: (z, t, dz, rows, cols) =>
      k.softmaxCrossEntropy(p(z, rows * cols, 'softmaxCrossEntropy'), p(t, rows * cols, 'softmaxCrossEntropy'), p(dz, rows * cols, 'softmaxCrossEntropy'), rows, cols),
    mse: (pr, t, dp, n) => k.mse(p(pr, n, 'mse'), p(t, n, 'mse'), p(dp, n, 'mse'), n),
    sigmoidCrossEntropy: (z, t, dz, n) =>
      k.sigmoidCrossEntropy(p(z, n, 'sigmoidCrossEntropy'), p(t, n, 'sigmoidCrossEntropy'), p(dz, n, 'sigmoidCrossEntropy'), n),
    hinge: (s, y, ds, n) => k.hinge(p(s, n, 'hinge'), p(y, n, 'hinge'), p(ds, n, 'hinge'), n),

    sgd: (w, g, n, lr, l2) => k.sgd(p(w, n, 'sgd'), p(g, n, 'sgd'), n, lr, l2),
    momentum: (w, g, v, n, lr, mu, l2) => k.momentum(p(w, n, 'momentum'), p(g, n, 'momentum'), p(v, n, 'momentum'), n, lr, mu, l2),
    adam: (w, g, m, v, n, lrT, b1, b2, eps, l2) =>
      k.adam(p(w, n, 'adam'), p(g, n, 'adam'), p(m, n, 'adam'), p(v, n, 'adam'), n, lrT, b1, b2, eps, l2),
  };
}
