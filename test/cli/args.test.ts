// Tests for src/cli/args.ts: strict flag parsing and the value readers' messages.
import { describe, expect, it } from 'vitest';
import { UsageError, choiceFlag, intFlag, intListFlag, numberFlag, parseFlags } from '../../src/cli/args.js';

const specs = { epochs: { type: 'string' }, lr: { type: 'string' }, quiet: { type: 'boolean' }, hidden: { type: 'string' } } as const;
const parse = (argv: string[], max = 1) => parseFlags('train', argv, specs, max);

describe('parseFlags', () => {
  it('reads flags, --name=value and positionals', () => {
    const p = parse(['mnist', '--epochs', '3', '--lr=0.5', '--quiet']);
    expect(p.positionals).toEqual(['mnist']);
    expect(p.flags).toMatchObject({ epochs: '3', lr: '0.5', quiet: true });
  });
  it('rejects an unknown flag, naming it', () => {
    expect(() => parse(['--epoch', '3'])).toThrow(UsageError);
    expect(() => parse(['--epoch', '3'])).toThrow(/unknown option '--epoch'/);
  });
  it('rejects a flag without its value', () => {
    expect(() => parse(['--epochs'])).toThrow(/'--epochs' needs a value/);
  });
  it('rejects extra positionals', () => {
    expect(() => parse(['mnist', 'moons'])).toThrow(/unexpected argument 'moons'/);
  });
  it('takes a negative number after a flag as its value, so the value check can explain', () => {
    const p = parse(['--epochs', '-1']);
    expect(p.flags.epochs).toBe('-1');
    expect(() => intFlag('train', p, 'epochs')).toThrow("--epochs must be an integer ≥ 1, got '-1'");
  });
});

describe('value readers', () => {
  it('intFlag accepts integers and refuses fractions, words and values below min', () => {
    expect(intFlag('t', parse(['--epochs', '12']), 'epochs')).toBe(12);
    expect(intFlag('t', parse([]), 'epochs')).toBeUndefined();
    for (const bad of ['1.5', 'ten', '0', '', '1e3']) {
      expect(() => intFlag('t', parse([`--epochs=${bad}`]), 'epochs')).toThrow(/--epochs must be an integer ≥ 1/);
    }
    expect(intFlag('t', parse(['--epochs', '0']), 'epochs', 0)).toBe(0);
  });
  it('numberFlag checks finiteness and sign', () => {
    expect(numberFlag('t', parse(['--lr', '1e-3']), 'lr', { positive: true })).toBe(0.001);
    expect(() => numberFlag('t', parse(['--lr', 'abc']), 'lr')).toThrow("--lr must be a decimal number, got 'abc'");
    expect(() => numberFlag('t', parse(['--lr', 'Infinity']), 'lr')).toThrow(/must be a decimal number/);
    for (const loose of ['0x10', '0b1', ' 0.1', '0.1 ', '', '1_000', '.']) {
      expect(() => numberFlag('t', parse(['--lr', loose]), 'lr'), JSON.stringify(loose)).toThrow(/must be a decimal number/);
    }
    expect(numberFlag('t', parse(['--lr', '.5']), 'lr')).toBe(0.5);
    expect(numberFlag('t', parse(['--lr', '-2E+1']), 'lr')).toBe(-20);
    expect(() => numberFlag('t', parse(['--lr', '-0.1']), 'lr', { positive: true })).toThrow("--lr must be > 0, got '-0.1'");
  });
  it('choiceFlag lists the choices', () => {
    const p = parse(['--hidden', 'gelu']);
    expect(() => choiceFlag('t', p, 'hidden', ['relu', 'tanh'])).toThrow("--hidden must be one of relu, tanh; got 'gelu'");
    expect(choiceFlag('t', parse(['--hidden', 'tanh']), 'hidden', ['relu', 'tanh'])).toBe('tanh');
  });
  it('intListFlag reads sizes, allows an empty list, refuses junk', () => {
    expect(intListFlag('t', parse(['--hidden', '128, 64']), 'hidden')).toEqual([128, 64]);
    expect(intListFlag('t', parse(['--hidden=']), 'hidden')).toEqual([]);
    for (const bad of ['128,,64', '128,-1', '12x', '0']) {
      expect(() => intListFlag('t', parse([`--hidden=${bad}`]), 'hidden')).toThrow(/comma-separated positive integers/);
    }
  });
});
