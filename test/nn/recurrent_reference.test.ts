// The recurrent layers against f64 code written from the Keras equations: predictions within derived error bounds, gradients against central differences of the f64 loss, gradCheck, and a step that allocates nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../src/backend/index.js';
import { adam, dense, gradCheck, gru, lstm, sequential, simpleRnn, tanh, timeDistributed, type Layer } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { outsideBound, type E } from '../backend/recurrent/bounds.js';
import { gruSequence } from '../backend/recurrent/gru_ref.js';
import { lstmSequence, project, rnnSequence, type Dims } from '../backend/recurrent/lstm_ref.js';
import { availableBackends } from './reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

/** A layer kind, its gate count, how b is shaped, and its f64 forward (x·W + b, then the recurrence) from the reference cells. */
interface Kind {
  name: string;
  gates: number;
  make: (o: { units: number; inputShape: number[]; returnSequences: boolean }) => Layer;
  bias: (u: number) => number[];
  ref: (x: ArrayLike<number>, w: Weights, d: Dims, F: number) => E[];
}
interface Weights { W: Float64Array; U: Float64Array; b: Float64Array }

const KINDS: Kind[] = [
  { name: 'lstm', gates: 4, make: (o) => lstm(o), bias: (u) => [4 * u],
    ref: (x, w, d, F) => lstmSequence(project(x, w.W, w.b, d.batch * d.steps, F, 4 * d.units), w.U, d).y },
  { name: 'gru (reset after)', gates: 3, make: (o) => gru(o), bias: (u) => [2, 3 * u],
    ref: (x, w, d, F) => gruSequence(project(x, w.W, w.b, d.batch * d.steps, F, 3 * d.units), w.U, w.b.subarray(3 * d.units), d).y },
  { name: 'gru (reset before)', gates: 3, make: (o) => gru({ ...o, resetAfter: false }), bias: (u) => [3 * u],
    ref: (x, w, d, F) => gruSequence(project(x, w.W, w.b, d.batch * d.steps, F, 3 * d.units), w.U, null, d).y },
  { name: 'simpleRnn (tanh)', gates: 1, make: (o) => simpleRnn(o), bias: (u) => [u],
    ref: (x, w, d, F) => rnnSequence(project(x, w.W, w.b, d.batch * d.steps, F, d.units), w.U, d, 'tanh').y },
  { name: 'simpleRnn (relu)', gates: 1, make: (o) => simpleRnn({ ...o, activation: 'relu' }), bias: (u) => [u],
    ref: (x, w, d, F) => rnnSequence(project(x, w.W, w.b, d.batch * d.steps, F, d.units), w.U, d, 'relu').y },
];

const [B, F, UNITS] = [3, 2, 3];

/** Random f32-representable weights: biases included, recurrent weights large enough that the steps interact. */
function randomWeights(kind: Kind, rng: Random): Weights {
  const n = kind.gates * UNITS;
  const draw = (len: number, s: number) => Float64Array.from({ length: len }, () => Math.fround(rng.normal(0, s)));
  return { W: draw(F * n, 0.8), U: draw(UNITS * n, 0.7), b: draw(kind.bias(UNITS).reduce((a, c) => a * c, 1), 0.5) };
}
const asInput = (w: Weights, kind: Kind) => [{ W: { data: w.W, shape: [F, kind.gates * UNITS] }, U: { data: w.U, shape: [UNITS, kind.gates * UNITS] }, b: { data: w.b, shape: kind.bias(UNITS) } }];

/** The f64 mean squared error of the reference forward. */
function refLoss(kind: Kind, x: Float32Array, t: Float32Array, w: Weights, d: Dims): number {
  const y = kind.ref(x, w, d, F);
  return y.reduce((s, v, i) => s + (v.v - t[i]) ** 2, 0) / y.length;
}

