/** Scales and "nice" ticks: linear and log maps from data to pixels, tick values that are 1, 2 or 5 × 10^k. */

import { checkIntRange, rangeError } from '../errors.js';
import { TICKS_RANGE } from './options.js';

/** Smallest and largest finite values; refuses an empty array or any NaN/±Infinity, naming the entry. */
export function extent(op: string, name: string, values: ArrayLike<number>): [number, number] {
  if (values.length === 0) throw rangeError(op, `${name} is empty`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw rangeError(op, `${name}[${i}] is ${String(v)}, expected a finite number`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** A step of 1, 2 or 5 × 10^k that cuts `span` into about `count` parts. */
export function niceStep(span: number, count = 5): number {
  const raw = span / Math.max(1, count);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
}

/** Widens [lo, hi] so a zero or tiny span still gets a readable axis. */
function widen(lo: number, hi: number): [number, number] {
  if (hi > lo) return [lo, hi];
  const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - d, hi + d];
}

/** Rounds away the float noise of k·step (0.1 + 0.2 → 0.3). */
function clean(v: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(20, decimals)));
}

/** Tick values inside [lo, hi], multiples of a nice step (about `count` of them, an integer in [1, 1000]). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  checkIntRange('niceTicks', 'count', count, TICKS_RANGE[0], TICKS_RANGE[1]);
  [lo, hi] = widen(lo, hi);
  const step = niceStep(hi - lo, count);
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push(clean(k * step, step));
  return out;
}

/** [lo, hi] extended outwards to multiples of the nice step, so the axis starts and ends on a tick (count in [1, 1000]). */
export function niceDomain(lo: number, hi: number, count = 5): [number, number] {
  checkIntRange('niceDomain', 'count', count, TICKS_RANGE[0], TICKS_RANGE[1]);
  [lo, hi] = widen(lo, hi);
  const step = niceStep(hi - lo, count);
  return [clean(Math.floor(lo / step + 1e-9) * step, step), clean(Math.ceil(hi / step - 1e-9) * step, step)];
}

/**
 * A tick label: as many decimals as the step needs; exponent form when the axis reaches 1e6 or stays
 * below 1e-4 (`axisMax`: the largest |tick| of the axis, so one axis never mixes the two forms).
 */
export function formatTick(v: number, step: number, axisMax = Math.abs(v)): string {
  if (v === 0) return '0';
  if (axisMax >= 1e6 || axisMax < 1e-4) return Number(v.toPrecision(3)).toExponential().replace('e+', 'e').replace(/-/g, '−');
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
  return v.toFixed(decimals).replace('-', '−');
}

/** Maps data values to pixels; knows its ticks and how to print them. */
export interface Scale {
  (v: number): number;
  readonly domain: [number, number];
  readonly range: [number, number];
  readonly log: boolean;
  ticks(count?: number): number[];
  format(v: number, ticks: number[]): string;
}

/** Linear map from `domain` to `range` (range may be reversed, as for a y axis). */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = widen(domain[0], domain[1]);
  const [r0, r1] = range;
  const f = ((v: number) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  return Object.assign(f, {
    domain: [d0, d1] as [number, number],
    range,
    log: false,
    ticks: (count = 5) => niceTicks(d0, d1, count),
    format: (v: number, ticks: number[]) =>
      formatTick(v, ticks.length > 1 ? ticks[1] - ticks[0] : Math.abs(v) || 1, Math.max(...ticks.map(Math.abs), Math.abs(v))),
  });
}

/** Log10 map for positive data; ticks at powers of ten (and 2, 5 × 10^k when the domain spans few decades). */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  if (!(d0 > 0 && d1 > 0)) throw rangeError('logScale', `a log axis needs positive values, got [${d0}, ${d1}]`);
  const l0 = Math.log10(d0);
  const l1 = d1 > d0 ? Math.log10(d1) : l0 + 1;
  const [r0, r1] = range;
  const f = ((v: number) => r0 + ((Math.log10(v) - l0) / (l1 - l0)) * (r1 - r0)) as Scale;
  return Object.assign(f, {
    domain: [d0, Math.pow(10, l1)] as [number, number],
    range,
    log: true,
    ticks: () => {
      const mult = l1 - l0 <= 2 ? [1, 2, 5] : [1];
      const out: number[] = [];
      for (let e = Math.floor(l0); e <= Math.ceil(l1); e++) {
        for (const m of mult) {
          const v = Number((m * Math.pow(10, e)).toPrecision(12));
          if (Math.log10(v) >= l0 - 1e-9 && Math.log10(v) <= l1 + 1e-9) out.push(v);
        }
      }
      return out;
    },
    format: (v: number) => {
      const e = Math.round(Math.log10(v));
      return e >= -3 && e <= 4 ? String(Number(v.toPrecision(6))) : v.toExponential(0).replace('e+', 'e');
    },
  });
}

/** The domain of a log axis around positive data: out to the enclosing powers of ten. */
export function logDomain(lo: number, hi: number): [number, number] {
  return [Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi)))];
}
