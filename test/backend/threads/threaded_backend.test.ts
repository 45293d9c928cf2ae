/** The threaded backend's lifecycle: what threadInfo() reports, stopping the pool, a trapped job, the one-thread fallbacks. */

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';
import { loadWasm } from '../../../src/backend/wasm/loader.js';
import { WorkerPool } from '../../../src/backend/wasm/threads/pool.js';
import { threadSupport } from '../../../src/backend/wasm/threads/support.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';

afterEach(() => vi.unstubAllGlobals());

function product(threads: number) {
  return createWasmBackend(undefined, { simd: 'baseline', threads, minSplitWork: 0 });
}

/** A·B for A = [[1..k] repeated m times], B = ones: every element of C is k(k+1)/2. */
function rowSums(be: Awaited<ReturnType<typeof product>>, m: number, k: number, n: number): Float32Array {
  const a = be.alloc(m * k), b = be.alloc(k * n), c = be.alloc(m * n);
  be.write(a, Float32Array.from({ length: m * k }, (_, i) => (i % k) + 1));
  be.fill(b, 1);
  be.matmul(a, b, c, m, k, n);
  const out = be.read(c);
  [a, b, c].forEach((x) => be.free(x));
  return out;
}

it('reports the threads running, shared memory, and why; stopThreads terminates the workers and later GEMMs run here', async () => {
  const be = await product(2);
  expect(be.threadInfo()).toEqual({ threads: 2, shared: true, reason: expect.stringMatching(/^2 threads: 1 worker/) });
  expect(rowSums(be, 33, 10, 9).every((v) => v === 55)).toBe(true);
  be.stopThreads();
  be.stopThreads(); // idempotent
  expect(be.threadInfo()).toEqual({ threads: 1, shared: true, reason: expect.stringMatching(/stopped/) });
  expect(rowSums(be, 33, 10, 9).every((v) => v === 55)).toBe(true);
});

it('without threads the backend says so, and the option is checked', async () => {
  const be = await createWasmBackend();
  expect(be.threadInfo()).toEqual({ threads: 1, shared: false, reason: expect.stringMatching(/not requested/) });
  await expect(createWasmBackend(undefined, { threads: 0 })).rejects.toThrow(RangeError);
  await expect(createWasmBackend(undefined, { threads: 1.5 })).rejects.toThrow(/threads must be an integer from 1 to 64, got 1.5/);
});

it('threadSupport names what is missing: SharedArrayBuffer (no cross-origin isolation), Atomics, Workers', () => {
  const node = { SharedArrayBuffer, Atomics, process: { versions: { node: '20' } } };
  expect(threadSupport(node)).toEqual({ ok: true, reason: '' });
  expect(threadSupport({ ...node, SharedArrayBuffer: undefined }).reason).toMatch(/SharedArrayBuffer is unavailable.*Cross-Origin-Opener-Policy/);
  expect(threadSupport({ SharedArrayBuffer, Atomics, Worker: class {}, crossOriginIsolated: false }).ok).toBe(false);
  expect(threadSupport({ SharedArrayBuffer, Atomics, Worker: class {}, crossOriginIsolated: true }).ok).toBe(true);
  expect(threadSupport({ ...node, Atomics: undefined }).reason).toMatch(/Atomics/);
  expect(threadSupport({ SharedArrayBuffer, Atomics }).reason).toMatch(/Web Workers/);
});

it('falls back to one thread over unshared memory when SharedArrayBuffer is missing, and still computes', async () => {
  vi.stubGlobal('SharedArrayBuffer', undefined);
  const be = await product(2);
  expect(be.threadInfo()).toEqual({ threads: 1, shared: false, reason: expect.stringMatching(/^one thread: SharedArrayBuffer is unavailable/) });
  vi.unstubAllGlobals();
  expect(rowSums(be, 17, 4, 3).every((v) => v === 10)).toBe(true);
});

it('falls back to one thread when the module passed in imports an unshared memory', async () => {
  const bytes = readFileSync(fileURLToPath(new URL('../../../build/simdnet.wasm', import.meta.url)));
  const be = await createWasmBackend(bytes, { threads: 2 });
  expect(be.threadInfo()).toMatchObject({ threads: 1, shared: false, reason: expect.stringMatching(/not a threads build/) });
  expect(rowSums(be, 9, 3, 2).every((v) => v === 6)).toBe(true);
});

it('a chunk that traps in a worker is reported on the main thread instead of hanging it, and the pool goes on', async () => {
  const { module, memory } = await loadWasm(undefined, 'baseline', true);
  memory.grow(80); // 5 MiB: A and B at 0, C at 1 MiB, scratch blocks at 2 and 3 MiB
  const pool = await WorkerPool.start(module, memory, 1);
  pool.setScratch(0, 3 << 20);
  try {
    const instance = await WebAssembly.instantiate(module, { env: { memory, abort() {} } });
    const matmul = instance.exports.matmul as (...a: number[]) => void;
    // this thread takes the first chunk (a 256³ product, about a millisecond), the worker the last, whose C lies past
    // the end of memory: the store traps. (A worker that has not woken by then leaves it to this thread, whose own
    // trap is thrown instead: try a few times.)
    const ok = [0, 0, 1 << 20, 256, 256, 256, 2 << 20], bad = [0, 0, memory.buffer.byteLength, 4, 4, 8, 2 << 20];
    const messages: string[] = [];
    for (let i = 0; i < 50 && !messages.some((m) => /worker 1 trapped in matmul/.test(m)); i++) {
      try { pool.run('matmul', matmul, [ok, bad], [], 6); } catch (e) { messages.push(String(e)); }
    }
    expect(messages.at(-1)).toMatch(/worker 1 trapped in matmul/);
    expect(() => pool.run('matmul', matmul, [ok, ok, ok], [], 6)).not.toThrow();
  } finally {
    pool.dispose();
  }
  expect(pool.size).toBe(0);
});

it('a Node process that started threads exits on its own (the workers never keep it alive)', () => {
  const entry = fileURLToPath(new URL('../../../src/backend/index.ts', import.meta.url));
  const script = `
    const { init, threadInfo, getBackend } = await import(${JSON.stringify(entry)});
    await init({ threads: 3 });
    const be = getBackend(), a = be.alloc(256 * 256), c = be.alloc(256 * 256);
    be.fill(a, 1);
    be.matmul(a, a, c, 256, 256, 256);
    console.log(JSON.stringify({ info: threadInfo(), c: be.read(c, 0, 1)[0] }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30000 });
  expect(r.error, r.stderr).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ info: { threads: 3, shared: true, reason: expect.any(String) }, c: 256 });
});

it('falls back to one thread, saying so, when the package was built without the threads build', async () => {
  vi.resetModules();
  const real = await import('../../../src/backend/wasm/wasm_bytes.js');
  vi.doMock('../../../src/backend/wasm/wasm_bytes.js', () => ({ ...real, WASM_THREADS_BASE64: '', WASM_THREADS_RELAXED_BASE64: '' }));
  try {
    const { createWasmBackend: create } = await import('../../../src/backend/wasm/create.js');
    const be = await create(undefined, { simd: 'baseline', threads: 2 });
    expect(be.threadInfo()).toEqual({ threads: 1, shared: false, reason: expect.stringMatching(/^one thread: the threads build was not included/) });
  } finally {
    vi.doUnmock('../../../src/backend/wasm/wasm_bytes.js');
    vi.resetModules();
  }
});
