/** Errors specific to training: a loss that became NaN or infinite. */

import type { History } from './history.js';

/**
 * Thrown by `fit` when a batch's loss is not finite. The weights are those before that batch
 * (the last finite state); `history` holds the epochs completed so far. `epoch` and `step` are 0-based indices,
 * like every epoch and step number simdnet gives to code (history arrays, callbacks); the message also says which
 * epoch it is counted from 1, as progress lines are.
 */
export class NonFiniteLossError extends RangeError {
  constructor(
    readonly epoch: number,
    readonly step: number,
    readonly loss: number,
    readonly history: History,
  ) {
    super(`fit: the loss became ${loss} at epoch index ${epoch} (the ${ordinal(epoch + 1)} epoch), step index ${step} (learning rate too high?); training stopped and the weights are those before that step`);
    this.name = 'NonFiniteLossError';
  }
}

/** 1 → '1st', 2 → '2nd', 11 → '11th'. */
function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${s}`;
}
