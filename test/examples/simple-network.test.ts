// examples/simple-network on both backends: the perceptron and layer cells against f64 arithmetic, and both losses learning the blobs.
import { describe, expect, it } from 'vitest';
import { layerDemo, perceptronDemo, runNetwork } from '../../examples/simple-network/index.js';
import { useBackend } from '../../examples/cli.js';

describe.each(['ts', 'wasm'] as const)('examples/simple-network on %s', (backend) => {
  it('the perceptron outputs step(x·w + b) computed in f64, for several seeds', async () => {
    await useBackend(backend);
    const outputs = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const p = perceptronDemo({ seed });
      expect(p.weights).toHaveLength(3);
      for (const w of [...p.weights, p.bias]) expect(Math.abs(w)).toBeLessThan(1);
      const z = p.input.reduce((s, xi, i) => s + xi * p.weights[i], p.bias);
      if (Math.abs(z) > 1e-6) expect(p.output).toBe(z > 0 ? 1 : 0);
      outputs.add(p.output);
    }
    expect([...outputs].sort()).toEqual([0, 1]); // both sides of the step are exercised
  });

  it('a 2→3 ReLU layer gives the same rows one input at a time and stacked, equal to relu(x·W + b) in f64', async () => {
    await useBackend(backend);
    const r = layerDemo({ seed: 3 });
    r.inputs.forEach((x, i) => {
      const expected = r.b.map((bj, j) => Math.max(0, x[0] * r.W[0][j] + x[1] * r.W[1][j] + bj));
      r.single[i].forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
      r.stacked[i].forEach((v, j) => expect(v).toBeCloseTo(r.single[i][j], 6));
    });
  });

  it('the sigmoid network learns with both losses; cross-entropy reaches ≥ 95% validation accuracy and beats L2', async () => {
    const l2 = await runNetwork({ backend, loss: 'l2' });
    const ce = await runNetwork({ backend, loss: 'crossEntropy' });
    for (const r of [l2, ce]) {
      expect(r.losses).toHaveLength(30);
      expect(r.valAccuracies).toHaveLength(30);
      expect(r.losses.at(-1)!).toBeLessThan(r.untrained.loss / 5);
      expect(r.valAccuracies.at(-1)!).toBeGreaterThan(r.untrained.valAccuracy + 0.4); // chance is 10%
    }
    expect(ce.valAccuracies.at(-1)!).toBeGreaterThanOrEqual(0.95);
    expect(ce.valAccuracies.at(-1)!).toBeGreaterThan(l2.valAccuracies.at(-1)!);
  });
});
