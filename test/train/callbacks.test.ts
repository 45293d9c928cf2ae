// earlyStopping: patience counting, restore-best-weights, and refusal of impossible monitors before training.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend/index.js';
import { mlp, sgd } from '../../src/index.js';
import { earlyStopping, reduceLrOnPlateau } from '../../src/index.js';
import { makeMoons } from '../../src/data/moons.js';
import { tinyData } from '../nn/reference.js';

describe('earlyStopping', () => {
  it('stops patience+1 epochs after the best valLoss and restores the best weights', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(60, 2);
    const flipped = cls.map((c) => 1 - c); // validation labels opposite to training: valLoss rises as training succeeds
    const m = mlp(3, [8, 2], { seed: 0 });
    const seen: ReturnType<typeof m.getWeights>[] = [];
    const h = await m.fit(x, cls, {
      loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.5 }), epochs: 200, batchSize: 60, validationData: [x, flipped],
      onEpochEnd: () => { seen.push(m.getWeights()); },
      callbacks: [earlyStopping({ monitor: 'valLoss', patience: 4, restoreBestWeights: true })],
    });
    const best = h.valLoss!.indexOf(Math.min(...h.valLoss!));
    expect(h.bestEpoch).toBe(best);
    expect(h.epochs).toBe(best + 4 + 2);
    expect(h.stoppedBy).toBe('earlyStopping');
    expect(m.getWeights()).toEqual(seen[best]);
    m.dispose();
  });

  it('runs to the end while the monitor keeps improving', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(60, 2);
    const m = mlp(3, [8, 2], { seed: 0 });
    const h = await m.fit(x, cls, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), epochs: 30, batchSize: 60,
      callbacks: [earlyStopping({ monitor: 'loss', patience: 2 })] });
    expect([h.epochs, h.stoppedBy, h.bestEpoch]).toEqual([30, 'end', 29]);
    m.dispose();
  });

  it('refuses valLoss without validation data, and accuracy for mse, before any change', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(20, 2);
    const m = mlp(3, [4, 1], { seed: 0 });
    const before = m.getWeights();
    await expect(m.fit(x, cls, { loss: 'mse', optimizer: sgd({ lr: 0.1 }), callbacks: [earlyStopping()] })).rejects.toThrow(/needs validationData/);
    await expect(m.fit(x, cls, { loss: 'mse', optimizer: sgd({ lr: 0.1 }), callbacks: [earlyStopping({ monitor: 'accuracy' })] })).rejects.toThrow(/mse has no accuracy/);
    expect(() => earlyStopping({ monitor: 'f1' as 'loss' })).toThrow(TypeError);
    expect(m.getWeights()).toEqual(before);
    m.dispose();
  });
});

describe('reduceLrOnPlateau', () => {
  const info = { hasValidation: true, hasAccuracy: true };
  /** The factor after each epoch of a monitored series, with the optimizer's own rate fixed at `lr`. */
  function factors(series: number[], o: Parameters<typeof reduceLrOnPlateau>[0], lr = 0.1): number[] {
    const cb = reduceLrOnPlateau(o);
    cb.onTrainBegin!(null as never, info);
    return series.map((v, epoch) => {
      cb.onEpochEnd!(epoch, { loss: v, valLoss: v, lr: lr * cb.learningRateFactor!() }, null as never);
      return cb.learningRateFactor!();
    });
  }

  it("follows Keras's rule: reduce after `patience` epochs without an improvement of minDelta, then cool down", () => {
    // improves for 2 epochs, then flat: with patience 2 the factor halves after epochs 3 and 4 without improvement
    expect(factors([1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], { factor: 0.5, patience: 2 })).toEqual([1, 1, 1, 0.5, 0.5, 0.25, 0.25]);
    // cooldown 2, as Keras's callback traces it: the counter is set to 2 at a reduction and decremented at the start of
    // each later epoch; counting resumes in the epoch where it reaches 0 (epochs 1, 3, 5, 7 reduce)
    expect(factors([1, 1, 1, 1, 1, 1, 1, 1], { factor: 0.5, patience: 1, cooldown: 2 })).toEqual([1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625]);
    // an improvement smaller than minDelta (1e-4) is not one: 0.99995 and 0.9999 are not below 1 − 1e-4, 0.9998 is
    expect(factors([1, 0.99995, 0.9999, 0.9998], { factor: 0.5, patience: 1 })).toEqual([1, 0.5, 0.25, 0.25]);
    // never below minLr
    factors([1, 1, 1, 1, 1], { factor: 0.1, patience: 1, minLr: 0.002 }).forEach((f, i) => expect(f).toBeCloseTo([1, 0.1, 0.02, 0.02, 0.02][i], 12));
    // accuracies must rise
    const acc = reduceLrOnPlateau({ monitor: 'accuracy', patience: 1, factor: 0.5 });
    acc.onTrainBegin!(null as never, info);
    for (const [e, a] of [0.5, 0.6, 0.6].entries()) acc.onEpochEnd!(e, { loss: 1, accuracy: a, lr: 0.1 }, null as never);
    expect(acc.learningRateFactor!()).toBe(0.5);
  });

  it('in fit: history.lr shows the reduced rates; bad options and unusable monitors are refused', async () => {
    setBackend('ts');
    const { x, y } = makeMoons(40, { noise: 0.3, seed: 0 });
    const m = mlp(2, [4, 2], { seed: 0 });
    const frozen = { kind: 'sgd' as const, lr: 0.2, rateAt: () => 0.2, update() {} }; // nothing changes: a plateau
    const h = await m.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: frozen, epochs: 5, batchSize: 40, callbacks: [reduceLrOnPlateau({ monitor: 'loss', patience: 1, factor: 0.5 })] });
    expect(h.lr).toEqual([0.2, 0.2, 0.1, 0.05, 0.025]);
    expect(() => reduceLrOnPlateau({ factor: 1 })).toThrow(/factor must be < 1, got 1/);
    expect(() => reduceLrOnPlateau({ min_lr: 0.1 } as never)).toThrow(/unknown option 'min_lr' \(did you mean minLr\?\)/);
    await expect(m.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: frozen, callbacks: [reduceLrOnPlateau()] })).rejects.toThrow(/monitor 'valLoss' needs validationData/);
    m.dispose();
  });
});
