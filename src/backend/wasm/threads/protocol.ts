/** The pool's wire format: one job at a time in a control SharedArrayBuffer, its chunks claimed by every thread, and the kernels a worker may run. */

// Int32 fields of the control block. The main thread publishes a job (its op, one i32 argument list per chunk, the
// f64 scalars every chunk shares) by writing it, then CLAIM, then bumping SEQ. Every thread then takes chunks with a
// compare-and-exchange on CLAIM = (SEQ mod 2¹⁵) << 16 | back << 8 | front: the main thread from the front, workers
// from the back. A worker that is asleep or descheduled when the job comes leaves its chunks to the others, so the
// main thread never waits for a worker to wake, only for chunks a worker has started; with both running, the split
// falls where their speeds meet. Everything a chunk needs is read after its claim, from the job the claim names.

/** Bumped by the main thread to publish a job. */
export const SEQ = 0;
/** (SEQ mod 2¹⁵) << 16 | back << 8 | front: the chunks [front, back) are unclaimed. */
export const CLAIM = 1;
/** Chunks finished (a trapped one counts as finished). */
export const DONE = 2;
/** 1 + the op of the first chunk that trapped in a worker, and 1 + that worker's slot; 0 when none did. */
export const FAILED = 3;
export const FAILED_BY = 4;
/** Workers sleeping in Atomics.wait on SEQ (the main thread notifies only when there are some). */
export const SLEEPERS = 5;
/** 1 while the main thread sleeps in Atomics.wait on DONE (a worker finishing a chunk notifies it then). */
export const MAIN_WAITING = 6;
/** Set once, by dispose: every worker returns. */
export const EXIT = 7;
/** The job: its op (index into OPS), chunk count, i32 arguments per chunk, f64 arguments, and which argument is a scratch pointer (−1: none), replaced by the running thread's own. */
export const OP = 8;
export const CHUNKS = 9;
export const NARGS = 10;
export const NF64 = 11;
export const SCRATCH_AT = 12;
/** First of MAX_F64_ARGS f64 arguments (an optimizer's learning rate and coefficients): int 14, byte 56, 8-aligned. */
export const F64_ARGS = 14;
export const MAX_F64_ARGS = 8;
/** Chunk i's i32 arguments (byte addresses and sizes; every address is below 2³¹) at ARGS + i·MAX_ARGS. */
export const ARGS = 30;
export const MAX_ARGS = 20;
export const MAX_CHUNKS = 16;
/** Worker w's scratch block (packed GEMM panels) at SCRATCH + w, set once when the pool starts. */
export const SCRATCH = ARGS + MAX_ARGS * MAX_CHUNKS;
export const MAX_WORKERS = 63;
/** Int32s in the control block (even, so the block views as f64s too). */
export const CONTROL_INTS = (SCRATCH + MAX_WORKERS + 1) & ~1;

/** The exports a worker may be asked to run, by op number (0 is unused). */
export const OPS = [
  '', 'matmul', 'matmulAcc', 'matmulBias', 'matmulTransARows', 'matmulTransB', 'gatherRowsByF32Index',
  'conv2d', 'conv2dRelu', 'conv2dBackwardFilterTaps', 'conv2dBackwardInput', 'matmulBiasRelu', 'matmulBiasTanh', 'matmulBiasSigmoid',
  'matmulTransBReluBackward', 'matmulTransBTanhBackward', 'matmulTransBSigmoidBackward',
  'sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad', 'conv2dLeakyRelu',
] as const;
export type OpName = Exclude<(typeof OPS)[number], ''>;

/**
 * How long an idle thread polls (Atomics.load) before it sleeps in Atomics.wait (a futex). A sleeping vCPU takes tens
 * of µs to wake, so a worker polls for a while after each job; but it backs off to sleeping once the OS takes its
 * core mid-poll, since polling then slows whoever it competes with. The main thread polls 50 µs for the chunks a
 * worker is still running; a browser page's main thread, which may not sleep, polls until they are done. The figures
 * behind these values are in bench/results/threads.md.
 */
export const WORKER_SPIN_MICROS = 500;
export const MAIN_SPIN_MICROS = 50;
