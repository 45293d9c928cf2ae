/** Gradient clipping for fit: by global norm (clipNorm) and by value (clipValue), applied to the data gradients before the optimizer adds l2·W. */

import type { Backend } from '../backend/index.js';
import type { Param } from '../nn/layer.js';

/** The clipping a fit applies (null: none). */
export interface Clipping {
  readonly norm: number | null;
  readonly value: number | null;
}

// A minimal version for this branch: the norm comes from the sumSquares kernel; the scaling and the clamp read the
// gradient, change it in JS and write it back, only on the steps that clip. The toolkit's scaleInPlace and clipInPlace
// kernels (on main) do the same in place without the copies; swap them in when the branches meet.

/**
 * Keras's order: first by norm, g ← g·min(1, clipNorm/‖g‖) with ‖g‖ the global norm over every parameter's gradient,
 * then each value clamped to [−clipValue, clipValue]. A non-finite norm is left alone (the loss check reports it).
 */
export function clipGradients(be: Backend, params: readonly Param[], clip: Clipping): void {
  if (clip.norm !== null) {
    let sq = 0;
    for (const p of params) sq += be.sumSquares(p.grad, p.size);
    const norm = Math.sqrt(sq);
    if (norm > clip.norm) {
      const s = clip.norm / norm;
      for (const p of params) be.write(p.grad, be.read(p.grad).map((g) => g * s));
    }
  }
  if (clip.value !== null) {
    const c = clip.value;
    for (const p of params) {
      const g = be.read(p.grad);
      if (g.some((v) => v > c || v < -c)) be.write(p.grad, g.map((v) => (v > c ? c : v < -c ? -c : v)));
    }
  }
}