describe.each(KINDS)('$name against f64 code from the equations', (kind) => {
  for (const [steps, returnSequences] of [[1, false], [4, false], [4, true]] as const) {
    it(`${steps} step${steps > 1 ? 's' : ''}${returnSequences ? ', every step out' : ''}: outputs within their error bounds, gradients as the f64 loss's central differences`, () => {
      const rng = new Random(steps * 10 + (returnSequences ? 1 : 0) + kind.gates);
      const d: Dims = { batch: B, steps, units: UNITS, outSteps: returnSequences ? steps : 1 };
      const x = Float32Array.from({ length: B * steps * F }, () => rng.uniform(-1, 1));
      const w = randomWeights(kind, rng);
      const ref = kind.ref(x, w, d, F);
      const t = Float32Array.from(ref, () => rng.uniform(-1, 1));
      // numeric gradient of the f64 loss: step 1e-6, truncation ~1e-12 and rounding ~1e-10 absolute, far below the f32 gradients' 1e-6
      const numeric = (['W', 'U', 'b'] as const).map((name) => Array.from(w[name], (v, i) => {
        const at = (delta: number) => { const p = { ...w, [name]: Float64Array.from(w[name]) }; p[name][i] = v + delta; return refLoss(kind, x, t, p, d); };
        return (at(1e-6) - at(-1e-6)) / 2e-6;
      }));
      for (const be of backends) {
        setBackend(be);
        const m = sequential([kind.make({ units: UNITS, inputShape: [steps, F], returnSequences })]);
        m.setWeights(asInput(w, kind));
        const y = m.predict({ data: x, shape: [B, steps * F] });
        expect(outsideBound(y.data, ref, `${be} ${m}`)).toBeNull();
        const g = m.gradients({ data: x, shape: [B, steps * F] }, { data: t, shape: [B, ref.length / B] }, { loss: 'mse' }).grads[0];
        (['W', 'U', 'b'] as const).forEach((name, k) => {
          const got = (g[name] as (number | number[])[]).flat();
          const scale = Math.max(...numeric[k].map(Math.abs), 1e-3);
          // the f32 backward (sums over batch·steps rows of products of saved f32 gates) is within ~1e-6 of exact here; 1e-4 of the largest entry bounds it with room
          got.forEach((v, i) => expect(Math.abs(v - numeric[k][i]), `${be} ${m} d${name}[${i}]: ${v} vs ${numeric[k][i]}`).toBeLessThanOrEqual(1e-4 * scale));
        });
        m.dispose();
      }
    });
  }
});

describe('stacked models', () => {
  it('gradCheck passes for recurrent layers under recurrent layers and a timeDistributed head, on every backend', () => {
    for (const be of backends) {
      setBackend(be);
      const m = sequential([
        gru({ units: 3, inputShape: [5, 2], returnSequences: true }), lstm({ units: 3, returnSequences: true }),
        simpleRnn({ units: 4, returnSequences: true }), timeDistributed(dense(2)), tanh(), timeDistributed(dense(1)),
      ], { seed: 4 });
      const rng = new Random(8);
      const x = Array.from({ length: 4 }, () => Array.from({ length: 10 }, () => rng.uniform(-1, 1)));
      const y = x.map((r) => r.filter((_, i) => i % 2 === 0).map((v) => v * 0.5));
      // as for dense models (test/train/gradients.test.ts): WASM's faster, noisier f32 loss takes a larger step and bound
      const check = gradCheck(m, x, y, { loss: 'mse', eps: be === 'ts' ? 1e-3 : 1e-2 });
      expect(check.layers.map((l) => l.layer)).toEqual(['gru(3)', 'lstm(3)', 'simpleRnn(4)', 'timeDistributed(dense(4→2))', 'timeDistributed(dense(2→1))']);
      expect(check.max, `${be} ${JSON.stringify(check.layers)}`).toBeLessThan(be === 'ts' ? 1e-2 : 2e-2);
      m.dispose();
    }
  });

  it('a steady-state training step allocates nothing; dispose frees everything', async () => {
    for (const be of backends) {
      setBackend(be);
      const start = getBackend().liveBuffers();
      const m = sequential([lstm({ units: 5, inputShape: [6, 2], returnSequences: true }), gru({ units: 3 }), dense(1)], { seed: 0 });
      const rng = new Random(2);
      const x = Array.from({ length: 40 }, () => Array.from({ length: 12 }, () => rng.uniform(-1, 1)));
      const counts: number[] = [];
      await m.fit(x, x.map((r) => [r[11]]), {
        loss: 'mse', optimizer: adam({ lr: 0.01 }), batchSize: 16, epochs: 67,
        onBatchEnd: (step) => { if (step === 1 || step === 199) counts.push(getBackend().liveBuffers()); },
      });
      expect(counts).toHaveLength(2);
      expect(counts[1], be).toBe(counts[0]);
      m.dispose();
      expect(getBackend().liveBuffers(), be).toBe(start);
    }
  });
});
