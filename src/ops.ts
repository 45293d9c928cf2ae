/** Tensor operations for users who compute with tensors directly (layers call the backend themselves): each validates shapes and backends, allocates its output, then dispatches one kernel. */

import { fmtShape, typeError, rangeError } from './errors.js';
import { Tensor } from './tensor.js';

function check(op: string, ...ts: unknown[]): Tensor[] {
  const out = ts.map((t, i) => {
    if (!(t instanceof Tensor)) throw typeError(op, `argument ${i + 1} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
    t.assertAlive(op);
    return t;
  });
  for (const t of out) {
    if (t.backend !== out[0].backend) {
      throw typeError(op, `tensors live on different backends (${out[0].backend.name} and ${t.backend.name})`);
    }
  }
  return out;
}

/**
 * Matrix product: A[m×k] · B[k×n] → C[m×n].
 *
 * ```ts
 * matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray(); // [[11]]
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  check('matmul', a, b);
  if (a.cols !== b.rows) {
    throw rangeError('matmul', `inner dimensions differ: ${fmtShape(a.shape)} · ${fmtShape(b.shape)} (${a.cols} ≠ ${b.rows})`);
  }
  const c = new Tensor(a.backend, [a.rows, b.cols]);
  a.backend.matmul(a.buf, b.buf, c.buf, a.rows, a.cols, b.cols);
  return c;
}

/** Aᵀ · B for A[m×k], B[m×n] → [k×n] (the weight-gradient product). */
export function matmulTransA(a: Tensor, b: Tensor): Tensor {
  check('matmulTransA', a, b);
  if (a.rows !== b.rows) {
    throw rangeError('matmulTransA', `row counts differ: ${fmtShape(a.shape)}ᵀ · ${fmtShape(b.shape)} (${a.rows} ≠ ${b.rows})`);
  }
  const c = new Tensor(a.backend, [a.cols, b.cols]);
  a.backend.matmulTransA(a.buf, b.buf, c.buf, a.rows, a.cols, b.cols);
  return c;
}

/** A · Bᵀ for A[m×n], B[k×n] → [m×k] (the input-gradient product). */
export function matmulTransB(a: Tensor, b: Tensor): Tensor {
  check('matmulTransB', a, b);
  if (a.cols !== b.cols) {
    throw rangeError('matmulTransB', `column counts differ: ${fmtShape(a.shape)} · ${fmtShape(b.shape)}ᵀ (${a.cols} ≠ ${b.cols})`);
  }
  const c = new Tensor(a.backend, [a.rows, b.rows]);
  a.backend.matmulTransB(a.buf, b.buf, c.buf, a.rows, b.rows, a.cols);
  return c;
}

/** x + bias on every row, for x[m×n] and bias[1×n]. */
export function biasAdd(x: Tensor, bias: Tensor): Tensor {
  check('biasAdd', x, bias);
  if (bias.rows !== 1 || bias.cols !== x.cols) {
    throw rangeError('biasAdd', `bias must be 1×${x.cols} for x ${fmtShape(x.shape)}, got ${fmtShape(bias.shape)}`);
  }
  const y = new Tensor(x.backend, x.shape);
  x.backend.biasAdd(x.buf, bias.buf, y.buf, x.rows, x.cols);
  return y;
}

/** Row-wise softmax. */
export function softmax(x: Tensor): Tensor {
  check('softmax', x);
  const y = new Tensor(x.backend, x.shape);
  x.backend.softmax(x.buf, y.buf, x.rows, x.cols);
  return y;
}
