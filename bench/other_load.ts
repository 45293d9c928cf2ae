/** How much CPU other processes took while a sample ran (Linux /proc), so a threads benchmark can tell quiet samples from busy ones. */

import { readFileSync } from 'node:fs';

/** CPU clock ticks (USER_HZ, normally 100 per second) used so far by every process, and by this one (all threads). */
export interface Ticks {
  all: number;
  mine: number;
  at: number;
}

/** A snapshot of /proc/stat and /proc/self/stat; null where there is no /proc. */
export function ticks(): Ticks | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
    const all = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + (cpu[7] ?? 0);
    const self = readFileSync('/proc/self/stat', 'utf8');
    const f = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number); // fields from the 3rd on
    return { all, mine: f[11] + f[12], at: performance.now() }; // utime, stime (fields 14, 15)
  } catch {
    return null;
  }
}

/** Cores' worth of CPU that other processes used between two snapshots (NaN without /proc); 10 ms resolution. */
export function otherCores(a: Ticks | null, b: Ticks | null): number {
  if (!a || !b) return NaN;
  const seconds = (b.at - a.at) / 1000;
  return Math.max(0, (b.all - a.all - (b.mine - a.mine)) / 100 / seconds);
}

/** Cores' worth of CPU this process (all its threads) used between two snapshots (NaN without /proc). */
export function ownCores(a: Ticks | null, b: Ticks | null): number {
  if (!a || !b) return NaN;
  return (b.mine - a.mine) / 100 / ((b.at - a.at) / 1000);
}
