// simpleRnn, lstm, gru and timeDistributed as layers: shapes and their errors, options refused, Keras's weight layout, initializers, configs and files.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../src/backend/index.js';
import { adam, dense, gru, layerFromConfig, loadModel, lstm, relu, sequential, simpleRnn, tanh, timeDistributed } from '../../src/index.js';
import { ShapeMismatch } from '../../src/nn/layer.js';
import { Random } from '../../src/random.js';
import { availableBackends } from './reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

const rows = (n: number, cols: number, rng: Random): number[][] => Array.from({ length: n }, () => Array.from({ length: cols }, () => rng.uniform(-1, 1)));

describe('shapes', () => {
  it('[steps, features] in; [units] out, or [steps, units] with returnSequences', () => {
    setBackend('ts');
    const m = sequential([lstm({ units: 7, inputShape: [5, 3], returnSequences: true }), gru({ units: 4 }), dense(2)]);
    expect(m.layers.map((l) => l.outputShape)).toEqual([[5, 7], [4], [2]]);
    expect([m.inputSize, m.outputSize]).toEqual([15, 2]);
    expect(m.predict(rows(6, 15, new Random(0)))).toHaveLength(6);
    m.dispose();
  });

  it('a layer that does not fit says so, naming the layer and the shapes', () => {
    setBackend('ts');
    expect(() => lstm({ units: 32 }).configure([64])).toThrow(new ShapeMismatch('lstm(32)', 'expects [steps, features] input, got [64]'));
    expect(() => lstm({ units: 32 }).configure([64])).toThrow('lstm(32): expects [steps, features] input, got [64]');
    expect(() => sequential([dense(64, 8), gru({ units: 32 })])).toThrow('sequential: layer 1 (gru(32)) expects [steps, features] input, got [8]');
    expect(() => sequential([simpleRnn({ units: 3, inputShape: [4, 2] }), simpleRnn({ units: 3 })])).toThrow(/layer 1 \(simpleRnn\(3\)\) expects \[steps, features\] input, got \[3\]/);
    expect(() => sequential([lstm({ units: 3, inputShape: [4, 2] }), dense(2, 1)])).toThrow(/dense\(2→1\).*expects input \[2\], got \[3\]/);
    expect(() => sequential([lstm({ units: 3, inputShape: [4, 2], returnSequences: true }), dense(1)])).toThrow(/layer 1 \(dense\(1\)\) expects \[features\] input, got \[4, 3\]/);
  });

  it('options are checked: unknown names, wrong kinds (TypeError) and values (RangeError)', () => {
    expect(() => lstm({ units: 4, return_sequences: true } as never)).toThrow(new TypeError("lstm: unknown option 'return_sequences' (did you mean returnSequences?)"));
    expect(() => lstm({ units: 4, dropout: 0.2 } as never)).toThrow(/lstm: unknown option 'dropout'; known options: units, inputShape/);
    expect(() => lstm({ units: 0 })).toThrow(RangeError);
    expect(() => gru({ units: '8' } as never)).toThrow(TypeError);
    expect(() => lstm(undefined as never)).toThrow(/lstm: expects options \{ units, … \}/);
    expect(() => lstm({ units: 4, inputShape: [10] })).toThrow(new RangeError('lstm(4): inputShape must be [steps, features] (two positive integers), got [10]'));
    expect(() => lstm({ units: 4, inputShape: '10' as never })).toThrow(TypeError);
    expect(() => lstm({ units: 4, recurrentActivation: 'hardSigmoid' as never })).toThrow(/lstm\(4\): recurrentActivation "hardSigmoid" is not supported; only 'sigmoid'/);
    expect(() => gru({ units: 4, activation: 'relu' as never })).toThrow(/gru\(4\): activation "relu" is not supported; only 'tanh'/);
    expect(() => simpleRnn({ units: 4, activation: 'sigmoid' as never })).toThrow(/activation must be 'tanh' or 'relu'/);
    expect(() => lstm({ units: 4, returnSequences: 1 as never })).toThrow(TypeError);
    expect(() => gru({ units: 4, recurrentInit: 'identity' as never })).toThrow(/unknown recurrentInit "identity"; expected 'orthogonal' or one of/);
    expect(() => timeDistributed({} as never)).toThrow(/timeDistributed: expects a layer/);
    expect(() => timeDistributed(timeDistributed(dense(2)))).toThrow(/not another timeDistributed/);
    expect(() => sequential([timeDistributed(dense(3), { inputShape: [5, 2] }), timeDistributed(dense(4, 2))])).toThrow(/each step is \[3\], dense\(4→2\) expects \[4\]/);
  });
});

