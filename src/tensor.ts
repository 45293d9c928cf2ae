/** 2-D row-major f32 tensors living in a backend's memory, and the conversion of user data into them. */

import { getBackend, type Backend, type Buf } from './backend/index.js';
import { fmtShape, typeError, rangeError } from './errors.js';
import type { Matrix } from './matrix.js';

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
    const flat = this.toFloat32Array();
    const out: number[][] = [];
    for (let r = 0; r < this.rows; r++) out.push(Array.from(flat.subarray(r * this.cols, (r + 1) * this.cols)));
    return out;
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
    if (!this.alive) throw new Error(`${op}: tensor ${fmtShape(this.shape)} was disposed`);
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
  const m = toMatrix('tensor', 'data', shape ? { data: data as Float32Array | number[], shape } : (data as number[][]));
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
 * Converts user data to a flat f32 matrix, checking kind, raggedness, shape and finiteness.
 * `name` appears in messages (`fit: x has 783 columns …`). Tensors are read (copied).
 */
export function toMatrix(op: string, name: string, input: unknown, opts: { allowNonFinite?: boolean } = {}): Matrix {
  let data: Float32Array;
  let rows: number;
  let cols: number;
  if (input instanceof Tensor) {
    input.assertAlive(op);
    return { data: input.toFloat32Array(), shape: [input.rows, input.cols] };
  } else if (Array.isArray(input)) {
    rows = input.length;
    if (rows === 0) throw rangeError(op, `${name} is empty`);
    if (!Array.isArray(input[0]) && !ArrayBuffer.isView(input[0])) {
      throw typeError(op, `${name} must be a 2-D array (rows of numbers), got an array of ${typeof input[0]}`);
    }
    cols = (input[0] as number[]).length;
    if (cols === 0) throw rangeError(op, `${name} has rows of length 0`);
    data = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const row = input[r] as number[];
      if (!Array.isArray(row) && !ArrayBuffer.isView(row)) throw typeError(op, `${name} row ${r} is not an array`);
      if (row.length !== cols) throw rangeError(op, `${name} is ragged: row ${r} has ${row.length} values, row 0 has ${cols}`);
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== 'number') throw typeError(op, `${name} row ${r}, column ${j} is ${typeof v}, expected a number`);
        data[r * cols + j] = v;
      }
    }
  } else if (input && typeof input === 'object' && 'data' in input && 'shape' in input) {
    const { data: d, shape } = input as { data: unknown; shape: unknown };
    if (!Array.isArray(shape) || shape.length !== 2) throw typeError(op, `${name}.shape must be [rows, cols]`);
    [rows, cols] = shape as [number, number];
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
      throw rangeError(op, `${name}.shape must be two positive integers, got ${fmtShape(shape)}`);
    }
    if (d instanceof Float32Array) data = d;
    else if (Array.isArray(d) || ArrayBuffer.isView(d)) data = Float32Array.from(d as ArrayLike<number>);
    else throw typeError(op, `${name}.data must be a Float32Array or an array of numbers`);
    if (data.length !== rows * cols) {
      throw rangeError(op, `${name} has ${data.length} values, shape ${fmtShape([rows, cols])} needs ${rows * cols}`);
    }
  } else {
    throw typeError(op, `${name} must be number[][], { data, shape } or a Tensor, got ${input === null ? 'null' : typeof input}`);
  }
  if (!opts.allowNonFinite) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw rangeError(op, `${name} has a non-finite value (${data[i]}) at row ${Math.floor(i / cols)}, column ${i % cols}`);
      }
    }
  }
  return { data, shape: [rows, cols] };
}
