// Sequential and mlp(): topology, seeded initialization, weights in/out with checked shapes, memory ownership.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../src/backend/index.js';
import { dense, leakyRelu, mlp, relu, sequential, sgd, sigmoid, tanh } from '../../src/index.js';
import { availableBackends, maxRelDiff, refForward, refGradients, tinyData } from '../nn/reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

describe('mlp and sequential', () => {
  it('mlp builds dense layers with the activation between them and a linear last layer', () => {
    setBackend('ts');
    const m = mlp(2, [16, 16, 1], { activation: 'tanh', seed: 0 });
    expect(String(m)).toBe('dense(2→16) → tanh → dense(16→16) → tanh → dense(16→1)');
    expect([m.inputSize, m.outputSize]).toEqual([2, 1]);
    m.dispose();
  });

  it('same seed → identical weights; different seed → different', () => {
    setBackend('ts');
    const a = mlp(3, [4, 2], { seed: 5 }), b = mlp(3, [4, 2], { seed: 5 }), c = mlp(3, [4, 2], { seed: 6 });
    expect(a.getWeights()).toEqual(b.getWeights());
    expect(a.getWeights()).not.toEqual(c.getWeights());
    for (const m of [a, b, c]) m.dispose();
  });

  it('initializers draw from their stated distributions', () => {
    setBackend('ts');
    const stats = (init: 'uniform' | 'normal' | 'standardNormal' | 'glorot' | 'he') => {
      const m = sequential([dense(50, 40, { init })], { seed: 1 });
      const w = m.getWeights()[0].W.flat();
      m.dispose();
      const mean = w.reduce((s, v) => s + v, 0) / w.length;
      const sd = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
      return { mean, sd, max: Math.max(...w.map(Math.abs)) };
    };
    const u = stats('uniform');
    expect(u.max).toBeLessThanOrEqual(1);
    expect(u.sd).toBeCloseTo(1 / Math.sqrt(3), 1);
    expect(stats('normal').sd).toBeCloseTo(1 / Math.sqrt(50), 2);
    expect(stats('standardNormal').sd).toBeCloseTo(1, 1);
    expect(stats('glorot').max).toBeLessThanOrEqual(Math.sqrt(6 / 90));
    expect(stats('he').sd).toBeCloseTo(Math.sqrt(2 / 50), 2);
  });

  it('predict matches an f64 forward pass, and chunks beyond 1024 rows agree', () => {
    setBackend('ts');
    const m = sequential([dense(3, 8), relu(), dense(8, 2)], { seed: 2 });
    const { x } = tinyData(2500, 3);
    const ws = m.getWeights();
    const ref = refForward([{ kind: 'dense', ...ws[0] }, { kind: 'relu' }, { kind: 'dense', ...ws[1] }], x).at(-1)!;
    const out = m.predict(x);
    expect(out.length).toBe(2500);
    let worst = 0;
    out.forEach((row, r) => row.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - ref[r][j])); }));
    expect(worst).toBeLessThan(1e-5);
    const flat = m.predict({ data: Float32Array.from(x.flat()), shape: [2500, 3] });
    expect(Array.from(flat.data)).toEqual(out.flat());
    expect(m.predictClasses(x.slice(0, 5))).toEqual(out.slice(0, 5).map((r) => (r[1] > r[0] ? 1 : 0)));
    m.dispose();
  });

  it('setWeights checks every shape before writing anything', () => {
    setBackend('ts');
    const m = mlp(2, [3, 2], { seed: 0 });
    const before = m.getWeights();
    const bad = structuredClone(before);
    bad[1].W = [[1, 2, 3], [4, 5, 6]]; // 2×3 instead of 3×2
    expect(() => m.setWeights(bad)).toThrow(/layer 1 \(dense\(3→2\)\) W has 2 rows, expected 3×2/);
    expect(() => m.setWeights([before[0]])).toThrow(RangeError);
    const nan = structuredClone(before);
    nan[0].b[1] = NaN;
    expect(() => m.setWeights(nan)).toThrow(/non-finite/);
    expect(m.getWeights()).toEqual(before);
    const flat = [{ W: new Float32Array([1, 2, 3, 4, 5, 6]), b: [0, 0, 1] }, { W: { data: new Float32Array(6).fill(0.5), shape: [3, 2] }, b: new Float32Array([1, -1]) }];
    m.setWeights(flat);
    expect(m.getWeights()[0]).toEqual({ W: [[1, 2, 3], [4, 5, 6]], b: [0, 0, 1] });
    m.dispose();
  });

  it('bad input is refused with the layer and the shapes named', () => {
    setBackend('ts');
    const m = sequential([dense(784, 128), relu(), dense(128, 10)]);
    expect(() => m.predict([new Array(783).fill(0)])).toThrow('dense(784→128): input has 783 columns, expected 784');
    expect(() => m.predict([[1, 2], [3]])).toThrow(RangeError);
    expect(() => sequential([dense(2, 3), dense(4, 1)])).toThrow('sequential: layer 1 (dense(4→1)) expects input [4], got [3]');
    expect(() => mlp(2, [])).toThrow(TypeError);
    expect(() => mlp(2, [3, 1], { activation: 'swish' as 'relu' })).toThrow(/unknown activation "swish"/);
    const layer = dense(2, 2);
    const first = sequential([layer]);
    expect(() => sequential([layer])).toThrow(/already belongs to a model/);
    first.dispose();
    m.dispose();
  });

  it('a steady-state step allocates nothing; dispose frees everything', async () => {
    for (const name of backends) {
      setBackend(name);
      const be = getBackend();
      const start = be.liveBuffers();
      const { x, cls } = tinyData(100, 4);
      const m = mlp(3, [8, 8, 2], { activation: 'tanh', seed: 0 });
      const counts: number[] = [];
      await m.fit(x, cls, {
        loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), batchSize: 30, epochs: 125, l2: 1e-3,
        validationData: [x.slice(0, 20), cls.slice(0, 20)],
        onBatchEnd: (step) => { if (step === 1 || step === 499) counts.push(be.liveBuffers()); },
      });
      expect(counts).toHaveLength(2);
      expect(counts[1], name).toBe(counts[0]);
      m.predict(x);
      m.evaluate(x, cls);
      const afterTraining = be.liveBuffers();
      m.predict(x);
      m.evaluate(x, cls);
      m.gradients(x, cls);
      expect(be.liveBuffers()).toBe(afterTraining); // temporaries freed
      m.dispose();
      expect(be.liveBuffers(), name).toBe(start);
      expect(() => m.predict(x)).toThrow(/disposed/);
    }
  });

  it('dense → relu / tanh / sigmoid run as one fused kernel each (leakyRelu and a last dense do not), matching the f64 forward', () => {
    for (const name of backends) {
      setBackend(name);
      const be = getBackend() as unknown as Record<string, (...a: unknown[]) => unknown>;
      const m = sequential([dense(3, 5), tanh(), dense(5, 4), relu(), dense(4, 6), sigmoid(), dense(6, 3), leakyRelu(0.1), dense(3, 2)], { seed: 4 });
      const calls: string[] = [];
      const names = ['matmulBias', 'matmulBiasRelu', 'matmulBiasTanh', 'matmulBiasSigmoid', 'relu', 'tanh', 'sigmoid', 'leakyRelu'];
      const saved = names.map((n) => be[n]);
      names.forEach((n, i) => { be[n] = (...a: unknown[]) => { calls.push(n); return saved[i](...a); }; });
      const { x } = tinyData(37, 3);
      let out: number[][];
      try {
        out = m.predict(x);
      } finally {
        names.forEach((n, i) => { be[n] = saved[i]; });
      }
      expect(calls, name).toEqual(['matmulBiasTanh', 'matmulBiasRelu', 'matmulBiasSigmoid', 'matmulBias', 'leakyRelu', 'matmulBias']);
      const ws = m.getWeights();
      const ref = refForward([
        { kind: 'dense', ...ws[0] }, { kind: 'tanh' }, { kind: 'dense', ...ws[1] }, { kind: 'relu' }, { kind: 'dense', ...ws[2] },
        { kind: 'sigmoid' }, { kind: 'dense', ...ws[3] }, { kind: 'leakyRelu', alpha: 0.1 }, { kind: 'dense', ...ws[4] },
      ], x).at(-1)!;
      let worst = 0;
      out.forEach((row, r) => row.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - ref[r][j])); }));
      expect(worst, name).toBeLessThan(1e-5);
      m.dispose();
    }
  });

  it('backward: a dense above relu / tanh / sigmoid computes dX ⊙ f′ in one kernel, dW and db in one; the same bits as the separate kernels, and the f64 gradients', () => {
    for (const name of backends) {
      setBackend(name);
      const be = getBackend() as unknown as Record<string, (...a: unknown[]) => unknown>;
      const m = sequential([dense(3, 5), tanh(), dense(5, 4), relu(), dense(4, 6), sigmoid(), dense(6, 3), leakyRelu(0.1), dense(3, 2)], { seed: 4 });
      const { x, cls } = tinyData(37, 3);
      const names = ['matmulTransA', 'matmulTransAColSum', 'matmulTransB', 'matmulTransBReluBackward', 'matmulTransBTanhBackward', 'matmulTransBSigmoidBackward', 'colSum', 'reluBackward', 'tanhBackward', 'sigmoidBackward', 'leakyReluBackward'];
      const calls: string[] = [];
      const saved = names.map((n) => be[n]);
      names.forEach((n, i) => { be[n] = (...a: unknown[]) => { calls.push(n); return saved[i](...a); }; });
      let fusedGrads, plainGrads;
      try {
        fusedGrads = m.gradients(x, cls, { loss: 'softmaxCrossEntropy' });
        expect(calls, name).toEqual(['matmulTransAColSum', 'matmulTransB', 'leakyReluBackward', 'matmulTransAColSum', 'matmulTransBSigmoidBackward',
          'matmulTransAColSum', 'matmulTransBReluBackward', 'matmulTransAColSum', 'matmulTransBTanhBackward', 'matmulTransAColSum']);
        // the same backward with the pairing switched off: each activation's own backward, dX alone
        (m as unknown as { fusedBack: boolean[] }).fusedBack.fill(false);
        calls.length = 0;
        plainGrads = m.gradients(x, cls, { loss: 'softmaxCrossEntropy' });
        expect(calls, name).toContain('sigmoidBackward');
      } finally {
        names.forEach((n, i) => { be[n] = saved[i]; });
      }
      expect(fusedGrads, name).toEqual(plainGrads);
      const ws = m.getWeights();
      const t = cls.map((c) => [0, 1].map((j) => (c === j ? 1 : 0)));
      const ref = refGradients([
        { kind: 'dense', ...ws[0] }, { kind: 'tanh' }, { kind: 'dense', ...ws[1] }, { kind: 'relu' }, { kind: 'dense', ...ws[2] },
        { kind: 'sigmoid' }, { kind: 'dense', ...ws[3] }, { kind: 'leakyRelu', alpha: 0.1 }, { kind: 'dense', ...ws[4] },
      ], x, t, 'softmaxCrossEntropy');
      fusedGrads.grads.forEach((g, l) => {
        expect(maxRelDiff(g.W as number[][], ref.grads[l].W), `${name} dW ${l}`).toBeLessThan(1e-4);
        expect(maxRelDiff(g.b as number[], ref.grads[l].b), `${name} db ${l}`).toBeLessThan(1e-4);
      });
      m.dispose();
    }
  });

  it('tanh layers compose like the f64 reference after setWeights', () => {
    setBackend('ts');
    const m = sequential([tanh(), dense(2, 2)]);
    m.setWeights([{ W: [[1, 2], [3, 4]], b: [0.5, -0.5] }]);
    const y = m.predict([[0.3, -0.2]])[0];
    expect(y[0]).toBeCloseTo(Math.tanh(0.3) + 3 * Math.tanh(-0.2) + 0.5, 6);
    expect(y[1]).toBeCloseTo(2 * Math.tanh(0.3) + 4 * Math.tanh(-0.2) - 0.5, 6);
    m.dispose();
  });
});

describe('seeds', () => {
  it('a layer with its own seed gets the same weights wherever it sits', () => {
    setBackend('ts');
    const a = sequential([dense(2, 3), relu(), dense(3, 4, { seed: 42 })], { seed: 0 });
    const b = sequential([dense(2, 5), relu(), dense(5, 3), relu(), dense(3, 4, { seed: 42 })], { seed: 9 });
    expect(a.getWeights()[1]).toEqual(b.getWeights()[2]);
    a.dispose();
    b.dispose();
  });
});
