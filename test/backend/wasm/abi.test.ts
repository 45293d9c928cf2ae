/** The kernel table (src/backend/kernels.ts) against the module's real exports and the pure-TS specification. */

import { expect, it } from 'vitest';
import { KERNEL_NAMES, KERNELS, lengthFn, lengthOf, wasmArity } from '../../../src/backend/kernels.js';
import { ABI, LAYOUT_EXPORTS, THREADS_ABI } from '../../../src/backend/wasm/abi.js';
import { loadWasm } from '../../../src/backend/wasm/loader.js';
import * as spec from '../../../src/backend/ts/spec.js';

it('the instance exports exactly the functions of the table plus the layout exports, with the derived parameter counts, and imports only env.memory', async () => {
  const { exports, module } = await loadWasm();
  const actual = WebAssembly.Module.exports(module);
  expect(actual.every((e) => e.kind === 'function')).toBe(true);
  expect(actual.map((e) => e.name).sort()).toEqual([...KERNEL_NAMES, ...LAYOUT_EXPORTS].sort());
  for (const [name, params] of Object.entries(ABI)) {
    expect((exports as unknown as Record<string, () => void>)[name].length, name).toBe(params);
  }
  expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
});

it('the threads build exports the same kernels plus its own two, with their parameter counts', async () => {
  const { exports, module } = await loadWasm(undefined, 'baseline', true);
  const names = WebAssembly.Module.exports(module).map((e) => e.name).sort();
  expect(names).toEqual([...KERNEL_NAMES, ...LAYOUT_EXPORTS, ...Object.keys(THREADS_ABI)].sort());
  for (const [name, params] of Object.entries({ ...ABI, ...THREADS_ABI })) {
    expect((exports as unknown as Record<string, () => void>)[name].length, name).toBe(params);
  }
});

it('the specification has exactly the kernels of the table, each taking the WASM arguments less the scratch pointer', () => {
  expect(Object.keys(spec).sort()).toEqual([...KERNEL_NAMES].sort());
  for (const name of KERNEL_NAMES) {
    const k = KERNELS[name];
    expect((spec[name] as (...a: unknown[]) => unknown).length, name).toBe(wasmArity(k) - (k.scratch ? 1 : 0));
  }
});

it('every length expression of the table names only sizes of its kernel', () => {
  for (const name of KERNEL_NAMES) {
    const k = KERNELS[name];
    // kernels with more than three sizes are bound generically (lengthOf); the others by lengthFn over their first three
    for (const e of k.bufs) {
      if (k.sizes.length > 3) expect(() => lengthOf(e, k.sizes, k.sizes.map(() => 1)), `${name}: ${e}`).not.toThrow();
      else expect(() => lengthFn(e, k.sizes.slice(0, 3)), `${name}: ${e}`).not.toThrow();
    }
  }
  expect(lengthFn('m·k', ['m', 'k', 'n'])(3, 4, 5)).toBe(12);
  expect(() => lengthFn('m·q', ['m', 'k', 'n'])).toThrow(/'q', which is not a size/);
  expect(lengthOf('batch·ho·wo·cout', ['batch', 'h', 'ho', 'wo', 'cout'], [2, 9, 3, 4, 5])).toBe(120);
  expect(() => lengthOf('batch·hw', ['batch', 'h', 'w'], [1, 2, 3])).toThrow(/'hw', which is not a size/);
  // integer factors (the gate blocks of recurrent kernels)
  expect(lengthOf('batch·steps·4·units', ['batch', 'steps', 'units', 'outSteps'], [2, 3, 5, 1])).toBe(120);
  expect(lengthFn('2·n', ['n'])(7, 0, 0)).toBe(14);
  expect(() => lengthOf('batch·0', ['batch'], [1])).toThrow(/'0', which is not a size/);
});
