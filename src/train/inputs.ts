/** Checks shared by fit, predict, evaluate and gradients: inputs against the model, x/y row counts, the L2 penalty, the loss and the output layer. */

import type { Backend } from '../backend/index.js';
import { checkNumber, rangeError, typeError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { fmtSampleShape, type Param } from '../nn/layer.js';
import { lossByName, type LossName, type LossSpec, type TargetInput, type Targets } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import { readInput } from '../tensor.js';

/**
 * Model input whose values are not yet checked for NaN and ±Infinity: uploading it (DeviceData) checks them in one
 * SIMD pass, which on large data costs a fraction of a JavaScript loop. `op` and `name` are for that message.
 */
export interface InputMatrix extends Matrix {
  readonly op: string;
  readonly name: string;
}

/** `x` as a Matrix whose rows are samples of the model's input shape (kind and shape checked; values at upload). */
export function modelInput(op: string, model: Network, x: unknown, name = 'x'): InputMatrix {
  const m = readInput(op, name, x, { allowNonFinite: true });
  if (m.shape[1] !== model.inputSize) {
    const shape = model.inputShape.length > 1 ? ` (samples of ${fmtSampleShape(model.inputShape)}, flattened)` : '';
    throw rangeError(op, `${model.layers[0]}: ${name === 'x' ? 'input' : name} has ${m.shape[1]} columns, expected ${model.inputSize}${shape}`);
  }
  return { data: m.data, shape: m.shape, op, name };
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

/** A loss with where it reads the model's output: after layer `end − 1` (the last layer, unless the loss absorbs it). */
export interface LossHead {
  readonly spec: LossSpec;
  readonly end: number;
}

/**
 * The loss called `name` on `model`: checks its output count, refuses an output layer the loss cannot follow
 * (naming the fix), and absorbs one it fuses with (a final sigmoid before sigmoidCrossEntropy: the loss reads its
 * logits, so history, evaluate and predictClasses count accuracy by the same rule).
 */
export function lossHead(op: string, model: Network, name: unknown): LossHead {
  const spec = lossByName(op, name);
  spec.checkOutputs(op, model.outputSize);
  const last = model.layers[model.layers.length - 1];
  const fix = spec.refuses[last.kind];
  if (fix) throw typeError(op, `the model ends in ${last}, which ${spec.name} cannot follow: ${fix}`);
  return { spec, end: spec.absorbs === last.kind ? model.layers.length - 1 : model.layers.length };
}

/**
 * The checked inputs of a scoring call (`evaluate`, `gradients`): the loss (default: the last fit's), l2, x and the
 * targets, with matching row counts.
 */
export function scoringInputs(op: string, model: Network, x: unknown, y: TargetInput, options: { loss?: LossName; l2?: number }): { head: LossHead; l2: number; m: InputMatrix; targets: Targets } {
  const lossName = options.loss ?? model.lastLoss;
  if (!lossName) throw typeError(op, "no loss given and the model was never trained; pass { loss: 'mse' | 'softmaxCrossEntropy' | … }");
  const head = lossHead(op, model, lossName);
  const l2 = checkL2(op, options.l2 ?? model.lastL2);
  const m = modelInput(op, model, x);
  const targets = head.spec.targets(op, 'y', y, model.outputSize);
  checkRows(op, m.shape[0], targets.rows);
  return { head, l2, m, targets };
}
