/** slidingWindows: a series cut into [window] inputs and the value `horizon` steps after each, the samples of a sequence model. */

import { checkInt, checkOptions, checkTotal, rangeError, typeError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { MAX_F32 } from './limits.js';

export interface WindowOptions {
  /** Values in each input window: the steps of a [window, 1] sample. */
  window: number;
  /** Which value after the window is the target: 1 (default) is the next one. */
  horizon?: number;
  /** Take a window starting every `stride` values (default 1: every position). */
  stride?: number;
}

/**
 * Every window of `window` consecutive values as one row of x ([rows × window], a [window, 1] sample each, oldest
 * first), and the value `horizon` steps after its end as y ([rows × 1]). Rows = ⌊(n − window − horizon) / stride⌋ + 1.
 *
 * ```ts
 * const { x, y } = slidingWindows([1, 2, 3, 4, 5], { window: 3 }); // x rows [1, 2, 3], [2, 3, 4]; y [4], [5]
 * const model = sequential([lstm({ units: 16, inputShape: [3, 1] }), dense(1)]);
 * ```
 */
export function slidingWindows(series: ArrayLike<number>, options: WindowOptions): { x: Matrix; y: Matrix } {
  const op = 'slidingWindows';
  if (!series || typeof series !== 'object' || typeof series.length !== 'number') throw typeError(op, 'series must be an array of numbers');
  const o = checkOptions(op, options, ['window', 'horizon', 'stride']);
  const window = checkInt(op, 'window', o.window);
  const horizon = checkInt(op, 'horizon', o.horizon ?? 1);
  const stride = checkInt(op, 'stride', o.stride ?? 1);
  const n = series.length;
  if (n < window + horizon) throw rangeError(op, `a series of ${n} values has no window of ${window} with a target ${horizon} step${horizon > 1 ? 's' : ''} after it`);
  const rows = Math.floor((n - window - horizon) / stride) + 1;
  checkTotal(op, 'window values', rows * window, MAX_F32);
  const x = new Float32Array(rows * window);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const s = r * stride;
    for (let t = 0; t < window; t++) {
      const v = series[s + t];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw rangeError(op, `series[${s + t}] is ${String(v)}, not a finite number`);
      x[r * window + t] = v;
    }
    const target = series[s + window + horizon - 1];
    if (typeof target !== 'number' || !Number.isFinite(target)) throw rangeError(op, `series[${s + window + horizon - 1}] is ${String(target)}, not a finite number`);
    y[r] = target;
  }
  return { x: { data: x, shape: [rows, window] }, y: { data: y, shape: [rows, 1] } };
}
