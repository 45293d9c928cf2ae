/** softmaxBackward, normalizeColumns and the clipping kernels on both backends against independent f64 references and finite differences. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { createTsBackend } from '../../../src/backend/ts/ts_backend.js';
import * as spec from '../../../src/backend/ts/spec.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { Random } from '../../../src/random.js';
import { U, firstMismatch, run } from '../parity.js';

function randn(rng: Random, n: number, std = 1, mean = 0): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal(mean, std));
}
const zeros = (n: number) => new Float32Array(n);

let wasm: Backend;
beforeAll(async () => {
  wasm = await createWasmBackend(undefined, { simd: 'baseline' });
});
const backends: [string, () => Backend][] = [['ts', () => createTsBackend()], ['wasm', () => wasm]];

describe.each(backends)('%s backend', (_name, backend) => {
  it('softmaxBackward is Jᵀ·dy with the softmax Jacobian J = diag(y) − y·yᵀ, built as a matrix in f64', () => {
    const be = backend();
    const rng = new Random(1);
    for (const [rows, cols] of [[1, 1], [3, 2], [5, 3], [4, 10], [7, 17]]) {
      const y = run(be, { kernel: 'softmax', bufs: [randn(rng, rows * cols, 3), zeros(rows * cols)], rest: [rows, cols] }).bufs[1];
      const dy = randn(rng, rows * cols);
      const dx = run(be, { kernel: 'softmaxBackward', bufs: [y, dy, zeros(rows * cols)], rest: [rows, cols] }).bufs[2];
      const expected = new Float64Array(rows * cols), scale = new Float64Array(rows * cols);
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let sa = 0, s = 0;
        for (let j = 0; j < cols; j++) { sa += Math.abs(dy[o + j] * y[o + j]); s += dy[o + j] * y[o + j]; }
        for (let i = 0; i < cols; i++) {
          // (Jᵀdy)_i = Σ_j J_ji dy_j, J_ji = y_j(δ_ji − y_i) (J is symmetric)
          for (let j = 0; j < cols; j++) expected[o + i] += y[o + j] * ((i === j ? 1 : 0) - y[o + i]) * dy[o + j];
          // the kernel's bound against the exact value (toolkit_parity.test.ts), and the matrix product's own f64 error
          scale[o + i] = 1.01 * Math.abs(y[o + i]) * (2 * sa + 3 * Math.abs(dy[o + i] - s)) + 1e-6 * sa;
        }
      }
      expect(firstMismatch(dx, Float32Array.from(expected), { c: 1, scale, floor: 1e-44 })).toBeNull();
    }
  });

  it('normalizeColumns standardizes with shift = mean, scale = 1/std, maps min–max to [0, 1], and its backward is dy·scale', () => {
    const be = backend();
    const rng = new Random(2);
    const [rows, cols] = [50, 6];
    const x = randn(rng, rows * cols, 4, 10);
    const mean = new Float64Array(cols), std = new Float64Array(cols), lo = new Float64Array(cols).fill(Infinity), hi = new Float64Array(cols).fill(-Infinity);
    for (let j = 0; j < cols; j++) {
      for (let r = 0; r < rows; r++) { const v = x[r * cols + j]; mean[j] += v / rows; lo[j] = Math.min(lo[j], v); hi[j] = Math.max(hi[j], v); }
      for (let r = 0; r < rows; r++) std[j] += (x[r * cols + j] - mean[j]) ** 2 / rows;
      std[j] = Math.sqrt(std[j]);
    }
    const z = run(be, { kernel: 'normalizeColumns', bufs: [x, Float32Array.from(mean), Float32Array.from(std, (s) => 1 / s), zeros(rows * cols)], rest: [rows, cols] }).bufs[3];
    for (let j = 0; j < cols; j++) {
      const col = Array.from({ length: rows }, (_, r) => z[r * cols + j]);
      const m = col.reduce((a, b) => a + b, 0) / rows, v = col.reduce((a, b) => a + (b - m) ** 2, 0) / rows;
      // shift and scale are rounded to f32 (u·|mean|/std, u), then 3u per element: the moments within ~10u·|mean|/std
      expect(Math.abs(m)).toBeLessThanOrEqual(10 * U * (Math.abs(mean[j]) / std[j] + 1));
      expect(Math.abs(v - 1)).toBeLessThanOrEqual(20 * U * (Math.abs(mean[j]) / std[j] + 1));
    }
    const mm = run(be, { kernel: 'normalizeColumns', bufs: [x, Float32Array.from(lo), Float32Array.from(hi, (h, j) => 1 / (h - lo[j])), zeros(rows * cols)], rest: [rows, cols] }).bufs[3];
    for (let j = 0; j < cols; j++) {
      const col = Array.from({ length: rows }, (_, r) => mm[r * cols + j]);
      expect(Math.min(...col)).toBe(0); // the minimum is an f32 value of x: x − min is exactly 0
      expect(Math.abs(Math.max(...col) - 1)).toBeLessThanOrEqual(3 * U);
    }
    const scale = randn(rng, cols), dy = randn(rng, rows * cols);
    const dx = run(be, { kernel: 'normalizeColumnsBackward', bufs: [scale, dy, zeros(rows * cols)], rest: [rows, cols] }).bufs[2];
    expect(Array.from(dx)).toEqual(Array.from(dy, (d, i) => Math.fround(d * scale[i % cols])));
  });

  it('clipping by global norm: sumSquares, then scaleInPlace by min(1, clipNorm/‖g‖) brings ‖g‖ to clipNorm, direction kept', () => {
    const be = backend();
    const rng = new Random(3);
    const grads = [randn(rng, 37, 2), randn(rng, 5, 2), randn(rng, 130, 2)];
    const bufs = grads.map((g) => { const b = be.alloc(g.length); be.write(b, g); return b; });
    const norm = Math.sqrt(bufs.reduce((s, b) => s + be.sumSquares(b, b.length), 0));
    const clipNorm = 1.5;
    const f = Math.min(1, clipNorm / norm);
    expect(f).toBeLessThan(1);
    for (const b of bufs) be.scaleInPlace(b, b.length, f);
    const after = bufs.map((b) => be.read(b));
    const newNorm = Math.sqrt(after.reduce((s, a) => s + a.reduce((t, v) => t + v * v, 0), 0));
    expect(Math.abs(newNorm - clipNorm)).toBeLessThanOrEqual(3 * U * clipNorm); // f rounded to f32, each product rounded
    after.forEach((a, k) => a.forEach((v, i) => expect(v).toBe(Math.fround(grads[k][i] * Math.fround(f)))));
    for (const b of bufs) be.free(b);
  });

  it('clipInPlace clamps to [−limit, limit], leaves values inside unchanged, and keeps NaN', () => {
    const be = backend();
    const x = Float32Array.from([-3, -0.5, 0, -0, 0.5, 3, NaN, Infinity, -Infinity, 0.25, 0.2500001]);
    const out = run(be, { kernel: 'clipInPlace', bufs: [x], rest: [x.length, 0.25] }).bufs[0];
    expect(Array.from(out)).toEqual([-0.25, -0.25, 0, -0, 0.25, 0.25, NaN, 0.25, -0.25, 0.25, 0.25]);
    expect(Object.is(out[3], -0)).toBe(true);
  });
});

describe('the specification in f64 against finite differences', () => {
  it('softmaxBackward is the gradient of L = Σ c·softmax(z), row by row', () => {
    const f64 = (a: ArrayLike<number>) => Float64Array.from(a) as unknown as Float32Array;
    const rng = new Random(4);
    for (const [rows, cols] of [[1, 1], [2, 3], [3, 5], [2, 10]]) {
      const n = rows * cols, z = f64(randn(rng, n, 2)), c = f64(randn(rng, n));
      const loss = () => {
        const y = f64(new Float64Array(n));
        spec.softmax(z, y, rows, cols);
        return y.reduce((s, v, i) => s + v * c[i], 0);
      };
      const y = f64(new Float64Array(n)), dz = f64(new Float64Array(n));
      spec.softmax(z, y, rows, cols);
      spec.softmaxBackward(y, c, dz, rows, cols);
      const cAbs = c.reduce((s, v) => s + Math.abs(v), 0);
      for (let i = 0; i < n; i++) {
        const v0 = z[i], h = 1e-5;
        z[i] = v0 + h; const up = loss();
        z[i] = v0 - h; const down = loss();
        z[i] = v0;
        // truncation h²·|L'''| ≤ h²·Σ|c| (softmax's derivatives are bounded by 1 here), rounding 2⁻⁵²·Σ|c|/h
        expect(Math.abs((up - down) / (2 * h) - dz[i]), `dz[${i}] of ${rows}×${cols}`).toBeLessThanOrEqual(1e-9 * cAbs + (2 ** -52 * cAbs) / h);
      }
    }
  });
});
