// Tests for src/cli/progress.ts: in-place redraw on a terminal, one line per 10% elsewhere, readable numbers.
import { describe, expect, it } from 'vitest';
import { memoryOut } from '../../src/cli/io.js';
import { EpochProgress, fmtDuration, fmtRate } from '../../src/cli/progress.js';

function run(isTTY: boolean, batches: number, msPerBatch: number, lineMs = 0) {
  const out = memoryOut(isTTY, 120);
  let t = 0;
  const p = new EpochProgress(out, { epoch: 2, epochs: 5, batches, samples: batches * 10, now: () => t, lineMs });
  for (let b = 1; b <= batches; b++) {
    t += msPerBatch;
    p.batch(b, b); // loss b: the running mean after b batches is (b + 1) / 2
  }
  p.end('epoch 2/5 done');
  return { text: out.text(), p };
}

describe('EpochProgress', () => {
  it('prints exactly one line per 10% when the output is not a terminal', () => {
    const { text } = run(false, 37, 5);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(10); // 9 progress lines (10% … 90%) and the summary
    expect(lines.slice(0, 9).map((l) => /(\d+)%/.exec(l)![1])).toEqual(['10', '21', '32', '40', '51', '62', '70', '81', '91']);
    expect(text).not.toContain('\r');
    expect(lines[8]).toContain('34/37 batches');
    expect(lines[8]).toContain('loss 17.5000');
    expect(lines[9]).toBe('epoch 2/5 done');
  });

  it('off a terminal, skips progress lines closer than lineMs to the previous one', () => {
    expect(run(false, 100, 1, 1000).text).toBe('epoch 2/5 done\n'); // a 0.1 s epoch: summary only
    const lines = run(false, 100, 40, 1000).text.trimEnd().split('\n'); // 4 s: 10% = 0.4 s, a line every 1.2 s
    expect(lines.map((l) => /(\d+)%/.exec(l)?.[1] ?? 'end')).toEqual(['30', '60', '90', 'end']);
  });

  it('reports throughput and the remaining time', () => {
    const { text } = run(false, 10, 100); // 10 samples per 100 ms batch → 100 samples/s
    const half = text.split('\n').find((l) => l.includes(' 5/10'))!;
    expect(half).toContain('100 samples/s');
    expect(half).toContain('ETA 0.5s');
  });

  it('redraws in place on a terminal, throttled, and clears the bar before the summary', () => {
    const { text } = run(true, 1000, 1); // 1 ms per batch, redraw every 100 ms → about 10 draws
    const draws = text.split('\r\x1b[2K').length - 1;
    expect(draws).toBeGreaterThanOrEqual(10);
    expect(draws).toBeLessThanOrEqual(13);
    expect(text.endsWith('\r\x1b[2Kepoch 2/5 done\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(2); // no newline until the summary
    expect(text).toContain(`[${'█'.repeat(30)}] 100% 1000/1000`);
  });

  it('fits the line to the terminal: a narrower bar, then none', () => {
    const draw = (columns: number) => {
      const out = memoryOut(true, columns);
      const p = new EpochProgress(out, { epoch: 1, epochs: 5, batches: 938, samples: 60000, now: () => 1000 });
      p.batch(469, 0.25);
      return out.text().replace('\r\x1b[2K', '');
    };
    const wide = draw(120);
    const narrow = draw(80);
    expect(wide).toMatch(/^epoch 1\/5 \[█{15} {15}\]  50% 469\/938 .* loss 0\.2500$/);
    expect(narrow.length).toBeLessThanOrEqual(79);
    expect(narrow).toMatch(/\[[█▏▎▍▌▋▊▉ ]{10,}\]  50% 469\/938 .* loss 0\.2500$/);
    expect(draw(50)).not.toContain('[');
    expect(draw(50).length).toBeLessThanOrEqual(49);
  });

  it('shows the previous epoch\'s rate (≈) until this epoch\'s has settled, then its own', () => {
    const out = memoryOut(true, 120);
    let t = 0;
    const p = new EpochProgress(out, { epoch: 2, epochs: 5, batches: 100, samples: 1000, now: () => t, previousRate: 2000, redrawMs: 0 });
    p.batch(1, 0.5); // 0 ms in: not settled
    expect(out.text()).toMatch(/≈2\.0k samples\/s {2}ETA 0\.5s/);
    t = 100;
    p.batch(10, 0.5); // 10 batches in 100 ms: 1000 samples/s of its own
    expect(out.text().split('\r\x1b[2K').at(-1)).toMatch(/ 1\.0k samples\/s {2}ETA 0\.9s/);
  });

  it('keeps the running loss as the mean of the batch losses', () => {
    expect(run(false, 4, 1).p.runningLoss).toBe(2.5);
  });
});

describe('formatting', () => {
  it('fmtRate', () => {
    expect(fmtRate(950)).toBe('950');
    expect(fmtRate(45210)).toBe('45.2k');
    expect(fmtRate(2.5e6)).toBe('2.5M');
    expect(fmtRate(NaN)).toBe('—');
  });
  it('fmtDuration', () => {
    expect(fmtDuration(4.25)).toBe('4.3s');
    expect(fmtDuration(65)).toBe('1m05s');
    expect(fmtDuration(3720)).toBe('1h02m');
    expect(fmtDuration(Infinity)).toBe('—');
  });
});
