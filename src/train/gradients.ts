/** model.gradients(): loss and parameter gradients over a whole data set, without updating anything. */

import type { Buf } from '../backend/index.js';
import { rowsOf } from '../matrix.js';
import type { LossName, TargetInput } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import type { LayerWeights } from '../nn/weights.js';
import type { MatrixInput } from '../tensor.js';
import { uploadInput } from './batching.js';
import { l2Penalty, scoringInputs } from './inputs.js';

export interface GradientsResult {
  /** Mean loss plus (l2/2)·ΣW². */
  loss: number;
  /** d loss / d weight, per layer with trainable weights, by name (`{ W, b }` for dense; W's gradient includes l2·W). */
  grads: LayerWeights[];
}

/**
 * The model's mean loss over (x, y) and its gradients; weights are unchanged. Runs in inference mode (dropout off,
 * batch norm on its moving statistics), so the result is a deterministic function of the weights.
 * Defaults: the loss and l2 of the last fit.
 */
export function computeGradients(model: Network, x: MatrixInput, y: TargetInput, options: { loss?: LossName; l2?: number }): GradientsResult {
  return model.inInference(() => gradientsOf(model, x, y, options));
}

function gradientsOf(model: Network, x: MatrixInput, y: TargetInput, options: { loss?: LossName; l2?: number }): GradientsResult {
  const { head, l2, m, targets: t } = scoringInputs('gradients', model, x, y, options);
  const be = model.backend;
  const rows = m.shape[0];
  model.ensureCapacity(rows);
  const temps: Buf[] = [];
  try {
    const xb = uploadInput(be, m);
    temps.push(xb);
    const tb = be.upload(t.data);
    temps.push(tb);
    const out = model.forward(xb, rows, head.end);
    const loss = head.spec.compute(be, out, tb, model.dOut, rows, model.outputSize) + l2Penalty(be, model.params(), l2);
    model.backward(model.dOut, rows, head.end);
    const grads = model.layers.filter((l) => l.params().length > 0).map((layer) => {
      const g: Record<string, number[][] | number[]> = {};
      for (const p of layer.params()) {
        const d = be.read(p.grad);
        if (p.decay && l2 > 0) {
          const w = be.read(p.value);
          for (let i = 0; i < d.length; i++) d[i] += l2 * w[i];
        }
        g[p.name] = p.matrix ? rowsOf(d, p.rows, p.cols) : Array.from(d);
      }
      return g as LayerWeights;
    });
    return { loss, grads };
  } finally {
    for (const b of temps) be.free(b);
  }
}
