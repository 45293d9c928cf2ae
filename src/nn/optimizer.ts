/** What every optimizer shares: the Optimizer interface, learning-rate checks and schedules, and the state kept beside each parameter. */

import type { Backend } from '../backend/index.js';
import { rangeError, typeError, checkNumber } from '../errors.js';
import type { Param } from './layer.js';
import { isSchedule, type Schedule } from './schedules.js';

/** A learning rate: a constant, or a schedule (see schedules.ts). */
export type LearningRate = number | Schedule;

/** The optimizers simdnet has (`momentum` covers Nesterov's variant). */
export type OptimizerKind = 'sgd' | 'momentum' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad';

/**
 * Updates parameters in place from their gradients. L2 is applied by the kernels to weights only:
 * g′ = g + l2·w, the gradient of loss + (l2/2)·ΣW².
 * State (velocity, Adam's moments) lives beside each parameter; it continues across `fit` calls
 * made with the same optimizer object and starts from zero with a new one.
 */
export interface Optimizer {
  readonly kind: OptimizerKind;
  readonly lr: LearningRate;
  /** The learning rate at `step` (0-based within a fit call) and `epoch`. */
  rateAt(step: number, epoch: number): number;
  /** One in-place update of `p` from `p.grad`. */
  update(be: Backend, p: Param, lr: number, l2: number): void;
}

/** A checked learning rate: a schedule, or a finite number > 0. */
export function checkLr(op: string, lr: unknown): LearningRate {
  if (isSchedule(lr)) return lr;
  if (typeof lr !== 'number') throw typeError(op, `lr must be a number or a schedule, got ${lr === null ? 'null' : typeof lr}`);
  if (!(lr > 0) || !Number.isFinite(lr)) throw rangeError(op, `lr must be a finite number > 0, got ${lr}`);
  return lr;
}

/** The rate at a step or epoch, as the schedule counts. */
export function rateAt(lr: LearningRate, step: number, epoch: number): number {
  return typeof lr === 'number' ? lr : lr.at(lr.per === 'step' ? step : epoch);
}

/**
 * Gives `p` `count` state buffers owned by `owner`, filled with `initial` (default 0) when they are made (fresh when
 * another optimizer used it before). Returns true when they were just made.
 */
export function ensureState(be: Backend, p: Param, owner: object, count: number, initial = 0): boolean {
  if (p.stateOwner === owner && p.state.length === count) return false;
  for (const s of p.state) be.free(s);
  p.state = [];
  for (let i = 0; i < count; i++) {
    const s = be.alloc(p.size);
    if (initial !== 0) be.fill(s, initial);
    p.state.push(s);
  }
  p.stateOwner = owner;
  p.stateSteps = 0;
  return true;
}

export function isOptimizer(x: unknown): x is Optimizer {
  return typeof x === 'object' && x !== null && typeof (x as Optimizer).update === 'function' && typeof (x as Optimizer).rateAt === 'function';
}

/** A checked β of a moving average (Adam's β₁ and β₂, RMSprop's ρ): in [0, 1). */
export function checkBeta(op: string, name: string, v: unknown, fallback: number): number {
  return checkNumber(op, name, v ?? fallback, { min: 0, below: 1 });
}

/** Adam's bias-corrected rate at the t-th update of a parameter: lrT = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ). */
export function adamRate(lr: number, t: number, b1: number, b2: number): number {
  return (lr * Math.sqrt(1 - Math.pow(b2, t))) / (1 - Math.pow(b1, t));
}

/**
 * @internal Adam or AdamW from options already checked for unknown keys: the settings checked with Keras's defaults
 * (adamw's weightDecay with PyTorch's 0.01), then one fused kernel call per parameter (adamw's decay lr·weightDecay
 * spares biases and scales).
 */
export function adamOptimizer(kind: 'adam' | 'adamw', o: { lr?: LearningRate; beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number }): Optimizer {
  const lr = checkLr(kind, o.lr ?? 0.001);
  const b1 = checkBeta(kind, 'beta1', o.beta1, 0.9);
  const b2 = checkBeta(kind, 'beta2', o.beta2, 0.999);
  const eps = checkNumber(kind, 'epsilon', o.epsilon ?? 1e-8, { positive: true });
  const weightDecay = kind === 'adamw' ? checkNumber(kind, 'weightDecay', o.weightDecay ?? 0.01, { min: 0 }) : null;
  const self: Optimizer = {
    kind,
    lr,
    rateAt: (step, epoch) => rateAt(lr, step, epoch),
    update(be, p, rate, l2) {
      ensureState(be, p, self, 2);
      const lrT = adamRate(rate, ++p.stateSteps, b1, b2);
      const l2w = p.decay ? l2 : 0;
      if (weightDecay === null) be.adam(p.value, p.grad, p.state[0], p.state[1], p.size, lrT, b1, b2, eps, l2w);
      else be.adamw(p.value, p.grad, p.state[0], p.state[1], p.size, lrT, b1, b2, eps, l2w, p.decay ? rate * weightDecay : 0);
    },
  };
  return self;
}
