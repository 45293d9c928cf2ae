// Tests src/train/clip.ts through fit: clipNorm bounds every step's gradient, so an exploding recurrent setup stays finite; clipValue clamps; options are checked.
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, type BackendName } from '../../src/backend/index.js';
import { dense, sequential, sgd, simpleRnn, type Sequential } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { availableBackends } from '../nn/reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

const STEPS = 30;

/**
 * A relu RNN whose recurrent kernel is 1.5·I: h grows like 1.5^t, so after 30 steps the output is ~1e5 times the
 * input, the mse loss ~1e10 and its gradient ~1e11 (backpropagation through time multiplies by Uᵀ = 1.5·I per step).
 */
function exploding(): { model: Sequential; x: number[][]; y: number[] } {
  const model = sequential([simpleRnn({ units: 4, inputShape: [STEPS, 1], activation: 'relu' }), dense(1)], { seed: 0 });
  const I = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1.5 : 0)));
  model.setWeights([{ W: [[1, 1, 1, 1]], U: I, b: [0, 0, 0, 0] }, { W: [[1], [1], [1], [1]], b: [0] }]);
  const rng = new Random(3);
  const x = Array.from({ length: 16 }, () => Array.from({ length: STEPS }, () => rng.uniform(0.5, 1)));
  return { model, x, y: x.map(() => 0) };
}

const flat = (m: Sequential): number[] => m.getWeights().flatMap((w) => Object.values(w).flat(2) as number[]);

describe('clipNorm', () => {
  it('without it, the exploding gradient throws the weights ~1e9 in one step (and the relu units die)', async () => {
    for (const be of backends) {
      setBackend(be);
      const { model, x, y } = exploding();
      const before = flat(model);
      const g = model.gradients(x, y, { loss: 'mse' }).grads.flatMap((w) => Object.values(w).flat(2) as number[]);
      expect(Math.hypot(...g), be).toBeGreaterThan(1e10);
      await model.fit(x, y, { loss: 'mse', optimizer: sgd({ lr: 0.01 }), epochs: 1, batchSize: 16 });
      expect(Math.hypot(...flat(model).map((v, i) => v - before[i])), be).toBeGreaterThan(1e8);
      model.dispose();
    }
  });

  it('with it, every SGD step moves the weights by at most lr·clipNorm, and training stays finite and improves', async () => {
    for (const be of backends) {
      setBackend(be);
      const { model, x, y } = exploding();
      const [lr, clipNorm] = [0.01, 1];
      let before = flat(model);
      const moves: number[] = [];
      const history = await model.fit(x, y, {
        loss: 'mse', optimizer: sgd({ lr }), epochs: 40, batchSize: 16, clipNorm,
        onBatchEnd: () => {
          const after = flat(model);
          moves.push(Math.hypot(...after.map((v, i) => v - before[i])));
          before = after;
        },
      });
      expect(moves).toHaveLength(40);
      // ‖Δw‖ = lr·‖clipped g‖ ≤ lr·clipNorm; the f32 update rounds each weight (relative 2⁻²⁴), hence the 1e-5 slack
      for (const d of moves) expect(d, be).toBeLessThanOrEqual(lr * clipNorm * (1 + 1e-5) + 1e-6);
      expect(moves[0], `${be}: the first step is clipped to its full length`).toBeGreaterThan(0.99 * lr * clipNorm);
      expect(history.loss.every(Number.isFinite)).toBe(true);
      expect(flat(model).every(Number.isFinite)).toBe(true);
      expect(history.loss.at(-1)!, be).toBeLessThan(history.loss[0] / 10);
      model.dispose();
    }
  });
});

describe('clipValue and the options', () => {
  it('clipValue clamps each gradient value: one SGD step moves each weight by at most lr·clipValue', async () => {
    setBackend('ts');
    const { model, x, y } = exploding();
    const before = flat(model);
    await model.fit(x, y, { loss: 'mse', optimizer: sgd({ lr: 0.01 }), epochs: 1, batchSize: 16, clipValue: 0.5 });
    const after = flat(model);
    const steps = after.map((v, i) => Math.abs(v - before[i]));
    expect(Math.max(...steps)).toBeLessThanOrEqual(0.005 * (1 + 1e-6));
    expect(Math.max(...steps)).toBeGreaterThan(0.0049); // the huge gradients were clamped, not zeroed
    model.dispose();
  });

  it('refuses non-positive or misspelt clipping options before anything moves', async () => {
    setBackend('ts');
    const { model, x, y } = exploding();
    const w = flat(model);
    await expect(model.fit(x, y, { loss: 'mse', optimizer: sgd({ lr: 0.1 }), clipNorm: 0 })).rejects.toThrow(/fit: clipNorm must be > 0, got 0/);
    await expect(model.fit(x, y, { loss: 'mse', optimizer: sgd({ lr: 0.1 }), clipValue: '1' as never })).rejects.toThrow(TypeError);
    await expect(model.fit(x, y, { loss: 'mse', optimizer: sgd({ lr: 0.1 }), clipnorm: 1 } as never)).rejects.toThrow(/unknown option 'clipnorm' \(did you mean clipNorm\?\)/);
    expect(flat(model)).toEqual(w);
    model.dispose();
  });
});
