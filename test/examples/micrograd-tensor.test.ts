// examples/micrograd-tensor on both backends: MLP(2, [16, 16, 1]) reaches ≥ 97% on the moons within 100 steps.
import { describe, expect, it } from 'vitest';
import { runMicrogradTensor } from '../../examples/micrograd-tensor/index.js';

/** f64 forward of a ReLU MLP with a linear last layer, from plain weights. */
function forward(ws: { W: number[][]; b: number[] }[], x: number[]): number {
  let h = x;
  ws.forEach(({ W, b }, l) => {
    const out = b.map((bj, j) => h.reduce((s, hi, i) => s + hi * W[i][j], bj));
    h = l < ws.length - 1 ? out.map((v) => Math.max(0, v)) : out;
  });
  return h[0];
}

describe.each(['ts', 'wasm'] as const)('examples/micrograd-tensor on %s', (backend) => {
  it('reaches ≥ 97% training accuracy within 100 steps (the tutorial’s batches of 128 → all 100 points)', async () => {
    const r = await runMicrogradTensor({ backend });
    try {
      expect(r.losses).toHaveLength(100);
      expect(r.accuracy).toBeGreaterThanOrEqual(0.97);
      expect(r.firstStepAt97).toBeGreaterThanOrEqual(0);
      // Step 0 sees every point, so its loss is the f64 hinge loss of the initial weights plus micrograd's
      // α·Σp² written as (l2/2)·ΣW² with l2 = 2α = 2e-4 (biases start at zero, so they add nothing yet).
      const labels = r.data.y.map((c) => c * 2 - 1);
      const hinge = r.data.x.reduce((s, x, i) => s + Math.max(0, 1 - labels[i] * forward(r.initialWeights, x)), 0) / 100;
      const sumW2 = r.initialWeights.reduce((s, l) => s + l.W.flat().reduce((t, w) => t + w * w, 0), 0);
      expect(r.losses[0]).toBeCloseTo(hinge + 1e-4 * sumW2, 4);
    } finally {
      r.model.dispose();
    }
  });

  it('also reaches ≥ 97% with true random batches of 32 (micrograd’s get_batch per step)', async () => {
    const r = await runMicrogradTensor({ backend, batchSize: 32 });
    try {
      expect(r.accuracy).toBeGreaterThanOrEqual(0.97);
    } finally {
      r.model.dispose();
    }
  });
});
