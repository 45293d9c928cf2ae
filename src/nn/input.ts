/** Checks shared by fit, predict, evaluate and gradients: the input matrix against the model, x/y row counts, the L2 penalty. */

import type { Backend } from '../backend/index.js';
import { checkNumber, typeError, rangeError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { toMatrix } from '../tensor.js';
import type { Layer, Param } from './module.js';
import { lossByName, type LossName, type LossSpec, type TargetInput, type Targets } from './losses.js';

/** `x` as a checked Matrix whose column count matches the model's first dense layer. */
export function modelInput(op: string, model: { layers: readonly Layer[]; inputSize: number }, x: unknown, name = 'x'): Matrix {
  const m = toMatrix(op, name, x);
  if (m.shape[1] !== model.inputSize) {
    const first = model.layers.find((l) => l.inputSize !== null)!;
    throw rangeError(op, `${first}: ${name === 'x' ? 'input' : name} has ${m.shape[1]} columns, expected ${model.inputSize}`);
  }
  return m;
}

/** Throws unless x and y have the same number of rows. */
export function checkRows(op: string, xRows: number, yRows: number, xName = 'x', yName = 'y'): void {
  if (xRows !== yRows) throw rangeError(op, `${xName} has ${xRows} rows but ${yName} has ${yRows}`);
}

/** A checked L2 strength: finite and ≥ 0. */
export function checkL2(op: string, l2: unknown): number {
  return checkNumber(op, 'l2', l2 ?? 0, { min: 0 });
}

/** (l2/2)·Σ W² over the weights (not the biases): the penalty whose gradient the optimizers add. */
export function l2Penalty(be: Backend, params: readonly Param[], l2: number): number {
  if (l2 === 0) return 0;
  let s = 0;
  for (const p of params) if (p.decay) s += be.sumSquares(p.value, p.size);
  return 0.5 * l2 * s;
}

/**
 * The checked inputs of a scoring call (`evaluate`, `gradients`): the loss (default: the last fit's), l2, x and the
 * targets, with matching row counts.
 */
export function scoringInputs(
  op: string,
  model: { layers: readonly Layer[]; inputSize: number; outputSize: number; lastLoss: LossName | null; lastL2: number },
  x: unknown,
  y: TargetInput,
  options: { loss?: LossName; l2?: number },
): { spec: LossSpec; l2: number; m: Matrix; targets: Targets } {
  const lossName = options.loss ?? model.lastLoss;
  if (!lossName) throw typeError(op, "no loss given and the model was never trained; pass { loss: 'mse' | 'softmaxCrossEntropy' | … }");
  const spec = lossByName(op, lossName);
  spec.checkOutputs(op, model.outputSize);
  const l2 = checkL2(op, options.l2 ?? model.lastL2);
  const m = modelInput(op, model, x);
  const targets = spec.targets(op, 'y', y, model.outputSize);
  checkRows(op, m.shape[0], targets.rows);
  return { spec, l2, m, targets };
}
