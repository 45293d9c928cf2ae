/** The loss registry: name → target conversion (checked), fused kernel call, and accuracy rule. */

import type { Backend, Buf } from '../backend/index.js';
import { checkFinite, rangeError, typeError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { readInput, type Tensor } from '../tensor.js';

/**
 * - `'mse'`: mean over all outputs of (pred − target)²; targets are real values; no accuracy.
 * - `'softmaxCrossEntropy'`: softmax over each output row, then −log p(label); targets are class
 *   indices (or one-hot / probability rows); accuracy = argmax matches the label.
 * - `'sigmoidCrossEntropy'`: binary cross-entropy on logits, per output; targets 0/1 (or
 *   probabilities in [0, 1]); accuracy = (logit > 0) matches (target ≥ 0.5).
 * - `'hinge'`: max-margin, mean of max(0, 1 − y·score); labels ±1, or 0/1 (0 is read as −1);
 *   accuracy = (score > 0) matches (label = +1).
 */
export type LossName = 'mse' | 'softmaxCrossEntropy' | 'sigmoidCrossEntropy' | 'hinge';
export const LOSS_NAMES: readonly LossName[] = ['mse', 'softmaxCrossEntropy', 'sigmoidCrossEntropy', 'hinge'];

/** Targets as users pass them: 1-D labels/values, or rows (nested arrays, `{ data, shape }`, Tensor). */
export type TargetInput = ArrayLike<number> | number[][] | Matrix | Tensor;

/** Targets converted for a loss: the rows × cols matrix the kernel reads (accuracy is counted against it too). */
export interface Targets {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

export type AccuracyRule = 'argmax' | 'sign' | null;

export interface LossSpec {
  readonly name: LossName;
  readonly accuracy: AccuracyRule;
  /**
   * The output layer this loss absorbs when a model ends in it (softmax for softmax cross-entropy, sigmoid for the
   * binary one): the loss then reads that layer's input, the logits, in one stable kernel, while `predict` still
   * returns the layer's output (probabilities). Accuracy is counted on the logits, the same rule as on probabilities.
   */
  readonly absorbs: string | null;
  /** Output layers this loss cannot follow, each with what to do instead. */
  readonly refuses: Readonly<Record<string, string>>;
  /** Throws unless a model with `cols` outputs can use this loss. */
  checkOutputs(op: string, cols: number): void;
  /** Converts and validates `y` for a model with `cols` outputs. */
  targets(op: string, name: string, y: unknown, cols: number): Targets;
  /** The fused kernel: writes dOut and returns the mean loss over the first `rows` rows. */
  compute(be: Backend, out: Buf, target: Buf, dOut: Buf, rows: number, cols: number): number;
}

function isFlat(y: unknown): y is ArrayLike<number> {
  if (ArrayBuffer.isView(y)) return !(y instanceof DataView);
  return Array.isArray(y) && y.length > 0 && typeof y[0] === 'number';
}

/** y as a rows × cols matrix: 1-D input is one column (only allowed when the model has 1 output, unless `flatOk`). */
function asMatrix(op: string, name: string, y: unknown, cols: number, loss: LossName): Matrix {
  if (isFlat(y)) {
    if (y.length === 0) throw rangeError(op, `${name} is empty`);
    if (cols !== 1) {
      throw rangeError(op, `${name} is 1-D but the model has ${cols} outputs; ${loss} needs rows of ${cols} values`);
    }
    for (let i = 0; i < y.length; i++) {
      if (typeof y[i] !== 'number') throw typeError(op, `${name}[${i}] is ${typeof y[i]}, expected a number`);
    }
    const data = Float32Array.from(y as ArrayLike<number>);
    checkFinite(op, name, data);
    return { data, shape: [y.length, 1] };
  }
  const m = readInput(op, name, y);
  if (m.shape[1] !== cols) throw rangeError(op, `${name} has ${m.shape[1]} columns but the model has ${cols} outputs`);
  return m;
}

function at(name: string, m: Matrix, i: number): string {
  return m.shape[1] === 1 ? `${name}[${i}]` : `${name} row ${Math.floor(i / m.shape[1])}, column ${i % m.shape[1]}`;
}

const mse: LossSpec = {
  name: 'mse',
  accuracy: null,
  absorbs: null,
  refuses: {},
  checkOutputs() {},
  targets(op, name, y, cols) {
    const m = asMatrix(op, name, y, cols, 'mse');
    return { rows: m.shape[0], cols, data: m.data };
  },
  /** loss = Σ (p − t)² / (rows·cols); dp = 2(p − t) / (rows·cols) */
  compute: (be, out, t, d, rows, cols) => be.mse(out, t, d, rows * cols),
};

const softmaxCrossEntropy: LossSpec = {
  name: 'softmaxCrossEntropy',
  accuracy: 'argmax',
  absorbs: 'softmax',
  refuses: { sigmoid: "remove the final sigmoid(); softmaxCrossEntropy takes logits (end in softmax() to predict probabilities)" },
  checkOutputs(op, cols) {
    if (cols < 2) throw rangeError(op, `softmaxCrossEntropy needs at least 2 outputs, the model has ${cols}; use 'sigmoidCrossEntropy' or 'hinge' for one output`);
  },
  targets(op, name, y, cols) {
    if (isFlat(y)) {
      const rows = y.length;
      const data = new Float32Array(rows * cols);
      for (let i = 0; i < rows; i++) {
        const v = y[i];
        if (typeof v !== 'number' || !Number.isInteger(v)) {
          throw typeError(op, `${name}[${i}] is ${v}; softmaxCrossEntropy needs class indices (integers in [0, ${cols}))`);
        }
        if (v < 0 || v >= cols) throw rangeError(op, `${name}[${i}] is class ${v}, out of range for a model with ${cols} outputs`);
        data[i * cols + v] = 1;
      }
      return { rows, cols, data };
    }
    const m = asMatrix(op, name, y, cols, 'softmaxCrossEntropy');
    const rows = m.shape[0];
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        const v = m.data[r * cols + j];
        if (v < 0) throw rangeError(op, `${at(name, m, r * cols + j)} is ${v}; target rows must be one-hot (or probabilities)`);
        sum += v;
      }
      if (Math.abs(sum - 1) > 1e-3) throw rangeError(op, `${name} row ${r} sums to ${sum}; target rows must be one-hot (or probabilities summing to 1)`);
    }
    return { rows, cols, data: m.data };
  },
  /** loss = −Σ t·log softmax(z) / rows; dz = (softmax(z) − t) / rows */
  compute: (be, out, t, d, rows, cols) => be.softmaxCrossEntropy(out, t, d, rows, cols),
};

