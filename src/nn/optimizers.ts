/** Optimizers sgd, momentum (and Nesterov's) and adam, and optimizerFromConfig over every optimizer: one fused in-place kernel call per parameter buffer. */

import { checkBoolean, checkNumber, checkOptions, typeError } from '../errors.js';
import { adamOptimizer, checkLr, ensureState, rateAt, type LearningRate, type Optimizer } from './optimizer.js';
import { adagrad, adamw, rmsprop } from './optimizers_adaptive.js';

export { isOptimizer } from './optimizer.js';
export type { LearningRate, Optimizer, OptimizerKind } from './optimizer.js';
export { adagrad, adamw, rmsprop } from './optimizers_adaptive.js';

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
 * Heavy-ball momentum: v = mu·v + g′; w −= lr·v (default mu 0.9). With `nesterov: true`, Nesterov's momentum in
 * Sutskever's form as PyTorch writes it: v = mu·v + g′; w −= lr·(g′ + mu·v).
 *
 * ```ts
 * const opt = momentum({ lr: 0.01, momentum: 0.9, nesterov: true });
 * ```
 */
export function momentum(o: { lr: LearningRate; momentum?: number; nesterov?: boolean }): Optimizer {
  const opts = checkOptions('momentum', o, ['lr', 'momentum', 'nesterov'], { mu: 'momentum', learningRate: 'lr', nesterovMomentum: 'nesterov: true' });
  const lr = checkLr('momentum', opts.lr);
  const mu = checkNumber('momentum', 'momentum', opts.momentum ?? 0.9, { min: 0, max: 1 });
  const nesterov = checkBoolean('momentum', 'nesterov', opts.nesterov ?? false);
  const self: Optimizer = {
    kind: 'momentum',
    lr,
    rateAt: (step, epoch) => rateAt(lr, step, epoch),
    update(be, p, rate, l2) {
      ensureState(be, p, self, 1);
      be[nesterov ? 'nesterov' : 'momentum'](p.value, p.grad, p.state[0], p.size, rate, mu, p.decay ? l2 : 0);
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
  return adamOptimizer('adam', o);
}

/** Optimizer names `optimizerFromConfig` knows (the CLI's --optimizer, the worker's fit.optimizer.name). */
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const;
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
    case 'adamw': return adamw(options as Parameters<typeof adamw>[0]);
    case 'rmsprop': return rmsprop(options as Parameters<typeof rmsprop>[0]);
    case 'adagrad': return adagrad(options as Parameters<typeof adagrad>[0]);
    default: throw typeError(op, `unknown optimizer ${JSON.stringify(name)}; expected ${OPTIMIZER_NAMES.map((n) => `'${n}'`).join(', ')}`);
  }
}
