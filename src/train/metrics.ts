/** Inference and scoring: predict, predictClasses, evaluate (loss + accuracy), run in chunks of the model's capacity. */

import type { Buf } from '../backend/index.js';
import { checkOptions } from '../errors.js';
import { rowsOf, type Matrix } from '../matrix.js';
import type { LossName, LossSpec, TargetInput } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import type { MatrixInput } from '../tensor.js';
import { DeviceData } from './batching.js';
import { l2Penalty, modelInput, scoringInputs, type LossHead } from './inputs.js';

/** Rows processed at once by predict/evaluate when the model's buffers are smaller. */
export const INFERENCE_CHUNK = 1024;

export interface EvaluateOptions {
  /** Loss to report (default: the loss of the last fit). */
  loss?: LossName;
  /** L2 strength of the penalty added to the loss (default: the l2 of the last fit, 0 before any). */
  l2?: number;
}

/**
 * Correct predictions among the first `rows` rows of `out` against the target batch `t`, counted by one kernel where
 * the data is (nothing is read back); 0 when the loss has no accuracy. 'argmax': the output's argmax is the target
 * row's (one-hot or probabilities); 'sign': each output's sign (> 0) matches its target's (≥ 0.5 for 0/1, +1 for ±1).
 */
export function batchCorrect(model: Network, spec: LossSpec, out: Buf, t: Buf, rows: number): number {
  const cols = model.outputSize;
  if (spec.accuracy === 'argmax') return model.backend.argmaxMatches(out, t, rows, cols);
  if (spec.accuracy === 'sign') return model.backend.signMatches(out, t, rows * cols);
  return 0;
}

/** Number of accuracy trials in `rows` rows: rows for argmax, rows × outputs for sign rules. */
export function trials(spec: LossSpec, rows: number, cols: number): number {
  return spec.accuracy === 'sign' ? rows * cols : rows;
}

/** Mean loss (+ L2 penalty) and accuracy of uploaded data, in chunks of the model's capacity. */
export function evaluateData(model: Network, data: DeviceData, head: LossHead, l2: number): { loss: number; accuracy: number | null } {
  const { spec, end } = head;
  const be = model.backend;
  const chunk = Math.min(model.capacity, data.capacity); // predict() inside a callback may have grown the model
  const cols = model.outputSize;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < data.rows; start += chunk) {
    const count = Math.min(chunk, data.rows - start);
    const { x, t } = data.select(start, count, null);
    const out = model.forward(x, count, end);
    lossSum += spec.compute(be, out, t!, model.dOut, count, cols) * count;
    correct += batchCorrect(model, spec, out, t!, count);
  }
  return {
    loss: lossSum / data.rows + l2Penalty(be, model.params(), l2),
    accuracy: spec.accuracy ? correct / trials(spec, data.rows, cols) : null,
  };
}

/** Runs `fn(out, start, count)` over every chunk of `m`'s rows, in inference mode; temporaries are freed before returning. */
function forEachChunk(model: Network, m: Matrix, fn: (out: Buf, start: number, count: number) => void): void {
  const rows = m.shape[0];
  model.ensureCapacity(Math.min(rows, Math.max(model.capacity, INFERENCE_CHUNK)));
  const data = new DeviceData(model.backend, m, null, model.capacity);
  try {
    model.inInference(() => {
      for (let start = 0; start < rows; start += model.capacity) {
        const count = Math.min(model.capacity, rows - start);
        fn(model.forward(data.select(start, count, null).x, count), start, count);
      }
    });
  } finally {
    data.dispose();
  }
}

/** The model's raw outputs for `x`: nested arrays for nested-array input, `{ data, shape }` otherwise. */
export function predict(model: Network, x: MatrixInput): number[][] | Matrix {
  const m = modelInput('predict', model, x);
  const cols = model.outputSize;
  const data = new Float32Array(m.shape[0] * cols);
  forEachChunk(model, m, (out, start, count) => data.set(model.backend.read(out, 0, count * cols), start * cols));
  return Array.isArray(x) ? rowsOf(data, m.shape[0], cols) : { data, shape: [m.shape[0], cols] };
}

/**
 * Class per row: argmax of the outputs; for a single output, 1 when it exceeds the threshold: 0 for
 * logits and scores, 0.5 when the model ends in sigmoid() (its output is a probability).
 */
export function predictClasses(model: Network, x: MatrixInput): number[] {
  const m = modelInput('predictClasses', model, x);
  const cols = model.outputSize;
  const be = model.backend;
  const classes = new Array<number>(m.shape[0]);
  const threshold = model.layers[model.layers.length - 1].kind === 'sigmoid' ? 0.5 : 0;
  forEachChunk(model, m, (out, start, count) => {
    if (cols === 1) {
      const v = be.read(out, 0, count);
      for (let r = 0; r < count; r++) classes[start + r] = v[r] > threshold ? 1 : 0;
    } else {
      be.rowArgmax(out, model.argmax, count, cols);
      const v = be.read(model.argmax, 0, count);
      for (let r = 0; r < count; r++) classes[start + r] = v[r];
    }
  });
  return classes;
}

/** `{ loss, accuracy }` of the model on (x, y); loss includes (l2/2)·ΣW², accuracy is null for mse. */
export function evaluate(model: Network, x: MatrixInput, y: TargetInput, options: EvaluateOptions = {}): { loss: number; accuracy: number | null } {
  checkOptions('evaluate', options, ['loss', 'l2']);
  const { head, l2, m, targets } = scoringInputs('evaluate', model, x, y, options);
  model.ensureCapacity(Math.min(m.shape[0], Math.max(model.capacity, INFERENCE_CHUNK)));
  const data = new DeviceData(model.backend, m, targets, model.capacity);
  try {
    return model.inInference(() => evaluateData(model, data, head, l2));
  } finally {
    data.dispose();
  }
}
