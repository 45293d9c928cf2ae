// Smoke test of the GEMM workload: every contender's C = A·B matches an f64 reference on awkward shapes.
import { describe, expect, it } from 'vitest';
import { CONTENDERS, filled } from '../../../bench/compare/contenders.js';
import { gemmCase, gemmOptions, cube, mlpShape } from '../../../bench/compare/gemm.js';

function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
    c[i * n + j] = s;
  }
  return c;
}

describe('bench/compare/gemm', () => {
  for (const shape of [mlpShape(1, 1, 1), mlpShape(5, 7, 3), mlpShape(33, 17, 9), cube(64)]) {
    it(`every contender computes A·B at ${shape.label}`, async () => {
      const { m, k, n } = shape;
      const a = filled(m * k, 3), b = filled(k * n, 4);
      const want = reference(a, b, m, k, n);
      for (const c of CONTENDERS) {
        const g = await gemmCase(c, shape, a, b);
        g.run();
        g.run(); // a second run must not accumulate
        const got = g.result();
        g.dispose();
        expect(got.length, c).toBe(m * n);
        for (let i = 0; i < m * n; i++) expect(Math.abs(got[i] - want[i]), `${c} C[${i}]`).toBeLessThan(1e-4 * (1 + Math.sqrt(k)));
      }
    });
  }

  it('gives the pure-JS contenders one call per round only at ≥ 1 GFLOP', () => {
    expect(gemmOptions('tfjs-cpu', cube(1024), false).samples).toBe(1);
    expect(gemmOptions('simdnet-ts', cube(1024), true).warmup).toBe(1);
    expect(gemmOptions('simdnet-wasm', cube(1024), false).samples).toBeGreaterThan(1);
    expect(gemmOptions('tfjs-cpu', cube(512), false).samples).toBeGreaterThan(1);
  });
});
