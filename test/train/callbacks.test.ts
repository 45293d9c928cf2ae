// earlyStopping: patience counting, restore-best-weights, and refusal of impossible monitors before training.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend/index.js';
import { mlp, sgd } from '../../src/index.js';
import { earlyStopping } from '../../src/index.js';
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
