/** The pool's wire format: one 32-int slot per worker in a control SharedArrayBuffer, and the kernels a worker may run. */

/** Int32s per worker slot (256 bytes, so every slot's f64 arguments are 8-byte aligned). */
export const SLOT = 64;
/** Slot fields: the main thread bumps SEQ to post a job; the worker copies SEQ into DONE when it has finished it. */
export const SEQ = 0;
export const DONE = 1;
/** Index into OPS of the job's kernel (0: exit). */
export const OP = 2;
/** First of up to MAX_ARGS i32 arguments (byte addresses and sizes; every address is below 2³¹; 16 for a convolution slice). */
export const ARGS = 3;
export const MAX_ARGS = 20;
/** Int32 index of the first of up to MAX_F64_ARGS f64 arguments (an optimizer's learning rate and coefficients), which follow the i32 ones. */
export const F64_ARGS = 24;
export const MAX_F64_ARGS = 8;
/** 0 when the job ran, 1 when the kernel trapped. */
export const STATUS = 63;

/** The exports a worker may be asked to run, by op number; 0 is the exit request. */
export const OPS = [
  '', 'matmul', 'matmulAcc', 'matmulBias', 'matmulTransARows', 'matmulTransB', 'gatherRowsByF32Index',
  'conv2d', 'conv2dRelu', 'conv2dBackwardFilterTaps', 'matmulBiasRelu', 'matmulBiasTanh', 'matmulBiasSigmoid',
  'matmulTransBReluBackward', 'matmulTransBTanhBackward', 'matmulTransBSigmoidBackward',
  'sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad',
] as const;
export type OpName = Exclude<(typeof OPS)[number], ''>;
/** How many of each op's arguments are f64 (its trailing scalars, taken from the F64_ARGS slots); 0 for the rest. */
export const F64_COUNT: Readonly<Partial<Record<OpName, number>>> = { sgd: 2, momentum: 3, nesterov: 3, adam: 5, adamw: 6, rmsprop: 5, adagrad: 3 };
export const EXIT = 0;

/**
 * How long an idle thread polls (Atomics.load) before it sleeps in Atomics.wait (a futex). A sleeping vCPU takes tens
 * of µs to wake, so a worker polls for a while after each job; but it backs off to sleeping once the OS takes its
 * core mid-poll, since polling then slows whoever it competes with. The main thread polls 50 µs for a worker's result;
 * a browser page's main thread, which may not sleep, polls until the result is there. The figures behind these
 * values are in bench/results/threads.md.
 */
export const WORKER_SPIN_MICROS = 500;
export const MAIN_SPIN_MICROS = 50;
