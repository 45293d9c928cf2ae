/** The recurrent kernels (rnn, lstm, gru, gru_reset_before) on both backends against f64 references written from the equations, within derived error bounds, at awkward sizes. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import type { KernelName } from '../../../src/backend/kernels.js';
import { createTsBackend } from '../../../src/backend/ts/ts_backend.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { relaxedSimdSupported, type SimdChoice } from '../../../src/backend/wasm/loader.js';
import { Random } from '../../../src/random.js';
import { run } from '../parity.js';
import { outsideBound, values, type E } from '../recurrent/bounds.js';
import { gruSequence, gruSequenceBackward, gruResetBeforeSequenceBackward } from '../recurrent/gru_ref.js';
import { lstmSequence, lstmSequenceBackward, rnnSequence, rnnSequenceBackward, type Dims } from '../recurrent/lstm_ref.js';

// Each output element of either backend must lie within the running error bound of an f32 implementation around the
// f64 reference (test/backend/recurrent/bounds.ts): every rounding counted as u, sums of n terms as γ_n, the
// activations at their measured 3.3u, errors carried through the steps by the actual slopes and weights. A wrong gate
// order, a missed step or a stale carry is off by O(1), six orders of magnitude past these bounds.

// batch × steps × units: one step, one unit, units past and between multiples of 4, batch past the GEMM's 4-row panels
const SHAPES: [number, number, number][] = [[1, 1, 1], [2, 1, 3], [1, 6, 1], [3, 5, 7], [5, 4, 9], [4, 3, 4], [2, 2, 8], [33, 6, 17], [6, 3, 13]];
const BUILDS: SimdChoice[] = relaxedSimdSupported() ? ['baseline', 'relaxed'] : ['baseline'];

const ts: Backend = createTsBackend();
let wasm: Backend;
const rng = new Random(16);

/** N(0, std²) values, with a few saturating pre-activations (±12, ±40) mixed in when `extreme`. */
function randn(n: number, std: number, extreme = false): Float32Array {
  const x = Float32Array.from({ length: n }, () => rng.normal(0, std));
  if (extreme) for (let i = 3; i < n; i += 11) x[i] = [12, -12, 40, -40][i % 4];
  return x;
}
const zeros = (n: number): Float32Array => new Float32Array(n);

/** Runs `kernel` on both backends and checks buffers `outs` against their references; returns the TS result's buffers. */
function check(kernel: KernelName, bufs: Float32Array[], d: Dims, outs: [number, E[]][]): Float32Array[] {
  const rest = [d.batch, d.steps, d.units, d.outSteps];
  const label = `${kernel}(${rest.join(', ')})`;
  const t = run(ts, { kernel, bufs, rest });
  for (const [be, r] of [['ts', t], ['wasm', run(wasm, { kernel, bufs, rest })]] as const) {
    for (const [i, ref] of outs) expect(outsideBound(r.bufs[i], ref, `${be} ${label} buffer ${i}`)).toBeNull();
  }
  expect(wasm.liveBuffers()).toBe(0);
  return t.bufs;
}

/** The two layouts of y for a shape: the last step only, and every step. */
const dimsOf = ([batch, steps, units]: [number, number, number]): Dims[] =>
  [...new Set([1, steps])].map((outSteps) => ({ batch, steps, units, outSteps }));

