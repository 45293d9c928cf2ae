/** Learning-rate schedules: linear decay (micrograd's), step decay, exponential decay, and a warm-up before any of them; per step or per epoch. */

import { checkInt, checkNumber, checkOptions, typeError } from '../errors.js';

/** When a schedule's counter k advances: after every optimizer step (default) or after every epoch. */
export type SchedulePer = 'step' | 'epoch';

/** A learning rate as a function of k, the 0-based step (or epoch) index within one `fit` call. */
export interface Schedule {
  readonly kind: 'linearDecay' | 'stepDecay' | 'exponentialDecay' | 'warmup';
  readonly per: SchedulePer;
  /** The learning rate at step (or epoch) k. */
  at(k: number): number;
}

function checkPer(op: string, per: unknown): SchedulePer {
  if (per !== 'step' && per !== 'epoch') throw typeError(op, `per must be 'step' or 'epoch', got ${JSON.stringify(per)}`);
  return per;
}

/**
 * lr(k) = start + (end − start)·min(k / steps, 1): a straight line from `start` to `end` over `steps`,
 * then constant. micrograd's `learning_rate = 1.0 - 0.9*k/100` is `linearDecay({ start: 1, end: 0.1, steps: 100 })`.
 *
 * ```ts
 * const opt = sgd({ lr: linearDecay({ start: 1.0, end: 0.1, steps: 100 }) });
 * ```
 */
export function linearDecay(o: { start: number; end: number; steps: number; per?: SchedulePer }): Schedule {
  checkOptions('linearDecay', o, ['start', 'end', 'steps', 'per']);
  const op = 'linearDecay';
  const start = checkNumber(op, 'start', o?.start, { positive: true });
  const end = checkNumber(op, 'end', o.end, { min: 0 });
  const steps = checkInt(op, 'steps', o.steps);
  return { kind: op, per: checkPer(op, o.per ?? 'step'), at: (k) => start + (end - start) * Math.min(k / steps, 1) };
}

/**
 * lr(k) = start · factor^⌊k / every⌋: multiply by `factor` every `every` steps (or epochs).
 *
 * ```ts
 * const opt = sgd({ lr: stepDecay({ start: 0.1, factor: 0.5, every: 10, per: 'epoch' }) });
 * ```
 */
export function stepDecay(o: { start: number; factor: number; every: number; per?: SchedulePer }): Schedule {
  checkOptions('stepDecay', o, ['start', 'factor', 'every', 'per']);
  const op = 'stepDecay';
  const start = checkNumber(op, 'start', o?.start, { positive: true });
  const factor = checkNumber(op, 'factor', o.factor, { positive: true });
  const every = checkInt(op, 'every', o.every);
  return { kind: op, per: checkPer(op, o.per ?? 'step'), at: (k) => start * Math.pow(factor, Math.floor(k / every)) };
}

/**
 * lr(k) = start · rate^(k / every) (smooth; `every` defaults to 1).
 *
 * ```ts
 * const opt = adam({ lr: exponentialDecay({ start: 0.01, rate: 0.96, every: 100 }) });
 * ```
 */
export function exponentialDecay(o: { start: number; rate: number; every?: number; per?: SchedulePer }): Schedule {
  checkOptions('exponentialDecay', o, ['start', 'rate', 'every', 'per']);
  const op = 'exponentialDecay';
  const start = checkNumber(op, 'start', o?.start, { positive: true });
  const rate = checkNumber(op, 'rate', o.rate, { positive: true });
  const every = checkInt(op, 'every', o.every ?? 1);
  return { kind: op, per: checkPer(op, o.per ?? 'step'), at: (k) => start * Math.pow(rate, k / every) };
}

/**
 * A linear warm-up, then `lr` (a constant or a schedule, started afresh when the warm-up ends):
 * lr(k) = from + (lr(0) − from)·(k + 1)/steps for k < steps, then lr(k − steps). The first step is already above
 * `from` (default 0), and step `steps − 1` reaches lr(0). It advances like `lr` does (per step unless `lr` is per epoch).
 *
 * ```ts
 * const opt = adam({ lr: warmup(exponentialDecay({ start: 0.01, rate: 0.96, every: 100 }), { steps: 500 }) });
 * ```
 */
export function warmup(lr: number | Schedule, o: { steps: number; from?: number }): Schedule {
  const op = 'warmup';
  checkOptions(op, o, ['steps', 'from']);
  const steps = checkInt(op, 'steps', o?.steps);
  const after = typeof lr === 'number' ? checkNumber(op, 'lr', lr, { positive: true }) : lr;
  if (typeof after !== 'number' && !isSchedule(after)) throw typeError(op, 'lr must be a number or a schedule (linearDecay(), …)');
  const base = (k: number): number => (typeof after === 'number' ? after : after.at(k));
  const from = checkNumber(op, 'from', o.from ?? 0, { min: 0 });
  const per = typeof after === 'number' ? 'step' : after.per;
  return { kind: op, per, at: (k) => (k < steps ? from + ((base(0) - from) * (k + 1)) / steps : base(k - steps)) };
}

export function isSchedule(x: unknown): x is Schedule {
  return typeof x === 'object' && x !== null && typeof (x as Schedule).at === 'function' && ((x as Schedule).per === 'step' || (x as Schedule).per === 'epoch');
}
