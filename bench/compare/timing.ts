/** Timing for the comparison: like bench/util.ts's `measure`, but it also awaits async contenders (tfjs-layers, fit) and caps each measurement's time. */

/** What one measurement reports; times are milliseconds per call of the measured function. */
export interface Timing {
  /** Median over the samples of (sample time / calls in the sample): wall clock. */
  median: number;
  /**
   * The same median in this process's CPU time (user + system, all its threads). For single-threaded
   * work it leaves out time the OS gave to other processes: the steadier figure on a busy machine.
   */
  cpuMedian: number;
  /** Fastest sample, per call. */
  min: number;
  /** Number of timed samples. */
  samples: number;
  /** Calls of the function per sample (auto-chosen so one sample lasts at least `sampleMs`). */
  callsPerSample: number;
}

export interface MeasureOptions {
  /** Untimed calls before measuring (default 3). */
  warmup?: number;
  /** Keep warming up until this much time has passed too (default 0): lets the JIT settle on longer code paths. */
  warmupMs?: number;
  /** Timed samples wanted (default 7). */
  samples?: number;
  /** A sample repeats the function until it lasts at least this long (default 5 ms). */
  sampleMs?: number;
  /** Stop taking samples once this much time was spent, keeping at least 3 (default 4000 ms). */
  budgetMs?: number;
  /** The wall clock in ms (default performance.now; a test passes a fake one). */
  clock?: () => number;
}

export const now = (): number => performance.now();

/** Milliseconds of CPU time this process has used so far. */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A full GC when Node runs with `--expose-gc` (the bench scripts do); otherwise nothing. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

/** Which clock the reported figures use. */
export type Clock = 'wall' | 'cpu';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median: no values');
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';

/** Runs `fn` `calls` times and returns the elapsed wall and CPU milliseconds; awaits only if `fn` is async. */
async function runBatch(fn: () => unknown, calls: number, isAsync: boolean, clock: () => number): Promise<{ wall: number; cpu: number }> {
  const c0 = cpuNow();
  const t0 = clock();
  if (isAsync) for (let i = 0; i < calls; i++) await fn();
  else for (let i = 0; i < calls; i++) fn();
  const wall = clock() - t0;
  return { wall, cpu: cpuNow() - c0 };
}

/**
 * Times `fn`: warm-up, then samples of auto-chosen length, then the median per call. An async `fn`
 * (one returning a promise) is awaited call by call; a sync one runs in a tight loop, so a 10 µs step
 * is not inflated by microtask hops.
 *
 * ```ts
 * const t = await measure(() => backend.matmul(a, b, c, 64, 64, 64));
 * console.log(t.median, 'ms per call');
 * ```
 */
export async function measure(fn: () => unknown, opts: MeasureOptions = {}): Promise<Timing> {
  const warmup = Math.max(1, opts.warmup ?? 3);
  const samples = opts.samples ?? 7;
  const sampleMs = opts.sampleMs ?? 5;
  const budget = opts.budgetMs ?? 4000;
  const warmupMs = opts.warmupMs ?? 0;
  const clock = opts.clock ?? now;
  let isAsync = false;
  const w0 = clock();
  for (let i = 0; i < warmup || (warmup > 0 && clock() - w0 < warmupMs); i++) {
    const r = fn();
    if (isThenable(r)) { isAsync = true; await r; }
  }
  let calls = 1;
  for (;;) {
    const dt = (await runBatch(fn, calls, isAsync, clock)).wall;
    if (dt >= sampleMs || calls >= 1 << 20) break;
    calls = dt <= 0 ? calls * 16 : Math.max(calls * 2, Math.ceil((calls * sampleMs * 1.2) / dt));
  }
  // Collect garbage left by whatever ran before (tfjs makes plenty), so its cost is not charged to this case.
  collectGarbage();
  const per: number[] = [];
  const cpu: number[] = [];
  const start = clock();
  while (per.length < samples) {
    const r = await runBatch(fn, calls, isAsync, clock);
    per.push(r.wall / calls);
    cpu.push(r.cpu / calls);
    if (per.length >= Math.min(3, samples) && clock() - start > budget) break;
  }
  return { median: median(per), cpuMedian: median(cpu), min: Math.min(...per), samples: per.length, callsPerSample: calls };
}
