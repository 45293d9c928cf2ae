/** Losses over Values for the micrograd tutorial: hinge (max-margin) on ±1 labels and the L2 penalty α·Σp². */

import { checkNumber, typeError, rangeError } from '../errors.js';
import { Value, sum, toValue, type Scalar } from './value.js';

/**
 * Mean max-margin loss: (1/n) · Σᵢ max(0, 1 − yᵢ·scoreᵢ), with labels yᵢ ∈ {−1, +1} (from 0/1 labels: `y * 2 - 1`).
 *
 * ```ts
 * const scores = [new Value(0.3), new Value(-2)];
 * hingeLoss(scores, [1, -1]).data; // (0.7 + 0) / 2 = 0.35
 * ```
 */
export function hingeLoss(scores: readonly Scalar[], labels: ArrayLike<number>): Value {
  if (!Array.isArray(scores)) throw typeError('hingeLoss', 'scores must be an array of Values');
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw typeError('hingeLoss', 'labels must be an array of −1/+1 numbers');
  }
  if (scores.length !== labels.length) {
    throw rangeError('hingeLoss', `${scores.length} scores but ${labels.length} labels`);
  }
  if (scores.length === 0) throw rangeError('hingeLoss', 'scores is empty');
  const losses = scores.map((s, i) => {
    const y = labels[i];
    if (y !== 1 && y !== -1) throw rangeError('hingeLoss', `labels[${i}] must be −1 or +1, got ${y}`);
    return toValue('mul', s).mul(-y).add(1).relu(); // max(0, 1 − y·s)
  });
  return sum(losses).mul(1 / losses.length);
}

/**
 * L2 penalty α · Σ p² over `params` (micrograd's `alpha * sum(p*p for p in model.parameters())`).
 * This equals λ/2 · Σ w² with λ = 2α, so its gradient is 2α·p = λ·p: α = 1e-4 is weight decay λ = 2e-4.
 *
 * ```ts
 * const model = new MLP(2, [16, 16, 1], { seed: 0 });
 * const scores = [[0.5, 0.2], [-1, 0.3]].map((x) => model.forward(x)[0]);
 * const loss = hingeLoss(scores, [1, -1]).add(alphaPenalty(model.parameters(), 1e-4));
 * loss.backward();
 * ```
 */
export function alphaPenalty(params: readonly Value[], alpha: number): Value {
  if (!Array.isArray(params)) throw typeError('alphaPenalty', 'params must be an array of Values');
  checkNumber('alphaPenalty', 'alpha', alpha, { min: 0 });
  return sum(params.map((p) => toValue('mul', p).mul(p))).mul(alpha);
}
