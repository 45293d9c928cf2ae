/** The adaptive optimizers adamw, rmsprop and adagrad: each one fused in-place kernel call per parameter buffer, with the published update rule. */

import { checkNumber, checkOptions } from '../errors.js';
import { adamOptimizer, checkBeta, checkLr, ensureState, rateAt, type LearningRate, type Optimizer } from './optimizer.js';

/**
 * AdamW (Loshchilov & Hutter, as PyTorch's and Keras's AdamW): Adam's moments and bias correction, and a decoupled
 * weight decay w −= lr·weightDecay·w (the current lr, schedules included) applied to the weights but not to biases
 * or normalization scales, instead of an L2 term in the gradient. Defaults: lr 0.001, beta1 0.9, beta2 0.999,
 * epsilon 1e-8 (as `adam`), weightDecay 0.01 (PyTorch's; Keras's is 0.004).
 *
 * ```ts
 * const opt = adamw({ lr: 0.001, weightDecay: 0.01 });
 * ```
 */
export function adamw(o: { lr?: LearningRate; beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number } = {}): Optimizer {
  const op = 'adamw';
  const opts = checkOptions(op, o, ['lr', 'beta1', 'beta2', 'epsilon', 'weightDecay'], { learningRate: 'lr', eps: 'epsilon', weight_decay: 'weightDecay', decay: 'weightDecay', l2: "fit's l2 option" });
  return adamOptimizer(op, opts);
}

/**
 * RMSprop as Keras writes it: ms = rho·ms + (1 − rho)·g′², mom = momentum·mom + lr·g′/√(ms + epsilon), w −= mom
 * (epsilon inside the root; with momentum 0 the step is lr·g′/√(ms + epsilon)). Defaults (Keras's): lr 0.001,
 * rho 0.9, epsilon 1e-7, momentum 0.
 *
 * ```ts
 * const opt = rmsprop({ lr: 0.001, rho: 0.9, momentum: 0.9 });
 * ```
 */
export function rmsprop(o: { lr?: LearningRate; rho?: number; epsilon?: number; momentum?: number } = {}): Optimizer {
  const op = 'rmsprop';
  const opts = checkOptions(op, o, ['lr', 'rho', 'epsilon', 'momentum'], { learningRate: 'lr', eps: 'epsilon', alpha: 'rho (PyTorch calls it alpha)', decay: 'rho', centered: 'nothing: the centered variant is not implemented' });
  const lr = checkLr(op, opts.lr ?? 0.001);
  const rho = checkBeta(op, 'rho', opts.rho, 0.9);
  const eps = checkNumber(op, 'epsilon', opts.epsilon ?? 1e-7, { positive: true });
  const mu = checkBeta(op, 'momentum', opts.momentum, 0);
  const self: Optimizer = {
    kind: 'rmsprop',
    lr,
    rateAt: (step, epoch) => rateAt(lr, step, epoch),
    update(be, p, rate, l2) {
      ensureState(be, p, self, 2);
      be.rmsprop(p.value, p.grad, p.state[0], p.state[1], p.size, rate, rho, eps, mu, p.decay ? l2 : 0);
    },
  };
  return self;
}

/**
 * Adagrad as Keras writes it: acc += g′², w −= lr·g′/√(acc + epsilon), the accumulator starting at
 * `initialAccumulatorValue`. Defaults (Keras's): lr 0.001, initialAccumulatorValue 0.1, epsilon 1e-7.
 *
 * ```ts
 * const opt = adagrad({ lr: 0.1 });
 * ```
 */
export function adagrad(o: { lr?: LearningRate; initialAccumulatorValue?: number; epsilon?: number } = {}): Optimizer {
  const op = 'adagrad';
  const opts = checkOptions(op, o, ['lr', 'initialAccumulatorValue', 'epsilon'], { learningRate: 'lr', eps: 'epsilon', initial_accumulator_value: 'initialAccumulatorValue', initialAccumulator: 'initialAccumulatorValue' });
  const lr = checkLr(op, opts.lr ?? 0.001);
  const initial = checkNumber(op, 'initialAccumulatorValue', opts.initialAccumulatorValue ?? 0.1, { min: 0 });
  const eps = checkNumber(op, 'epsilon', opts.epsilon ?? 1e-7, { positive: true });
  const self: Optimizer = {
    kind: 'adagrad',
    lr,
    rateAt: (step, epoch) => rateAt(lr, step, epoch),
    update(be, p, rate, l2) {
      ensureState(be, p, self, 1, initial);
      be.adagrad(p.value, p.grad, p.state[0], p.size, rate, eps, p.decay ? l2 : 0);
    },
  };
  return self;
}
