// fit: training sanity on moons, every option checked before anything changes, non-finite losses, stopping, yielding, determinism.
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, type BackendName } from '../../src/backend/index.js';
import { makeMoons } from '../../src/data/moons.js';
import { adam, dense, linearDecay, mlp, relu, sequential, sgd, sigmoid, tanh } from '../../src/index.js';
import { NonFiniteLossError } from '../../src/index.js';
import { tensor } from '../../src/tensor.js';
import { availableBackends, maxRelDiff, tinyData } from '../nn/reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

describe('fit', () => {
  it('moons: an mlp reaches high accuracy and the loss falls (both backends)', async () => {
    for (const name of backends) {
      setBackend(name);
      const { x, y } = makeMoons(200, { noise: 0.1, seed: 0 });
      const val = makeMoons(100, { noise: 0.1, seed: 1 });
      const m = mlp(2, [16, 16, 2], { activation: 'relu', init: 'he', seed: 0 });
      const h = await m.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.01 }), epochs: 150, batchSize: 32, validationData: [val.x, val.y] });
      expect(h.epochs).toBe(150);
      expect(h.steps).toBe(150 * 7);
      expect(h.loss.at(-1)!).toBeLessThan(h.loss[0] / 5);
      expect(h.accuracy!.at(-1)!, name).toBeGreaterThan(0.97);
      expect(h.valAccuracy!.at(-1)!, name).toBeGreaterThan(0.95);
      const ev = m.evaluate(val.x, val.y);
      expect(ev.loss).toBeCloseTo(h.valLoss!.at(-1)!, 6);
      expect(ev.accuracy).toBe(h.valAccuracy!.at(-1));
      m.dispose();
    }
  });

  it('training accuracy (counted in a kernel against the shuffled target batch) equals predictClasses on frozen weights', async () => {
    // an optimizer that changes nothing: every batch sees the same weights, so the epoch accuracy must equal
    // the accuracy of predictClasses on the whole data, computed here in JS from the labels
    const frozen = { kind: 'sgd' as const, lr: 1, rateAt: () => 1, update() {} };
    const { x, y } = makeMoons(53, { noise: 0.3, seed: 4 });
    for (const name of backends) {
      setBackend(name);
      const cases = [
        { loss: 'softmaxCrossEntropy' as const, outs: 3, y: y.map((c, i) => (i % 5 === 0 ? 2 : c)), truth: (c: number) => c },
        { loss: 'sigmoidCrossEntropy' as const, outs: 1, y: y, truth: (c: number) => c },
        { loss: 'hinge' as const, outs: 1, y: y.map((c) => 2 * c - 1), truth: (c: number) => (c > 0 ? 1 : 0) },
      ];
      for (const c of cases) {
        const m = mlp(2, [5, c.outs], { activation: 'tanh', seed: 3 });
        const pred = m.predictClasses(x);
        const expected = pred.filter((p, i) => p === c.truth(c.y[i])).length / x.length;
        expect(expected, `${c.loss}: a case where accuracy is neither 0 nor 1`).toBeGreaterThan(0);
        expect(expected).toBeLessThan(1);
        const h = await m.fit(x, c.y, { loss: c.loss, optimizer: frozen, epochs: 2, batchSize: 7, shuffle: true, seed: 1 });
        expect(h.accuracy, `${name} ${c.loss}`).toEqual([expected, expected]);
        m.dispose();
      }
    }
  });

  it('a final sigmoid() before sigmoidCrossEntropy is absorbed: history, evaluate and predictClasses count the same accuracy', async () => {
    for (const name of backends) {
      setBackend(name);
      const { x, y } = makeMoons(200, { noise: 0.1, seed: 0 });
      const m = sequential([dense(2, 16), tanh(), dense(16, 1), sigmoid()], { seed: 0 });
      const h = await m.fit(x, y, { loss: 'sigmoidCrossEntropy', optimizer: adam({ lr: 0.02 }), epochs: 300, batchSize: 200 });
      const frozen = await m.fit(x, y, { loss: 'sigmoidCrossEntropy', optimizer: { kind: 'sgd', lr: 1, rateAt: () => 1, update() {} }, epochs: 1, batchSize: 200 });
      const predicted = m.predictClasses(x);
      const byClasses = predicted.filter((p, i) => p === y[i]).length / y.length;
      expect(byClasses, name).toBeGreaterThan(0.95);
      expect(frozen.accuracy![0]).toBe(byClasses);
      expect(m.evaluate(x, y).accuracy).toBe(byClasses);
      expect(h.accuracy!.at(-1)!).toBeGreaterThan(0.9);
      // the loss is binary cross-entropy of the probabilities predict returns (the sigmoid applied once)
      const p = m.predict(x).map((r) => r[0]);
      const bce = p.reduce((s, pi, i) => s - (y[i] ? Math.log(pi) : Math.log(1 - pi)), 0) / p.length;
      expect(m.evaluate(x, y).loss).toBeCloseTo(bce, 4);
      m.dispose();
    }
  });

  it('a squashing output layer a loss cannot follow is refused with the fix named', async () => {
    setBackend('ts');
    const { x, y } = makeMoons(20, { noise: 0.1, seed: 0 });
    const m = sequential([dense(2, 4), tanh(), dense(4, 1), sigmoid()], { seed: 0 });
    await expect(m.fit(x, y, { loss: 'hinge', optimizer: sgd({ lr: 0.1 }) })).rejects.toThrow(/the model ends in sigmoid, which hinge cannot follow: remove the final sigmoid\(\); hinge takes raw scores/);
    const two = sequential([dense(2, 4), tanh(), dense(4, 2), sigmoid()], { seed: 0 });
    await expect(two.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }) })).rejects.toThrow(/remove the final sigmoid\(\); softmaxCrossEntropy takes logits/);
    m.dispose();
    two.dispose();
  });

  it("micrograd's setup: MLP(2, [16, 16, 1]), hinge, linear lr decay, 100 steps → ≥ 95 %", async () => {
    setBackend('ts');
    const { x, y } = makeMoons(100, { noise: 0.1, seed: 0 });
    const m = mlp(2, [16, 16, 1], { activation: 'relu', init: 'uniform', seed: 1337 });
    const h = await m.fit(x, y.map((c) => 2 * c - 1), {
      loss: 'hinge', optimizer: sgd({ lr: linearDecay({ start: 1, end: 0.1, steps: 100 }) }), l2: 2e-4, batchSize: 100, epochs: 100,
    });
    expect(h.accuracy!.at(-1)!).toBeGreaterThanOrEqual(0.95);
    m.dispose();
  });

  it('the epoch loss is the mean batch loss plus (l2/2)·ΣW², taken before the update', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(30, 3);
    const m = sequential([dense(3, 5, { bias: 'init' }), relu(), dense(5, 2, { bias: 'init' })], { seed: 2 });
    const before = m.gradients(x, cls, { loss: 'softmaxCrossEntropy', l2: 0.1 }).loss;
    const ws = m.getWeights().flatMap((l) => l.W.flat());
    const plain = m.gradients(x, cls, { loss: 'softmaxCrossEntropy', l2: 0 }).loss;
    expect(before - plain).toBeCloseTo(0.05 * ws.reduce((s, w) => s + w * w, 0), 6); // weights only, not biases
    const h = await m.fit(x, cls, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), l2: 0.1, epochs: 1, batchSize: 30 });
    expect(h.loss[0]).toBeCloseTo(before, 6);
    m.dispose();
  });

  it('every bad option or input is refused with a typed error, weights unchanged', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(20, 1);
    const m = mlp(3, [4, 2], { seed: 0 });
    const before = m.getWeights();
    const base = { loss: 'softmaxCrossEntropy' as const, optimizer: sgd({ lr: 0.1 }) };
    const cases: [unknown, unknown, object, ErrorConstructor, RegExp][] = [
      [x, cls, { batchSize: 0 }, RangeError, /batchSize must be an integer ≥ 1, got 0/],
      [x, cls, { batchSize: -3 }, RangeError, /batchSize/],
      [x, cls, { epochs: 1.5 }, RangeError, /epochs must be an integer ≥ 1, got 1.5/],
      [x, cls, { epochs: 0 }, RangeError, /epochs/],
      [x, cls, { loss: 'crossentropy' }, TypeError, /unknown loss "crossentropy"/],
      [x, cls, { optimizer: { lr: 0.1 } }, TypeError, /optimizer must be made by sgd/],
      [x, cls, { l2: -1 }, RangeError, /l2 must be ≥ 0/],
      [x, cls, { loss: 'hinge' }, RangeError, /y\[\d+\] is \d; hinge needs labels|1-D but the model has 2 outputs/],
      [[...x.slice(0, 19), [1, NaN, 0]], cls, {}, RangeError, /x has a non-finite value \(NaN\) at row 19, column 1/],
      [[...x.slice(0, 19), [1, 2]], cls, {}, RangeError, /x is ragged: row 19 has 2 values/],
      [{ data: Float32Array.from(x.flat(), (v, i) => (i === 7 ? Infinity : v)), shape: [20, 3] }, cls, {}, RangeError, /fit: x has a non-finite value \(Infinity\) at row 2, column 1/],
      [x, cls, { validationData: [{ data: new Float32Array(60).fill(NaN), shape: [20, 3] }, cls] }, RangeError, /validation x has a non-finite value \(NaN\) at row 0, column 0/],
      [x.map((r) => [...r, 0]), cls, {}, RangeError, /dense\(3→4\): input has 4 columns, expected 3/],
      [x, cls.slice(1), {}, RangeError, /x has 20 rows but y has 19/],
      [[], [], {}, RangeError, /x is empty/],
      [x, cls.map((c) => c + 1), {}, RangeError, /class 2, out of range for a model with 2 outputs/],
      [x, cls.map((c) => c / 2), {}, TypeError, /y\[\d+\] is 0.5; softmaxCrossEntropy needs class indices/],
      [x, [...cls.slice(0, 19), Infinity], {}, TypeError, /y\[19\] is Infinity/],
      [x, cls, { validationData: [x, cls.slice(2)] }, RangeError, /validation x has 20 rows but validation y has 18/],
      [x, cls, { sampling: 'bootstrap' }, TypeError, /sampling must be 'epoch' or 'random'/],
      [x, cls, { learningRate: 5 }, TypeError, /fit: unknown option 'learningRate' \(did you mean optimizer: sgd\(\{ lr \}\)\?\)/],
      [x, cls, { epoch: 5 }, TypeError, /unknown option 'epoch' \(did you mean epochs\?\)/],
      [x, cls, { batchsize: 5 }, TypeError, /unknown option 'batchsize' \(did you mean batchSize\?\)/],
      [x, cls, { callbacks: [42] }, TypeError, /callbacks\[0\] is not a callback/],
      [x, cls, { seed: 1.5 }, RangeError, /seed must be an integer ≥ 0, got 1.5/],
      [x, cls, { shuffle: 'yes' }, TypeError, /shuffle must be true or false/],
    ];
    for (const [xx, yy, o, type, msg] of cases) {
      await expect(m.fit(xx as number[][], yy as number[], { ...base, ...o } as never), JSON.stringify(o)).rejects.toThrow(type);
      await expect(m.fit(xx as number[][], yy as number[], { ...base, ...o } as never)).rejects.toThrow(msg);
    }
    expect(m.getWeights()).toEqual(before);
    m.dispose();
  });

  it('a non-finite loss stops fit naming epoch and step, keeping the last finite weights', async () => {
    setBackend('ts');
    const x = [[1, 2], [3, 4], [-2, 5], [4, -1]];
    const y = [100, -300, 200, 500];
    const m = sequential([dense(2, 8), relu(), dense(8, 1)], { seed: 0 });
    let last = m.getWeights();
    const err = await m.fit(x, y, {
      loss: 'mse', optimizer: sgd({ lr: 5 }), epochs: 1000, batchSize: 2, shuffle: false,
      onBatchEnd: () => { last = m.getWeights(); },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(NonFiniteLossError);
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toMatch(new RegExp(`loss became (Infinity|NaN) at epoch index ${err.epoch} \\(the ${err.epoch + 1}(st|nd|rd|th) epoch\\), step index ${err.step}`));
    expect(err.step).toBe(err.epoch * 2 + (err.step % 2)); // 0-based: 2 batches per epoch
    expect(err.history.epochs).toBe(err.epoch); // the epochs before it are complete
    const final = m.getWeights();
    expect(final).toEqual(last);
    expect(final.flatMap((l) => [...l.W.flat(), ...l.b]).every(Number.isFinite)).toBe(true);
    m.dispose();
  });

  it('stops when onEpochEnd returns false, onBatchEnd returns false, or stopTraining is set', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(40, 5);
    const m = mlp(3, [4, 2], { seed: 0 });
    const opts = { loss: 'softmaxCrossEntropy' as const, optimizer: sgd({ lr: 0.1 }), epochs: 50, batchSize: 10 };
    const a = await m.fit(x, cls, { ...opts, onEpochEnd: (e) => e < 3 });
    expect([a.epochs, a.steps, a.stoppedBy]).toEqual([4, 16, 'callback']);
    const b = await m.fit(x, cls, { ...opts, onBatchEnd: (s) => s !== 5 });
    expect([b.epochs, b.steps]).toEqual([2, 6]);
    const c = await m.fit(x, cls, { ...opts, onBatchEnd: (s) => { if (s === 12) m.stopTraining = true; } });
    expect([c.epochs, c.steps]).toEqual([4, 13]);
    const d = await m.fit(x, cls, opts);
    expect([d.epochs, d.stoppedBy]).toEqual([50, 'end']);
    m.dispose();
  });

  it("sampling: 'random' takes `steps` random batches, one history entry each", async () => {
    setBackend('ts');
    const { x, cls } = tinyData(50, 6);
    const m = mlp(3, [4, 1], { seed: 0 });
    const h = await m.fit(x, cls, { loss: 'sigmoidCrossEntropy', optimizer: sgd({ lr: 0.5 }), sampling: 'random', batchSize: 16, steps: 7 });
    expect([h.epochs, h.steps, h.loss.length, h.accuracy!.length]).toEqual([7, 7, 7, 7]);
    m.dispose();
  });

  it('gives the event loop a turn while training (yieldEvery 0: after every batch; Infinity: never)', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(50, 6);
    const m = mlp(3, [4, 2], { seed: 0 });
    const turnsSeen = async (yieldEvery: number): Promise<number[]> => {
      // a macrotask queued before fit runs at fit's first turn, and not before: no timing involved
      let fired = false;
      setImmediate(() => { fired = true; });
      const seen: number[] = [];
      await m.fit(x, cls, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), epochs: 2, batchSize: 10, yieldEvery,
        onBatchEnd: (step) => { if (fired && seen.length === 0) seen.push(step); } });
      await new Promise((r) => setImmediate(r));
      return seen;
    };
    expect(await turnsSeen(0)).toEqual([1]); // the turn after batch 0
    expect(await turnsSeen(Infinity)).toEqual([]); // never during fit
    m.dispose();
  });

  it('same seeds → identical weights; the two backends agree after 60 shuffled mini-batch steps', async () => {
    const { x, cls } = tinyData(64, 9);
    const train = async (name: BackendName) => {
      setBackend(name);
      const m = mlp(3, [16, 8, 3], { activation: 'tanh', seed: 3 });
      await m.fit(x, cls.map((c, i) => (c + (i % 2)) % 3), { loss: 'softmaxCrossEntropy', optimizer: momentum_(), l2: 1e-3, epochs: 15, batchSize: 16, seed: 4 });
      const w = m.getWeights();
      m.dispose();
      return w;
    };
    const momentum_ = () => adam({ lr: 0.01 });
    expect(await train('ts')).toEqual(await train('ts'));
    if (backends.includes('wasm')) {
      expect(await train('wasm')).toEqual(await train('wasm'));
      const [a, b] = [await train('ts'), await train('wasm')];
      const flat = (w: typeof a) => w.flatMap((l) => [...l.W.flat(), ...l.b]);
      expect(maxRelDiff(flat(a), flat(b), 1e-2)).toBeLessThan(1e-3);
    }
  });
});

