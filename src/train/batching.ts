/** Data uploaded once to the backend, and the batch orders: shuffled epochs and micrograd-style random batches. */

import type { Backend, Buf } from '../backend/index.js';
import type { Matrix } from '../matrix.js';
import type { Targets } from '../nn/losses.js';
import { rangeError } from '../errors.js';
import type { InputMatrix } from './inputs.js';
import type { Random } from '../random.js';

/**
 * Inputs (and targets) in backend memory, with batch buffers of `capacity` rows made on first need.
 * `select` returns buffers whose first `count` rows are the requested rows.
 */
export class DeviceData {
  readonly rows: number;
  readonly xCols: number;
  readonly tCols: number;
  readonly x: Buf;
  readonly t: Buf | null;
  private xb: Buf | null = null;
  private tb: Buf | null = null;
  private readonly sel: { x: Buf; t: Buf | null };

  /** Uploads x (checking every value is finite when it is unchecked model input) and the targets. */
  constructor(private readonly be: Backend, x: Matrix | InputMatrix, targets: Targets | null, readonly capacity: number) {
    this.rows = x.shape[0];
    this.xCols = x.shape[1];
    this.tCols = targets ? targets.cols : 0;
    this.x = uploadInput(be, x);
    this.t = targets ? be.upload(targets.data) : null;
    this.sel = { x: this.x, t: this.t };
  }

  /** Rows `order[start + r]` (or `start + r` without an order) for r < count ≤ capacity. The returned object is reused. */
  select(start: number, count: number, order: ArrayLike<number> | null): { readonly x: Buf; readonly t: Buf | null } {
    const sel = this.sel;
    if (!order && start === 0) { // the data itself: no copy
      sel.x = this.x;
      sel.t = this.t;
      return sel;
    }
    if (count > this.capacity) throw new RangeError(`batch of ${count} rows exceeds the ${this.capacity}-row buffers`);
    const be = this.be;
    this.xb ??= be.alloc(this.capacity * this.xCols);
    if (this.t) this.tb ??= be.alloc(this.capacity * this.tCols);
    if (order) {
      be.gatherRows(this.x, order, this.xb, start, count, this.xCols);
      if (this.t) be.gatherRows(this.t, order, this.tb!, start, count, this.tCols);
    } else {
      be.copy(this.x, this.xb, count * this.xCols, start * this.xCols, 0);
      if (this.t) be.copy(this.t, this.tb!, count * this.tCols, start * this.tCols, 0);
    }
    sel.x = this.xb;
    sel.t = this.tb;
    return sel;
  }

  dispose(): void {
    for (const b of [this.x, this.t, this.xb, this.tb]) if (b) this.be.free(b);
    this.xb = this.tb = null;
  }
}

/**
 * `x` in backend memory. Model input (from modelInput) is checked there for NaN and ±Infinity in one kernel pass;
 * a RangeError names the first such value's row and column, and nothing stays allocated.
 */
export function uploadInput(be: Backend, x: Matrix | InputMatrix): Buf {
  const buf = be.upload(x.data);
  if (!('op' in x)) return buf;
  const i = be.firstNonFinite(buf, x.data.length);
  if (i < 0) return buf;
  be.free(buf);
  const cols = x.shape[1];
  throw rangeError(x.op, `${x.name} has a non-finite value (${x.data[i]}) at row ${Math.floor(i / cols)}, column ${i % cols}`);
}

/** Row orders for one training run. */
export class Sampler {
  private readonly idx: Uint32Array;

  constructor(readonly rows: number, private readonly rng: Random) {
    this.idx = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) this.idx[i] = i;
  }

  /** A fresh random order of all rows (Fisher–Yates in place, no allocation). */
  shuffled(): Uint32Array {
    return this.rng.shuffle(this.idx);
  }

  /**
   * `count` distinct random rows in the first `count` places: micrograd's
   * `np.random.permutation(n)[:batch_size]`, drawn by a partial Fisher–Yates.
   */
  randomBatch(count: number): Uint32Array {
    const idx = this.idx;
    for (let i = 0; i < count; i++) {
      const j = i + this.rng.int(this.rows - i);
      const t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return idx;
  }
}