const sigmoidCrossEntropy: LossSpec = {
  name: 'sigmoidCrossEntropy',
  accuracy: 'sign',
  absorbs: 'sigmoid',
  refuses: { softmax: "remove the final softmax(); sigmoidCrossEntropy takes one logit per output (use softmaxCrossEntropy for one class per row)" },
  checkOutputs() {},
  targets(op, name, y, cols) {
    const m = asMatrix(op, name, y, cols, 'sigmoidCrossEntropy');
    for (let i = 0; i < m.data.length; i++) {
      const v = m.data[i];
      if (v < 0 || v > 1) throw rangeError(op, `${at(name, m, i)} is ${v}; sigmoidCrossEntropy needs targets 0/1 (or probabilities in [0, 1])`);
    }
    return { rows: m.shape[0], cols, data: m.data };
  },
  /** loss = Σ [max(z,0) − z·t + log(1 + e^−|z|)] / (rows·cols); dz = (σ(z) − t) / (rows·cols) */
  compute: (be, out, t, d, rows, cols) => be.sigmoidCrossEntropy(out, t, d, rows * cols),
};

const hinge: LossSpec = {
  name: 'hinge',
  accuracy: 'sign',
  absorbs: null,
  refuses: {
    sigmoid: 'remove the final sigmoid(); hinge takes raw scores whose sign is the class',
    softmax: 'remove the final softmax(); hinge takes raw scores whose sign is the class',
  },
  checkOutputs() {},
  targets(op, name, y, cols) {
    const m = asMatrix(op, name, y, cols, 'hinge');
    let minusOne = -1;
    let zero = -1;
    for (let i = 0; i < m.data.length; i++) {
      const v = m.data[i];
      if (v === -1) minusOne = i;
      else if (v === 0) zero = i;
      else if (v !== 1) throw rangeError(op, `${at(name, m, i)} is ${v}; hinge needs labels ±1 (or 0/1)`);
    }
    if (minusOne >= 0 && zero >= 0) {
      throw rangeError(op, `${name} mixes −1 (${at(name, m, minusOne)}) and 0 (${at(name, m, zero)}); hinge needs labels ±1 or 0/1, not both`);
    }
    const data = new Float32Array(m.data.length);
    for (let i = 0; i < data.length; i++) data[i] = m.data[i] > 0 ? 1 : -1;
    return { rows: m.shape[0], cols, data };
  },
  /** loss = Σ max(0, 1 − y·s) / (rows·cols); ds = −y / (rows·cols) where the margin is violated */
  compute: (be, out, t, d, rows, cols) => be.hinge(out, t, d, rows * cols),
};

const REGISTRY: Record<LossName, LossSpec> = { mse, softmaxCrossEntropy, sigmoidCrossEntropy, hinge };

/** The loss called `name`; unknown names → TypeError listing the known ones. */
export function lossByName(op: string, name: unknown): LossSpec {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(REGISTRY, name)) {
    throw typeError(op, `unknown loss ${JSON.stringify(name)}; expected one of ${LOSS_NAMES.map((s) => `'${s}'`).join(', ')}`);
  }
  return REGISTRY[name as LossName];
}
