/** The worker pool: workers instantiated over the main instance's shared memory, taking chunks of each job from a control block. */

import { ARGS, CHUNKS, CLAIM, CONTROL_INTS, DONE, EXIT, F64_ARGS, FAILED, FAILED_BY, MAIN_SPIN_MICROS, MAIN_WAITING, MAX_ARGS, MAX_CHUNKS, MAX_F64_ARGS, MAX_WORKERS, NARGS, NF64, OP, OPS, SCRATCH, SCRATCH_AT, SEQ, SLEEPERS, WORKER_SPIN_MICROS, type OpName } from './protocol.js';
import { BROWSER_WORKER_SOURCE, NODE_WORKER_SOURCE } from './worker_source.js';
import { canBlock } from './support.js';
import { importNodeBuiltin, isNode } from '../../../runtime.js';

/** A started worker, whichever API made it. */
interface Handle {
  terminate(): void;
}

/** Starts one worker and resolves once it has instantiated the module (rejects with the worker's error). */
async function spawn(init: Record<string, unknown>): Promise<Handle> {
  if (isNode()) {
    const { Worker } = await importNodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads');
    // execArgv []: the worker is plain JS, it needs none of the parent's loaders (tsx, vitest)
    const w = new Worker(NODE_WORKER_SOURCE, { eval: true, workerData: init, execArgv: [] });
    await new Promise<void>((resolve, reject) => {
      w.once('error', reject);
      w.once('message', (m: { ready?: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(m.error))));
    });
    w.unref(); // a pool never keeps the process alive
    return { terminate: () => void w.terminate() };
  }
  const url = URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new Worker(url);
  try {
    await new Promise<void>((resolve, reject) => {
      w.onerror = (e) => reject(new Error(e.message || 'worker failed to start'));
      w.onmessage = (e: MessageEvent<{ ready?: boolean; error?: string }>) => (e.data.ready ? resolve() : reject(new Error(e.data.error)));
      w.postMessage(init);
    });
  } finally {
    URL.revokeObjectURL(url);
  }
  return { terminate: () => w.terminate() };
}

/**
 * `size` workers over one control block (protocol.ts), each with its own scratch block (allocated by the caller's
 * heap: only the main instance allocates). `run` hands out a job's chunks to this thread and the workers.
 *
 * ```ts
 * const pool = await WorkerPool.start(module, memory, 1);
 * pool.setScratch(0, workerScratch);
 * pool.run('matmul', exports.matmul, [[a, b, c, 32, k, n, scratch], [a2, b, c2, 32, k, n, scratch]], [], 6);
 * pool.dispose();
 * ```
 */
export class WorkerPool {
  private readonly ctl: Int32Array;
  private readonly f64: Float64Array;
  private seq = 0;
  private readonly block = canBlock();
  private alive = true;

  private constructor(control: SharedArrayBuffer, private readonly workers: Handle[], private readonly spinMs: number) {
    this.ctl = new Int32Array(control);
    this.f64 = new Float64Array(control);
  }

