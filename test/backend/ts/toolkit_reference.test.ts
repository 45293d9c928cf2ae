/** The clipping kernels on both backends against independent f64 references. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.js';
import { createTsBackend } from '../../../src/backend/ts/ts_backend.js';
import { createWasmBackend } from '../../../src/backend/wasm/create.js';
import { Random } from '../../../src/random.js';
import { U, run } from '../parity.js';

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
