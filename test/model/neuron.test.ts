// The single neuron / perceptron of tutorial 001.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend/index.js';
import { neuron, sgd } from '../../src/index.js';

describe('neuron', () => {
  it('a step perceptron outputs step(x·w + b) with weights and bias from U(−1, 1)', () => {
    setBackend('ts');
    const p = neuron(3, { activation: 'step', seed: 11 });
    const w = p.weights, b = p.bias;
    expect(w).toHaveLength(3);
    for (const v of [...w, b]) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    expect(b).not.toBe(0); // the tutorial draws the bias too
    for (const x of [[0.2, 0.5, 0.9], [-1, 0.3, 0.1], [0.9, -0.9, 0.2], [0, 0, 0]]) {
      const z = x.reduce((s, v, i) => s + v * w[i], b);
      expect(p.activate(x)).toBe(z > 0 ? 1 : 0);
    }
    p.dispose();
  });

  it('a sigmoid neuron computes 1/(1+e^−z); a step neuron cannot be trained', async () => {
    setBackend('ts');
    const s = neuron(2, { activation: 'sigmoid', seed: 1 });
    const z = 0.4 * s.weights[0] - 0.7 * s.weights[1] + s.bias;
    expect(s.activate([0.4, -0.7])).toBeCloseTo(1 / (1 + Math.exp(-z)), 6);
    const p = neuron(2, { activation: 'step' });
    const before = p.getWeights();
    await expect(p.fit([[0, 1]], [1], { loss: 'mse', optimizer: sgd({ lr: 0.1 }) })).rejects.toThrow(/step\(\), whose gradient is zero/);
    expect(p.getWeights()).toEqual(before);
    s.dispose();
    p.dispose();
  });

  it('a linear neuron learns Celsius → Fahrenheit', async () => {
    setBackend('ts');
    const c = [-40, -10, 0, 8, 15, 22, 38];
    const n = neuron(1, { seed: 0 });
    await n.fit(c.map((v) => [v / 100]), c.map((v) => (v * 1.8 + 32) / 100), { loss: 'mse', optimizer: sgd({ lr: 0.5 }), epochs: 2000, batchSize: 7 });
    expect(n.weights[0]).toBeCloseTo(1.8, 2);
    expect(n.bias * 100).toBeCloseTo(32, 1);
    n.dispose();
  });
});

describe('predictClasses on one output', () => {
  it('thresholds logits at 0 and a final sigmoid at 0.5', () => {
    setBackend('ts');
    const s = neuron(1, { activation: 'sigmoid' });
    s.setWeights([{ W: [[1]], b: [0] }]);
    expect(s.predictClasses([[-2], [-0.1], [0.1], [3]])).toEqual([0, 0, 1, 1]);
    const lin = neuron(1);
    lin.setWeights([{ W: [[1]], b: [-0.6] }]);
    expect(lin.predictClasses([[0.5], [0.7]])).toEqual([0, 1]);
    s.dispose();
    lin.dispose();
  });
});
