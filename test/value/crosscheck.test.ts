// The Value MLP as an f64 oracle for the tensor fast path: same weights → same loss, gradients and SGD step, per loss × L2 × activation × backend.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, setBackend, type BackendName } from '../../src/backend/index.js';
import { mlp, sgd, type LossName, type Sequential } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { MLP, Value, hingeLoss, alphaPenalty, sum, type LayerWeights } from '../../src/value/index.js';

// Tolerances. The tensor path computes in f32 (unit roundoff u = 2⁻²⁴ ≈ 6e-8); the Value path in f64. Both start
// from the same f32-representable weights and data (everything goes through Math.fround first), so the difference
// is the f32 arithmetic only. A gradient entry here is a sum over ≤ 37 rows of products through ≤ 3 dot products
// of length ≤ 17; the textbook bound for an f32 sum of n terms is n·u·Σ|terms|, i.e. ≲ 60·6e-8 ≈ 4e-6 of Σ|terms|,
// plus WASM's vector exp/tanh/sigmoid (measured ≤ 2e-7 relative, assembly/simd.ts). Σ|terms| stays within a small
// factor of the largest gradient entry of the same tensor, so we allow 1e-4 of that scale (the errors seen on these
// cases stay near 1e-6, rounding accumulating far below the worst case), while a wrong convention (mean over rows
// instead of elements, L2 on biases, a missing factor 2) moves gradients by percents: the last test shows the
// check catching one. The loss is a mean of positive terms, each off by a few u: relative 1e-5.
const GRAD_TOL = 1e-4;
const LOSS_TOL = 1e-5;
// Kink margin: ReLU and hinge switch their derivative at 0; f32 moves a pre-activation by ~1e-6 at most here, so
// rows whose f64 pre-activations or hinge margins lie within 1e-3 of a kink are dropped (the derivative there
// would legitimately differ between the two paths); the tests assert that enough rows remain.
const KINK = 1e-3;

type Act = 'relu' | 'tanh' | 'sigmoid';
const ACTS: Act[] = ['relu', 'tanh', 'sigmoid'];
const LOSSES: LossName[] = ['mse', 'softmaxCrossEntropy', 'sigmoidCrossEntropy', 'hinge'];
const BACKENDS: BackendName[] = ['ts', 'wasm'];
/** Network and batch sizes: a small one, and one whose widths and row count are not multiples of the SIMD width (4). */
interface Shape { nin: number; hidden: number[]; rows: number }
const SMALL: Shape = { nin: 3, hidden: [5, 4], rows: 24 };
const AWKWARD: Shape = { nin: 7, hidden: [17, 9], rows: 37 };
const fmtShape = (s: Shape): string => `MLP(${s.nin}, [${s.hidden.join(', ')}, ·]) × ${s.rows} rows`;
const L2 = 0.1;

const f32 = Math.fround;
const outsFor = (loss: LossName): number => (loss === 'softmaxCrossEntropy' ? 3 : 2);

/** The Value network's outputs for one row: the MLP's own forward for ReLU, the same neurons with tanh/sigmoid otherwise. */
function valueForward(model: MLP, act: Act, x: readonly number[]): Value[] {
  if (act === 'relu') return model.forward(x);
  let h: readonly (Value | number)[] = x;
  model.layers.forEach((layer, k) => {
    const last = k === model.layers.length - 1;
    h = layer.neurons.map((n) => {
      let z = n.b;
      n.w.forEach((w, i) => { z = z.add(w.mul(h[i])); });
      return last ? z : act === 'tanh' ? z.tanh() : z.sigmoid();
    });
  });
  return h as Value[];
}

/** Every hidden pre-activation of one row, in f64 (to keep rows away from the ReLU kink). */
function preActivations(model: MLP, x: readonly number[]): number[] {
  const zs: number[] = [];
  let h = x.slice();
  for (const layer of model.layers.slice(0, -1)) {
    const z = layer.neurons.map((n) => n.w.reduce((s, w, i) => s + w.data * h[i], n.b.data));
    zs.push(...z);
    h = z.map((v) => Math.max(0, v));
  }
  return zs;
}

