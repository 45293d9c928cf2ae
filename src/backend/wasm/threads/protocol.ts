/** The pool's wire format: one 32-int slot per worker in a control SharedArrayBuffer, and the kernels a worker may run. */

/** Int32s per worker slot. */
export const SLOT = 32;
/** Slot fields: the main thread bumps SEQ to post a job; the worker copies SEQ into DONE when it has finished it. */
export const SEQ = 0;
export const DONE = 1;
/** Index into OPS of the job's kernel (0: exit). */
export const OP = 2;
/** First of up to MAX_ARGS i32 arguments (byte addresses and sizes; every address is below 2³¹; 16 for a convolution slice). */
export const ARGS = 3;
export const MAX_ARGS = 20;
/** 0 when the job ran, 1 when the kernel trapped. */
export const STATUS = 31;

/** The exports a worker may be asked to run, by op number; 0 is the exit request. */
export const OPS = [
  '', 'matmul', 'matmulAcc', 'matmulBias', 'matmulTransARows', 'matmulTransB', 'gatherRowsByF32Index',
  'conv2d', 'conv2dRelu', 'conv2dBackwardFilterTaps',
] as const;
export type OpName = Exclude<(typeof OPS)[number], ''>;
export const EXIT = 0;

/**
 * How long an idle thread polls (Atomics.load) before it sleeps in Atomics.wait (a futex). MNIST epochs at batch 256
 * on the 2-core VM (bench/threads.ts epoch children, quiet unless said; one thread: 0.74-0.84 s):
 *   sleeping at once                                     0.51-0.59 s  (a sleeping vCPU takes tens of µs to wake)
 *   worker polls 500 µs after each job, no back-off      0.48-0.53 s, but 1.0-1.4 s with another process on a core
 *   … sleeping 0.5 s after a > 0.5 ms gap in its polling 0.45-0.51 s, and 0.79-0.83 s with another process on a core
 *   (back-off after 0.2 ms / for 1 s: 0.48-0.53 s and 0.85-0.90 s; after 1 ms / for 0.2 s: 0.44-0.45 s and 0.91-1.05 s)
 * A gap means the OS took the worker's core for another thread, and polling then slows whoever it competes with.
 * The main thread polls 50 µs for a worker's result; a browser page's main thread, which may not sleep, polls
 * until the result is there.
 */
export const WORKER_SPIN_MICROS = 500;
export const MAIN_SPIN_MICROS = 50;
