/** Backend selection: `await init()` loads WASM and makes it current; `setBackend('ts' | 'wasm')` switches. */

import type { Backend, BackendName } from './backend.js';
import { createTsBackend } from './ts/ts_backend.js';
import type { SimdChoice } from './wasm/loader.js';
import type { ThreadInfo } from './wasm/threads/support.js';
import type { WasmBackend } from './wasm/wasm_backend.js';

export type { Backend, BackendName, Buf } from './backend.js';
export type { SimdChoice } from './wasm/loader.js';
export type { ThreadInfo } from './wasm/threads/support.js';

let tsBackend: Backend | null = null;
let wasmBackend: WasmBackend | null = null;
let current: Backend | null = null;
let loading: Promise<WasmBackend> | null = null;

/** What `init()` accepts in place of the inlined module: a URL, raw bytes or a compiled module. */
export type WasmSource = string | URL | ArrayBuffer | Uint8Array | WebAssembly.Module;

export interface InitOptions {
  /** Where to load the WASM from; by default the bytes inlined in the package. */
  wasm?: WasmSource;
  /** Backend to make current after loading (default: 'wasm', unless `setBackend('ts')` was called first). */
  backend?: BackendName;
  /**
   * Which inlined build to load: 'auto' (default) picks the relaxed-SIMD build (fused multiply-add) where the
   * engine supports it (Chromium, Node ≥ 22 or `--experimental-wasm-relaxed-simd`), else baseline SIMD.
   * Only the first `init()` loads; later calls reuse that build.
   */
  simd?: SimdChoice;
  /**
   * Threads for large matrix products, counting the calling one (default 1). With 2 or more, a worker pool shares
   * the module's memory (a SharedArrayBuffer) and takes rows of every GEMM big enough to pay for the hand-off;
   * results are bit-identical to one thread. Needs SharedArrayBuffer: in a browser, a cross-origin-isolated page
   * (else it runs on one thread; `threadInfo()` says why). Like `simd`, only the first `init()` decides.
   */
  threads?: number;
}

/**
 * Loads the WASM backend (once; later calls return at once) and makes it current.
 *
 * ```ts
 * import { init, tensor, matmul } from 'simdnet';
 * await init();
 * matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray(); // [[11]]
 * ```
 */
export async function init(options: InitOptions = {}): Promise<Backend> {
  if (!wasmBackend) {
    if (!loading) {
      loading = import('./wasm/wasm_backend.js').then((m) => m.createWasmBackend(options.wasm, { simd: options.simd, threads: options.threads }));
      loading.catch(() => { loading = null; });
    }
    wasmBackend = await loading;
  }
  if (options.backend) setBackend(options.backend);
  else if (!current) current = wasmBackend;
  return current!;
}

/** Makes `name` the backend used by new tensors and models. 'wasm' needs `await init()` first. */
export function setBackend(name: BackendName): void {
  current = backendByName(name);
}

/** The backend called `name`: 'ts' is always there; 'wasm' after `init()`. */
export function backendByName(name: BackendName): Backend {
  if (name === 'ts') return (tsBackend ??= createTsBackend());
  if (name === 'wasm') {
    if (!wasmBackend) throw new Error("setBackend('wasm'): the WASM backend is not loaded yet; call `await init()` first");
    return wasmBackend;
  }
  throw new TypeError(`setBackend: unknown backend ${JSON.stringify(name)}; expected 'ts' or 'wasm'`);
}

/** The current backend. Throws if neither `init()` nor `setBackend('ts')` has been called. */
export function getBackend(): Backend {
  if (!current) {
    throw new Error("simdnet: no backend selected; call `await init()` (WASM) or `setBackend('ts')` first");
  }
  return current;
}

/**
 * How many threads the WASM backend's matrix products use, whether its memory is shared, and why (threads
 * requested and running, or the reason it fell back to one thread).
 *
 * ```ts
 * await init({ threads: 2 });
 * threadInfo(); // { threads: 2, shared: true, reason: '2 threads: …' } in Node; one thread and why in a page without isolation
 * ```
 */
export function threadInfo(): ThreadInfo {
  return wasmBackend?.threadInfo() ?? { threads: 1, shared: false, reason: 'one thread: the WASM backend is not loaded (call `await init()`)' };
}

/**
 * Terminates the WASM backend's worker threads (if `init({ threads })` started any); matrix products then run on
 * the calling thread. Not needed before exit: the workers never keep a Node process alive.
 *
 * ```ts
 * await init({ threads: 2 });
 * stopThreads();
 * threadInfo().threads; // 1
 * ```
 */
export function stopThreads(): void {
  wasmBackend?.stopThreads();
}
