// Tests examples/micrograd-moons: the tutorial's Value training loop reaches ≥ 95% on the two moons within 100 steps.
import { describe, expect, it } from 'vitest';
import { runMicrogradMoons } from '../../examples/micrograd-moons/index.js';

describe('micrograd-moons example', () => {
  it('MLP(2, [16, 16, 1]), hinge + L2, decaying lr: ≥ 95% accuracy on makeMoons(100, noise 0.1) in 100 steps', () => {
    const lines: string[] = [];
    const { accuracy, losses, accuracies } = runMicrogradMoons({ steps: 100, seed: 1337, log: (l) => lines.push(l) });
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(losses.length).toBe(100);
    expect(accuracies.length).toBe(100);
    expect(losses.every(Number.isFinite)).toBe(true);
    // The loss falls on average: the last ten steps well below the first ten.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-10))).toBeLessThan(0.5 * mean(losses.slice(0, 10)));
    expect(lines[0]).toMatch(/^MLP of \[Layer of \[ReLUNeuron\(2\)/);
    expect(lines).toContain(`step 0 loss ${losses[0]}, accuracy ${accuracies[0] * 100}%`);
  });
});
