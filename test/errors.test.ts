// Tests for the argument checks of src/errors.ts: the error class and that the message names op, option and range.
import { describe, expect, it } from 'vitest';
import { checkIntRange, checkTotal } from '../src/errors.js';

describe('checkIntRange', () => {
  it('returns integers inside [min, max], ends included', () => {
    expect(checkIntRange('f', 'n', 1, 1, 10)).toBe(1);
    expect(checkIntRange('f', 'n', 10, 1, 10)).toBe(10);
  });

  it('refuses values outside the range or not integers with a RangeError naming op, option and range', () => {
    expect(() => checkIntRange('f', 'n', 11, 1, 10)).toThrow(new RangeError('f: n must be an integer in [1, 10], got 11'));
    expect(() => checkIntRange('f', 'n', 0, 1, 10)).toThrow(RangeError);
    expect(() => checkIntRange('f', 'n', 2.5, 1, 10)).toThrow(RangeError);
    expect(() => checkIntRange('f', 'n', NaN, 1, 10)).toThrow(RangeError);
    expect(() => checkIntRange('f', 'n', 1e12, 1, 10, 'use less')).toThrow('f: n must be an integer in [1, 10], got 1000000000000; use less');
  });

  it('refuses a non-number with a TypeError', () => {
    expect(() => checkIntRange('f', 'n', '5', 1, 10)).toThrow(new TypeError('f: n must be a number, got a string ("5")'));
  });
});

describe('checkTotal', () => {
  it('passes counts up to max and refuses larger ones, naming the product', () => {
    expect(() => checkTotal('f', 'rows × cols', 100, 100)).not.toThrow();
    expect(() => checkTotal('f', 'rows × cols', 101, 100)).toThrow(new RangeError('f: rows × cols is 101, at most 100 is allowed'));
  });
});
