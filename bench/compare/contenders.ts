/** The four contenders of the comparison and how to get each one ready. */

import { backendByName, init, threadInfo, type Backend } from '../../src/backend/index.js';
import { Random } from '../../src/random.js';
import { tf, useTfjs } from './tfjs.js';

export const CONTENDERS = ['simdnet-wasm', 'simdnet-ts', 'tfjs-wasm', 'tfjs-cpu'] as const;
export type Contender = (typeof CONTENDERS)[number];

export const isSimdnet = (c: Contender): c is 'simdnet-wasm' | 'simdnet-ts' => c.startsWith('simdnet');

/** The simdnet backend behind a simdnet contender (loads the WASM module on first use). */
export async function simdnetBackend(c: 'simdnet-wasm' | 'simdnet-ts'): Promise<Backend> {
  if (c === 'simdnet-ts') return backendByName('ts');
  await init({ backend: 'wasm', threads: 1 }); // one thread, like tfjs-wasm here
  return backendByName('wasm');
}

/** Which simdnet WASM build runs ('baseline' SIMD, or 'relaxed' with FMA where the engine has it) and its threads. */
export async function simdnetWasmInfo(): Promise<string> {
  const be = (await simdnetBackend('simdnet-wasm')) as Backend & { build?: string };
  return `${be.build ?? 'unknown'} SIMD build, ${threadInfo().threads} thread`;
}

/** Makes `c` ready to run: loads simdnet's WASM or switches tfjs to the right backend. */
export async function prepare(c: Contender): Promise<void> {
  if (isSimdnet(c)) await simdnetBackend(c);
  else await useTfjs(c);
}

/**
 * Throws unless `c` is the active contender: tfjs runs every op on its *current* backend (moving
 * tensors there), so a tfjs-wasm case measured while tfjs-cpu is current would silently time the CPU.
 */
export function assertActive(c: Contender): void {
  if (isSimdnet(c)) return;
  const want = c === 'tfjs-wasm' ? 'wasm' : 'cpu';
  if (tf.getBackend() !== want) throw new Error(`bench: ${c} is about to run while tfjs's current backend is ${tf.getBackend()}`);
}

/** `n` seeded uniform values in [-1, 1), the benchmark inputs. */
export function filled(n: number, seed: number): Float32Array {
  const rng = new Random(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(-1, 1);
  return out;
}
