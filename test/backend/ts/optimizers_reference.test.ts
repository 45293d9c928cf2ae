/** nesterov, rmsprop, adagrad and adamw on both backends against f64 re-implementations of their published update rules, over several steps. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Buf } from '../../../src/backend/backend.js';
import type { KernelName } from '../../../src/backend/kernels.js';
import { createTsBackend } from '../../../src/backend/ts/ts_backend.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { Random } from '../../../src/random.js';
import { U } from '../parity.js';

// The references, each from its source, in f64 with f64 state, and with the L2 convention g′ = g + l2·w:
//  - nesterov: PyTorch's SGD algorithm (momentum μ, dampening 0, nesterov=True; its weight_decay is our l2):
//    b = μ·b + g′, w −= lr·(g′ + μ·b).
//  - rmsprop: Keras's RMSprop.update_step: v = ρ·v + (1 − ρ)·g′², inc = lr·g′/√(v + ε), mom = μ·mom + inc, w −= mom.
//  - adagrad: Keras's Adagrad.update_step, accumulators starting at 0.1: acc += g′², w −= lr·g′/√(acc + ε).
//  - adamw: Loshchilov & Hutter's AdamW (Algorithm 2) with bias-corrected m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ):
//    w −= lr·m̂/(√v̂ + ε/√(1 − β₂ᵗ)) + decay·w, decay = lr·weightDecay. ε/√(1 − β₂ᵗ) is Kingma & Ba's ε̂ written in the
//    m̂/v̂ form: the kernel's (and Keras's) lrT·m/(√v + ε) with lrT = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) is the same update.
// The learning rate changes every step (lr·0.9ᵗ⁻¹), and a fresh gradient arrives every step, so state must carry.
// Tolerance after t steps: one step of a kernel is within ~10u of |w| and ~20u of the step's magnitude S (the step
// computed with |g′| and |m| in place of g′ and m; see toolkit_parity.test.ts for the one-step bounds), and errors in
// the state (≤ 6u relative per step, accumulating) move later steps by at most 6u·t of S: so
// tol = u·(10·t·max|w| + (20 + 6t)·ΣS), with u = 2⁻²⁴. Each case also shows the rule it could be confused with
// (epsilon on the other side of the root, plain momentum, decay scaled by lrT) lands more than 100 tolerances away.

const T = 10, N = 37;

type State = Float64Array[];
interface Rule {
  name: string;
  kernel: KernelName;
  /** Initial value of each of the kernel's state buffers (the reference adds one more, for the magnitudes). */
  init: number[];
  /** The kernel's arguments after n, for step t ≥ 1 (learning rate lr). */
  args(lr: number, t: number): number[];
  /** One reference step in place on w and the state; returns |step| magnitudes S. */
  step(w: Float64Array, g: Float64Array, s: State, lr: number, t: number): Float64Array;
}

const L2 = 1e-3;
const gPrime = (w: Float64Array, g: Float64Array) => Float64Array.from(g, (gi, i) => gi + L2 * w[i]);

function nesterovRule(mu: number, plain = false): Rule {
  return {
    name: plain ? 'plain momentum' : `nesterov μ = ${mu}`, kernel: plain ? 'momentum' : 'nesterov', init: [0],
    args: (lr) => [lr, mu, L2],
    step(w, g, [b, bAbs], lr) {
      const gp = gPrime(w, g);
      return Float64Array.from(gp, (gi, i) => {
        b[i] = mu * b[i] + gi;
        bAbs[i] = mu * bAbs[i] + Math.abs(gi);
        w[i] -= lr * (plain ? b[i] : gi + mu * b[i]);
        return lr * (Math.abs(gi) + mu * bAbs[i]);
      });
    },
  };
}

