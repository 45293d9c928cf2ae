/** The WASM kernel bindings, made from the kernel table: each checks its buffers, then calls the export with their pointers. */

import type { Buf, Kernels } from '../backend.js';
import { KERNEL_NAMES, KERNELS, lengthAt, lengthFn, type KernelName, type KernelSpec } from '../kernels.js';
import type { RawKernel } from './abi.js';

/** The pointer of `buf` after checking it belongs to this backend, is live and holds at least `need` elements. */
export type PointerOf = (buf: Buf, need: number, op: string) => number;

type N = number;

/**
 * Binds every kernel of the table to its export in `raw` (the module's, or a thread pool's split GEMMs).
 * GEMMs get the backend's scratch pointer appended; the others are bound by their buffer count with fixed-arity
 * closures (a generic `...args` binding costs 25–30 ns more per call, measured: 6% of a tiny network's step);
 * kernels with more than three sizes take the general, slower binding.
 */
export function bindKernels(raw: Record<KernelName, RawKernel>, ptr: PointerOf, scratch: number): Kernels {
  const out: Record<string, unknown> = {};
  for (const name of KERNEL_NAMES) out[name] = bind(name, KERNELS[name], raw[name], ptr, scratch);
  return out as unknown as Kernels;
}

/** How many numbers (sizes, then scalars) the fixed-arity closures below pass on, by buffer count. */
const FIXED_NUMBERS = [0, 3, 4, 4, 7];

function bind(name: string, k: KernelSpec, fn: RawKernel, P: PointerOf, scratch: number): unknown {
  if (k.sizes.length > 3 || k.bufs.length > 4 || k.sizes.length + k.scalars > FIXED_NUMBERS[k.bufs.length]) return bindGeneral(name, k, fn, P, scratch);
  const [l0, l1, l2, l3] = k.bufs.map((e) => lengthFn(e, k.sizes));
  if (k.family === 'gemm' && k.bufs.length === 4) {
    return (a: Buf, b: Buf, x: Buf, c: Buf, m: N, kk: N, n: N) =>
      fn(P(a, l0(m, kk, n), name), P(b, l1(m, kk, n), name), P(x, l2(m, kk, n), name), P(c, l3(m, kk, n), name), m, kk, n, scratch);
  }
  if (k.family === 'gemm') {
    return k.scratch
      ? (a: Buf, b: Buf, c: Buf, m: N, kk: N, n: N) => fn(P(a, l0(m, kk, n), name), P(b, l1(m, kk, n), name), P(c, l2(m, kk, n), name), m, kk, n, scratch)
      : (a: Buf, b: Buf, c: Buf, m: N, kk: N, n: N) => fn(P(a, l0(m, kk, n), name), P(b, l1(m, kk, n), name), P(c, l2(m, kk, n), name), m, kk, n);
  }
  if (k.family === 'gemmBias') {
    return (a: Buf, b: Buf, bias: Buf, c: Buf, m: N, kk: N, n: N) =>
      fn(P(a, l0(m, kk, n), name), P(b, l1(m, kk, n), name), P(bias, l2(m, kk, n), name), P(c, l3(m, kk, n), name), m, kk, n, scratch);
  }
  switch (k.bufs.length) {
    case 1:
      return (x: Buf, s0: N, s1: N, s2: N) => fn(P(x, l0(s0, s1, s2), name), s0, s1, s2);
    case 2:
      return (x: Buf, y: Buf, s0: N, s1: N, s2: N, s3: N) => fn(P(x, l0(s0, s1, s2), name), P(y, l1(s0, s1, s2), name), s0, s1, s2, s3);
    case 3:
      return (x: Buf, y: Buf, z: Buf, s0: N, s1: N, s2: N, s3: N) =>
        fn(P(x, l0(s0, s1, s2), name), P(y, l1(s0, s1, s2), name), P(z, l2(s0, s1, s2), name), s0, s1, s2, s3);
    default:
      // seven numbers: adamw's size and six scalars
      return (w: Buf, x: Buf, y: Buf, z: Buf, s0: N, s1: N, s2: N, s3: N, s4: N, s5: N, s6: N) =>
        fn(P(w, l0(s0, s1, s2), name), P(x, l1(s0, s1, s2), name), P(y, l2(s0, s1, s2), name), P(z, l3(s0, s1, s2), name), s0, s1, s2, s3, s4, s5, s6);
  }
}

/**
 * Any signature: buffers first, then the numbers, then the scratch pointer where the entry has one; lengths from
 * the table. Used for kernels called once per layer, not per element.
 */
function bindGeneral(name: string, k: KernelSpec, fn: RawKernel, P: PointerOf, scratch: number): unknown {
  const nb = k.bufs.length;
  const numbers = k.sizes.length + k.scalars;
  const lengths = k.bufs.map((e) => lengthAt(e, k.sizes));
  return (...args: unknown[]) => {
    const nums = args as number[];
    for (let i = 0; i < nb; i++) args[i] = P(args[i] as Buf, lengths[i](nums, nb), name);
    if (k.scratch) args[nb + numbers] = scratch;
    return fn(...nums);
  };
}
