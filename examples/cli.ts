/** What every example shares: picking a backend by name, reading `--backend` from argv, and the main-module check. */

import { pathToFileURL } from 'node:url';
import { init, setBackend } from '../src/backend/index.js';

export type BackendChoice = 'ts' | 'wasm';

/**
 * Makes `name` the current backend: 'wasm' loads the WASM module once (`await init()`), 'ts' is the pure-TS one.
 *
 * ```ts
 * await useBackend('ts');
 * ```
 */
export async function useBackend(name: BackendChoice): Promise<void> {
  if (name === 'ts') setBackend('ts');
  else if (name === 'wasm') await init({ backend: 'wasm' });
  else throw new TypeError(`useBackend: unknown backend ${JSON.stringify(name)}; expected 'ts' or 'wasm'`);
}

/** The value of `--backend ts|wasm` (or `--backend=ts`) in `argv`, 'wasm' when absent. */
export function backendFromArgv(argv: readonly string[] = process.argv.slice(2)): BackendChoice {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--backend') value = argv[i + 1];
    else if (argv[i].startsWith('--backend=')) value = argv[i].slice('--backend='.length);
  }
  if (value === undefined) return 'wasm';
  if (value !== 'ts' && value !== 'wasm') throw new TypeError(`--backend must be 'ts' or 'wasm', got ${JSON.stringify(value)}`);
  return value;
}

/** True when the module with this `import.meta.url` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** Formats a fraction in [0, 1] as a percentage with one decimal: 0.975 → '97.5%'. */
export function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
