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
export const OPS = ['', 'matmul', 'matmulAcc', 'matmulBias', 'matmulTransARows', 'matmulTransB'] as const;
export type OpName = Exclude<(typeof OPS)[number], ''>;
export const EXIT = 0;

/**
 * Polls of an Atomics.load before falling back to Atomics.wait (a futex). Measured on a busy 2-core machine
 * (bench/threads.ts, hand_off): a post-and-collect round trip of an empty job took 10-15 µs with no polling, 15-20 µs
 * polling 2000 times on either side, 40 µs on both, and 320 µs at 20000 (a polling thread competes with the other
 * side for a core, and Atomics.load in not-yet-optimized code costs ~15 ns). So both sides block at once; a browser
 * page's main thread, which may not block, polls until the job is done.
 */
export const WORKER_SPINS = 0;
export const MAIN_SPINS = 0;
