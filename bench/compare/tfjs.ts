/** Loads TensorFlow.js in Node with its WASM backend (single-threaded, SIMD binary) and its CPU backend. */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { tf };
export type TfjsName = 'tfjs-wasm' | 'tfjs-cpu';

const require = createRequire(import.meta.url);

/** Facts about the tfjs set-up, for the report header. */
export interface TfjsInfo {
  version: string;
  /** The .wasm file the WASM backend actually read from disk. */
  wasmBinary: string;
  simd: boolean;
  threads: number;
}

let info: TfjsInfo | null = null;

/**
 * Registers both backends once (the WASM one single-threaded, loading from the package's dist folder)
 * and records which .wasm binary was really read, by watching `fs.readFileSync` during start-up.
 */
export async function loadTfjs(): Promise<TfjsInfo> {
  if (info) return info;
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
  setWasmPaths(dist);
  setThreadsCount(1);
  // Node 20 has no cross-origin isolation, so tfjs picks the non-threaded binary; pin that anyway.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.env().set('PROD', true); // only silences tfjs's console warnings (DEBUG stays off either way)
  const fs = require('node:fs') as typeof import('node:fs');
  const original = fs.readFileSync;
  const read: string[] = [];
  fs.readFileSync = ((path: unknown, ...rest: unknown[]) => {
    if (String(path).endsWith('.wasm')) read.push(String(path));
    return (original as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialise');
    await tf.ready();
  } finally {
    fs.readFileSync = original;
  }
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const wasmBinary = read.length ? read[read.length - 1].slice(read[read.length - 1].lastIndexOf('/') + 1) : 'unknown';
  info = { version: tf.version_core, wasmBinary, simd, threads: 1 };
  return info;
}

/** Makes `name` the current tfjs backend (after `loadTfjs()`). */
export async function useTfjs(name: TfjsName): Promise<void> {
  await loadTfjs();
  const backend = name === 'tfjs-wasm' ? 'wasm' : 'cpu';
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: could not switch to ${backend}`);
  await tf.ready();
}
