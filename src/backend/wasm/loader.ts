/** Loads and instantiates the kernel module: from the inlined bytes, a URL or path, raw bytes, or a compiled module. */

import { importNodeBuiltin, isNode } from '../../runtime.js';
import { ABI, type WasmExports } from './abi.js';

/** What `init()` accepts in place of the inlined module: a URL, raw bytes or a compiled module. */
export type WasmSource = string | URL | ArrayBuffer | Uint8Array | WebAssembly.Module;

/** Which inlined build to load: the relaxed-SIMD one where the engine supports it ('auto'), or one of the two. */
export type SimdChoice = 'auto' | 'baseline' | 'relaxed';

/** The build an instance runs: one of the inlined two, or a module the caller supplied. */
export type WasmBuild = 'baseline' | 'relaxed' | 'custom';

/** A ready instance: the exports, typed, the memory JS created and the module imported, and which build it is. */
export interface LoadedWasm {
  readonly exports: WasmExports;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly build: WasmBuild;
}

// (module (func (result v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0)))), 82 bytes
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 133, 2, 11,
]);

/**
 * Whether this engine accepts relaxed SIMD (validates an 82-byte module that uses f32x4.relaxed_madd).
 * Chrome ≥ 114 and Node ≥ 22 do by default; Node 20 with `--experimental-wasm-relaxed-simd`.
 *
 * ```ts
 * relaxedSimdSupported(); // false in a plain Node 20
 * ```
 */
export function relaxedSimdSupported(): boolean {
  return WebAssembly.validate(RELAXED_PROBE);
}

/**
 * Pages of linear memory to start with and the most it may grow to. JS creates the memory and the module
 * imports it (`--importMemory`), so that the threads build can run over a shared memory. The cap of 2 GiB keeps
 * every byte address below 2³¹, so pointer arithmetic in the kernels never meets a sign bit.
 */
export const INITIAL_PAGES = 16;
export const MAXIMUM_PAGES = 32768;

async function readBytes(source: string | URL): Promise<ArrayBuffer | Uint8Array> {
  const href = source instanceof URL ? source.href : source;
  // in Node, anything without a URL scheme is a path (a Windows drive letter is not a scheme)
  const isFile = href.startsWith('file:') || (isNode() && (!/^[a-z][a-z0-9+.-]*:/i.test(href) || /^[a-z]:[\\/]/i.test(href)));
  if (isFile) {
    const fs = await importNodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises');
    return fs.readFile(href.startsWith('file:') ? new URL(href) : href);
  }
  const res = await fetch(href);
  if (!res.ok) throw new Error(`simdnet: cannot load the WASM module from ${href}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The inlined bytes of the build `simd` asks for; with `shared`, of the threads build (shared memory). */
async function inlinedBytes(simd: SimdChoice, shared = false): Promise<{ bytes: Uint8Array; build: WasmBuild }> {
  const inlined = await import('./wasm_bytes.js');
  if (shared) return inlinedThreadsBytes(simd, inlined as Partial<Record<string, string>>);
  const { WASM_BASE64, WASM_RELAXED_BASE64 } = inlined;
  if (simd === 'relaxed') {
    if (!WASM_RELAXED_BASE64) throw new Error("simdnet: the relaxed-SIMD build was not included in this package (build it with `asc assembly/index.ts --target relaxed`)");
    if (!relaxedSimdSupported()) throw new Error('simdnet: this engine does not support relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd)');
  }
  const relaxed = simd === 'relaxed' || (simd === 'auto' && WASM_RELAXED_BASE64 !== '' && relaxedSimdSupported());
  return relaxed ? { bytes: decodeBase64(WASM_RELAXED_BASE64), build: 'relaxed' } : { bytes: decodeBase64(WASM_BASE64), build: 'baseline' };
}

/** The threads builds' bytes (asconfig targets threads and threads-relaxed), baseline or relaxed SIMD as `simd` asks. */
function inlinedThreadsBytes(simd: SimdChoice, inlined: Partial<Record<string, string>>): { bytes: Uint8Array; build: WasmBuild } {
  const base = inlined.WASM_THREADS_BASE64 ?? '', relaxed = inlined.WASM_THREADS_RELAXED_BASE64 ?? '';
  if (simd === 'relaxed' && (!relaxed || !relaxedSimdSupported())) {
    throw new Error('simdnet: no relaxed-SIMD threads build runs here (build it with `asc assembly/threads.ts --target threads-relaxed`; Node 20 needs --experimental-wasm-relaxed-simd)');
  }
  if (simd !== 'baseline' && relaxed && relaxedSimdSupported()) return { bytes: decodeBase64(relaxed), build: 'relaxed' };
  if (!base) throw new Error('simdnet: the threads build was not included in this package (build it with `asc assembly/threads.ts --target threads`)');
  return { bytes: decodeBase64(base), build: 'baseline' };
}

/**
 * Compiles (if needed) and instantiates the module against a fresh memory. Without a source it takes the
 * inlined bytes: by default ('auto') the relaxed-SIMD build where the engine supports it, else the baseline.
 * With `shared`, the memory is shared and the module must import a shared memory (the threads builds).
 *
 * ```ts
 * const { exports, memory, build } = await loadWasm();          // inlined bytes
 * const fromFile = await loadWasm('build/simdnet.wasm');         // a path (Node) or URL
 * const threaded = await loadWasm(undefined, 'auto', true);    // the threads build over a shared memory
 * exports.heapBase(); // first free byte above the module's static data
 * ```
 */
export async function loadWasm(source?: WasmSource, simd: SimdChoice = 'auto', shared = false): Promise<LoadedWasm> {
  let module: WebAssembly.Module;
  let build: WasmBuild = 'custom';
  if (source instanceof WebAssembly.Module) {
    module = source;
  } else {
    let bytes: ArrayBuffer | Uint8Array;
    if (source === undefined) ({ bytes, build } = await inlinedBytes(simd, shared));
    else if (typeof source === 'string' || source instanceof URL) bytes = await readBytes(source);
    else if (source instanceof ArrayBuffer || source instanceof Uint8Array) bytes = source;
    else throw new TypeError(`init: wasm must be a URL, a path, bytes or a WebAssembly.Module, got ${Object.prototype.toString.call(source)}`);
    module = await WebAssembly.compile(bytes as BufferSource);
  }
  // shared: a SharedArrayBuffer underneath, which worker threads instantiate the same (threads) module over
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared });
  const imports = {
    env: {
      memory,
      // Kernels never throw; this only fires if a debug build trips an internal assertion.
      abort(_msg: number, _file: number, line: number, col: number): never {
        throw new Error(`simdnet: WASM abort at line ${line}, column ${col}`);
      },
    },
  };
  const instance = await WebAssembly.instantiate(module, imports);
  const exports = instance.exports as unknown as WasmExports;
  for (const name of Object.keys(ABI)) {
    if (typeof (exports as unknown as Record<string, unknown>)[name] !== 'function') {
      throw new Error(`simdnet: the WASM module has no export "${name}"; was it built from another version of assembly/?`);
    }
  }
  return { exports, memory, module, build };
}