describe('fit with other input forms and from inside callbacks', () => {
  it('accepts { data, shape }, Tensors and typed label arrays', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(24, 3);
    const m = mlp(3, [4, 2], { seed: 0 });
    const flat = { data: Float32Array.from(x.flat()), shape: [24, 3] as [number, number] };
    const a = await m.fit(flat, Int32Array.from(cls), { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), batchSize: 8 });
    const t = tensor(x);
    const b = await m.fit(t, Uint8Array.from(cls), { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), batchSize: 8 });
    expect([a.steps, b.steps]).toEqual([3, 3]);
    t.dispose();
    m.dispose();
  });

  it('predict on a large grid inside onEpochEnd (buffers grow mid-fit) keeps validation correct; concurrent fit refused', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(40, 3);
    const grid = tinyData(3000, 9).x;
    const m = mlp(3, [6, 2], { seed: 0 });
    const opts = { loss: 'softmaxCrossEntropy' as const, optimizer: sgd({ lr: 0.1 }), batchSize: 8, epochs: 3, validationData: [x, cls] as [number[][], number[]] };
    // yieldEvery 0: the first fit awaits after every batch, so it is still running when the second one starts
    // (with the default 10 ms a fast machine finished all 3 epochs synchronously and the refusal never happened)
    const running = m.fit(x, cls, { ...opts, yieldEvery: 0, onEpochEnd: () => { m.predict(grid); } });
    await expect(m.fit(x, cls, opts)).rejects.toThrow(/already training/);
    const h = await running;
    expect(m.capacity).toBe(1024);
    expect(h.valLoss!.at(-1)).toBeCloseTo(m.evaluate(x, cls).loss, 6);
    m.dispose();
  });
});

describe('hinge labels', () => {
  it('0/1 labels train exactly like ±1 labels', async () => {
    setBackend('ts');
    const { x, cls } = tinyData(30, 4);
    const run = async (y: number[]) => {
      const m = mlp(3, [5, 1], { seed: 1 });
      await m.fit(x, y, { loss: 'hinge', optimizer: sgd({ lr: 0.1 }), epochs: 5, batchSize: 10 });
      const w = m.getWeights();
      m.dispose();
      return w;
    };
    expect(await run(cls)).toEqual(await run(cls.map((c) => 2 * c - 1)));
  });
});
