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

it("init() makes WASM current even after setBackend('ts'), and honours { backend: 'ts' }", async () => {
  idx.setBackend('ts');
  await idx.init();
  expect(idx.getBackend().name).toBe('wasm');
  await idx.init({ backend: 'ts' });
  expect(idx.getBackend().name).toBe('ts');
});

it('init() applies new options: another thread count or build loads a new backend; options left out keep the loaded ones', async () => {
  const one = await idx.init();
  expect(idx.threadInfo().threads).toBe(1);
  const two = await idx.init({ threads: 2 });
  expect(two).not.toBe(one);
  expect(idx.threadInfo().threads).toBe(2);
  expect(await idx.init()).toBe(two); // nothing asked: the loaded backend stays
  idx.stopThreads();
  expect(idx.threadInfo().threads).toBe(1);
  const again = await idx.init({ threads: 2 });
  expect(again).not.toBe(two);
  expect(idx.threadInfo().threads).toBe(2);
  const base = await idx.init({ threads: 1, simd: 'baseline' });
  expect((base as unknown as { build: string }).build).toBe('baseline');
  expect(idx.threadInfo().threads).toBe(1);
  // a model's backend outlives a re-init: the old one still computes
  const x = one.alloc(2);
  one.write(x, [-1, 2]);
  one.relu(x, x, 2);
  expect(Array.from(one.read(x))).toEqual([0, 2]);
});

it('init() refuses unknown keys (suggesting the right one) and values of the wrong kind, before loading anything', async () => {
  await expect(idx.init({ thread: 2 } as never)).rejects.toThrow(/init: unknown option 'thread' \(did you mean threads\?\)/);
  await expect(idx.init({ simd: 'fast' } as never)).rejects.toThrow(TypeError);
  await expect(idx.init({ simd: 'fast' } as never)).rejects.toThrow(/simd must be 'auto', 'baseline' or 'relaxed', got a string \("fast"\)/);
  await expect(idx.init({ threads: 0 })).rejects.toThrow(RangeError);
  await expect(idx.init({ threads: 1.5 })).rejects.toThrow(/threads must be an integer from 1 to 64, got 1.5/);
  await expect(idx.init({ backend: 'gpu' } as never)).rejects.toThrow(TypeError);
  expect(() => idx.getBackend()).toThrow(/no backend selected/);
});

it('init({ wasm }) accepts a path, a file URL, bytes and a compiled module', async () => {
  const path = new URL('../../build/simdnet.wasm', import.meta.url);
  const bytes = readFileSync(path);
  const { createWasmBackend } = await import('../../src/backend/wasm/create.js');
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
