/** gradCheck: compares model.gradients() with central finite differences of the loss, per dense layer. */

import type { Buf } from '../backend/index.js';
import { checkNumber, typeError } from '../errors.js';
import type { MatrixInput } from '../tensor.js';
import { checkL2, checkRows, l2Penalty, modelInput } from './input.js';
import { lossByName, type LossName, type TargetInput } from './losses.js';
import type { Sequential } from './sequential.js';
import { denseParams } from './weights.js';

export interface GradCheckOptions {
  loss: LossName;
  /** Step of the central difference (default 1e-3; weights are f32, so much smaller steps drown in rounding). */
  eps?: number;
  l2?: number;
  /** Relative errors use max(|analytic|, |numeric|, floor) as denominator (default 1e-3), so near-zero entries compare absolutely. */
  floor?: number;
}

export interface GradCheckResult {
  /** Per dense layer: the largest relative error over W and over b. */
  layers: { layer: string; W: number; b: number }[];
  /** The largest of them all. */
  max: number;
}

/**
 * For every weight w: numeric = (L(w⁺) − L(w⁻)) / (w⁺ − w⁻) with w± = f32(w ± eps) (the step actually
 * stored, so f32 rounding of the weight does not bias the quotient), the loss summed in f64; compared
 * with the analytic gradient. The weights are restored exactly afterwards.
 *
 * ```ts
 * const { max } = gradCheck(model, x, y, { loss: 'softmaxCrossEntropy' });
 * max < 1e-2; // backward agrees with the loss
 * ```
 */
export function gradCheck(model: Sequential, x: MatrixInput, y: TargetInput, options: GradCheckOptions): GradCheckResult {
  const op = 'gradCheck';
  if (!options || typeof options !== 'object') throw typeError(op, 'options { loss } are required');
  const spec = lossByName(op, options.loss);
  spec.checkOutputs(op, model.outputSize);
  const eps = checkNumber(op, 'eps', options.eps ?? 1e-3, { positive: true });
  const floor = checkNumber(op, 'floor', options.floor ?? 1e-3, { positive: true });
  const l2 = checkL2(op, options.l2);
  const analytic = model.gradients(x, y, { loss: options.loss, l2 });
  const m = modelInput(op, model, x);
  const t = spec.targets(op, 'y', y, model.outputSize);
  checkRows(op, m.shape[0], t.rows);
  const be = model.backend;
  const rows = m.shape[0];
  const xb = be.alloc(m.data.length);
  const tb = be.alloc(t.data.length);
  be.write(xb, m.data);
  be.write(tb, t.data);
  const lossAt = (): number =>
    spec.compute(be, model.forwardBuf(xb, rows), tb, model.dOut, rows, model.outputSize) + l2Penalty(be, model.params(), l2);

  const relErr = (a: number, n: number): number => Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor);
  const probe = (buf: Buf, size: number, grad: (i: number) => number): number => {
    const orig = be.read(buf);
    const one = new Float32Array(1);
    let worst = 0;
    for (let i = 0; i < size; i++) {
      one[0] = orig[i] + eps;
      const wp = one[0];
      be.write(buf, one, i);
      const lp = lossAt();
      one[0] = orig[i] - eps;
      const wm = one[0];
      be.write(buf, one, i);
      const lm = lossAt();
      be.write(buf, orig.subarray(i, i + 1), i);
      worst = Math.max(worst, relErr(grad(i), (lp - lm) / (wp - wm)));
    }
    return worst;
  };

  try {
    const layers = denseParams(model.layers).map(({ layer, W, b }, li) => {
      const g = analytic.grads[li];
      return {
        layer: String(layer),
        W: probe(W.value, W.size, (i) => g.W[Math.floor(i / W.cols)][i % W.cols]),
        b: probe(b.value, b.size, (i) => g.b[i]),
      };
    });
    return { layers, max: Math.max(0, ...layers.map((l) => Math.max(l.W, l.b))) };
  } finally {
    be.free(xb);
    be.free(tb);
  }
}
