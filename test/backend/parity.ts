/** The parity helper: runs one kernel on two backends from the same buffers and compares outputs within stated bounds. */

import type { Backend } from '../../src/backend/backend.js';
import type { KernelName } from '../../src/backend/kernels.js';

/** u = 2^−24, the unit roundoff of f32. */
export const U = 2 ** -24;

/**
 * One kernel call. `bufs` holds the starting contents of every buffer argument, in argument order
 * (inputs, outputs, and in-place state such as Adam's m and v); `rest` the trailing sizes and scalars.
 */
export interface Call {
  kernel: KernelName;
  bufs: Float32Array[];
  rest: number[];
}

/** What a backend produced: the final contents of every buffer and the return value. */
export interface Result {
  bufs: Float32Array[];
  ret: number | undefined;
}

/** Runs `call` on `be`, freeing everything it allocated. */
export function run(be: Backend, call: Call): Result {
  const handles = call.bufs.map((data) => {
    const b = be.alloc(data.length);
    be.write(b, data);
    return b;
  });
  const fn = be[call.kernel] as unknown as (...args: unknown[]) => number | undefined;
  const ret = fn.apply(be, [...handles, ...call.rest]);
  const bufs = handles.map((h) => be.read(h));
  for (const h of handles) be.free(h);
  return { bufs, ret: ret ?? undefined };
}

/**
 * Per-element bound: |actual − expected| ≤ c·u·scale[i] + floor. `scale` is the sum of magnitudes of the
 * terms that make up the element (a forward-error bound's usual shape), computed by the caller in f64.
 */
export interface Bound {
  c: number;
  scale: ArrayLike<number>;
  floor?: number;
}

/** The first element outside its bound, described, or null when every element is within. */
export function firstMismatch(actual: Float32Array, expected: Float32Array, bound: Bound): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    // equal values (equal infinities too, whose difference is NaN), or NaN on both sides
    if (a === e || (Number.isNaN(a) && Number.isNaN(e))) continue;
    const tol = bound.c * U * bound.scale[i] + (bound.floor ?? 0);
    if (!(Math.abs(a - e) <= tol)) {
      return `element ${i}: wasm ${a}, ts ${e}, |diff| ${Math.abs(a - e)} > tolerance ${tol}`;
    }
  }
  return null;
}

/** |x| elementwise, as f64. */
export function abs(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]);
  return out;
}

/** (|A|·|B|)[m×n] in f64: the scale of a matmul element's rounding error. */
export function absProduct(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const x = Math.abs(a[i * k + p]);
      for (let j = 0; j < n; j++) out[i * n + j] += x * Math.abs(b[p * n + j]);
    }
  }
  return out;
}

/** Aᵀ of a rows×cols matrix. */
export function transpose(a: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

/** The first element where `actual` and `expected` are not the same value (Object.is: −0 ≠ 0, NaN = NaN, ∞ = ∞), or null. */
export function firstDifference(actual: Float32Array, expected: Float32Array): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) return `element ${i}: wasm ${Object.is(actual[i], -0) ? '-0' : actual[i]}, ts ${Object.is(expected[i], -0) ? '-0' : expected[i]}, expected the same value`;
  }
  return null;
}

/**
 * Runs `call` on both backends and checks buffer `outs[i]` against `bounds(tsBuffers)[i]`: a description of the
 * first element outside its bound, or null. A bound with c = 0 and no floor asks for the same values, signed zeros
 * and infinities included (firstDifference). (wasm_backend.test.ts has its own copy of this loop.)
 */
export function parityMismatch(ts: Backend, wasm: Backend, call: Call, outs: number[], bounds: (ts: Float32Array[]) => Bound[]): string | null {
  const t = run(ts, call);
  const w = run(wasm, call);
  const bs = bounds(t.bufs);
  for (let i = 0; i < outs.length; i++) {
    const [a, e] = [w.bufs[outs[i]], t.bufs[outs[i]]];
    const msg = bs[i].c === 0 && !bs[i].floor ? firstDifference(a, e) : firstMismatch(a, e, bs[i]);
    if (msg) return `${call.kernel}(${call.rest.join(', ')}) buffer ${outs[i]}: ${msg}`;
  }
  return null;
}
