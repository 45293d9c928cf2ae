// The documented mapping of the tutorials' conventions: a literal f64 port of WildML's loop matches fit with lr = ε·N, l2 = λ/N.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend/index.js';
import { makeMoons } from '../../src/data/moons.js';
import { mlp, sgd } from '../../src/index.js';
import { maxRelDiff } from '../nn/reference.js';

type M = number[][];
const dot = (a: M, b: M): M => a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0)));
const T = (a: M): M => a[0].map((_, j) => a.map((r) => r[j]));

/** WildML's build_model loop, line by line (sums over examples; reg_lambda added to dW). */
function wildml(X: M, y: number[], W1: M, b1: number[], W2: M, b2: number[], epsilon: number, regLambda: number, passes: number) {
  for (let p = 0; p < passes; p++) {
    const a1 = dot(X, W1).map((r) => r.map((v, j) => Math.tanh(v + b1[j])));
    const z2 = dot(a1, W2).map((r) => r.map((v, j) => v + b2[j]));
    const delta3 = z2.map((r, i) => {
      const e = r.map(Math.exp);
      const s = e[0] + e[1];
      return e.map((v, j) => v / s - (j === y[i] ? 1 : 0));
    });
    const dW2 = dot(T(a1), delta3);
    const db2 = [0, 1].map((j) => delta3.reduce((s, r) => s + r[j], 0));
    const delta2 = dot(delta3, T(W2)).map((r, i) => r.map((v, j) => v * (1 - a1[i][j] ** 2)));
    const dW1 = dot(T(X), delta2);
    const db1 = W1[0].map((_, j) => delta2.reduce((s, r) => s + r[j], 0));
    W1 = W1.map((r, i) => r.map((w, j) => w - epsilon * (dW1[i][j] + regLambda * w)));
    b1 = b1.map((b, j) => b - epsilon * db1[j]);
    W2 = W2.map((r, i) => r.map((w, j) => w - epsilon * (dW2[i][j] + regLambda * w)));
    b2 = b2.map((b, j) => b - epsilon * db2[j]);
  }
  return [{ W: W1, b: b1 }, { W: W2, b: b2 }];
}

describe('tutorial conventions', () => {
  it("WildML (ε = 0.01, reg_lambda = 0.01, sums over N = 200) is fit with lr = ε·N = 2, l2 = λ/N", async () => {
    setBackend('ts');
    const { x, y } = makeMoons(200, { noise: 0.2, seed: 0 });
    const m = mlp(2, [3, 2], { activation: 'tanh', init: 'normal', seed: 0 });
    const w0 = m.getWeights();
    const expected = wildml(x, y, w0[0].W, w0[0].b, w0[1].W, w0[1].b, 0.01, 0.01, 20);
    await m.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.01 * 200 }), l2: 0.01 / 200, epochs: 20, batchSize: 200 });
    const flat = (w: { W: M; b: number[] }[]) => w.flatMap((l) => [...l.W.flat(), ...l.b]);
    expect(maxRelDiff(flat(m.getWeights()), flat(expected), 1e-2)).toBeLessThan(1e-4);
    m.dispose();
  });
});
