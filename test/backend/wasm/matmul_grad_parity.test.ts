/** The fused backward products of assembly/matmul_grad.ts against the TS specification, and bit for bit against the separate kernels they replace. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { createTsBackend } from '../../../src/backend/ts/ts_backend.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { relaxedSimdSupported, type SimdChoice } from '../../../src/backend/wasm/loader.js';
import { Random } from '../../../src/random.js';
import { absProduct, firstDifference, parityMismatch, run, transpose, type Bound } from '../parity.js';

// m×k×n as the layer's (batch × inputs × units): awkward sizes on every side, past the 4×8 tiles, past the 64-row
// blocks of the fused derivative (m = 65, 130, 300), past the 256-deep k-blocks (m = 300 for dW, n = 513 for dX),
// the one-vector paths of layers of ≤ 4 units (k, n ≤ 4), the column tiles of 1–4 and the padded tile of 5–7
// leftover columns, and empty batches or layers.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [3, 5, 7], [4, 8, 8], [5, 9, 13], [64, 64, 10], [65, 17, 33], [7, 3, 2], [200, 3, 2], [13, 2, 4],
  [9, 11, 5], [17, 6, 12], [130, 63, 9], [300, 7, 6], [3, 10, 513], [64, 128, 64], [0, 5, 9], [5, 0, 9], [6, 9, 0],
];
const BUILDS: SimdChoice[] = relaxedSimdSupported() ? ['baseline', 'relaxed'] : ['baseline'];
const ts: Backend = createTsBackend();

function randn(rng: Random, n: number, std = 1): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal(0, std));
}

/** Saved values below the layer: a ReLU's input (signs mixed, zeros and −0 included), or a tanh / sigmoid output. */
function savedFor(act: 'relu' | 'tanh' | 'sigmoid', rng: Random, n: number): Float32Array {
  if (act === 'relu') return Float32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? -0 : rng.normal()));
  if (act === 'tanh') return Float32Array.from({ length: n }, () => Math.tanh(rng.normal(0, 2)));
  return Float32Array.from({ length: n }, () => 1 / (1 + Math.exp(-rng.normal(0, 3))));
}

/** The derivative factor and the bound its own roundings add (relative to |dy|), from the saved value s. */
const DERIV = {
  relu: { kernel: 'matmulTransBReluBackward', single: 'reluBackward', f: (s: number) => (s > 0 ? 1 : 0), own: () => 0 },
  tanh: { kernel: 'matmulTransBTanhBackward', single: 'tanhBackward', f: (s: number) => 1 - s * s, own: (s: number) => 4 * (Math.abs(1 - s * s) + s * s) },
  sigmoid: { kernel: 'matmulTransBSigmoidBackward', single: 'sigmoidBackward', f: (s: number) => s * (1 - s), own: (s: number) => 4 * s * (Math.abs(1 - s) + s) },
} as const;

describe.each(BUILDS)('%s build', (build) => {
  let wasm: Backend;
  beforeAll(async () => {
    wasm = await createWasmBackend(undefined, { simd: build });
  });

  describe.each(SHAPES)('%i×%i×%i', (m, k, n) => {
    const rng = new Random(m * 10007 + k * 101 + n);
    const x = randn(rng, m * k), dy = randn(rng, m * n), w = randn(rng, k * n);

    it('matmulTransAColSum: dW within the product bound, db exact, both the bits of matmulTransA + colSum', () => {
      const call = { kernel: 'matmulTransAColSum' as const, bufs: [x, dy, new Float32Array(k * n), new Float32Array(n)], rest: [m, k, n] };
      const scale = absProduct(transpose(x, m, k), dy, k, m, n);
      expect(parityMismatch(ts, wasm, call, [2, 3], () => [{ c: 2 * (m + 2), scale }, { c: 0, scale: new Float64Array(n) }])).toBeNull();
      const fused = run(wasm, call).bufs;
      const dW = run(wasm, { kernel: 'matmulTransA', bufs: [x, dy, new Float32Array(k * n)], rest: [m, k, n] }).bufs[2];
      const db = run(wasm, { kernel: 'colSum', bufs: [dy, new Float32Array(n)], rest: [m, n] }).bufs[1];
      expect(firstDifference(fused[2], dW), 'dW').toBeNull();
      expect(firstDifference(fused[3], db), 'db').toBeNull();
      expect(wasm.liveBuffers()).toBe(0);
    });

    it.each(['relu', 'tanh', 'sigmoid'] as const)('matmulTransB + %s derivative: within the bound carried through it, and the bits of the two kernels', (act) => {
      const d = DERIV[act];
      const saved = savedFor(act, rng, m * k);
      const call = { kernel: d.kernel, bufs: [dy, w, saved, new Float32Array(m * k)], rest: [m, k, n] };
      const prod = absProduct(dy, transpose(w, k, n), m, n, k);
      const plain = run(ts, { kernel: 'matmulTransB', bufs: [dy, w, new Float32Array(m * k)], rest: [m, k, n] }).bufs[2];
      // the product's bound scaled by |f′|, plus the derivative's own roundings relative to |dY·Wᵀ|
      const bound: Bound = { c: 1, scale: Float64Array.from(prod, (p, i) => 2 * (n + 2) * p * Math.abs(d.f(saved[i])) * 1.01 + d.own(saved[i]) * Math.abs(plain[i])), floor: 1e-38 };
      expect(parityMismatch(ts, wasm, call, [3], () => [bound])).toBeNull();
      const fused = run(wasm, call).bufs[3];
      const product = run(wasm, { kernel: 'matmulTransB', bufs: [dy, w, new Float32Array(m * k)], rest: [m, k, n] }).bufs[2];
      const after = run(wasm, { kernel: d.single, bufs: [saved, product, new Float32Array(m * k)], rest: [m * k] }).bufs[2];
      expect(firstDifference(fused, after), `${d.kernel} = matmulTransB then ${d.single}`).toBeNull();
      expect(wasm.liveBuffers()).toBe(0);
    });
  });

  it('the fused kernels write exactly their outputs (guards after dX, dW and db untouched)', () => {
    const rng = new Random(9);
    for (const [m, k, n] of [[7, 3, 2], [9, 10, 5], [66, 13, 10]] as const) {
      const guard = (len: number) => new Float32Array(len + 5).fill(7);
      const r = run(wasm, { kernel: 'matmulTransAColSum', bufs: [randn(rng, m * k), randn(rng, m * n), guard(k * n), guard(n)], rest: [m, k, n] });
      expect(Array.from(r.bufs[2].subarray(k * n)), `dW ${m}×${k}×${n}`).toEqual([7, 7, 7, 7, 7]);
      expect(Array.from(r.bufs[3].subarray(n)), `db ${m}×${k}×${n}`).toEqual([7, 7, 7, 7, 7]);
      for (const act of ['relu', 'tanh', 'sigmoid'] as const) {
        const dx = run(wasm, { kernel: DERIV[act].kernel, bufs: [randn(rng, m * n), randn(rng, k * n), savedFor(act, rng, m * k), guard(m * k)], rest: [m, k, n] }).bufs[3];
        expect(Array.from(dx.subarray(m * k)), `${act} ${m}×${k}×${n}`).toEqual([7, 7, 7, 7, 7]);
      }
    }
  });
});
