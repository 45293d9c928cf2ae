// Smoke test of the moons workload: every contender and style takes the same training steps from the same weights.
import { describe, expect, it } from 'vitest';
import { moonsProblem, moonsStep, runSteps } from '../../../bench/compare/moons.js';
import { CONTENDERS } from '../../../bench/compare/contenders.js';
import { moonsVariants } from '../../../bench/compare/suite.js';

/** The tutorial's step in f64 (mean CE + l2/2·ΣW², plain SGD): the independent reference. */
function f64Steps(p: ReturnType<typeof moonsProblem>, steps: number) {
  const h = p.hidden, n = p.rows;
  const W1 = Array.from(p.w.W1), b1 = Array.from(p.w.b1), W2 = Array.from(p.w.W2), b2 = Array.from(p.w.b2);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const gW1 = new Array(2 * h).fill(0), gb1 = new Array(h).fill(0), gW2 = new Array(2 * h).fill(0), gb2 = [0, 0];
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const x = [p.x[2 * r], p.x[2 * r + 1]];
      const a = Array.from({ length: h }, (_, j) => Math.tanh(x[0] * W1[j] + x[1] * W1[h + j] + b1[j]));
      const z = [0, 1].map((o) => a.reduce((acc, v, j) => acc + v * W2[j * 2 + o], b2[o]));
      const mx = Math.max(...z), e = z.map((v) => Math.exp(v - mx)), sum = e[0] + e[1];
      const prob = e.map((v) => v / sum);
      loss -= Math.log(prob[p.labels[r]]) / n;
      const dz = prob.map((v, o) => (v - (o === p.labels[r] ? 1 : 0)) / n);
      for (let j = 0; j < h; j++) {
        for (let o = 0; o < 2; o++) gW2[j * 2 + o] += a[j] * dz[o];
        const da = dz[0] * W2[j * 2] + dz[1] * W2[j * 2 + 1];
        const dzh = da * (1 - a[j] * a[j]);
        gW1[j] += x[0] * dzh;
        gW1[h + j] += x[1] * dzh;
        gb1[j] += dzh;
      }
      gb2[0] += dz[0];
      gb2[1] += dz[1];
    }
    loss += (p.l2 / 2) * (W1.reduce((s2, v) => s2 + v * v, 0) + W2.reduce((s2, v) => s2 + v * v, 0));
    losses.push(loss);
    for (let i = 0; i < 2 * h; i++) { W1[i] -= p.lr * (gW1[i] + p.l2 * W1[i]); W2[i] -= p.lr * (gW2[i] + p.l2 * W2[i]); }
    for (let j = 0; j < h; j++) b1[j] -= p.lr * gb1[j];
    for (let o = 0; o < 2; o++) b2[o] -= p.lr * gb2[o];
  }
  return { losses, W1, b1, W2, b2 };
}

describe('bench/compare/moons', () => {
  it('defines the tutorial problem: 200 points, 2-3-2, lr = L2 = 0.01, one-hot labels', () => {
    const p = moonsProblem();
    expect([p.rows, p.hidden, p.lr, p.l2]).toEqual([200, 3, 0.01, 0.01]);
    expect(p.x.length).toBe(400);
    for (let i = 0; i < p.rows; i++) expect(p.yOneHot[2 * i + p.labels[i]]).toBe(1);
    expect(Array.from(p.w.b1)).toEqual([0, 0, 0]);
  });

  it('every contender and style matches the f64 reference over 5 steps', async () => {
    const p = moonsProblem(37, 3); // an odd batch size
    const want = f64Steps(p, 5);
    for (const c of CONTENDERS) {
      for (const v of moonsVariants(c)) {
        const step = await moonsStep(c, v, p);
        const losses: number[] = [];
        for (let i = 0; i < 5; i++) losses.push(await step.step());
        const w = step.weights();
        step.dispose();
        // tfjs-layers clips probabilities at 1e-7 inside categorical cross-entropy: irrelevant at these losses.
        losses.forEach((l, i) => expect(Math.abs(l - want.losses[i]), `${c}/${v} loss ${i}`).toBeLessThan(2e-5));
        for (const [name, got, ref] of [['W1', w.W1, want.W1], ['b1', w.b1, want.b1], ['W2', w.W2, want.W2], ['b2', w.b2, want.b2]] as const) {
          got.forEach((x, i) => expect(Math.abs(x - ref[i]), `${c}/${v} ${name}[${i}]`).toBeLessThan(2e-5));
        }
      }
    }
  });

  it('runSteps(n) (one fit of n epochs for the model API) ends where n single steps end', async () => {
    const p = moonsProblem(37, 3);
    const want = f64Steps(p, 5);
    for (const c of CONTENDERS) {
      for (const v of moonsVariants(c)) {
        const step = await moonsStep(c, v, p);
        const last = await runSteps(step, 5);
        const w = step.weights();
        step.dispose();
        expect(Math.abs(last - want.losses[4]), `${c}/${v} last loss`).toBeLessThan(2e-5);
        w.W2.forEach((x, i) => expect(Math.abs(x - want.W2[i]), `${c}/${v} W2[${i}]`).toBeLessThan(2e-5));
      }
    }
  });

  it('refuses a style a contender does not have', async () => {
    await expect(moonsStep('simdnet-ts', 'tfjs-layers', moonsProblem(10))).rejects.toThrow(RangeError);
  });
});