/** The tensor loss conventions (src/backend/ts/losses.ts) rebuilt from Value ops. `t` holds target rows (one-hot for softmax, ±1 for hinge). */
function valueLoss(loss: LossName, out: Value[][], t: number[][]): Value {
  const rows = out.length;
  const n = rows * out[0].length;
  switch (loss) {
    case 'mse': // Σ (p − t)² / (rows·cols)
      return sum(out.flatMap((r, i) => r.map((p, j) => p.sub(t[i][j]).pow(2)))).mul(1 / n);
    case 'softmaxCrossEntropy': // −Σ t·log softmax(z) / rows, log-sum-exp with the row max (a constant) subtracted
      return sum(out.map((z, i) => {
        const m = Math.max(...z.map((v) => v.data));
        const lse = sum(z.map((v) => v.sub(m).exp())).log().add(m);
        return sum(z.map((v, j) => lse.sub(v).mul(t[i][j])));
      })).mul(1 / rows);
    case 'sigmoidCrossEntropy': // Σ [max(z, 0) − z·t + log(1 + e^−|z|)] / (rows·cols), one branch per sign of z
      return sum(out.flatMap((r, i) => r.map((z, j) => (z.data >= 0
        ? z.sub(z.mul(t[i][j])).add(z.neg().exp().add(1).log())
        : z.mul(-t[i][j]).add(z.exp().add(1).log()))))).mul(1 / n);
    case 'hinge': // Σ max(0, 1 − y·s) / (rows·cols): src/value's hingeLoss over the flattened scores
      return hingeLoss(out.flat(), t.flat());
  }
}

/** Each layer's parameter gradients, laid out like getWeights(): W in × out, b. */
function valueGrads(model: MLP): LayerWeights[] {
  return model.layers.map((l) => ({
    W: l.neurons[0].w.map((_, i) => l.neurons.map((n) => n.w[i].grad)),
    b: l.neurons.map((n) => n.b.grad),
  }));
}

interface Case { model: MLP; x: number[][]; t: number[][]; y: number[][] | number[]; dropped: number }

/** A seeded Value MLP (its uniform(−1, 1) weights, plus nonzero biases so L2-on-biases would show) and a batch away from kinks. */
function makeCase(loss: LossName, act: Act, seed: number, shape: Shape = SMALL): Case {
  const rng = new Random(seed);
  const outs = outsFor(loss);
  const model = new MLP(shape.nin, [...shape.hidden, outs], { seed });
  model.setWeights(model.getWeights().map(({ W, b }) => ({
    W: W.map((row) => row.map(f32)),
    b: b.map(() => f32(rng.uniform(-0.5, 0.5))),
  })));
  const x: number[][] = [];
  const t: number[][] = [];
  let dropped = 0;
  while (x.length < shape.rows) {
    const row = Array.from({ length: shape.nin }, () => f32(rng.uniform(-1.5, 1.5)));
    const cls = rng.int(outs);
    const target = Array.from({ length: outs }, (_, j) => {
      if (loss === 'mse') return f32(rng.uniform(-1, 1));
      if (loss === 'softmaxCrossEntropy') return j === cls ? 1 : 0;
      const on = rng.uniform() < 0.5;
      return loss === 'hinge' ? (on ? 1 : -1) : on ? 1 : 0;
    });
    const nearKink = (act === 'relu' && preActivations(model, row).some((z) => Math.abs(z) < KINK))
      || (loss === 'hinge' && valueForward(model, act, row).some((s, j) => Math.abs(1 - target[j] * s.data) < KINK));
    if (nearKink) { dropped++; continue; }
    x.push(row);
    t.push(target);
  }
  const y = loss === 'softmaxCrossEntropy' ? t.map((r) => r.indexOf(1)) : t;
  return { model, x, t, y, dropped };
}

/** The Value loss (including (l2/2)·ΣW² over weights only) after zeroGrad + backward: grads are in the MLP. */
function valueBackward(c: Case, loss: LossName, act: Act, l2: number): Value {
  let total = valueLoss(loss, c.x.map((row) => valueForward(c.model, act, row)), c.t);
  if (l2 > 0) total = total.add(alphaPenalty(c.model.layers.flatMap((l) => l.neurons.flatMap((n) => n.w)), l2 / 2));
  c.model.zeroGrad();
  total.backward();
  return total;
}

/** max over entries of |a − b| / scale, scale = the largest |b| in the tensor (the f64 oracle's gradient scale). */
function scaledErr(a: number[][] | number[], b: number[][] | number[]): number {
  const fa = a.flat();
  const fb = b.flat();
  expect(fa.length).toBe(fb.length);
  const scale = Math.max(...fb.map(Math.abs));
  if (scale === 0) return Math.max(...fa.map(Math.abs)) === 0 ? 0 : Infinity;
  return Math.max(...fa.map((v, i) => Math.abs(v - fb[i]))) / scale;
}

function tensorModel(c: Case, act: Act): Sequential {
  const sizes = c.model.layers.map((l) => l.neurons.length);
  const model = mlp(c.model.layers[0].neurons[0].w.length, sizes, { activation: act, seed: 7 });
  model.setWeights(c.model.getWeights());
  expect(model.getWeights()).toEqual(c.model.getWeights()); // f32-exact copy: the only difference left is arithmetic
  return model;
}

beforeAll(async () => {
  await init({ backend: 'ts' }); // loads WASM too; a load failure fails every wasm case rather than skipping it
});

