// A model's lifetime: StateErrors for calls at the wrong time, memory freed when a model is collected, a short inspect output.
import { inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getBackend, init, setBackend } from '../../src/backend/index.js';
import { StateError } from '../../src/errors.js';
import { dense } from '../../src/nn/dense.js';
import { relu } from '../../src/nn/activations.js';
import { sgd } from '../../src/nn/optimizers.js';
import { mlp, sequential } from '../../src/model/sequential.js';
import { makeMoons } from '../../src/data/moons.js';

beforeAll(async () => { await init(); });

describe('calls at the wrong time are StateErrors naming the call', () => {
  it('predict, fit, save, evaluate, getWeights after dispose()', async () => {
    setBackend('wasm');
    const m = mlp(2, [3, 2], { seed: 0 });
    m.dispose();
    for (const [name, call] of [
      ['predict', () => m.predict([[0, 1]])], ['save', () => m.save()], ['getWeights', () => m.getWeights()],
      ['evaluate', () => m.evaluate([[0, 1]], [1], { loss: 'softmaxCrossEntropy' })], ['summary', () => m.summary()],
    ] as const) {
      expect(call, name).toThrow(StateError);
      expect(call, name).toThrow(`${name}: the model was disposed`);
    }
    await expect(m.fit([[0, 1]], [1], { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }) })).rejects.toThrow(StateError);
    expect(() => m.dispose()).not.toThrow(); // twice is fine
  });

  it('dispose() and a second fit() while fit runs; a layer reused in a second model', async () => {
    setBackend('wasm');
    const { x, y } = makeMoons(64, { seed: 0 });
    const m = mlp(2, [4, 2], { seed: 0 });
    const running = m.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), epochs: 3, batchSize: 8, yieldEvery: 0 });
    expect(() => m.dispose()).toThrow(StateError);
    expect(() => m.dispose()).toThrow(/dispose: the model is training; set model.stopTraining = true and await fit first/);
    await expect(m.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }) })).rejects.toThrow(/fit: this model is already training/);
    await running;
    m.dispose();
    const layer = dense(2, 2);
    const first = sequential([layer]);
    expect(() => sequential([layer, relu()])).toThrow(StateError);
    expect(() => sequential([layer, relu()])).toThrow(/dense\(2→2\) already belongs to a model; create a new layer for each model/);
    first.dispose();
  });

  it('a model before any backend is chosen', async () => {
    vi.resetModules();
    const fresh = await import('../../src/index.js');
    expect(() => fresh.mlp(2, [2])).toThrow(fresh.StateError);
    expect(() => fresh.mlp(2, [2])).toThrow(/no backend selected; call `await init\(\)`/);
  });
});

describe('memory of models nobody disposed', () => {
  it('is freed once they are garbage-collected (dispose() stays the immediate way)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    setBackend('wasm');
    const be = getBackend();
    const before = be.liveBuffers();
    (() => {
      for (let i = 0; i < 50; i++) mlp(16, [32, 32, 4], { seed: i }).predict([new Array(16).fill(0.5)]);
    })();
    expect(be.liveBuffers()).toBeGreaterThan(before + 50 * 6);
    for (let i = 0; i < 20 && be.liveBuffers() > before; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10)); // finalizers run in a later task
    }
    expect(be.liveBuffers()).toBe(before);
  });
});

describe('inspect', () => {
  it('shows the layers and the parameter count, not the internals', () => {
    setBackend('ts');
    const m = mlp(784, [128, 64, 10], { seed: 0 });
    const text = inspect(m);
    expect(text).toBe('Sequential dense(784→128) → relu → dense(128→64) → relu → dense(64→10) (109,386 parameters, ts backend)');
    m.dispose();
    expect(inspect(m)).toBe('Sequential (disposed)');
  });
});
