/** The loss registry: name → target conversion (checked), fused kernel call, and accuracy rule. */

import type { Backend, Buf } from '../backend/index.js';
import { typeError, rangeError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { toMatrix, type Tensor } from '../tensor.js';

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

/** Targets converted for a loss: the rows × cols matrix the kernel reads, and what accuracy compares with. */
export interface Targets {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
  /** argmax losses: the class of each row; sign losses: 1/0 truth per entry; mse: null. */
  readonly labels: Int32Array | null;
}

export type AccuracyRule = 'argmax' | 'sign' | null;

export interface LossSpec {
  readonly name: LossName;
  readonly accuracy: AccuracyRule;
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
    const data = Float32Array.from(y as ArrayLike<number>);
    for (let i = 0; i < y.length; i++) {
      if (typeof y[i] !== 'number') throw typeError(op, `${name}[${i}] is ${typeof y[i]}, expected a number`);
      if (!Number.isFinite(y[i])) throw rangeError(op, `${name}[${i}] is not finite (${y[i]})`);
    }
    return { data, shape: [y.length, 1] };
  }
  const m = toMatrix(op, name, y);
  if (m.shape[1] !== cols) throw rangeError(op, `${name} has ${m.shape[1]} columns but the model has ${cols} outputs`);
  return m;
}

function at(name: string, m: Matrix, i: number): string {
  return m.shape[1] === 1 ? `${name}[${i}]` : `${name} row ${Math.floor(i / m.shape[1])}, column ${i % m.shape[1]}`;
}

const mse: LossSpec = {
  name: 'mse',
  accuracy: null,
  checkOutputs() {},
  targets(op, name, y, cols) {
    const m = asMatrix(op, name, y, cols, 'mse');
    return { rows: m.shape[0], cols, data: m.data, labels: null };
  },
  /** loss = Σ (p − t)² / (rows·cols); dp = 2(p − t) / (rows·cols) */
  compute: (be, out, t, d, rows, cols) => be.mse(out, t, d, rows * cols),
};

const softmaxCrossEntropy: LossSpec = {
  name: 'softmaxCrossEntropy',
  accuracy: 'argmax',
  checkOutputs(op, cols) {
    if (cols < 2) throw rangeError(op, `softmaxCrossEntropy needs at least 2 outputs, the model has ${cols}; use 'sigmoidCrossEntropy' or 'hinge' for one output`);
  },
  targets(op, name, y, cols) {
    if (isFlat(y)) {
      const rows = y.length;
      const data = new Float32Array(rows * cols);
      const labels = new Int32Array(rows);
      for (let i = 0; i < rows; i++) {
        const v = y[i];
        if (typeof v !== 'number' || !Number.isInteger(v)) {
          throw typeError(op, `${name}[${i}] is ${v}; softmaxCrossEntropy needs class indices (integers in [0, ${cols}))`);
        }
        if (v < 0 || v >= cols) throw rangeError(op, `${name}[${i}] is class ${v}, out of range for a model with ${cols} outputs`);
        data[i * cols + v] = 1;
        labels[i] = v;
      }
      return { rows, cols, data, labels };
    }
    const m = asMatrix(op, name, y, cols, 'softmaxCrossEntropy');
    const rows = m.shape[0];
    const labels = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      let best = 0;
      for (let j = 0; j < cols; j++) {
        const v = m.data[r * cols + j];
        if (v < 0) throw rangeError(op, `${at(name, m, r * cols + j)} is ${v}; target rows must be one-hot (or probabilities)`);
        sum += v;
        if (v > m.data[r * cols + best]) best = j;
      }
      if (Math.abs(sum - 1) > 1e-3) throw rangeError(op, `${name} row ${r} sums to ${sum}; target rows must be one-hot (or probabilities summing to 1)`);
      labels[r] = best;
    }
    return { rows, cols, data: m.data, labels };
  },
  /** loss = −Σ t·log softmax(z) / rows; dz = (softmax(z) − t) / rows */
  compute: (be, out, t, d, rows, cols) => be.softmaxCrossEntropy(out, t, d, rows, cols),
};

const sigmoidCrossEntropy: LossSpec = {
  name: 'sigmoidCrossEntropy',
  accuracy: 'sign',
  checkOutputs() {},
  targets(op, name, y, cols) {
    const m = asMatrix(op, name, y, cols, 'sigmoidCrossEntropy');
    const labels = new Int32Array(m.data.length);
    for (let i = 0; i < m.data.length; i++) {
      const v = m.data[i];
      if (v < 0 || v > 1) throw rangeError(op, `${at(name, m, i)} is ${v}; sigmoidCrossEntropy needs targets 0/1 (or probabilities in [0, 1])`);
      labels[i] = v >= 0.5 ? 1 : 0;
    }
    return { rows: m.shape[0], cols, data: m.data, labels };
  },
  /** loss = Σ [max(z,0) − z·t + log(1 + e^−|z|)] / (rows·cols); dz = (σ(z) − t) / (rows·cols) */
  compute: (be, out, t, d, rows, cols) => be.sigmoidCrossEntropy(out, t, d, rows * cols),
};

const hinge: LossSpec = {
  name: 'hinge',
  accuracy: 'sign',
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
    const labels = new Int32Array(m.data.length);
    for (let i = 0; i < data.length; i++) {
      data[i] = m.data[i] > 0 ? 1 : -1;
      labels[i] = m.data[i] > 0 ? 1 : 0;
    }
    return { rows: m.shape[0], cols, data, labels };
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

/**
 * Counts correct predictions among `rows` rows whose outputs are in `out` (raw outputs for 'sign',
 * the argmax per row for 'argmax'). Row r's truth is at `order[start + r]` (or `start + r` when order is null).
 */
export function countCorrect(rule: AccuracyRule, out: Float32Array, labels: Int32Array, rows: number, cols: number, order: ArrayLike<number> | null, start: number): number {
  let correct = 0;
  if (rule === 'argmax') {
    for (let r = 0; r < rows; r++) {
      const src = order ? order[start + r] : start + r;
      if (out[r] === labels[src]) correct++;
    }
  } else if (rule === 'sign') {
    for (let r = 0; r < rows; r++) {
      const src = order ? order[start + r] : start + r;
      for (let j = 0; j < cols; j++) if ((out[r * cols + j] > 0 ? 1 : 0) === labels[src * cols + j]) correct++;
    }
  }
  return correct;
}
