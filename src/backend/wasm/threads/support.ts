/** Whether this environment can run the worker pool (shared memory, atomics, workers), and the ThreadInfo the backend reports. */

/** What `threadInfo()` reports: threads computing GEMMs (1 = the calling thread alone), whether memory is shared, and why. */
export interface ThreadInfo {
  readonly threads: number;
  readonly shared: boolean;
  readonly reason: string;
}

/** The globals the check reads (a parameter, so a test can simulate a page without cross-origin isolation). */
export interface ThreadEnv {
  SharedArrayBuffer?: unknown;
  Atomics?: unknown;
  crossOriginIsolated?: boolean;
  Worker?: unknown;
  process?: { versions?: { node?: string } };
}

/**
 * Whether a pool of workers over one shared WebAssembly.Memory can start here; if not, the reason in words.
 *
 * ```ts
 * threadSupport();                          // { ok: true, reason: '' } in Node ≥ 20
 * threadSupport({}).reason;                 // 'SharedArrayBuffer is unavailable …'
 * ```
 */
export function threadSupport(env: ThreadEnv = globalThis as ThreadEnv): { ok: boolean; reason: string } {
  if (typeof env.SharedArrayBuffer !== 'function' || env.crossOriginIsolated === false) {
    return {
      ok: false,
      reason:
        'SharedArrayBuffer is unavailable (a browser page must be cross-origin isolated: serve it with the headers ' +
        '"Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp")',
    };
  }
  if (typeof env.Atomics !== 'object') return { ok: false, reason: 'Atomics is unavailable' };
  const node = typeof env.process?.versions?.node === 'string';
  if (!node && typeof env.Worker !== 'function') return { ok: false, reason: 'Web Workers are unavailable here' };
  return { ok: true, reason: '' };
}

/** May this thread block in Atomics.wait? (Node's main thread and workers may; a browser page's main thread may not.) */
export function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); // returns 'not-equal' at once where allowed
    return true;
  } catch {
    return false;
  }
}
