/** Backend selection: `await init(options)` loads (or reloads) WASM and makes it current; `setBackend('ts' | 'wasm')` switches. */

import { checkChoice, checkInt, checkOptions, StateError, typeError } from '../errors.js';
import type { Backend, BackendName } from './backend.js';
import { createTsBackend } from './ts/ts_backend.js';
import { createWasmBackend } from './wasm/create.js';
import type { SimdChoice, WasmSource } from './wasm/loader.js';
import type { ThreadInfo } from './wasm/threads/support.js';
import type { WasmBackend } from './wasm/wasm_backend.js';

export type { Backend, BackendName, Buf } from './backend.js';
export type { SimdChoice, WasmSource } from './wasm/loader.js';
export type { ThreadInfo } from './wasm/threads/support.js';

export interface InitOptions {
  /** Where to load the WASM from; by default the bytes inlined in the package. */
  wasm?: WasmSource;
  /** Backend to make current (default 'wasm'). */
  backend?: BackendName;
  /**
   * Which inlined build to load: 'auto' (default) picks the relaxed-SIMD build (fused multiply-add) where the
   * engine supports it (Chromium, Node ≥ 22 or `--experimental-wasm-relaxed-simd`), else baseline SIMD.
   */
  simd?: SimdChoice;
  /**
   * Threads for large matrix products and convolutions, counting the calling one (default 1). With 2 or more, a
   * worker pool shares the module's memory (a SharedArrayBuffer) and takes rows of every GEMM (samples or filter
   * taps of every convolution) big enough to pay for the hand-off; results are bit-identical to one thread. Needs SharedArrayBuffer: in a browser, a cross-origin-isolated page
   * (else it runs on one thread; `threadInfo()` says why).
   */
  threads?: number;
}

const INIT_OPTIONS = ['wasm', 'backend', 'simd', 'threads'];
const INIT_HINTS = { thread: 'threads', numThreads: 'threads', backendName: 'backend' };

/** What the loaded WASM backend was asked for: a different request loads a new one. */
interface Loaded {
  backend: WasmBackend;
  simd: SimdChoice;
  threads: number;
  wasm: WasmSource | undefined;
}

let tsBackend: Backend | null = null;
let loaded: Loaded | null = null;
let current: Backend | null = null;
/** The init in progress: calls queue behind it, so concurrent calls see one load. */
let pending: Promise<unknown> = Promise.resolve();

/**
 * Loads the WASM backend and makes it current. Options left out keep what the loaded backend has (the first call:
 * the defaults); a call asking for another build, thread count or module loads a new backend, which becomes
 * current; models and tensors made before keep the backend they were made on. Asking for threads again after
 * `stopThreads()` restarts them.
 *
 * ```ts
 * import { init, tensor, matmul } from 'simdnet';
 * await init();                      // baseline or relaxed SIMD, one thread
 * await init({ threads: 2 });        // a new backend with a worker pool
 * matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray(); // [[11]]
 * ```
 */
export async function init(options: InitOptions = {}): Promise<Backend> {
  const o = checkInitOptions(options);
  const run = pending.then(() => initNow(o));
  pending = run.catch(() => undefined);
  return run;
}

function checkInitOptions(options: InitOptions): InitOptions {
  const o = checkOptions('init', options, INIT_OPTIONS, INIT_HINTS);
  if (o.backend !== undefined) checkChoice('init', 'backend', o.backend, ['wasm', 'ts']);
  if (o.simd !== undefined) checkChoice('init', 'simd', o.simd, ['auto', 'baseline', 'relaxed']);
  if (o.threads !== undefined) checkInt('init', 'threads', o.threads, 1, 64);
  const w = o.wasm;
  const okSource = w === undefined || typeof w === 'string' || w instanceof URL || w instanceof ArrayBuffer || w instanceof Uint8Array || w instanceof WebAssembly.Module;
  if (!okSource) throw typeError('init', `wasm must be a URL, a path, bytes or a WebAssembly.Module, got ${Object.prototype.toString.call(w)}`);
  return o;
}

async function initNow(o: InitOptions): Promise<Backend> {
  const want = {
    simd: o.simd ?? loaded?.simd ?? 'auto',
    threads: o.threads ?? loaded?.threads ?? 1,
    wasm: o.wasm ?? loaded?.wasm,
  };
  const stopped = loaded !== null && want.threads > 1 && loaded.backend.threadInfo().threads === 1 && loaded.backend.threadInfo().shared;
  if (!loaded || stopped || want.simd !== loaded.simd || want.threads !== loaded.threads || want.wasm !== loaded.wasm) {
    const backend = await createWasmBackend(want.wasm, { simd: want.simd, threads: want.threads });
    if (loaded && current === loaded.backend) current = null;
    loaded?.backend.stopThreads();
    loaded = { backend, ...want };
  }
  current = o.backend === 'ts' ? backendByName('ts') : loaded.backend;
  return current;
}

/** Makes `name` the backend used by new tensors and models. 'wasm' needs `await init()` first. */
export function setBackend(name: BackendName): void {
  current = backendByName(name);
}

/** The backend called `name`: 'ts' is always there; 'wasm' after `init()`. */
export function backendByName(name: BackendName): Backend {
  if (name === 'ts') return (tsBackend ??= createTsBackend());
  if (name === 'wasm') {
    if (!loaded) throw new StateError("setBackend('wasm')", 'the WASM backend is not loaded yet; call `await init()` first');
    return loaded.backend;
  }
  throw typeError('setBackend', `unknown backend ${JSON.stringify(name)}; expected 'ts' or 'wasm'`);
}

/** The current backend. Throws a StateError if neither `init()` nor `setBackend('ts')` has been called. */
export function getBackend(): Backend {
  if (!current) throw new StateError('simdnet', "no backend selected; call `await init()` (WASM) or `setBackend('ts')` first");
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
  return loaded?.backend.threadInfo() ?? { threads: 1, shared: false, reason: 'one thread: the WASM backend is not loaded (call `await init()`)' };
}

/**
 * Terminates the WASM backend's worker threads (if `init({ threads })` started any); matrix products then run on
 * the calling thread, and `init({ threads })` starts them again. Not needed before exit: the workers never keep a
 * Node process alive.
 *
 * ```ts
 * await init({ threads: 2 });
 * stopThreads();
 * threadInfo().threads; // 1
 * ```
 */
export function stopThreads(): void {
  loaded?.backend.stopThreads();
}
