/** The one interface both backends satisfy: buffer management, plus every kernel of the table with the signature of its specification. */

import type { KernelName } from './kernels.js';
import type * as Spec from './ts/spec.js';

/**
 * An opaque handle to `length` f32 values owned by a backend. Only the backend that
 * allocated a buffer may use it; nothing outside `src/backend/` looks inside.
 */
export interface Buf {
  readonly length: number;
}

export type BackendName = 'ts' | 'wasm';

/** Buffer management, written by hand in each backend. Sizes are counted in elements. */
export interface BufferOps {
  /** A new zero-filled buffer of `length` f32 values. */
  alloc(length: number): Buf;
  /** A new buffer holding a copy of `data` (no zero-fill first: faster than alloc + write for large data). */
  upload(data: ArrayLike<number>): Buf;
  /** Releases a buffer. Freeing twice throws. */
  free(buf: Buf): void;
  /** Copies `data` into `buf` starting at element `offset`. */
  write(buf: Buf, data: ArrayLike<number>, offset?: number): void;
  /** A copy of `length` elements from `offset` (default: the whole buffer). */
  read(buf: Buf, offset?: number, length?: number): Float32Array;
  /** Sets every element of `buf` to `value`. */
  fill(buf: Buf, value: number): void;
  /** dst[dstOffset + i] = src[srcOffset + i] for i < n. */
  copy(src: Buf, dst: Buf, n: number, srcOffset?: number, dstOffset?: number): void;
  /** dst row r = src row indices[start + r], for r < count; rows have `cols` elements. */
  gatherRows(src: Buf, indices: ArrayLike<number>, dst: Buf, start: number, count: number, cols: number): void;
  /** Number of buffers allocated and not yet freed. */
  liveBuffers(): number;
  /** Bytes held by live buffers. */
  bytesInUse(): number;

}

/** A specification's parameters with Bufs in place of its Float32Arrays. */
type OnBufs<P extends readonly unknown[]> = { [I in keyof P]: P[I] extends Float32Array ? Buf : P[I] };

/**
 * Every kernel, as its specification in src/backend/ts/ declares it (names, parameters, return), on Bufs.
 * Matrices are row-major f32; arguments are inputs, then outputs, then sizes, then scalars (STYLE.md rule 2).
 * Bindings check that each buffer belongs to the backend and is long enough; the layers check shapes.
 */
export type Kernels = { [K in KernelName]: (...args: OnBufs<Parameters<(typeof Spec)[K]>>) => ReturnType<(typeof Spec)[K]> };

export interface Backend extends BufferOps, Kernels {
  readonly name: BackendName;
}

// Compile-time check: the specification has exactly the kernels of the table.
type Unlisted = Exclude<keyof typeof Spec, KernelName>;
const _everySpecIsListed: [Unlisted] extends [never] ? true : Unlisted = true;
void _everySpecIsListed;
