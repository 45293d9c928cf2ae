/** The one table of kernels: each name with its family and buffer lengths; the Backend type, the ABI check and both bindings derive from it. */

/**
 * How a kernel is called, which picks its binding (src/backend/wasm/bindings.ts). Every kernel takes its buffers
 * first, then its sizes (element counts), then its scalar parameters (STYLE.md rule 2).
 * - `gemm`: (a, b, c, m, k, n) or, with a fourth buffer, (a, b, x, c, m, k, n), and in WASM a trailing scratch pointer
 *   where the entry says; `gemmBias`: (a, b, bias, c, m, k, n)
 * - `map`: (x, y, n, …scalars); `backward`: (saved, dy, dx, n, …scalars)
 * - `rows`: (x, y, rows, cols), y as long as the entry says; `loss`: (pred, target, grad, n) → mean loss
 * - `optimizer`: (w, g, …state, n, …scalars), updating w and the state in place
 * - `general`: anything else (convolution geometry, batch norm, dropout's seed, …): checked from the entry alone; bound
 *   by buffer count like the others while it has at most 4 buffers and the numbers a closure passes, else by a slower
 *   generic call (src/backend/wasm/bindings.ts)
 */
export type Family = 'gemm' | 'gemmBias' | 'map' | 'backward' | 'rows' | 'loss' | 'optimizer' | 'general';

/**
 * One kernel's signature. `bufs[i]` is the length buffer i must have, as a product of size names and integer
 * factors (`'m·k'`, `'batch·steps·4·units'`) or `'1'`;
 * `sizes` names the size arguments in order; `scalars` counts the trailing numbers that are not sizes.
 */
export interface KernelSpec {
  readonly family: Family;
  readonly bufs: readonly string[];
  readonly sizes: readonly string[];
  readonly scalars: number;
  /** WASM only: a trailing pointer to the backend's scratch block (the GEMMs' packed panels). */
  readonly scratch: boolean;
  /** The kernel returns a number (a loss, a count, a sum). */
  readonly returns: boolean;
}

function spec(family: Family, bufs: string[], sizes: string[], o: { scalars?: number; scratch?: boolean; returns?: boolean } = {}): KernelSpec {
  return { family, bufs, sizes, scalars: o.scalars ?? 0, scratch: o.scratch ?? false, returns: o.returns ?? false };
}
const gemm = (...bufs: string[]) => spec('gemm', bufs, ['m', 'k', 'n'], { scratch: true });
const gemmBias = () => spec('gemmBias', ['m·k', 'k·n', 'n', 'm·n'], ['m', 'k', 'n'], { scratch: true });
const map = (scalars = 0) => spec('map', ['n', 'n'], ['n'], { scalars });
const backward = (scalars = 0) => spec('backward', ['n', 'n', 'n'], ['n'], { scalars });
const rows = (out: string, returns = false) => spec('rows', ['rows·cols', out], ['rows', 'cols'], { returns });
const loss = () => spec('loss', ['n', 'n', 'n'], ['n'], { returns: true });
const optimizer = (state: number, scalars: number) => spec('optimizer', Array(2 + state).fill('n'), ['n'], { scalars });
/** A recurrent kernel over whole sequences: y keeps the last `outSteps` steps (1, or all of them for returnSequences). */
const sequence = (bufs: string[]) => spec('general', bufs, ['batch', 'steps', 'units', 'outSteps'], { scratch: true });

/** The sizes of a window kernel (im2col, col2im, pooling): the input, the window, its strides, the padding before, the output. */
const WINDOW = ['batch', 'h', 'w', 'c', 'kh', 'kw', 'sh', 'sw', 'padTop', 'padLeft', 'ho', 'wo'];
/** The sizes of a direct convolution (valid windows over an input padded beforehand), then the output channels. */
const CONV = ['batch', 'h', 'w', 'c', 'kh', 'kw', 'sh', 'sw', 'ho', 'wo', 'cout'];
const conv = (scalars = 0) => spec('general', ['batch·h·w·c', 'kh·kw·c·cout', 'cout', 'batch·ho·wo·cout'], CONV, { scalars });

