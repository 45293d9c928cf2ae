// examples/hundred-lines on both backends: a linear layer recovers W and b; a sigmoid layer beats one layer on y = x1·x2.
import { describe, expect, it } from 'vitest';
import { productData } from '../../src/data/index.js';
import { runLinear, runProduct } from '../../examples/hundred-lines/index.js';

/** The smallest mean squared error any y ≈ a·x1 + b·x2 + c can reach: least squares in f64 (normal equations). */
function leastSquaresMse(x: number[][], y: number[]): number {
  const rows = x.map((r) => [r[0], r[1], 1]);
  const A = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((s, r) => s + r[i] * r[j], 0)));
  const v = [0, 1, 2].map((i) => rows.reduce((s, r, k) => s + r[i] * y[k], 0));
  for (let c = 0; c < 3; c++) {
    for (let r = c + 1; r < 3; r++) {
      const f = A[r][c] / A[c][c];
      for (let k = c; k < 3; k++) A[r][k] -= f * A[c][k];
      v[r] -= f * v[c];
    }
  }
  const w = [0, 0, 0];
  for (let r = 2; r >= 0; r--) w[r] = (v[r] - [0, 1, 2].slice(r + 1).reduce((s, k) => s + A[r][k] * w[k], 0)) / A[r][r];
  return rows.reduce((s, r, k) => s + (r[0] * w[0] + r[1] * w[1] + w[2] - y[k]) ** 2, 0) / rows.length;
}

describe.each(['ts', 'wasm'] as const)('examples/hundred-lines on %s', (backend) => {
  it('Linear(10, 1) recovers W and b: ≈ 1e-2 after the tutorial’s 10 epochs, < 1e-3 after 20', async () => {
    const r = await runLinear({ backend });
    expect(r.wErrors).toHaveLength(20);
    expect(r.wErrors[9]).toBeLessThan(5e-2);
    expect(r.wErrors[19]).toBeLessThan(1e-3);
    expect(r.bErrors[19]).toBeLessThan(1e-3);
    expect(r.wErrors[19]).toBeLessThan(r.wErrors[0] / 1000);
  });

  it("with 1000 rows, the tutorial's 10 epochs (batch 10, lr 0.05) recover W and b to 1e-3", async () => {
    const r = await runLinear({ backend, rows: 1000, epochs: 10 });
    expect(r.wErrors).toHaveLength(10);
    expect(r.wErrors[9]).toBeLessThan(1e-3);
    expect(r.bErrors[9]).toBeLessThan(1e-3);
  });

  it('on y = x1·x2, Linear → Sigmoid → Linear ends ≥ 10× below Linear, which sits at the least-squares floor', async () => {
    const r = await runProduct({ backend });
    const { x, y } = productData(1000, { seed: 0 });
    const floor = leastSquaresMse(x, y.map((t) => t[0]));
    expect(r.oneLayer).toHaveLength(50);
    expect(Math.abs(r.oneLayer.at(-1)! - floor) / floor).toBeLessThan(0.1);
    expect(r.ratio).toBeGreaterThanOrEqual(10);
    expect(r.twoLayers.at(-1)!).toBeLessThan(floor / 10);
  });
});