describe('weights as Keras and TensorFlow.js lay them out', () => {
  it('W [features × G·units], U [units × G·units], b [G·units]; GRU resetting after: b [2 × 3·units]', () => {
    setBackend('ts');
    const cases = [[simpleRnn({ units: 3 }), 1], [lstm({ units: 3 }), 4], [gru({ units: 3, resetAfter: false }), 3]] as const;
    for (const [layer, g] of cases) {
      const m = sequential([layer], { inputShape: [6, 5] });
      const w = m.getWeights()[0] as unknown as Record<'W' | 'U', number[][]> & { b: number[] };
      expect(Object.keys(w)).toEqual(['W', 'U', 'b']);
      expect([w.W.length, w.W[0].length, w.U.length, w.U[0].length, w.b.length], String(layer)).toEqual([5, 3 * g, 3, 3 * g, 3 * g]);
      m.dispose();
    }
    const m = sequential([gru({ units: 3 })], { inputShape: [6, 5] });
    const b = m.getWeights()[0].b as unknown as number[][];
    expect([b.length, b[0].length]).toEqual([2, 9]);
    expect(m.summary().rows[0].params).toBe(5 * 9 + 3 * 9 + 18);
    m.dispose();
  });

  it("initialization: glorot W, orthogonal U (U·Uᵀ = I), zero bias with LSTM's forget block at 1 (unitForgetBias)", () => {
    setBackend('ts');
    const m = sequential([lstm({ units: 6, inputShape: [2, 4] })], { seed: 3 });
    const { W, U, b } = m.getWeights()[0] as unknown as Record<'W' | 'U', number[][]> & { b: number[] };
    const limit = Math.sqrt(6 / (4 + 24));
    expect(W.flat().every((v) => Math.abs(v) <= limit)).toBe(true);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        const dot = U[i].reduce((s, v, k) => s + v * U[j][k], 0);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 6);
      }
    }
    expect(b).toEqual([...Array(6).fill(0), ...Array(6).fill(1), ...Array(12).fill(0)]);
    const n = sequential([lstm({ units: 6, inputShape: [2, 4], unitForgetBias: false, recurrentInit: 'glorot' })], { seed: 3 });
    expect(n.getWeights()[0].b.every((v) => v === 0)).toBe(true);
    m.dispose();
    n.dispose();
  });

  it('setWeights takes the documented form back, checking every shape', () => {
    setBackend('ts');
    const m = sequential([gru({ units: 2, inputShape: [3, 1] })]);
    const w = m.getWeights();
    m.setWeights(w);
    expect(m.getWeights()).toEqual(w);
    expect(() => m.setWeights([{ ...w[0], b: Array(6).fill(0) }])).toThrow(/layer 0 \(gru\(2\)\) b has 6 values, expected 12 \(2×6\)/);
    expect(() => m.setWeights([{ W: w[0].W, U: w[0].U, b: w[0].b, kernel: [] } as never])).toThrow(/has no weight 'kernel'; its weights are W, U, b/);
    m.dispose();
  });
});

describe('configs and model files', () => {
  it('every layer rebuilds from its config; a saved model loads with the same outputs (every backend)', async () => {
    for (const name of backends) {
      setBackend(name);
      const m = sequential([
        simpleRnn({ units: 4, inputShape: [5, 2], returnSequences: true, activation: 'relu' }),
        gru({ units: 3, returnSequences: true, resetAfter: false }),
        lstm({ units: 4, returnSequences: true }),
        timeDistributed(dense(3)), tanh(), gru({ units: 2 }), dense(1),
      ], { seed: 2 });
      const configs = m.layers.map((l) => l.config());
      expect(configs.slice(0, 4)).toEqual([
        { kind: 'simpleRnn', units: 4, returnSequences: true, activation: 'relu' },
        { kind: 'gru', units: 3, returnSequences: true, resetAfter: false },
        { kind: 'lstm', units: 4, returnSequences: true },
        { kind: 'timeDistributed', layer: { kind: 'dense', units: 3 } },
      ]);
      expect(configs.map((c) => String(layerFromConfig(c)))).toEqual(m.layers.map(String).map((s) => s.replace('dense(4→3)', 'dense(3)').replace('dense(2→1)', 'dense(1)')));
      const x = rows(7, 10, new Random(1));
      await m.fit(x, x.map((r) => [r[0] * r[9]]), { loss: 'mse', optimizer: adam({ lr: 0.01 }), epochs: 2, batchSize: 4 });
      const again = loadModel(m.save());
      expect(again.predict(x)).toEqual(m.predict(x));
      expect(again.getWeights()).toEqual(m.getWeights());
      m.dispose();
      again.dispose();
    }
  });

  it('configs are checked like options', () => {
    expect(() => layerFromConfig({ kind: 'lstm', units: 3 })).toThrow(/layerFromConfig \(lstm\): missing option 'returnSequences'/);
    expect(() => layerFromConfig({ kind: 'lstm', units: 3, returnSequences: false, peepholes: true })).toThrow(/unknown option 'peepholes'/);
    expect(() => layerFromConfig({ kind: 'timeDistributed', layer: { kind: 'timeDistributed', layer: { kind: 'relu' } } })).toThrow(/not another timeDistributed/);
    expect(() => layerFromConfig({ kind: 'timeDistributed', layer: 3 as never })).toThrow(/a layer config must be an object, got number/);
  });
});

describe('timeDistributed', () => {
  it('applies one dense layer to every step: the same as the dense layer on each step alone (every backend)', () => {
    for (const name of backends) {
      setBackend(name);
      const td = sequential([timeDistributed(dense(3, { init: 'normal', bias: 'init' }), { inputShape: [4, 2] }), relu()], { seed: 5 });
      const single = sequential([dense(2, 3), relu()]);
      single.setWeights(td.getWeights());
      const x = rows(3, 8, new Random(4));
      const y = td.predict(x);
      for (let r = 0; r < 3; r++) {
        for (let t = 0; t < 4; t++) expect(y[r].slice(3 * t, 3 * t + 3)).toEqual(single.predict([x[r].slice(2 * t, 2 * t + 2)])[0]);
      }
      expect(getBackend().name).toBe(name);
      td.dispose();
      single.dispose();
    }
  });
});
