/** Error builders and argument checks: every message names the operation and, where shapes are involved, the shapes. */

/** A shape as printed in messages: `[3, 5]` → `3×5`. */
export function fmtShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** RangeError for a shape or size problem, prefixed with the operation: `matmul: …`. */
export function shapeError(op: string, message: string): RangeError {
  return new RangeError(`${op}: ${message}`);
}

/** TypeError for an argument of the wrong kind, prefixed with the operation. */
export function kindError(op: string, message: string): TypeError {
  return new TypeError(`${op}: ${message}`);
}

/** Throws a RangeError unless `value` is an integer ≥ `min` (default 1). */
export function checkInt(op: string, name: string, value: unknown, min = 1): number {
  if (typeof value !== 'number') throw kindError(op, `${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min) {
    throw shapeError(op, `${name} must be an integer ≥ ${min}, got ${value}`);
  }
  return value;
}

/** Throws unless `value` is a finite number; with `positive`, also > 0. */
export function checkNumber(op: string, name: string, value: unknown, opts: { positive?: boolean; min?: number; max?: number } = {}): number {
  if (typeof value !== 'number') throw kindError(op, `${name} must be a number, got ${typeof value}`);
  if (!Number.isFinite(value)) throw shapeError(op, `${name} must be finite, got ${value}`);
  if (opts.positive && !(value > 0)) throw shapeError(op, `${name} must be > 0, got ${value}`);
  if (opts.min !== undefined && value < opts.min) throw shapeError(op, `${name} must be ≥ ${opts.min}, got ${value}`);
  if (opts.max !== undefined && value > opts.max) throw shapeError(op, `${name} must be ≤ ${opts.max}, got ${value}`);
  return value;
}

/** Throws a RangeError naming the first non-finite entry of `data` (row and column when `cols` is given). */
export function checkFiniteArray(op: string, name: string, data: ArrayLike<number>, cols = 0): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) {
      const where = cols > 0 ? `row ${Math.floor(i / cols)}, column ${i % cols}` : `index ${i}`;
      throw shapeError(op, `${name} has a non-finite value (${v}) at ${where}`);
    }
  }
}

/**
 * Throws unless `value` is an integer in [min, max]: a TypeError for a non-number, a RangeError naming the range
 * otherwise. For user numbers that size an allocation or a loop, so a typo such as 1e12 fails at once instead of
 * exhausting the heap. `hint` (optional) ends the message, e.g. with what to do instead.
 *
 * ```ts
 * checkIntRange('makeMoons', 'n', 1e12, 1, 1_000_000); // RangeError: makeMoons: n must be an integer in [1, 1000000], got 1000000000000
 * ```
 */
export function checkIntRange(op: string, name: string, value: unknown, min: number, max: number, hint = ''): number {
  if (typeof value !== 'number') throw kindError(op, `${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw shapeError(op, `${name} must be an integer in [${min}, ${max}], got ${value}${hint ? `; ${hint}` : ''}`);
  }
  return value;
}

/**
 * Throws a RangeError unless `count` (a product of user sizes, such as rows × columns) is at most `max`; `what`
 * names the product: `checkTotal('linearData', 'n × inFeatures', n * f, 1e7)`.
 */
export function checkTotal(op: string, what: string, count: number, max: number, hint = ''): void {
  if (count > max) throw shapeError(op, `${what} is ${count}, at most ${max} is allowed${hint ? `; ${hint}` : ''}`);
}
