/** The worker pool: workers instantiated over the main instance's shared memory, fed jobs through a control block. */

import { ARGS, DONE, EXIT, F64_ARGS, F64_COUNT, MAIN_SPIN_MICROS, MAX_ARGS, MAX_F64_ARGS, OP, OPS, SEQ, SLOT, STATUS, WORKER_SPIN_MICROS, type OpName } from './protocol.js';
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
 * `size` workers, each with its own slot in a control block and its own scratch block (allocated by the caller's
 * heap: only the main instance allocates). `post` hands a job to one worker, `wait` returns when it is done.
 *
 * ```ts
 * const pool = await WorkerPool.start(module, memory, 1);
 * pool.post(0, 'matmul', [a, b, c, m, k, n, scratch]);
 * pool.wait(0);
 * pool.dispose();
 * ```
 */
export class WorkerPool {
  private readonly ctl: Int32Array;
  private readonly f64: Float64Array;
  private readonly seq: number[];
  private readonly block = canBlock();
  private alive = true;

  private constructor(control: SharedArrayBuffer, private readonly workers: Handle[], private readonly spinMs: number) {
    this.ctl = new Int32Array(control);
    this.f64 = new Float64Array(control);
    this.seq = workers.map(() => 0);
  }

  /**
   * Starts `size` workers over `memory` (a shared WebAssembly.Memory) running `module` (a threads build). An idle
   * worker polls for `spin.worker` µs before it sleeps; the main thread polls `spin.main` µs for a worker's result.
   */
  static async start(module: WebAssembly.Module, memory: WebAssembly.Memory, size: number,
    spin: { worker: number; main: number } = { worker: WORKER_SPIN_MICROS, main: MAIN_SPIN_MICROS }): Promise<WorkerPool> {
    const control = new SharedArrayBuffer(SLOT * 4 * size);
    const started = await Promise.allSettled(
      Array.from({ length: size }, (_, slot) => spawn({ module, memory, control, slot, ops: [...OPS], f64Count: OPS.map((op) => (op ? F64_COUNT[op] ?? 0 : 0)), spinMicros: spin.worker })),
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

  /**
   * Hands worker `w` a job: the export `op` called with `args` (i32s), then `floats` (f64s: as many as F64_COUNT
   * says for `op`). Returns at once.
   */
  post(w: number, op: OpName, args: readonly number[], floats: readonly number[] = []): void {
    if (args.length > MAX_ARGS) throw new Error(`simdnet: ${op} takes ${args.length} arguments; a pool job holds ${MAX_ARGS}`);
    if (floats.length !== (F64_COUNT[op] ?? 0) || floats.length > MAX_F64_ARGS) throw new Error(`simdnet: ${op} takes ${F64_COUNT[op] ?? 0} f64 arguments, got ${floats.length}`);
    const b = w * SLOT;
    const ctl = this.ctl;
    ctl[b + OP] = OPS.indexOf(op);
    for (let i = 0; i < args.length; i++) ctl[b + ARGS + i] = args[i];
    for (let i = 0; i < floats.length; i++) this.f64[((b + F64_ARGS) >> 1) + i] = floats[i];
    const s = (this.seq[w] = (this.seq[w] + 1) | 0);
    Atomics.store(ctl, b + SEQ, s); // publishes the plain writes above to the worker that reads SEQ
    Atomics.notify(ctl, b + SEQ);
  }

  /** Returns once worker `w` has finished its last job; throws if that job trapped. */
  wait(w: number): void {
    const b = w * SLOT;
    const ctl = this.ctl;
    const s = this.seq[w];
    let t0 = -1;
    while (Atomics.load(ctl, b + DONE) !== s) {
      if (!this.block) continue; // a browser page's main thread may not sleep: it polls until the worker is done
      if (t0 < 0) t0 = performance.now();
      else if (performance.now() - t0 >= this.spinMs) Atomics.wait(ctl, b + DONE, (s - 1) | 0);
    }
    if (ctl[b + STATUS] !== 0) throw new Error(`simdnet: worker ${w + 1} trapped in ${OPS[ctl[b + OP]]}`);
  }

  /**
   * Runs `job(w, start, count)` for the runs between consecutive `bounds`: the first run here (w = −1), run p on worker
   * p − 1, which the job posts to; then waits for every posted job before returning or throwing, so no worker may
   * still be writing when the caller goes on.
   */
  runParts(bounds: readonly number[], job: (w: number, start: number, count: number) => void): void {
    const parts = bounds.length - 1;
    for (let p = 1; p < parts; p++) job(p - 1, bounds[p], bounds[p + 1] - bounds[p]);
    try {
      job(-1, bounds[0], bounds[1] - bounds[0]);
    } finally {
      let failure: unknown = null;
      for (let p = 1; p < parts; p++) {
        try { this.wait(p - 1); } catch (e) { failure ??= e; }
      }
      if (failure) throw failure;
    }
  }

  /** Asks every worker to exit and terminates it. Idempotent. */
  dispose(): void {
    if (!this.alive) return;
    this.alive = false;
    for (let w = 0; w < this.workers.length; w++) {
      this.ctl[w * SLOT + OP] = EXIT;
      this.seq[w] = (this.seq[w] + 1) | 0;
      Atomics.store(this.ctl, w * SLOT + SEQ, this.seq[w]);
      Atomics.notify(this.ctl, w * SLOT + SEQ);
      this.workers[w].terminate();
    }
  }
}
