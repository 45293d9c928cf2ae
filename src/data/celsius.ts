/** Celsius → Fahrenheit pairs (tutorial 002's one-neuron regression): the exact law, a small table, a generator. */

import { checkIntRange, checkNumber, typeError, rangeError, checkOptions } from '../errors.js';
import { MAX_ROWS } from './limits.js';
import { Random } from '../random.js';

/** F = 1.8·C + 32: the law a single neuron (one weight, one bias) can learn exactly. */
export function toFahrenheit(c: number): number {
  return c * 1.8 + 32;
}

/** Paired temperatures; `x` and `y` hold the same numbers as n×1 columns, ready for a model. */
export interface CelsiusData {
  celsius: number[];
  fahrenheit: number[];
  x: number[][];
  y: number[][];
}

function pack(celsius: number[], fahrenheit: number[]): CelsiusData {
  return { celsius, fahrenheit, x: celsius.map((c) => [c]), y: fahrenheit.map((f) => [f]) };
}

/** The classic seven-point table (−40 °C = −40 °F … 38 °C = 100.4 °F), with exact Fahrenheit values. */
export const CELSIUS_TABLE: readonly number[] = Object.freeze([-40, -10, 0, 8, 15, 22, 38]);

/**
 * The seven-point table as data: celsius [-40, -10, 0, 8, 15, 22, 38] and their exact Fahrenheit values.
 *
 * ```ts
 * celsiusTable().fahrenheit; // [-40, 14, 32, 46.4, 59, 71.6, 100.4]
 * ```
 */
export function celsiusTable(): CelsiusData {
  const c = CELSIUS_TABLE.slice();
  return pack(c, c.map(toFahrenheit));
}

export interface CelsiusOptions {
  /** Number of pairs, in [1, 10⁶] (default 100). */
  n?: number;
  /** Celsius range [min, max) (default [-50, 50)). */
  min?: number;
  max?: number;
  /** 'even': min + i·(max − min)/n, the tutorial's `range(-50, 50)` by default; 'random': uniform draws (default 'even'). */
  spacing?: 'even' | 'random';
  /** Standard deviation of gaussian noise added to the Fahrenheit values (default 0). */
  noise?: number;
  /** Seed for 'random' spacing and noise (default 0). */
  seed?: number;
}

/**
 * Celsius → Fahrenheit pairs. With no options this is tutorial 002's data: the 100 integers −50…49
 * and their exact Fahrenheit values.
 *
 * ```ts
 * const { x, y } = celsius();                                   // 100 pairs, −50 … 49 °C
 * const noisy = celsius({ n: 20, spacing: 'random', noise: 1, seed: 3 });
 * ```
 */
export function celsius(opts: CelsiusOptions = {}): CelsiusData {
  const op = 'celsius';
  checkOptions(op, opts, ['n', 'min', 'max', 'spacing', 'noise', 'seed']);
  const n = checkIntRange(op, 'n', opts.n ?? 100, 1, MAX_ROWS);
  const min = checkNumber(op, 'min', opts.min ?? -50);
  const max = checkNumber(op, 'max', opts.max ?? 50);
  if (!(max > min)) throw rangeError(op, `needs min < max, got [${min}, ${max})`);
  const noise = checkNumber(op, 'noise', opts.noise ?? 0, { min: 0 });
  const spacing = opts.spacing ?? 'even';
  if (spacing !== 'even' && spacing !== 'random') throw typeError(op, `spacing must be 'even' or 'random', got ${String(spacing)}`);
  const rng = new Random(checkNumber(op, 'seed', opts.seed ?? 0));
  const c: number[] = [];
  for (let i = 0; i < n; i++) c.push(spacing === 'even' ? min + (i * (max - min)) / n : rng.uniform(min, max));
  const f = c.map((v) => toFahrenheit(v) + (noise > 0 ? rng.normal(0, noise) : 0));
  return pack(c, f);
}
