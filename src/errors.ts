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
