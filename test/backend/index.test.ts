/** Backend selection: init() loads WASM once, setBackend / getBackend / backendByName. Each test gets a fresh module state. */

import { beforeEach, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';

type Index = typeof import('../../src/backend/index.js');
let idx: Index;
beforeEach(async () => {
  vi.resetModules();
  idx = await import('../../src/backend/index.js');
});

it("setBackend('wasm') before init throws; getBackend() with nothing selected throws", () => {
  expect(() => idx.setBackend('wasm')).toThrow(/await init\(\)/);
  expect(() => idx.getBackend()).toThrow(/no backend selected/);
  expect(() => idx.setBackend('gpu' as never)).toThrow(TypeError);
});

it('init() loads the WASM backend, makes it current, and is idempotent (same instance, also when called concurrently)', async () => {
  const [a, b] = await Promise.all([idx.init(), idx.init()]);
  expect(a.name).toBe('wasm');
  expect(b).toBe(a);
  expect(await idx.init()).toBe(a);
  expect(idx.getBackend()).toBe(a);
  idx.setBackend('ts');
  expect(idx.getBackend().name).toBe('ts');
  idx.setBackend('wasm');
  expect(idx.getBackend()).toBe(a);
});

it("init() keeps 'ts' current when it was chosen first, and honours { backend }", async () => {
  idx.setBackend('ts');
  await idx.init();
  expect(idx.getBackend().name).toBe('ts');
  await idx.init({ backend: 'wasm' });
  expect(idx.getBackend().name).toBe('wasm');
});

it('init({ wasm }) accepts a path, a file URL, bytes and a compiled module', async () => {
  const path = new URL('../../build/simdnet.wasm', import.meta.url);
  const bytes = readFileSync(path);
  const { createWasmBackend } = await import('../../src/backend/wasm/wasm_backend.js');
  const sources = [path, path.pathname, new Uint8Array(bytes), bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), new WebAssembly.Module(bytes)];
  for (const src of sources) {
    const be = await createWasmBackend(src);
    const x = be.alloc(2);
    be.write(x, [-1, 2]);
    be.relu(x, x, 2);
    expect(Array.from(be.read(x))).toEqual([0, 2]);
  }
  const be = await idx.init({ wasm: new Uint8Array(bytes) });
  expect(be.name).toBe('wasm');
});

it('a failed load rejects with a clear error and a later init() can retry', async () => {
  await expect(idx.init({ wasm: '/nonexistent/simdnet.wasm' })).rejects.toThrow(/ENOENT|no such file/);
  await expect(idx.init({ wasm: 42 as never })).rejects.toThrow(TypeError);
  expect((await idx.init()).name).toBe('wasm');
});
