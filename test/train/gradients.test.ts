// model.gradients() and gradCheck() against an independent f64 reference and finite differences, for every layer, activation and loss.
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, type BackendName } from '../../src/backend/index.js';
import { dense, gradCheck, leakyRelu, relu, sequential, sigmoid, step, tanh, type LossName } from '../../src/index.js';
import type { Layer } from '../../src/nn/layer.js';
import { availableBackends, maxRelDiff, refForward, refGradients, tinyData, type RefLayer } from '../nn/reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

const ACTS: [string, () => Layer, (w: RefLayer) => RefLayer][] = [
  ['relu', relu, () => ({ kind: 'relu' })],
  ['leakyRelu', () => leakyRelu(0.1), () => ({ kind: 'leakyRelu', alpha: 0.1 })],
  ['tanh', tanh, () => ({ kind: 'tanh' })],
  ['sigmoid', sigmoid, () => ({ kind: 'sigmoid' })],
  ['step', step, () => ({ kind: 'step' })],
];

function targetsFor(loss: LossName, cls: number[], x: number[][]): { y: unknown; t: number[][]; outs: number } {
  switch (loss) {
    case 'softmaxCrossEntropy': {
      const k = cls.map((c, i) => (c + (x[i][2] > 0.3 ? 1 : 0)) % 3);
      return { y: k, t: k.map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0))), outs: 3 };
    }
    case 'mse': {
      const t = x.map((r) => [r[0] - r[1], r[2] * 2]);
      return { y: t, t, outs: 2 };
    }
    case 'sigmoidCrossEntropy': return { y: cls, t: cls.map((c) => [c]), outs: 1 };
    case 'hinge': return { y: cls.map((c) => (c ? 1 : -1)), t: cls.map((c) => [c ? 1 : -1]), outs: 1 };
  }
}

const LOSSES: LossName[] = ['softmaxCrossEntropy', 'mse', 'sigmoidCrossEntropy', 'hinge'];

describe('gradients vs the f64 reference and finite differences', () => {
  for (const [actName, makeAct, refAct] of ACTS) {
    for (const loss of LOSSES) {
      it(`dense → ${actName} → dense with ${loss}`, () => {
        for (const name of backends) {
          setBackend(name);
          const { x, cls } = tinyData(13, 7);
          const { y, t, outs } = targetsFor(loss, cls, x);
          const model = sequential([dense(3, 5, { init: 'normal', bias: 'init' }), makeAct(), dense(5, outs, { init: 'normal', bias: 'init' })], { seed: 6 });
          const ws = model.getWeights();
          const ref: RefLayer[] = [{ kind: 'dense', ...ws[0] }, refAct({ kind: 'relu' }), { kind: 'dense', ...ws[1] }];
          // Finite differences are only meaningful away from kinks (relu, step at 0): the data keeps |z| > 0.04.
          const z = refForward(ref.slice(0, 1), x)[1].flat();
          expect(Math.min(...z.map(Math.abs))).toBeGreaterThan(0.04);
          const l2 = 0.03;
          const g = model.gradients(x, y as number[], { loss, l2 });
          const r = refGradients(ref, x, t, loss, l2);
          expect(Math.abs(g.loss - r.loss) / Math.max(1, r.loss), `${name} loss`).toBeLessThan(1e-5);
          for (let i = 0; i < 2; i++) {
            expect(maxRelDiff(g.grads[i].W, r.grads[i].W), `${name} layer ${i} W`).toBeLessThan(2e-4);
            expect(maxRelDiff(g.grads[i].b, r.grads[i].b), `${name} layer ${i} b`).toBeLessThan(2e-4);
          }
          // TS computes each value in f64 before storing f32; WASM computes in f32 with fast exp/tanh/sigmoid,
          // so its loss is noisier at the 1e-7 level: a larger step (1e-2, still < the 0.04 kink distance) and a
          // 2e-2 bound (far below the ~1 a wrong backward gives, see below).
          const check = gradCheck(model, x, y as number[], { loss, l2, eps: name === 'ts' ? 1e-3 : 1e-2 });
          expect(check.layers).toHaveLength(2);
          expect(check.max, `${name} gradCheck ${JSON.stringify(check.layers)}`).toBeLessThan(name === 'ts' ? 1e-2 : 2e-2);
          expect(model.getWeights()).toEqual(ws); // nothing was updated
          model.dispose();
        }
      });
    }
  }

  it('gradCheck notices a wrong backward', () => {
    setBackend('ts');
    const { x, cls } = tinyData(10, 2);
    const model = sequential([dense(3, 4), tanh(), dense(4, 1)], { seed: 1 });
    expect(gradCheck(model, x, cls, { loss: 'sigmoidCrossEntropy' }).max).toBeLessThan(1e-2);
    // Sabotage tanh's backward (the local slope 1 − y² forgotten: dx = dy·Wᵀ): the check must fail. dense → tanh runs
    // fused both ways (matmulBiasTanh forward; the dense above computes dX ⊙ (1 − y²) in matmulTransBTanhBackward, and
    // tanh's own backward is skipped), so the sabotage goes into that kernel.
    const be = model.backend as unknown as Record<string, (...a: unknown[]) => void>;
    const real = be.matmulTransBTanhBackward;
    be.matmulTransBTanhBackward = (a, b, _saved, c, m, k, n) => be.matmulTransB(a, b, c, m, k, n);
    try {
      expect(gradCheck(model, x, cls, { loss: 'sigmoidCrossEntropy' }).max).toBeGreaterThan(0.05);
    } finally {
      be.matmulTransBTanhBackward = real;
    }
    model.dispose();
  });

  it('WASM gradients agree with TS gradients', () => {
    if (!backends.includes('wasm')) return;
    const { x, cls } = tinyData(37, 5);
    const results = (['ts', 'wasm'] as const).map((name) => {
      setBackend(name);
      const model = sequential([dense(3, 17), tanh(), dense(17, 5), relu(), dense(5, 3)], { seed: 9 });
      const g = model.gradients(x, cls.map((c, i) => (c + i) % 3), { loss: 'softmaxCrossEntropy', l2: 0.01 });
      model.dispose();
      return g;
    });
    expect(Math.abs(results[0].loss - results[1].loss)).toBeLessThan(1e-5);
    for (let i = 0; i < 3; i++) {
      expect(maxRelDiff(results[0].grads[i].W, results[1].grads[i].W)).toBeLessThan(1e-3);
      expect(maxRelDiff(results[0].grads[i].b, results[1].grads[i].b)).toBeLessThan(1e-3);
    }
  });
});
