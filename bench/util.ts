/** Shared benchmark helpers: median timing (wall and CPU) after warm-up, a machine header, and Markdown tables. */

import os from 'node:os';
import { readFileSync } from 'node:fs';

export interface TimingOptions {
  /** Untimed calls first, so the JIT and caches settle (default 2). */
  warmup?: number;
  /** Timed samples; the median is reported (default 7). */
  samples?: number;
  /** Each sample repeats `fn` until it has run this long, so tiny kernels are not timer noise (default 50 ms). */
  minSampleMs?: number;
}

/** Per-call times of one measurement: wall clock, and this process's CPU time (user + system). */
export interface Timing {
  /** Median wall-clock milliseconds per call. */
  wallMs: number;
  /**
   * Median CPU milliseconds per call. For single-threaded code this excludes time the OS gave to other
   * processes, so on a busy machine it is the steadier figure; on an idle one the two agree.
   */
  cpuMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Times `fn`: `warmup` untimed calls, then `samples` samples, each repeating `fn` for at least `minSampleMs`.
 *
 * ```ts
 * const { wallMs } = measure(() => be.matmul(a, b, c, 128, 784, 128));
 * ```
 */
export function measure(fn: () => void, opts: TimingOptions = {}): Timing {
  const { warmup = 2, samples = 7, minSampleMs = 50 } = opts;
  for (let i = 0; i < warmup; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < samples; s++) {
    let calls = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let t = t0;
    do {
      fn();
      calls++;
      t = performance.now();
    } while (t - t0 < minSampleMs);
    const c = process.cpuUsage(c0);
    wall.push((t - t0) / calls);
    cpu.push((c.user + c.system) / 1000 / calls);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

/** `measure` for an async `fn`: each call is awaited before the next (for `fit` and other promise-returning calls). */
export async function measureAsync(fn: () => unknown, opts: TimingOptions = {}): Promise<Timing> {
  const { warmup = 2, samples = 7, minSampleMs = 50 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < samples; s++) {
    let calls = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let t = t0;
    do {
      await fn();
      calls++;
      t = performance.now();
    } while (t - t0 < minSampleMs);
    const c = process.cpuUsage(c0);
    wall.push((t - t0) / calls);
    cpu.push((c.user + c.system) / 1000 / calls);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

/** Median wall-clock milliseconds per call of `fn` (see `measure`). */
export function medianMs(fn: () => void, opts: TimingOptions = {}): number {
  return measure(fn, opts).wallMs;
}

/** The 1-minute load average divided by the number of cores (≈ 1 or more: other work is competing). */
export function loadPerCore(): number {
  return os.loadavg()[0] / os.cpus().length;
}

/** The CPU model (from /proc/cpuinfo where there is one, else os.cpus()). */
export function cpuName(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

/** One line naming the machine, runtime and date, for the top of every result. */
export function machineHeader(): string {
  const load = os.loadavg()[0].toFixed(1);
  return `${cpuName()} (${os.cpus().length} logical cores), Node ${process.version}, ${os.platform()}-${os.arch()}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${load}`;
}

/** A Markdown table; numbers are printed as given, so round them before. */
export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