  /**
   * Starts `size` workers over `memory` (a shared WebAssembly.Memory) running `module` (a threads build). An idle
   * worker polls for `spin.worker` µs before it sleeps; the main thread polls `spin.main` µs for a worker's chunks.
   */
  static async start(module: WebAssembly.Module, memory: WebAssembly.Memory, size: number,
    spin: { worker: number; main: number } = { worker: WORKER_SPIN_MICROS, main: MAIN_SPIN_MICROS }): Promise<WorkerPool> {
    if (size > MAX_WORKERS) throw new RangeError(`simdnet: a pool has at most ${MAX_WORKERS} workers, asked for ${size}`);
    const control = new SharedArrayBuffer(CONTROL_INTS * 4);
    const started = await Promise.allSettled(
      Array.from({ length: size }, (_, slot) => spawn({ module, memory, control, slot, ops: [...OPS], spinMicros: spin.worker })),
    );
    const handles = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      for (const h of handles) h.terminate();
      throw failed.reason;
    }
    return new WorkerPool(control, handles, spin.main / 1000);
  }

  /** Number of workers (the calling thread is one more). 0 after dispose. */
  get size(): number {
    return this.alive ? this.workers.length : 0;
  }

  /** Worker `w`'s scratch block, passed in place of the scratch argument of the chunks it runs. */
  setScratch(w: number, ptr: number): void {
    this.ctl[SCRATCH + w] = ptr;
  }

  /**
   * Runs `op` over `chunks`, each a list of its i32 arguments, followed by the f64 `floats`: this thread (calling
   * `fn`, its own export of `op`) takes chunks from the front, the workers from the back. Argument `scratchAt` of a
   * chunk a worker runs is replaced by that worker's scratch block. Returns when every chunk is done; then throws if
   * one trapped (this thread's error, or one naming the worker).
   */
  run(op: OpName, fn: (...args: number[]) => unknown, chunks: readonly (readonly number[])[], floats: readonly number[] = [], scratchAt = -1): void {
    const n = chunks.length;
    if (this.size === 0 || n < 2) {
      for (const c of chunks) fn(...c, ...floats);
      return;
    }
    this.publish(op, chunks, floats, scratchAt);
    let error: unknown = null;
    for (;;) {
      const c = Atomics.load(this.ctl, CLAIM);
      const front = c & 255, back = (c >>> 8) & 255;
      if (front >= back) break;
      if (Atomics.compareExchange(this.ctl, CLAIM, c, c + 1) !== c) continue;
      try {
        fn(...chunks[front], ...floats);
      } catch (e) {
        error ??= e;
        this.cancelRest();
      }
      Atomics.add(this.ctl, DONE, 1);
    }
    this.waitDone(n);
    if (error) throw error;
    if (this.ctl[FAILED]) throw new Error(`simdnet: worker ${this.ctl[FAILED_BY]} trapped in ${OPS[this.ctl[FAILED] - 1]}`);
  }

  /** Asks every worker to exit and terminates it. Idempotent. */
  dispose(): void {
    if (!this.alive) return;
    this.alive = false;
    Atomics.store(this.ctl, EXIT, 1);
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
    for (const w of this.workers) w.terminate();
  }

  /** Writes the job, then CLAIM, then SEQ (which publishes the plain writes before it), and wakes sleeping workers. */
  private publish(op: OpName, chunks: readonly (readonly number[])[], floats: readonly number[], scratchAt: number): void {
    const ctl = this.ctl, n = chunks.length, nargs = chunks[0].length;
    if (n > MAX_CHUNKS || nargs > MAX_ARGS || floats.length > MAX_F64_ARGS) {
      throw new Error(`simdnet: ${op}: ${n} chunks of ${nargs} + ${floats.length} arguments; a job holds ${MAX_CHUNKS} of ${MAX_ARGS} + ${MAX_F64_ARGS}`);
    }
    ctl[OP] = OPS.indexOf(op);
    ctl[CHUNKS] = n;
    ctl[NARGS] = nargs;
    ctl[NF64] = floats.length;
    ctl[SCRATCH_AT] = scratchAt;
    for (let i = 0; i < n; i++) for (let j = 0; j < nargs; j++) ctl[ARGS + i * MAX_ARGS + j] = chunks[i][j];
    for (let j = 0; j < floats.length; j++) this.f64[(F64_ARGS >> 1) + j] = floats[j];
    ctl[DONE] = 0;
    ctl[FAILED] = ctl[FAILED_BY] = 0;
    const s = (this.seq = (this.seq + 1) & 0x7fffffff);
    Atomics.store(ctl, CLAIM, ((s & 0x7fff) << 16) | (n << 8));
    Atomics.store(ctl, SEQ, s);
    if (Atomics.load(ctl, SLEEPERS) > 0) Atomics.notify(ctl, SEQ);
  }

  /** Claims every chunk still unclaimed (after a trap here) and counts them done, so no one starts them. */
  private cancelRest(): void {
    for (;;) {
      const c = Atomics.load(this.ctl, CLAIM);
      const front = c & 255, back = (c >>> 8) & 255;
      if (front >= back) return;
      if (Atomics.compareExchange(this.ctl, CLAIM, c, (c & ~255) | back) === c) {
        Atomics.add(this.ctl, DONE, back - front);
        return;
      }
    }
  }

  /** Returns once `n` chunks are done: polls spinMs, then sleeps until a worker's last chunk wakes it (never sleeps on a page's main thread). */
  private waitDone(n: number): void {
    const ctl = this.ctl;
    let t0 = -1;
    for (let d = Atomics.load(ctl, DONE); d !== n; d = Atomics.load(ctl, DONE)) {
      if (!this.block) continue;
      if (t0 < 0) t0 = performance.now();
      else if (performance.now() - t0 >= this.spinMs) {
        Atomics.store(ctl, MAIN_WAITING, 1);
        Atomics.wait(ctl, DONE, d);
        Atomics.store(ctl, MAIN_WAITING, 0);
      }
    }
  }
}