/** Every kernel, grouped by the assembly/ file that holds it; src/backend/ts/ holds its specification under the same name. */
export const KERNELS = {
  // matmul.ts: products and dense + activation fused
  matmul: gemm('m·k', 'k·n', 'm·n'),
  matmulAcc: gemm('m·k', 'k·n', 'm·n'),
  matmulBias: gemmBias(),
  matmulBiasRelu: gemmBias(),
  matmulBiasTanh: gemmBias(),
  matmulBiasSigmoid: gemmBias(),
  biasAdd: spec('general', ['rows·cols', 'cols', 'rows·cols'], ['rows', 'cols']),

  // matmul_grad.ts: the transposed forms for backprop, alone and fused with the bias gradient or an activation's derivative
  matmulTransA: gemm('m·k', 'm·n', 'k·n'),
  matmulTransAColSum: gemm('m·k', 'm·n', 'k·n', 'n'),
  matmulTransB: gemm('m·n', 'k·n', 'm·k'),
  matmulTransBReluBackward: gemm('m·n', 'k·n', 'm·k', 'm·k'),
  matmulTransBTanhBackward: gemm('m·n', 'k·n', 'm·k', 'm·k'),
  matmulTransBSigmoidBackward: gemm('m·n', 'k·n', 'm·k', 'm·k'),

  // reduce.ts
  colSum: rows('cols'),
  rowArgmax: rows('rows'),
  argmaxMatches: rows('rows·cols', true),
  signMatches: spec('general', ['n', 'n'], ['n'], { returns: true }),
  sumSquares: spec('general', ['n'], ['n'], { returns: true }),
  firstNonFinite: spec('general', ['n'], ['n'], { returns: true }),

  // activations.ts
  relu: map(),
  reluBackward: backward(),
  leakyRelu: map(1),
  leakyReluBackward: backward(1),
  sigmoid: map(),
  sigmoidBackward: backward(),
  tanh: map(),
  tanhBackward: backward(),
  step: map(),
  softmax: rows('rows·cols'),
  softmaxBackward: spec('general', ['rows·cols', 'rows·cols', 'rows·cols'], ['rows', 'cols']),

  // losses.ts
  softmaxCrossEntropy: spec('general', ['rows·cols', 'rows·cols', 'rows·cols'], ['rows', 'cols'], { returns: true }),
  mse: loss(),
  sigmoidCrossEntropy: loss(),
  hinge: loss(),

  // im2col.ts, conv.ts, conv_input.ts, pool.ts: convolution and pooling over NHWC batches (geometry from src/backend/geometry.ts)
  im2col: spec('general', ['batch·h·w·c', 'batch·ho·wo·kh·kw·c'], WINDOW),
  col2im: spec('general', ['batch·ho·wo·kh·kw·c', 'batch·h·w·c'], WINDOW),
  transpose: rows('rows·cols'),
  pad2d: spec('general', ['batch·h·w·c', 'batch·hp·wp·c'], ['batch', 'h', 'w', 'c', 'padTop', 'padLeft', 'hp', 'wp']),
  conv2d: conv(),
  conv2dRelu: conv(),
  conv2dLeakyRelu: conv(1),
  conv2dBackwardFilter: spec('general', ['batch·h·w·c', 'batch·ho·wo·cout', 'kh·kw·c·cout'], CONV),
  conv2dBackwardInput: spec('general', ['batch·ho·wo·cout', 'kh·kw·c·cout', 'batch·h·w·c'], CONV),
  maxPool2d: spec('general', ['batch·h·w·c', 'batch·ho·wo·c', 'batch·ho·wo·c'], WINDOW),
  maxPool2dBackward: spec('general', ['batch·ho·wo·c', 'batch·ho·wo·c', 'batch·h·w·c'], WINDOW),
  avgPool2d: spec('general', ['batch·h·w·c', 'batch·ho·wo·c'], WINDOW),
  avgPool2dBackward: spec('general', ['batch·ho·wo·c', 'batch·h·w·c'], WINDOW),
  globalAvgPool2d: spec('general', ['batch·hw·c', 'batch·c'], ['batch', 'hw', 'c']),
  globalAvgPool2dBackward: spec('general', ['batch·c', 'batch·hw·c'], ['batch', 'hw', 'c']),

  // optim.ts
  sgd: optimizer(0, 2),
  momentum: optimizer(1, 3),
  nesterov: optimizer(1, 3),

  // optim_adaptive.ts
  adam: optimizer(2, 5),
  adamw: optimizer(2, 6),
  rmsprop: optimizer(2, 5),
  adagrad: optimizer(1, 3),

  // clip.ts: in place (x, n, s)
  scaleInPlace: spec('general', ['n'], ['n'], { scalars: 1 }),
  clipInPlace: spec('general', ['n'], ['n'], { scalars: 1 }),

  // dropout.ts: dropout(x, y, mask, n, rate, seed) writes y and the mask
  dropout: spec('general', ['n', 'n', 'n'], ['n'], { scalars: 2 }),
  dropoutBackward: backward(),

  // batch_norm.ts (training), batch_norm_inference.ts: per column of a rows × cols batch; batchNorm: x, γ, β → y, x̂, mean, variance, invStd
  batchNorm: spec('general', ['rows·cols', 'cols', 'cols', 'rows·cols', 'rows·cols', 'cols', 'cols', 'cols'], ['rows', 'cols'], { scalars: 1 }),
  batchNormBackward: spec('general', ['rows·cols', 'cols', 'cols', 'rows·cols', 'rows·cols', 'cols', 'cols'], ['rows', 'cols']),
  batchNormInference: spec('general', ['rows·cols', 'cols', 'cols', 'cols', 'cols', 'rows·cols', 'cols'], ['rows', 'cols'], { scalars: 1 }),
  batchNormUpdateMoving: spec('general', ['cols', 'cols', 'cols', 'cols'], ['cols', 'rows'], { scalars: 1 }),

  // normalize.ts
  normalizeColumns: spec('general', ['rows·cols', 'cols', 'cols', 'rows·cols'], ['rows', 'cols']),
  normalizeColumnsBackward: spec('general', ['cols', 'rows·cols', 'rows·cols'], ['rows', 'cols']),

  // rnn.ts, lstm.ts, gru.ts, gru_reset_before.ts: whole sequences, batch-major (row b·steps + t), a GEMM per step inside
  rnnTanhForward: sequence(['batch·steps·units', 'units·units', 'batch·steps·units', 'batch·outSteps·units']),
  rnnTanhBackward: sequence(['batch·steps·units', 'units·units', 'batch·outSteps·units', 'batch·steps·units', 'batch·units', 'units·units']),
  rnnReluForward: sequence(['batch·steps·units', 'units·units', 'batch·steps·units', 'batch·outSteps·units']),
  rnnReluBackward: sequence(['batch·steps·units', 'units·units', 'batch·outSteps·units', 'batch·steps·units', 'batch·units', 'units·units']),
  lstmForward: sequence(['batch·steps·4·units', 'units·4·units', 'batch·steps·units', 'batch·steps·units', 'batch·outSteps·units']),
  lstmBackward: sequence(['batch·steps·4·units', 'batch·steps·units', 'units·4·units', 'batch·outSteps·units', 'batch·steps·4·units', 'batch·units', 'batch·units', '4·units·units']),
  gruForward: sequence(['batch·steps·3·units', 'units·3·units', '2·3·units', 'batch·steps·4·units', 'batch·steps·units', 'batch·outSteps·units']),
  gruBackward: sequence(['batch·steps·4·units', 'batch·steps·units', 'units·3·units', 'batch·outSteps·units', 'batch·steps·3·units', 'batch·steps·3·units', '2·3·units', 'batch·units', '3·units·units']),
  gruResetBeforeForward: sequence(['batch·steps·3·units', 'units·3·units', 'batch·steps·units', 'batch·steps·units', 'batch·outSteps·units']),
  gruResetBeforeBackward: sequence(['batch·steps·3·units', 'batch·steps·units', 'batch·steps·units', 'units·3·units', 'batch·outSteps·units', 'batch·steps·3·units', 'units·3·units', 'batch·units', 'batch·units', '3·units·units']),
} as const satisfies Record<string, KernelSpec>;

