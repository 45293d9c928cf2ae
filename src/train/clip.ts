/** Gradient clipping between backward and the update: by the global norm of every gradient, or each value to ±limit. */

import type { Backend } from '../backend/index.js';
import { checkNumber, typeError } from '../errors.js';
import type { Param } from '../nn/layer.js';

/** At most one of the two, as Keras allows one of clipnorm / clipvalue / global_clipnorm. */
export type ClipPlan = { readonly by: 'norm'; readonly limit: number } | { readonly by: 'value'; readonly limit: number } | null;

/** fit's `clipNorm` and `clipValue`, checked: each a finite number > 0, and not both. */
export function checkClip(op: string, clipNorm: unknown, clipValue: unknown): ClipPlan {
  if (clipNorm !== undefined && clipValue !== undefined) {
    throw typeError(op, `give clipNorm (${String(clipNorm)}) or clipValue (${String(clipValue)}), not both (Keras refuses the pair too): clipping by norm after clipping by value would leave neither bound meaning what it says`);
  }
  if (clipNorm !== undefined) return { by: 'norm', limit: checkNumber(op, 'clipNorm', clipNorm, { positive: true }) };
  if (clipValue !== undefined) return { by: 'value', limit: checkNumber(op, 'clipValue', clipValue, { positive: true }) };
  return null;
}

/**
 * Clips the loss gradients of `params` in place (the optimizer adds l2·w after, as PyTorch adds weight_decay after
 * clip_grad_norm_). 'norm': with ‖g‖ = √(Σ g²) over every gradient together (f64 sums), each one is scaled by
 * limit/‖g‖ when ‖g‖ > limit, keeping its direction (PyTorch's clip_grad_norm_, Keras's global_clipnorm).
 * 'value': g = min(max(g, −limit), limit) per value (Keras's clipvalue). Returns ‖g‖ before clipping by norm, else NaN.
 */
export function clipGradients(be: Backend, params: readonly Param[], clip: NonNullable<ClipPlan>): number {
  if (clip.by === 'value') {
    for (const p of params) be.clipInPlace(p.grad, p.size, clip.limit);
    return NaN;
  }
  let sum = 0;
  for (const p of params) sum += be.sumSquares(p.grad, p.size);
  const norm = Math.sqrt(sum);
  if (norm > clip.limit) for (const p of params) be.scaleInPlace(p.grad, p.size, clip.limit / norm);
  return norm;
}
