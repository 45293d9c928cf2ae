/** 2-D row-major f32 tensors living in a backend's memory, and the conversion of user data into them. */

import { getBackend, type Backend, type Buf } from './backend/index.js';
import { fmtShape, rangeError, StateError } from './errors.js';
import { readMatrix, rowsOf, type Matrix } from './matrix.js';

/** What user-facing functions accept as a matrix: nested arrays, `{ data, shape }`, or a Tensor. */
export type MatrixInput = number[][] | Matrix | Tensor;

/**
 * A rows×cols f32 matrix owned by a backend. Reads return copies; `dispose()` frees its memory.
 *
 * ```ts
 * const t = tensor([[1, 2], [3, 4]]);
 * t.shape;      // [2, 2]
 * t.toArray();  // [[1, 2], [3, 4]]
 * t.dispose();
 * ```
 */
export class Tensor {
  /** @internal the backend buffer; only ops and nn use it. */
  readonly buf: Buf;
  readonly backend: Backend;
  readonly shape: readonly [number, number];
  private alive = true;

  /** @internal use `tensor()` or `zeros()`. */
  constructor(backend: Backend, shape: readonly [number, number], buf?: Buf) {
    this.backend = backend;
    this.shape = [shape[0], shape[1]];
    this.buf = buf ?? backend.alloc(shape[0] * shape[1]);
  }

  get rows(): number { return this.shape[0]; }
  get cols(): number { return this.shape[1]; }
  get size(): number { return this.shape[0] * this.shape[1]; }
  get disposed(): boolean { return !this.alive; }

  /** A copy of the values as nested arrays. */
  toArray(): number[][] {
    return rowsOf(this.toFloat32Array(), this.rows, this.cols);
  }

  /** A copy of the values, row-major. */
  toFloat32Array(): Float32Array {
    this.assertAlive('toArray');
    return this.backend.read(this.buf);
  }

  /** Frees the tensor's memory. Safe to call twice. */
  dispose(): void {
    if (!this.alive) return;
    this.alive = false;
    this.backend.free(this.buf);
  }

  /** @internal */
  assertAlive(op: string): void {
    if (!this.alive) throw new StateError(op, `tensor ${fmtShape(this.shape)} was disposed`);
  }
}

/**
 * Creates a tensor from nested arrays, or from a flat array/Float32Array plus `[rows, cols]`.
 *
 * ```ts
 * tensor([[1, 2, 3]]);                              // 1×3
 * tensor(new Float32Array([1, 2, 3, 4]), [2, 2]);  // 2×2
 * ```
 */
export function tensor(data: number[][] | Float32Array | number[], shape?: readonly [number, number]): Tensor {
  const m = readMatrix('tensor', 'data', shape ? { data: data as Float32Array | number[], shape } : (data as number[][]));
  const t = new Tensor(getBackend(), m.shape);
  t.backend.write(t.buf, m.data);
  return t;
}

/** A zero-filled rows×cols tensor on the current backend. */
export function zeros(rows: number, cols: number): Tensor {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw rangeError('zeros', `shape must be two positive integers, got ${rows}×${cols}`);
  }
  return new Tensor(getBackend(), [rows, cols]);
}

/**
 * User data as a checked Matrix: what `readMatrix` accepts, or a Tensor (read, i.e. copied). Names the operation
 * and the argument in every message (`fit: x has 783 columns …`).
 *
 * ```ts
 * readInput('fit', 'x', tensor([[1, 2]])).shape; // [1, 2]
 * ```
 */
export function readInput(op: string, name: string, input: unknown, opts: { allowNonFinite?: boolean } = {}): Matrix {
  if (input instanceof Tensor) {
    input.assertAlive(op);
    return { data: input.toFloat32Array(), shape: [input.rows, input.cols] };
  }
  return readMatrix(op, name, input, opts);
}