export type KernelName = keyof typeof KERNELS;

/** Every kernel's name, in table order. */
export const KERNEL_NAMES = Object.keys(KERNELS) as KernelName[];

/** Arguments the kernel takes in WASM: buffers (as pointers), sizes, scalars, and the scratch pointer where it has one. */
export function wasmArity(k: KernelSpec): number {
  return k.bufs.length + k.sizes.length + k.scalars + (k.scratch ? 1 : 0);
}

/**
 * The length a buffer must have, as a function of the call's first three size arguments (in `sizes` order):
 * `lengthFn('m·k', ['m', 'k', 'n'])(3, 4, 5) === 12`. Kernels with more sizes are bound by the general family,
 * which uses `lengthOf`.
 */
export function lengthFn(expr: string, sizes: readonly string[]): (s0: number, s1: number, s2: number) => number {
  const { at, scale } = factors(expr, sizes);
  if (at.some((i) => i > 2) || new Set(at).size !== at.length) {
    throw new Error(`kernel table: '${expr}' needs the general family (a size past the third, or one used twice)`);
  }
  const [u0, u1, u2] = [0, 1, 2].map((i) => at.includes(i));
  return (s0, s1, s2) => scale * (u0 ? s0 : 1) * (u1 ? s1 : 1) * (u2 ? s2 : 1);
}

/** The length buffer `expr` must have for the size arguments `s` (in `sizes` order). */
export function lengthOf(expr: string, sizes: readonly string[], s: ArrayLike<number>): number {
  return lengthAt(expr, sizes)(s, 0);
}

/**
 * `lengthOf` with the expression parsed once: the length for a call's arguments `args` whose sizes start at
 * `args[first]` (the general binding; parsing per call cost 0.5 µs of its 0.7, measured in bench/conv.ts).
 */
export function lengthAt(expr: string, sizes: readonly string[]): (args: ArrayLike<number>, first: number) => number {
  const { at, scale } = factors(expr, sizes);
  return (args, first) => {
    let n = scale;
    for (let j = 0; j < at.length; j++) n *= args[first + at[j]];
    return n;
  };
}

/** Positions in `sizes` of the named factors of a length expression, and the product of its integer factors ('1' has no names). */
function factors(expr: string, sizes: readonly string[]): { at: number[]; scale: number } {
  const at: number[] = [];
  let scale = 1;
  for (const name of expr.split('·')) {
    if (/^[1-9][0-9]*$/.test(name)) {
      scale *= Number(name);
      continue;
    }
    const i = sizes.indexOf(name);
    if (i < 0) throw new Error(`kernel table: length '${expr}' names '${name}', which is not a size (${sizes.join(', ')})`);
    at.push(i);
  }
  return { at, scale };
}
