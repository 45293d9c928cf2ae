/** Optimizers sgd, momentum and adam: one fused in-place kernel call per parameter buffer, state kept beside the parameter. */

import type { Backend } from '../backend/index.js';
import { checkNumber, checkOptions, rangeError, typeError } from '../errors.js';
import type { Param } from './layer.js';
import { isSchedule, type Schedule } from './schedules.js';

/** A learning rate: a constant, or a schedule (see schedules.ts). */
export type LearningRate = number | Schedule;

/**
 * Updates parameters in place from their gradients. L2 is applied by the kernels to weights only:
 * g′ = g + l2·w, the gradient of loss + (l2/2)·ΣW².
 * State (velocity, Adam's moments) lives beside each parameter; it continues across `fit` calls
 * made with the same optimizer object and starts from zero with a new one.
 */
export interface Optimizer {
  readonly kind: 'sgd' | 'momentum' | 'adam';
  readonly lr: LearningRate;
  /** The learning rate at `step` (0-based within a fit call) and `epoch`. */
  rateAt(step: number, epoch: number): number;
  /** One in-place update of `p` from `p.grad`. */
  update(be: Backend, p: Param, lr: number, l2: number): void;
}

function checkLr(op: string, lr: unknown): LearningRate {
  if (isSchedule(lr)) return lr;
  if (typeof lr !== 'number') throw typeError(op, `lr must be a number or a schedule, got ${lr === null ? 'null' : typeof lr}`);
  if (!(lr > 0) || !Number.isFinite(lr)) throw rangeError(op, `lr must be a finite number > 0, got ${lr}`);
  return lr;
}

function rateAt(lr: LearningRate, step: number, epoch: number): number {
  return typeof lr === 'number' ? lr : lr.at(lr.per === 'step' ? step : epoch);
}

/** Gives `p` `count` zeroed state buffers owned by `owner` (fresh when another optimizer used it before). */
function ensureState(be: Backend, p: Param, owner: object, count: number): void {
  if (p.stateOwner === owner && p.state.length === count) return;
  for (const s of p.state) be.free(s);
  p.state = [];
  for (let i = 0; i < count; i++) p.state.push(be.alloc(p.size));
  p.stateOwner = owner;
  p.stateSteps = 0;
}

/**
 * Plain gradient descent: w −= lr·(g + l2·w).
 *
 * ```ts
 * await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.01 }) });
 * ```
 */
export function sgd(o: { lr: LearningRate }): Optimizer {
  checkOptions('sgd', o, ['lr'], { momentum: 'momentum({ lr, momentum })', learningRate: 'lr' });
  const lr = checkLr('sgd', o?.lr);
  return {
    kind: 'sgd',
    lr,
    rateAt: (step, epoch) => rateAt(lr, step, epoch),
    update(be, p, rate, l2) {
      be.sgd(p.value, p.grad, p.size, rate, p.decay ? l2 : 0);
    },
  };
}

/**
 * Heavy-ball momentum: v = mu·v + g′; w −= lr·v (default mu 0.9).
 *
 * ```ts
 * const opt = momentum({ lr: 0.01, momentum: 0.9 });
 * ```
 */
export function momentum(o: { lr: LearningRate; momentum?: number }): Optimizer {
  checkOptions('momentum', o, ['lr', 'momentum'], { mu: 'momentum', learningRate: 'lr' });
  const lr = checkLr('momentum', o?.lr);
  const mu = checkNumber('momentum', 'momentum', o.momentum ?? 0.9, { min: 0, max: 1 });
  const self: Optimizer = {
    kind: 'momentum',
    lr,
    rateAt: (step, epoch) => rateAt(lr, step, epoch),
    update(be, p, rate, l2) {
      ensureState(be, p, self, 1);
      be.momentum(p.value, p.grad, p.state[0], p.size, rate, mu, p.decay ? l2 : 0);
    },
  };
  return self;
}

/**
 * Adam (Kingma & Ba): m = b1·m + (1−b1)·g′, v = b2·v + (1−b2)·g′², w −= lrT·m/(√v + eps) with the bias
 * correction lrT = lr·√(1 − b2ᵗ)/(1 − b1ᵗ) computed here per parameter (t counts its updates).
 * Defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8.
 *
 * ```ts
 * const opt = adam({ lr: 0.001 });
 * ```
 */
export function adam(o: { lr?: LearningRate; beta1?: number; beta2?: number; epsilon?: number } = {}): Optimizer {
  checkOptions('adam', o, ['lr', 'beta1', 'beta2', 'epsilon'], { learningRate: 'lr', eps: 'epsilon', b1: 'beta1', b2: 'beta2' });
  const lr = checkLr('adam', o?.lr ?? 0.001);
  const b1 = checkNumber('adam', 'beta1', o.beta1 ?? 0.9, { min: 0 });
  const b2 = checkNumber('adam', 'beta2', o.beta2 ?? 0.999, { min: 0 });
  if (b1 >= 1) throw rangeError('adam', `beta1 must be < 1, got ${b1}`);
  if (b2 >= 1) throw rangeError('adam', `beta2 must be < 1, got ${b2}`);
  const eps = checkNumber('adam', 'epsilon', o.epsilon ?? 1e-8, { positive: true });
  const self: Optimizer = {
    kind: 'adam',
    lr,
    rateAt: (step, epoch) => rateAt(lr, step, epoch),
    update(be, p, rate, l2) {
      ensureState(be, p, self, 2);
      const t = ++p.stateSteps;
      const lrT = (rate * Math.sqrt(1 - Math.pow(b2, t))) / (1 - Math.pow(b1, t));
      be.adam(p.value, p.grad, p.state[0], p.state[1], p.size, lrT, b1, b2, eps, p.decay ? l2 : 0);
    },
  };
  return self;
}

export function isOptimizer(x: unknown): x is Optimizer {
  return typeof x === 'object' && x !== null && typeof (x as Optimizer).update === 'function' && typeof (x as Optimizer).rateAt === 'function';
}

/** Optimizer names `optimizerFromConfig` knows (the CLI's --optimizer, the worker's fit.optimizer.name). */
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/**
 * The optimizer a plain config names: `{ name: 'adam', lr: 0.001, beta1: 0.9 }`; the other keys are the factory's options.
 *
 * ```ts
 * optimizerFromConfig('trainInWorker', { name: 'momentum', lr: 0.05 });
 * ```
 */
export function optimizerFromConfig(op: string, config: unknown): Optimizer {
  if (!config || typeof config !== 'object') throw typeError(op, `an optimizer config must be { name, lr, … }, got ${config === null ? 'null' : typeof config}`);
  const { name, ...options } = config as { name?: unknown } & Record<string, unknown>;
  switch (name) {
    case 'sgd': return sgd(options as Parameters<typeof sgd>[0]);
    case 'momentum': return momentum(options as Parameters<typeof momentum>[0]);
    case 'adam': return adam(options as Parameters<typeof adam>[0]);
    default: throw typeError(op, `unknown optimizer ${JSON.stringify(name)}; expected ${OPTIMIZER_NAMES.map((n) => `'${n}'`).join(', ')}`);
  }
}
