// Tests for the plots' option checks: near-miss suggestions, unknown keys, kinds and integer ranges.
import { describe, expect, it } from 'vitest';
import { checkOptions, nearMiss, RESOLUTION_RANGE } from '../../src/plot/options.js';

describe('nearMiss', () => {
  const known = ['resolution', 'threshold', 'classes', 'classNames', 'xLabel', 'samples'];

  it('finds the meant name for a swap, a missing or extra letter, or another case', () => {
    expect(nearMiss('resolutoin', known)).toBe('resolution');
    expect(nearMiss('sample', known)).toBe('samples');
    expect(nearMiss('classs', known)).toBe('classes');
    expect(nearMiss('xlabel', known)).toBe('xLabel');
    expect(nearMiss('CLASSNAMES', known)).toBe('classNames');
  });

  it('suggests nothing for names that are not close', () => {
    expect(nearMiss('zoom', known)).toBeUndefined();
    expect(nearMiss('x', known)).toBeUndefined();
    expect(nearMiss('colors', known)).toBeUndefined();
  });
});

describe('checkOptions', () => {
  const spec = { title: 'string', logLoss: 'boolean', margin: 'number', names: 'array', resolution: RESOLUTION_RANGE } as const;

  it('passes known options of the right kind, undefined values and no options at all', () => {
    expect(() => checkOptions('f', { title: 't', logLoss: false, margin: 0.1, names: ['a'], resolution: 500 }, spec)).not.toThrow();
    expect(() => checkOptions('f', { title: undefined }, spec)).not.toThrow();
    expect(() => checkOptions('f', undefined, spec)).not.toThrow();
  });

  it('refuses unknown keys, wrong kinds and non-objects with a TypeError naming the function and option', () => {
    expect(() => checkOptions('f', { titel: 't' }, spec)).toThrow(new TypeError("f: unknown option 'titel' (did you mean 'title'?)"));
    expect(() => checkOptions('f', { zoom: 2 }, spec)).toThrow(new TypeError("f: unknown option 'zoom' (options are title, logLoss, margin, names, resolution)"));
    expect(() => checkOptions('f', { toString: 1 }, spec)).toThrow(/unknown option 'toString'/);
    expect(() => checkOptions('f', { margin: '0.1' }, spec)).toThrow(new TypeError('f: margin must be a number, got the string "0.1"'));
    expect(() => checkOptions('f', { names: 'ab' }, spec)).toThrow(new TypeError('f: names must be an array, got the string "ab"'));
    expect(() => checkOptions('f', { logLoss: null }, spec)).toThrow(new TypeError('f: logLoss must be a boolean, got null'));
    expect(() => checkOptions('f', [], spec)).toThrow(new TypeError('f: options must be an object, got an array'));
    expect(() => checkOptions('f', null, spec)).toThrow(TypeError);
  });

  it('refuses an integer option outside its range with a RangeError giving the range', () => {
    expect(() => checkOptions('f', { resolution: 501 }, spec)).toThrow(new RangeError('f: resolution must be an integer in [2, 500], got 501'));
    expect(() => checkOptions('f', { resolution: 2.5 }, spec)).toThrow(RangeError);
  });
});
