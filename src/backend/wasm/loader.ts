/** Loads and instantiates the kernel module: from the inlined bytes, a URL or path, raw bytes, or a compiled module. */

import type { WasmExports } from './abi.js';
import { ABI } from './abi.js';
import type { WasmSource } from '../index.js';

/** A ready instance: the exports, typed, and the memory JS created and the module imported. */
export interface LoadedWasm {
  readonly exports: WasmExports;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
}

/**
 * Pages of linear memory to start with and the most it may grow to. JS creates the memory and the module
 * imports it (`--importMemory`), so a later build can pass a shared memory instead. The cap of 2 GiB keeps
 * every byte address below 2³¹, so pointer arithmetic in the kernels never meets a sign bit.
 */
export const INITIAL_PAGES = 16;
export const MAXIMUM_PAGES = 32768;

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

async function readBytes(source: string | URL): Promise<ArrayBuffer | Uint8Array> {
  const href = source instanceof URL ? source.href : source;
  const isFile = href.startsWith('file:') || (isNode() && !/^[a-z][a-z0-9+.-]*:/i.test(href));
  if (isFile) {
    const fs = await import('node:fs/promises');
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

/** Compiles (if needed) and instantiates the module against a fresh memory. */
export async function loadWasm(source?: WasmSource): Promise<LoadedWasm> {
  let module: WebAssembly.Module;
  if (source instanceof WebAssembly.Module) {
    module = source;
  } else {
    let bytes: ArrayBuffer | Uint8Array;
    if (source === undefined) bytes = decodeBase64((await import('./wasm_bytes.js')).WASM_BASE64);
    else if (typeof source === 'string' || source instanceof URL) bytes = await readBytes(source);
    else if (source instanceof ArrayBuffer || source instanceof Uint8Array) bytes = source;
    else throw new TypeError(`init: wasm must be a URL, a path, bytes or a WebAssembly.Module, got ${Object.prototype.toString.call(source)}`);
    module = await WebAssembly.compile(bytes as BufferSource);
  }
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES });
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
  return { exports, memory, module };
}
