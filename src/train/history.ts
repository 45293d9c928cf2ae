/** The record `fit` returns: loss, accuracy, validation figures and learning rate per epoch. */

/** What callbacks receive at the end of each epoch (and `onBatchEnd` per batch, without validation figures). */
export interface EpochLogs {
  /** Mean training loss over the epoch's batches, including the L2 penalty. */
  loss: number;
  /** Training accuracy over the epoch's batches (before each update); absent for 'mse'. */
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Learning rate of the epoch's last step. */
  lr: number;
}

/**
 * Per-epoch arrays, index = epoch. With `sampling: 'random'` each step is an epoch.
 *
 * ```ts
 * const h = await model.fit(x, y, opts);
 * h.loss.at(-1); h.accuracy?.at(-1); h.epochs; h.stoppedBy; // 'end' | 'callback' | 'earlyStopping'
 * ```
 */
export class History {
  loss: number[] = [];
  accuracy?: number[];
  valLoss?: number[];
  valAccuracy?: number[];
  lr: number[] = [];
  /** Optimizer steps taken. */
  steps = 0;
  /** Why training ended. */
  stoppedBy: 'end' | 'callback' | 'earlyStopping' = 'end';
  /** Set by earlyStopping: the epoch whose weights were kept (restoreBestWeights) or that was best. */
  bestEpoch?: number;

  constructor(hasAccuracy: boolean, hasValidation: boolean) {
    if (hasAccuracy) this.accuracy = [];
    if (hasValidation) {
      this.valLoss = [];
      if (hasAccuracy) this.valAccuracy = [];
    }
  }

  /** Number of epochs recorded. */
  get epochs(): number {
    return this.loss.length;
  }

  /** @internal */
  push(logs: EpochLogs): void {
    this.loss.push(logs.loss);
    this.lr.push(logs.lr);
    if (this.accuracy && logs.accuracy !== undefined) this.accuracy.push(logs.accuracy);
    if (this.valLoss && logs.valLoss !== undefined) this.valLoss.push(logs.valLoss);
    if (this.valAccuracy && logs.valAccuracy !== undefined) this.valAccuracy.push(logs.valAccuracy);
  }
}
