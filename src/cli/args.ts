/** Command-line parsing for `simdnet`: util.parseArgs in strict mode, plus typed value readers with clear messages. */

import { parseArgs } from 'node:util';

/** A mistake in the command line: printed with a hint to `--help`, exit code 2. */
export class UsageError extends Error {
  readonly command: string;
  constructor(command: string, message: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
}
export type FlagSpecs = Record<string, FlagSpec>;

export interface Parsed {
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` against `specs`: unknown flags, missing values and extra positionals are UsageErrors.
 * `--epochs -1` is read as `--epochs=-1`, so the value check (not the parser) says what is wrong with it.
 *
 * ```ts
 * parseFlags('train', ['--epochs', '3'], { epochs: { type: 'string' } }, 0).flags.epochs; // '3'
 * ```
 */
export function parseFlags(command: string, argv: readonly string[], specs: FlagSpecs, maxPositionals: number): Parsed {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') ? a.slice(2) : '';
    const next = argv[i + 1];
    if (specs[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else {
      args.push(a);
    }
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options: specs, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(command, cleanParseMessage((e as Error).message));
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals.slice(maxPositionals).map((p) => `'${p}'`).join(', ');
    throw new UsageError(command, `unexpected argument${parsed.positionals.length - maxPositionals > 1 ? 's' : ''} ${extra}`);
  }
  return { flags: parsed.values as Parsed['flags'], positionals: parsed.positionals };
}

/** Node's messages, minus the advice that does not apply to simdnet. */
function cleanParseMessage(msg: string): string {
  const unknown = /^Unknown option '([^']+)'/.exec(msg);
  if (unknown) return `unknown option '${unknown[1]}'`;
  const missing = /^Option '(--[\w-]+)[^']*' argument missing/.exec(msg);
  if (missing) return `option '${missing[1]}' needs a value`;
  return msg.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
}

/** A positive integer flag (or ≥ `min`); `undefined` when absent. */
export function intFlag(command: string, p: Parsed, name: string, min = 1): number | undefined {
  const raw = p.flags[name];
  if (raw === undefined) return undefined;
  const s = String(raw);
  const v = /^[+-]?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(v) || v < min) {
    throw new UsageError(command, `--${name} must be an integer ≥ ${min}, got '${raw}'`);
  }
  return v;
}

/** A finite number flag, optionally > 0; `undefined` when absent. */
export function numberFlag(command: string, p: Parsed, name: string, opts: { positive?: boolean; min?: number } = {}): number | undefined {
  const raw = p.flags[name];
  if (raw === undefined) return undefined;
  // a plain decimal (1e-3, .5, -2): Number() would also take hex, binary, whitespace and ''
  const s = String(raw);
  const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(v)) throw new UsageError(command, `--${name} must be a decimal number, got '${raw}'`);
  if (opts.positive && !(v > 0)) throw new UsageError(command, `--${name} must be > 0, got '${raw}'`);
  if (opts.min !== undefined && v < opts.min) throw new UsageError(command, `--${name} must be ≥ ${opts.min}, got '${raw}'`);
  return v;
}

/** A flag restricted to `choices`; `undefined` when absent. */
export function choiceFlag<T extends string>(command: string, p: Parsed, name: string, choices: readonly T[]): T | undefined {
  const raw = p.flags[name];
  if (raw === undefined) return undefined;
  if (!choices.includes(raw as T)) {
    throw new UsageError(command, `--${name} must be one of ${choices.join(', ')}; got '${raw}'`);
  }
  return raw as T;
}

/** A comma-separated list of positive integers (`--hidden 128,64`); an empty string means no entries. */
export function intListFlag(command: string, p: Parsed, name: string): number[] | undefined {
  const raw = p.flags[name];
  if (raw === undefined) return undefined;
  const s = String(raw).trim();
  if (s === '') return [];
  return s.split(',').map((part) => {
    const t = part.trim();
    const v = /^\d+$/.test(t) ? Number(t) : NaN;
    if (!Number.isSafeInteger(v) || v < 1) {
      throw new UsageError(command, `--${name} must be comma-separated positive integers (e.g. 128,64), got '${raw}'`);
    }
    return v;
  });
}

/** A string flag (non-empty); `undefined` when absent. */
export function stringFlag(command: string, p: Parsed, name: string): string | undefined {
  const raw = p.flags[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw === '') throw new UsageError(command, `--${name} needs a non-empty value`);
  return raw;
}
