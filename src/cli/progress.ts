/** The per-epoch progress display: a bar redrawn in place on a terminal, a line every 10% elsewhere (CI logs). */

import type { Out } from './io.js';

export interface ProgressOptions {
  /** 1-based epoch number and the total, for the label. */
  epoch: number;
  epochs: number;
  /** Batches in this epoch and samples per epoch (for samples/s). */
  batches: number;
  samples: number;
  /** Milliseconds, monotonic. */
  now: () => number;
  /** Minimum milliseconds between two redraws on a terminal (default 100). */
  redrawMs?: number;
  /** Off a terminal: minimum milliseconds between two progress lines (default 1000), so short epochs print only their summary. */
  lineMs?: number;
  /** Samples per second of the previous epoch: shown (as `≈`) until this epoch's own rate has settled. */
  previousRate?: number;
}

/** `12345.6` → `12.3k`; keeps throughput readable at a glance. */
export function fmtRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '—';
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return perSecond.toFixed(0);
}

/** Seconds as `4.2s`, `1m05s`, `1h02m`. */
export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Shows one epoch's progress. Call `batch(done, loss)` after each batch and `end(summary)` once.
 * On a TTY the line is rewritten in place (`\r` + clear line), at most every `redrawMs`; otherwise a
 * plain line is printed each time another 10% of the batches is done (not at 100%: the summary
 * follows), if `lineMs` have passed since the previous one (short epochs print only their summary).
 *
 * ```ts
 * const p = new EpochProgress(process.stdout, { epoch: 1, epochs: 5, batches: 938, samples: 60000, now: () => performance.now() });
 * p.batch(1, 2.3); // …
 * p.end('epoch 1/5  loss 0.2412  acc 92.81%');
 * ```
 */
export class EpochProgress {
  private readonly out: Out;
  private readonly opts: ProgressOptions;
  private readonly start: number;
  private lastDraw = -Infinity;
  private nextTenth = 1;
  private lossSum = 0;
  private lossCount = 0;
  private drawn = false;

  constructor(out: Out, opts: ProgressOptions) {
    this.out = out;
    this.opts = opts;
    this.start = opts.now();
  }

  /** Mean of the batch losses seen so far in this epoch. */
  get runningLoss(): number {
    return this.lossCount > 0 ? this.lossSum / this.lossCount : NaN;
  }

  /** Seconds since the epoch started. */
  get elapsed(): number {
    return (this.opts.now() - this.start) / 1000;
  }

  /** Records that `done` batches are finished, the last one with loss `loss`. */
  batch(done: number, loss: number): void {
    if (Number.isFinite(loss)) {
      this.lossSum += loss;
      this.lossCount++;
    }
    const { batches } = this.opts;
    if (this.out.isTTY) {
      const t = this.opts.now();
      if (done < batches && t - this.lastDraw < (this.opts.redrawMs ?? 100)) return;
      this.lastDraw = t;
      this.drawn = true;
      this.out.write(`\r\x1b[2K${this.line(done, this.out.columns || 80)}`);
    } else if (done < batches && done * 10 >= this.nextTenth * batches) {
      while (done * 10 >= this.nextTenth * batches) this.nextTenth++;
      const t = this.opts.now();
      if (t - Math.max(this.start, this.lastDraw) < (this.opts.lineMs ?? 1000)) return;
      this.lastDraw = t;
      this.out.write(`${this.line(done, 0)}\n`);
    }
  }

  /** Replaces the bar with the epoch's summary line (and a newline). */
  end(summary: string): void {
    if (this.out.isTTY && this.drawn) this.out.write('\r\x1b[2K');
    this.out.write(`${summary}\n`);
  }

  /** The progress text; with `columns` > 0, a bar as wide as fits (10–30 cells; none if even 10 do not). */
  private line(done: number, columns: number): string {
    const { epoch, epochs, batches, samples } = this.opts;
    const secs = this.elapsed;
    const frac = batches > 0 ? Math.min(1, done / batches) : 1;
    // The first fraction of a second is JIT warm-up and timer noise: until then, the previous epoch's rate (if any)
    const settled = secs >= 0.25 || frac === 1 || (done >= 2 && secs >= 0.05);
    const prior = this.opts.previousRate;
    const rate = settled && secs > 0 ? (frac * samples) / secs : prior ?? NaN;
    const eta = settled && frac > 0 ? (secs * (1 - frac)) / frac : prior ? ((1 - frac) * samples) / prior : NaN;
    const width = String(batches).length;
    const head = `epoch ${String(epoch).padStart(String(epochs).length)}/${epochs}`;
    const percent = `${String(Math.floor(frac * 100)).padStart(3)}%`;
    const loss = Number.isFinite(this.runningLoss) ? this.runningLoss.toFixed(4) : '—';
    const count = `${String(done).padStart(width)}/${batches}`;
    const rest = `${settled || !prior ? '' : '≈'}${fmtRate(rate)} samples/s  ETA ${fmtDuration(eta)}  loss ${loss}`;
    if (columns <= 0) return `${head} ${percent} ${count} batches  ${rest}`;
    const tail = `${count}  ${rest}`;
    const room = columns - 1 - head.length - percent.length - tail.length - 5; // 5 = spaces and brackets
    if (room < 10) return `${head} ${percent} ${tail}`.slice(0, columns - 1);
    return `${head} ${drawBar(frac, Math.min(30, room))} ${percent} ${tail}`;
  }
}

/** `[██████░░░░]`, with eighth blocks for a smooth edge. */
function drawBar(frac: number, width: number): string {
  const eighths = Math.round(frac * width * 8);
  const full = Math.floor(eighths / 8);
  const part = eighths % 8;
  const partial = part > 0 ? '▏▎▍▌▋▊▉'[part - 1] : '';
  return `[${'█'.repeat(full)}${partial}${' '.repeat(Math.max(0, width - full - (partial ? 1 : 0)))}]`;
}
