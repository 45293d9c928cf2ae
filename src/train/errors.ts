/** Errors specific to training: a loss that became NaN or infinite. */

import type { History } from './history.js';

/**
 * Thrown by `fit` when a batch's loss is not finite. The weights are those before that batch
 * (the last finite state); `history` holds the epochs completed so far.
 */
export class NonFiniteLossError extends RangeError {
  constructor(
    readonly epoch: number,
    readonly step: number,
    readonly loss: number,
    readonly history: History,
  ) {
    super(`fit: the loss became ${loss} at epoch ${epoch}, step ${step} (learning rate too high?); training stopped and the weights are those before that step`);
    this.name = 'NonFiniteLossError';
  }
}
