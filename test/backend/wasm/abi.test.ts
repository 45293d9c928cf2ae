/** The ABI is written once (src/backend/wasm/abi.ts) and checked against the module's real exports and the Backend interface. */

import { expect, it } from 'vitest';
import { KERNEL_NAMES } from '../../../src/backend/backend.js';
import { ABI, NON_KERNEL_EXPORTS, SCRATCH_KERNELS } from '../../../src/backend/wasm/abi.js';
import { loadWasm } from '../../../src/backend/wasm/loader.js';
import { createTsBackend } from '../../../src/backend/ts/ts_backend.js';

it('the instance exports exactly the functions in abi.ts, with the listed parameter counts, and imports only env.memory', async () => {
  const { exports, module } = await loadWasm();
  const actual = WebAssembly.Module.exports(module);
  expect(actual.every((e) => e.kind === 'function')).toBe(true);
  expect(actual.map((e) => e.name).sort()).toEqual(Object.keys(ABI).sort());
  for (const [name, params] of Object.entries(ABI)) {
    expect((exports as unknown as Record<string, () => void>)[name].length, name).toBe(params);
  }
  expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
});

it('abi.ts lists every kernel of the Backend interface and nothing else besides the layout exports', () => {
  const kernels = Object.keys(ABI).filter((n) => !(NON_KERNEL_EXPORTS as readonly string[]).includes(n));
  expect(kernels.sort()).toEqual([...KERNEL_NAMES].sort());
});

it('each export takes as many arguments as the Backend method (pointers in place of Bufs), plus the scratch pointer where listed', () => {
  const ts = createTsBackend() as unknown as Record<string, (...a: unknown[]) => unknown>;
  const scratch = SCRATCH_KERNELS as readonly string[];
  for (const name of KERNEL_NAMES) expect(ABI[name], name).toBe(ts[name].length + (scratch.includes(name) ? 1 : 0));
});
