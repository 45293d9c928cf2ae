/** The plots' option checks: the size limits (and why each is what it is), unknown keys with a near-miss hint, kinds. */

import { checkIntRange, typeError } from '../errors.js';
import { PALETTE } from './svg.js';

/**
 * Sides of a picture in px. Below 120 px the axes leave no room for a frame; above 4096 px (more than a 4K screen
 * shows) an SVG gains nothing, since it scales without loss (`render-svg --scale` makes large PNGs), while the
 * tick marks (one per 60–80 px) and the grid lines grow with the side.
 */
export const SIDE_RANGE: readonly [number, number] = [120, 4096];

/**
 * decisionBoundary's grid cells per side. At 500 a cell is already about one pixel of the default picture's
 * ~560-px frame, so a finer grid shows nothing more, while the classifier's batch (resolution² points) and, for a
 * ragged boundary, the SVG (one rect per run of equal cells in a row) grow with the square. Measured on Node 20:
 * at 500, 0.3 s for a 2-16-16-2 mlp and 1.3 s / 21 MB of SVG for a classifier alternating every cell; at 1000,
 * 1 s and 6 s / 86 MB / 1 GB of memory; at 3000, 36 s and 1.9 GB for the mlp (issue 11 saw the heap run out).
 */
export const RESOLUTION_RANGE: readonly [number, number] = [2, 500];

/** fitLine's points per curve: one per pixel of the widest picture is the most a line can show. */
export const SAMPLES_RANGE: readonly [number, number] = [2, SIDE_RANGE[1]];

/**
 * decisionBoundary's classes: a region's class is shown only by its colour, and the Okabe–Ito palette has 8
 * colours told apart with the common colour-vision deficiencies; a ninth class would share a colour with the first.
 */
export const CLASSES_RANGE: readonly [number, number] = [2, PALETTE.length];

/** graphSvg's decimals: beyond 15, toFixed prints f64 rounding noise (0.1.toFixed(17) is 0.10000000000000001). */
export const DIGITS_RANGE: readonly [number, number] = [0, 15];

/**
 * Tick counts asked of niceTicks / niceDomain (public in simdnet/plot). The plots ask for one tick per 60–80 px
 * (at most ~70); 1000 ticks on the widest picture would be one per 4 px, already unreadable, while the count
 * sizes the tick loop (1e12 would never end).
 */
export const TICKS_RANGE: readonly [number, number] = [1, 1000];

/** What an option may hold: a kind, or an integer range [min, max] for options that size the picture or a loop. */
export type OptionSpec = 'string' | 'number' | 'boolean' | 'array' | readonly [number, number];

/** The options every chart takes (ChartOptions). */
export const CHART_OPTIONS = { width: SIDE_RANGE, height: SIDE_RANGE, title: 'string' } as const satisfies Record<string, OptionSpec>;

/** Levenshtein distance, with a swap of two neighbours counted as one edit (the common typo 'resolutoin'). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known name `key` was probably meant to be: same letters in another case, or at most ~1 edit per 3 letters. */
export function nearMiss(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same) return same;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const dist = editDistance(lower, k.toLowerCase());
    if (dist < bestDistance) { best = k; bestDistance = dist; }
  }
  return best;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `the string ${JSON.stringify(v)}` : typeof v;
}

/**
 * Checks an options object against `spec`: a TypeError for anything but a plain object, for a key `spec` does not
 * know (naming the near miss, or listing the options) and for a value of the wrong kind; a RangeError for an integer
 * option outside its range. Undefined values stand for the default and pass.
 *
 * ```ts
 * checkOptions('fitLine', { sample: 10 }, { samples: SAMPLES_RANGE });
 * // TypeError: fitLine: unknown option 'sample' (did you mean 'samples'?)
 * ```
 */
export function checkOptions(op: string, opts: unknown, spec: Readonly<Record<string, OptionSpec>>): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) throw typeError(op, `options must be an object, got ${describe(opts)}`);
  const known = Object.keys(spec);
  for (const [key, value] of Object.entries(opts)) {
    if (!Object.prototype.hasOwnProperty.call(spec, key)) {
      const guess = nearMiss(key, known);
      throw typeError(op, `unknown option '${key}' (${guess ? `did you mean '${guess}'?` : `options are ${known.join(', ')}`})`);
    }
    const kind = spec[key];
    if (value === undefined) continue;
    if (typeof kind !== 'string') {
      checkIntRange(op, key, value, kind[0], kind[1]);
      continue;
    }
    const ok = kind === 'array' ? Array.isArray(value) : typeof value === kind;
    if (!ok) throw typeError(op, `${key} must be ${kind === 'array' ? 'an array' : `a ${kind}`}, got ${describe(value)}`);
  }
}