describe.each(BUILDS)('%s build', (build) => {
  beforeAll(async () => {
    wasm = await createWasmBackend(undefined, { simd: build });
  });

  describe.each(SHAPES)('batch %i, steps %i, units %i', (...shape) => {
    it('rnnTanh and rnnRelu, forward and backward', () => {
      for (const d of dimsOf(shape)) {
        const { batch: B, steps: T, units: n, outSteps: O } = d;
        for (const act of ['tanh', 'relu'] as const) {
          const zx = randn(B * T * n, 1, act === 'tanh'), U = randn(n * n, 0.9 / Math.sqrt(n));
          const ref = rnnSequence(values(zx), U, d, act);
          const fw = act === 'tanh' ? 'rnnTanhForward' : 'rnnReluForward';
          const f = check(fw, [zx, U, zeros(B * T * n), zeros(B * O * n)], d, [[0, ref.h], [2, ref.hp], [3, ref.y]]);
          const dy = randn(B * O * n, 1);
          const bw = act === 'tanh' ? 'rnnTanhBackward' : 'rnnReluBackward';
          check(bw, [f[0], U, dy, zeros(B * T * n), zeros(B * n), zeros(n * n)], d, [[3, rnnSequenceBackward(f[0], U, dy, d, act)]]);
        }
      }
    });

    it('lstm, forward and backward', () => {
      for (const d of dimsOf(shape)) {
        const { batch: B, steps: T, units: n, outSteps: O } = d;
        const zx = randn(B * T * 4 * n, 1, true), U = randn(n * 4 * n, 1 / Math.sqrt(n));
        const ref = lstmSequence(values(zx), U, d);
        const f = check('lstmForward', [zx, U, zeros(B * T * n), zeros(B * T * n), zeros(B * O * n)], d,
          [[0, ref.gates], [2, ref.c], [3, ref.hp], [4, ref.y]]);
        const dy = randn(B * O * n, 1);
        const dz = lstmSequenceBackward(f[0], f[2], U, dy, d);
        check('lstmBackward', [f[0], f[2], U, dy, zeros(B * T * 4 * n), zeros(B * n), zeros(B * n), zeros(4 * n * n)], d, [[4, dz]]);
      }
    });

    it('gru (reset after), forward and backward', () => {
      for (const d of dimsOf(shape)) {
        const { batch: B, steps: T, units: n, outSteps: O } = d;
        const zx = randn(B * T * 3 * n, 1, true), U = randn(n * 3 * n, 1 / Math.sqrt(n)), bias = randn(6 * n, 0.5);
        const ref = gruSequence(values(zx), U, bias.subarray(3 * n), d);
        const f = check('gruForward', [zx, U, bias, zeros(B * T * 4 * n), zeros(B * T * n), zeros(B * O * n)], d,
          [[3, ref.gates], [4, ref.hp], [5, ref.y]]);
        const dy = randn(B * O * n, 1);
        const r = gruSequenceBackward(f[3], f[4], U, dy, d);
        check('gruBackward', [f[3], f[4], U, dy, zeros(B * T * 3 * n), zeros(B * T * 3 * n), zeros(6 * n), zeros(B * n), zeros(3 * n * n)], d,
          [[4, r.dz], [5, r.dr], [6, r.db]]);
      }
    });

    it('gru (reset before), forward and backward', () => {
      for (const d of dimsOf(shape)) {
        const { batch: B, steps: T, units: n, outSteps: O } = d;
        const zx = randn(B * T * 3 * n, 1, true), U = randn(n * 3 * n, 1 / Math.sqrt(n));
        const ref = gruSequence(values(zx), U, null, d);
        const f = check('gruResetBeforeForward', [zx, U, zeros(B * T * n), zeros(B * T * n), zeros(B * O * n)], d,
          [[0, ref.gates], [2, ref.rh], [3, ref.hp], [4, ref.y]]);
        const dy = randn(B * O * n, 1);
        const r = gruResetBeforeSequenceBackward(f[0], f[3], f[2], U, dy, d);
        const bufs = [f[0], f[3], f[2], U, dy, zeros(B * T * 3 * n), zeros(3 * n * n), zeros(B * n), zeros(B * n), zeros(3 * n * n)];
        check('gruResetBeforeBackward', bufs, d, [[5, r.dz], [6, r.du]]);
      }
    });
  });

  it('the sequence kernels write only their outputs (a guard after each output buffer stays untouched)', () => {
    const guarded = (n: number): Float32Array => new Float32Array(n + 5).fill(7);
    const tail = (x: Float32Array, n: number): number[] => Array.from(x.subarray(n));
    const U = randn(5 * 20, 0.4);
    const f = run(wasm, { kernel: 'lstmForward', bufs: [randn(3 * 4 * 20, 1), U, guarded(60), guarded(60), guarded(15)], rest: [3, 4, 5, 1] }).bufs;
    for (const [i, n] of [[2, 60], [3, 60], [4, 15]]) expect(tail(f[i], n), `lstmForward buffer ${i}`).toEqual([7, 7, 7, 7, 7]);
    const g = run(wasm, { kernel: 'gruForward', bufs: [randn(3 * 4 * 15, 1), randn(75, 0.4), randn(30, 1), guarded(240), guarded(60), guarded(15)], rest: [3, 4, 5, 1] }).bufs;
    for (const [i, n] of [[3, 240], [4, 60], [5, 15]]) expect(tail(g[i], n), `gruForward buffer ${i}`).toEqual([7, 7, 7, 7, 7]);
    const b = run(wasm, { kernel: 'lstmBackward', bufs: [f[0], f[2], U, randn(15, 1), guarded(240), guarded(15), guarded(15), guarded(100)], rest: [3, 4, 5, 1] }).bufs;
    for (const [i, n] of [[4, 240], [5, 15], [6, 15], [7, 100]]) expect(tail(b[i], n), `lstmBackward buffer ${i}`).toEqual([7, 7, 7, 7, 7]);
  });
});
