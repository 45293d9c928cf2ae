/** gradCheck: compares model.gradients() with central finite differences of the loss, for every trainable weight. */

import type { Buf } from '../backend/index.js';
import { checkNumber, checkOptions, typeError } from '../errors.js';
import type { LossName, TargetInput } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import type { MatrixInput } from '../tensor.js';
import { uploadInput } from './batching.js';
import { computeGradients } from './gradients.js';
import { checkL2, l2Penalty, scoringInputs } from './inputs.js';

export interface GradCheckOptions {
  loss: LossName;
  /** Step of the central difference (default 1e-3; weights are f32, so much smaller steps drown in rounding). */
  eps?: number;
  l2?: number;
  /** Relative errors use max(|analytic|, |numeric|, floor) as denominator (default 1e-3), so near-zero entries compare absolutely. */
  floor?: number;
}

export interface GradCheckResult {
  /** Per layer with trainable weights: the largest relative error of each weight (`W`, `b`, `gamma`, …). */
  layers: ({ layer: string } & Record<string, number | string>)[];
  /** The largest of them all. */
  max: number;
}

/**
 * For every weight w: numeric = (L(w⁺) − L(w⁻)) / (w⁺ − w⁻) with w± = f32(w ± eps) (the step actually
 * stored, so f32 rounding of the weight does not bias the quotient), the loss summed in f64; compared
 * with the analytic gradient. Runs in inference mode; the weights are restored exactly afterwards.
 *
 * ```ts
 * const { max } = gradCheck(model, x, y, { loss: 'softmaxCrossEntropy' });
 * max < 1e-2; // backward agrees with the loss
 * ```
 */
export function gradCheck(model: Network, x: MatrixInput, y: TargetInput, options: GradCheckOptions): GradCheckResult {
  return model.inInference(() => check(model, x, y, options));
}

function check(model: Network, x: MatrixInput, y: TargetInput, options: GradCheckOptions): GradCheckResult {
  const op = 'gradCheck';
  if (!options || typeof options !== 'object') throw typeError(op, 'options { loss } are required');
  checkOptions(op, options, ['loss', 'eps', 'l2', 'floor']);
  const eps = checkNumber(op, 'eps', options.eps ?? 1e-3, { positive: true });
  const floor = checkNumber(op, 'floor', options.floor ?? 1e-3, { positive: true });
  const l2 = checkL2(op, options.l2);
  const { head, m, targets: t } = scoringInputs(op, model, x, y, { loss: options.loss, l2 });
  const analytic = computeGradients(model, x, y, { loss: options.loss, l2 });
  const be = model.backend;
  const rows = m.shape[0];
  const xb = uploadInput(be, m);
  const tb = be.upload(t.data);
  const lossAt = (): number =>
    head.spec.compute(be, model.forward(xb, rows, head.end), tb, model.dOut, rows, model.outputSize) + l2Penalty(be, model.params(), l2);
  const relErr = (a: number, n: number): number => Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor);

  /** The worst relative error over the `size` values of `buf`, each nudged by ±eps. */
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
    const layers = model.layers.filter((l) => l.params().length > 0).map((layer, li) => {
      const row: { layer: string } & Record<string, number | string> = { layer: String(layer) };
      for (const p of layer.params()) {
        const g = analytic.grads[li][p.name];
        const at = p.matrix ? (i: number) => (g as number[][])[Math.floor(i / p.cols)][i % p.cols] : (i: number) => (g as number[])[i];
        row[p.name] = probe(p.value, p.size, at);
      }
      return row;
    });
    const worst = layers.flatMap((r) => Object.values(r).filter((v): v is number => typeof v === 'number'));
    return { layers, max: Math.max(0, ...worst) };
  } finally {
    be.free(xb);
    be.free(tb);
  }
}