for (const backend of BACKENDS) {
  describe(`Value MLP (f64) vs tensor mlp on '${backend}'`, () => {
    for (const shape of [SMALL, AWKWARD]) {
      for (const act of ACTS) {
        for (const loss of LOSSES) {
          for (const l2 of [0, L2]) {
            it(`${fmtShape(shape)}, ${act} hidden, ${loss}${l2 ? ` + L2 ${l2}` : ''}: same loss and gradients`, () => {
              setBackend(backend);
              const c = makeCase(loss, act, 11 + LOSSES.indexOf(loss) * 3 + ACTS.indexOf(act) + shape.rows, shape);
              expect(c.dropped).toBeLessThan(shape.rows / 4); // the kink filter keeps most rows
              const oracle = valueBackward(c, loss, act, l2);
              const model = tensorModel(c, act);
              const g = model.gradients(c.x, c.y, { loss, l2 });
              model.dispose();
              expect(Math.abs(g.loss - oracle.data) / oracle.data, `loss ${g.loss} vs ${oracle.data}`).toBeLessThan(LOSS_TOL);
              valueGrads(c.model).forEach((ref, k) => {
                expect(scaledErr(g.grads[k].W, ref.W), `layer ${k} W`).toBeLessThan(GRAD_TOL);
                expect(scaledErr(g.grads[k].b, ref.b), `layer ${k} b`).toBeLessThan(GRAD_TOL);
              });
            });
          }
        }
      }
    }

    for (const loss of LOSSES) {
      it(`one SGD step (relu hidden, ${loss} + L2): both update to the same weights`, async () => {
        setBackend(backend);
        const lr = 0.5;
        const c = makeCase(loss, 'relu', 101 + LOSSES.indexOf(loss));
        const model = tensorModel(c, 'relu');
        const before = c.model.getWeights();
        valueBackward(c, loss, 'relu', L2);
        const ref = valueGrads(c.model);
        for (const p of c.model.parameters()) p.data -= lr * p.grad; // the Value grads already hold l2·W
        await model.fit(c.x, c.y, { loss, optimizer: sgd({ lr }), l2: L2, epochs: 1, batchSize: c.x.length, shuffle: false });
        const after = model.getWeights();
        model.dispose();
        c.model.getWeights().forEach((want, k) => {
          for (const key of ['W', 'b'] as const) {
            // The update is −lr·g, so its error is lr × the gradient error, plus one f32 rounding of the new weight.
            const step = lr * Math.max(...ref[k][key].flat().map(Math.abs));
            const err = Math.max(...want[key].flat().map((w, i) => Math.abs(w - after[k][key].flat()[i]) - 2 ** -23 * Math.abs(w)));
            expect(err / step, `layer ${k} ${key}`).toBeLessThan(GRAD_TOL);
            // ...and the step did move the weights (the comparison is not between two unchanged copies).
            expect(want[key].flat().some((w, i) => w !== before[k][key].flat()[i])).toBe(true);
          }
        });
      });
    }

    it('exactly at the ReLU kink both paths take derivative 0 (Value: out > 0; tensor: x > 0)', () => {
      setBackend(backend);
      const c = makeCase('mse', 'relu', 3);
      const ws = c.model.getWeights();
      ws[0].b = ws[0].b.map(() => 0);
      c.model.setWeights(ws);
      c.x[0] = [0, 0, 0]; // every first-layer pre-activation of row 0 is exactly 0, in f32 and in f64
      valueBackward(c, 'mse', 'relu', 0);
      const model = tensorModel(c, 'relu');
      const g = model.gradients(c.x, c.y, { loss: 'mse' });
      model.dispose();
      // A derivative of 1 at 0 on either side would add row 0's backpropagated signal to layer 0's bias gradient.
      valueGrads(c.model).forEach((ref, k) => {
        expect(scaledErr(g.grads[k].W, ref.W), `layer ${k} W`).toBeLessThan(GRAD_TOL);
        expect(scaledErr(g.grads[k].b, ref.b), `layer ${k} b`).toBeLessThan(GRAD_TOL);
      });
    });

    it('the tolerance catches a convention slip: L2 over biases too (micrograd’s habit) is rejected', () => {
      setBackend(backend);
      const c = makeCase('hinge', 'relu', 5);
      let total = valueLoss('hinge', c.x.map((row) => c.model.forward(row)), c.t);
      total = total.add(alphaPenalty(c.model.parameters(), L2 / 2)); // biases included: not the tensor convention
      c.model.zeroGrad();
      total.backward();
      const model = tensorModel(c, 'relu');
      const g = model.gradients(c.x, c.y, { loss: 'hinge', l2: L2 });
      model.dispose();
      const ref = valueGrads(c.model);
      expect(Math.max(...ref.map((r, k) => scaledErr(g.grads[k].b, r.b)))).toBeGreaterThan(100 * GRAD_TOL);
      expect(Math.max(...ref.map((r, k) => scaledErr(g.grads[k].W, r.W)))).toBeLessThan(GRAD_TOL); // W unaffected
    });
  });
}
