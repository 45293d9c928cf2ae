/** The pool's wire format: one 16-int slot per worker in a control SharedArrayBuffer, and the kernels a worker may run. */

/** Int32s per worker slot. */
export const SLOT = 16;
/** Slot fields: the main thread bumps SEQ to post a job; the worker copies SEQ into DONE when it has finished it. */
export const SEQ = 0;
export const DONE = 1;
/** Index into OPS of the job's kernel (0: exit). */
export const OP = 2;
/** First of up to MAX_ARGS i32 arguments (byte addresses and sizes; every address is below 2³¹). */
export const ARGS = 3;
export const MAX_ARGS = 9;
/** 0 when the job ran, 1 when the kernel trapped. */
export const STATUS = 15;

/** The exports a worker may be asked to run, by op number; 0 is the exit request. */
export const OPS = ['', 'matmul', 'matmulAcc', 'matmulBias', 'matmulTransARows', 'matmulTransB', 'gatherRows'] as const;
export type OpName = Exclude<(typeof OPS)[number], ''>;
export const EXIT = 0;

/**
 * How long an idle thread polls (Atomics.load) before it sleeps in Atomics.wait (a futex). An MNIST epoch at batch
 * 256 on the 2-core VM (bench/threads.ts, medians of quiet epochs): 0.51-0.59 s sleeping at once, 0.45-0.51 s with
 * a worker polling 500 µs after each job (a sleeping vCPU takes tens of µs to wake, and a step posts its GEMMs a
 * few hundred µs apart); one thread takes 0.73-0.78 s. With another process holding a core, polling made it 1.0-1.4 s,
 * so a worker that sees the OS take its core while it polls (a gap between two polls) sleeps at once for a second
 * (then 0.79-0.85 s, sleeping at once 0.76-0.88 s, one thread 0.73-0.77 s). The main thread polls 50 µs for a
 * worker's result; a browser page's main thread, which may not sleep, polls until the result is there.
 */
export const WORKER_SPIN_MICROS = 500;
export const MAIN_SPIN_MICROS = 50;
