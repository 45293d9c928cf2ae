/**
 * Errors and argument checks. One rule for all of simdnet:
 * - **TypeError**: an argument of the wrong kind: a string where a number goes, an unknown option or name, a
 *   non-layer in a layer list.
 * - **RangeError**: the right kind with a wrong size, shape or value: 783 columns where 784 go, `lr ≤ 0`, a label
 *   out of range, a truncated or corrupt file.
 * - **StateError**: a well-formed call the object cannot take in its current state: a disposed model, `fit` while
 *   it trains, a layer already in another model, no backend selected yet. Catch it to fix the order of calls.
 * - A named subclass only where a caller must tell it apart: `NonFiniteLossError` (a RangeError carrying the
 *   history so far), `StateError`.
 * Every message starts with the operation (`fit: …`, `dense(784→128): …`) and names the option, the value and
 * the shapes involved.
 */

/** A call made at the wrong time: the object is disposed, busy, already used, or not initialized. */
export class StateError extends Error {
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = 'StateError';
  }
}

/** A shape as printed in messages: `[3, 5]` → `3×5`. */
export function fmtShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** RangeError for a wrong size, shape or value, prefixed with the operation: `matmul: …`. */
export function rangeError(op: string, message: string): RangeError {
  return new RangeError(`${op}: ${message}`);
}

/** TypeError for an argument of the wrong kind, prefixed with the operation. */
export function typeError(op: string, message: string): TypeError {
  return new TypeError(`${op}: ${message}`);
}

/** How a value is described in a message: `null`, `an array`, `a string ("abc")`, `3.5`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'number') return String(value);
  return typeof value;
}

/** Throws a TypeError unless `value` is a number, then a RangeError unless it is an integer ≥ `min` (default 1). */
export function checkInt(op: string, name: string, value: unknown, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number') throw typeError(op, `${name} must be a number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw rangeError(op, `${name} must be an integer ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}, got ${value}`);
  }
  return value;
}

/** Throws unless `value` is a finite number within the given bounds (`positive`: > 0). */
export function checkNumber(op: string, name: string, value: unknown, opts: { positive?: boolean; min?: number; max?: number; below?: number } = {}): number {
  if (typeof value !== 'number') throw typeError(op, `${name} must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw rangeError(op, `${name} must be finite, got ${value}`);
  if (opts.positive && !(value > 0)) throw rangeError(op, `${name} must be > 0, got ${value}`);
  if (opts.min !== undefined && value < opts.min) throw rangeError(op, `${name} must be ≥ ${opts.min}, got ${value}`);
  if (opts.max !== undefined && value > opts.max) throw rangeError(op, `${name} must be ≤ ${opts.max}, got ${value}`);
  if (opts.below !== undefined && !(value < opts.below)) throw rangeError(op, `${name} must be < ${opts.below}, got ${value}`);
  return value;
}

/** Throws a TypeError unless `value` is a boolean. */
export function checkBoolean(op: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw typeError(op, `${name} must be true or false, got ${describe(value)}`);
  return value;
}

/** Throws a TypeError unless `value` is one of `choices`. */
export function checkChoice<T extends string>(op: string, name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw typeError(op, `${name} must be ${choices.map((c) => `'${c}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')}, got ${describe(value)}`);
  }
  return value as T;
}

/** Throws a RangeError naming the first non-finite entry of `data` (row and column when `cols` is given). */
export function checkFinite(op: string, name: string, data: ArrayLike<number>, cols = 0): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) {
      const where = cols > 0 ? `row ${Math.floor(i / cols)}, column ${i % cols}` : `index ${i}`;
      throw rangeError(op, `${name} has a non-finite value (${v}) at ${where}`);
    }
  }
}

/**
 * Checks that `options` is an object (or undefined) with no key outside `known`; returns it (or `{}`).
 * `hints` maps names people often try to what to write instead: `{ learningRate: 'optimizer: sgd({ lr })' }`.
 * A near miss of a known name (one edit, or a case difference) is suggested too.
 */
export function checkOptions<T extends object>(op: string, options: T | undefined, known: readonly string[], hints: Record<string, string> = {}): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw typeError(op, `options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const hint = hints[key] ?? known.find((k) => nearMiss(k, key));
    const expected = known.length > 0 ? `; known options: ${known.join(', ')}` : '; it takes no options';
    throw typeError(op, `unknown option '${key}'${hint ? ` (did you mean ${hint}?)` : expected}`);
  }
  return options;
}

/** Whether two names differ by case, or by one inserted, deleted or changed character. */
function nearMiss(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return a.length - i - j <= 1 && b.length - i - j <= 1;
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
  if (typeof value !== 'number') throw typeError(op, `${name} must be a number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw rangeError(op, `${name} must be an integer in [${min}, ${max}], got ${value}${hint ? `; ${hint}` : ''}`);
  }
  return value;
}

/**
 * Throws a RangeError unless `count` (a product of user sizes, such as rows × columns) is at most `max`; `what`
 * names the product: `checkTotal('linearData', 'n × inFeatures', n * f, 1e7)`.
 */
export function checkTotal(op: string, what: string, count: number, max: number, hint = ''): void {
  if (count > max) throw rangeError(op, `${what} is ${count}, at most ${max} is allowed${hint ? `; ${hint}` : ''}`);
}
