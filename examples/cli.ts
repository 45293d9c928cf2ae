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

/** An SVG picture an example can draw (the tutorial's figure), with the file name it is saved under. */
export interface Figure {
  name: string;
  svg: string;
}

/** The directory of `--svg <dir>` (or `--svg=<dir>`) in `argv`, or null when absent. */
export function svgDirFromArgv(argv: readonly string[] = process.argv.slice(2)): string | null {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--svg' && argv[i + 1] && !argv[i + 1].startsWith('--')) return argv[i + 1];
    if (argv[i].startsWith('--svg=')) return argv[i].slice('--svg='.length);
  }
  return null;
}

/** Writes each figure to `<dir>/<name>` (creating `dir`) and logs the paths. */
export async function saveFigures(dir: string, figures: readonly Figure[], log: (line: string) => void = console.log): Promise<void> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  await mkdir(dir, { recursive: true });
  for (const f of figures) {
    const path = join(dir, f.name);
    await writeFile(path, f.svg);
    log(`wrote ${path}`);
  }
}