function rmspropRule(rho: number, eps: number, mu: number, epsOutside = false): Rule {
  return {
    name: `rmsprop ρ = ${rho}, ε = ${eps}, μ = ${mu}${epsOutside ? ' (ε outside the root)' : ''}`, kernel: 'rmsprop', init: [0, 0],
    args: (lr) => [lr, rho, eps, mu, L2],
    step(w, g, [v, mom, momAbs], lr) {
      const gp = gPrime(w, g);
      return Float64Array.from(gp, (gi, i) => {
        v[i] = rho * v[i] + (1 - rho) * gi * gi;
        const den = epsOutside ? Math.sqrt(v[i]) + eps : Math.sqrt(v[i] + eps);
        mom[i] = mu * mom[i] + (lr * gi) / den;
        momAbs[i] = mu * momAbs[i] + (lr * Math.abs(gi)) / den;
        w[i] -= mom[i];
        return momAbs[i];
      });
    },
  };
}

function adagradRule(eps: number, epsOutside = false): Rule {
  return {
    name: `adagrad ε = ${eps}${epsOutside ? ' (ε outside the root)' : ''}`, kernel: 'adagrad', init: [0.1],
    args: (lr) => [lr, eps, L2],
    step(w, g, [acc], lr) {
      const gp = gPrime(w, g);
      return Float64Array.from(gp, (gi, i) => {
        acc[i] += gi * gi;
        const s = (lr * gi) / (epsOutside ? Math.sqrt(acc[i]) + eps : Math.sqrt(acc[i] + eps));
        w[i] -= s;
        return Math.abs(s);
      });
    },
  };
}

