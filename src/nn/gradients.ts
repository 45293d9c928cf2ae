/** model.gradients(): loss and parameter gradients over a whole data set, without updating anything. */

import type { Buf } from '../backend/index.js';
import type { MatrixInput } from '../tensor.js';
import { l2Penalty, scoringInputs } from './input.js';
import type { LossName, TargetInput } from './losses.js';
import type { Sequential } from './sequential.js';
import { denseParams, type LayerWeights } from './weights.js';

export interface GradientsResult {
  /** Mean loss plus (l2/2)·ΣW². */
  loss: number;
  /** d loss / d W and d loss / d b per dense layer (W's gradient includes l2·W). */
  grads: LayerWeights[];
}

/** The model's mean loss over (x, y) and its gradients; weights are unchanged. Defaults: the loss and l2 of the last fit. */
export function computeGradients(model: Sequential, x: MatrixInput, y: TargetInput, options: { loss?: LossName; l2?: number }): GradientsResult {
  const { spec, l2, m, targets: t } = scoringInputs('gradients', model, x, y, options);
  const be = model.backend;
  const rows = m.shape[0];
  model.ensureCapacity(rows);
  const temps: Buf[] = [];
  try {
    const xb = be.alloc(m.data.length);
    temps.push(xb);
    be.write(xb, m.data);
    const tb = be.alloc(t.data.length);
    temps.push(tb);
    be.write(tb, t.data);
    const out = model.forwardBuf(xb, rows);
    const loss = spec.compute(be, out, tb, model.dOut, rows, model.outputSize) + l2Penalty(be, model.params(), l2);
    model.backwardBuf(model.dOut, rows);
    const grads = denseParams(model.layers).map(({ W, b }) => {
      const gW = be.read(W.grad);
      const w = l2 > 0 ? be.read(W.value) : null;
      const rowsW: number[][] = [];
      for (let r = 0; r < W.rows; r++) {
        const row: number[] = [];
        for (let j = 0; j < W.cols; j++) row.push(gW[r * W.cols + j] + (w ? l2 * w[r * W.cols + j] : 0));
        rowsW.push(row);
      }
      return { W: rowsW, b: Array.from(be.read(b.grad)) };
    });
    return { loss, grads };
  } finally {
    for (const b of temps) be.free(b);
  }
}
