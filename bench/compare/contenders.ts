/** The four contenders of the comparison and how to get each one ready. */

import { backendByName, init, type Backend } from '../../src/backend/index.js';
import { Random } from '../../src/random.js';
import { useTfjs } from './tfjs.js';

export const CONTENDERS = ['simdnet-wasm', 'simdnet-ts', 'tfjs-wasm', 'tfjs-cpu'] as const;
export type Contender = (typeof CONTENDERS)[number];

export const isSimdnet = (c: Contender): c is 'simdnet-wasm' | 'simdnet-ts' => c.startsWith('simdnet');

/** The simdnet backend behind a simdnet contender (loads the WASM module on first use). */
export async function simdnetBackend(c: 'simdnet-wasm' | 'simdnet-ts'): Promise<Backend> {
  if (c === 'simdnet-ts') return backendByName('ts');
  await init({ backend: 'wasm' });
  return backendByName('wasm');
}

/** Makes `c` ready to run: loads simdnet's WASM or switches tfjs to the right backend. */
export async function prepare(c: Contender): Promise<void> {
  if (isSimdnet(c)) await simdnetBackend(c);
  else await useTfjs(c);
}

/** `n` seeded uniform values in [-1, 1), the benchmark inputs. */
export function filled(n: number, seed: number): Float32Array {
  const rng = new Random(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(-1, 1);
  return out;
}