function adamwRule(eps: number, weightDecay: number, decayWithLrT = false): Rule {
  const [b1, b2] = [0.9, 0.999];
  const lrT = (lr: number, t: number) => (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
  return {
    name: `adamw ε = ${eps}, weightDecay = ${weightDecay}${decayWithLrT ? ' (decay scaled by lrT)' : ''}`, kernel: 'adamw', init: [0, 0],
    args: (lr, t) => [lrT(lr, t), b1, b2, eps, L2, lr * weightDecay],
    step(w, g, [m, v, mAbs], lr, t) {
      const gp = gPrime(w, g);
      const decay = (decayWithLrT ? lrT(lr, t) : lr) * weightDecay;
      return Float64Array.from(gp, (gi, i) => {
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        mAbs[i] = b1 * mAbs[i] + (1 - b1) * Math.abs(gi);
        const den = Math.sqrt(v[i] / (1 - b2 ** t)) + eps / Math.sqrt(1 - b2 ** t);
        const step = (lr * m[i]) / (1 - b1 ** t) / den;
        const d = decay * w[i];
        w[i] -= step + d;
        return (lr * mAbs[i]) / (1 - b1 ** t) / den + Math.abs(d);
      });
    },
  };
}

/** Runs T steps of `rule` on `be` and, in f64, of `ref` (the same rule unless a negative control); returns the worst |diff|/tol. */
function trajectory(be: Backend, rule: Rule, ref: Rule, gScale: number, seed: number): number {
  const rng = new Random(seed);
  const w0 = Float64Array.from({ length: N }, () => rng.normal(0, 1));
  const w = be.alloc(N);
  be.write(w, w0);
  const g = be.alloc(N);
  const kernelState: Buf[] = rule.init.map((v) => { const b = be.alloc(N); be.fill(b, v); return b; });
  const rw = Float64Array.from(w0), rs: State = [...ref.init.map((v) => new Float64Array(N).fill(v)), new Float64Array(N)];
  let worst = 0;
  const sumS = new Float64Array(N);
  const maxW = Float64Array.from(w0, Math.abs);
  for (let t = 1; t <= T; t++) {
    const lr = 0.05 * 0.9 ** (t - 1);
    const gt = Float32Array.from({ length: N }, () => rng.normal(0, gScale));
    be.write(g, gt);
    (be[rule.kernel] as (...a: unknown[]) => void)(w, g, ...kernelState, N, ...rule.args(lr, t));
    const s = ref.step(rw, Float64Array.from(gt), rs, lr, t);
    const got = be.read(w);
    for (let i = 0; i < N; i++) {
      sumS[i] += s[i];
      maxW[i] = Math.max(maxW[i], Math.abs(rw[i]));
      const tol = U * (10 * t * maxW[i] + (20 + 6 * t) * sumS[i]);
      worst = Math.max(worst, Math.abs(got[i] - rw[i]) / tol);
    }
  }
  for (const b of [w, g, ...kernelState]) be.free(b);
  return worst;
}

let wasm: Backend;
beforeAll(async () => {
  wasm = await createWasmBackend(undefined, { simd: 'baseline' });
});
const backends: [string, () => Backend][] = [['ts', () => createTsBackend()], ['wasm', () => wasm]];

describe.each(backends)('%s backend', (_name, backend) => {
  // [rule, its confusable alternative, gradient scale]: gradient scales chosen so that ε matters
  const cases: [Rule, Rule, number][] = [
    [nesterovRule(0.9), nesterovRule(0.9, true), 1],
    [nesterovRule(0.5), nesterovRule(0.5, true), 1],
    [rmspropRule(0.9, 1e-7, 0), rmspropRule(0.1, 1e-7, 0), 1], // ρ and 1 − ρ swapped
    [rmspropRule(0.9, 0.01, 0), rmspropRule(0.9, 0.01, 0, true), 0.1],
    [rmspropRule(0.8, 0.01, 0.9), rmspropRule(0.8, 0.01, 0.9, true), 0.1],
    [adagradRule(0.01), adagradRule(0.01, true), 0.1],
    [adamwRule(1e-3, 0.1), adamwRule(1e-3, 0.1, true), 0.01],
    [adamwRule(1e-7, 0.01), adamwRule(1e-7, 0.01, true), 1],
  ];
  for (const [rule, other, gScale] of cases) {
    it(`${rule.name}: ${T} steps within tolerance of the f64 reference; ${other.name} is not`, () => {
      const be = backend();
      expect(trajectory(be, rule, rule, gScale, 1)).toBeLessThanOrEqual(1);
      expect(trajectory(be, rule, other, gScale, 1)).toBeGreaterThan(100);
      expect(be.liveBuffers()).toBe(0);
    });
  }

  it("Keras's RMSprop docstring example: 10 → 9.683772 after one step on loss w²/2 (lr 0.1)", () => {
    const be = backend();
    const [w, g, ms, mom] = [10, 10, 0, 0].map((v) => { const b = be.alloc(1); be.fill(b, v); return b; });
    be.rmsprop(w, g, ms, mom, 1, 0.1, 0.9, 1e-7, 0, 0);
    expect(Math.abs(be.read(w)[0] - 9.683772)).toBeLessThanOrEqual(1e-6); // 7 printed digits; f32 ulp at 9.7 is 9.5e-7
    for (const b of [w, g, ms, mom]) be.free(b);
  });

  it('adamw with decay 0 is adam bit for bit, and decay·w is subtracted exactly once per step', () => {
    const be = backend();
    const rng = new Random(3);
    const data = () => Float32Array.from({ length: N }, () => rng.normal(0, 1));
    const [w0, g] = [data(), data()];
    const runOne = (kernel: 'adam' | 'adamw', decay: number) => {
      const bufs = [w0, g, new Float32Array(N), new Float32Array(N)].map((d) => { const b = be.alloc(N); be.write(b, d); return b; });
      const args = [N, 0.01, 0.9, 0.999, 1e-7, L2, ...(kernel === 'adamw' ? [decay] : [])];
      (be[kernel] as (...a: unknown[]) => void)(...bufs, ...args);
      const out = be.read(bufs[0]);
      for (const b of bufs) be.free(b);
      return out;
    };
    expect(Array.from(runOne('adamw', 0))).toEqual(Array.from(runOne('adam', 0)));
    // weights of 1, no gradient and no moments: the Adam step is 0 and w = 1 − decay, rounded (≤ u·1 + decay·u apart)
    const ones = be.alloc(N), zero = be.alloc(N), m = be.alloc(N), v = be.alloc(N);
    be.fill(ones, 1);
    be.adamw(ones, zero, m, v, N, 0.01, 0.9, 0.999, 1e-7, 0, 0.001);
    for (const wi of be.read(ones)) expect(Math.abs(wi - 0.999)).toBeLessThanOrEqual(2 * U);
    for (const b of [ones, zero, m, v]) be.free(b);
  });
});
