// Tests of the report: ratios, the reference row, target verdicts, and the timing helpers' arithmetic.
import { describe, expect, it } from 'vitest';
import { renderReport, type Header, type Row } from '../../../bench/compare/report.js';
import { measure, median } from '../../../bench/compare/timing.js';

const header: Header = { cpu: 'Test CPU', cores: 2, node: 'v20', date: '2026-01-01T00:00:00Z', tfjs: '4.22.0', set: 'full' };

describe('bench/compare/report', () => {
  const rows: Row[] = [
    { workload: 'gemm', key: '32×784×64', contender: 'simdnet-wasm', value: 30 },
    { workload: 'gemm', key: '32×784×64', contender: 'tfjs-wasm', value: 20 },
    { workload: 'gemm', key: '512³', contender: 'simdnet-wasm', value: 10 },
    { workload: 'gemm', key: '512³', contender: 'tfjs-wasm', value: 20 },
    { workload: 'moons', key: 'kernels', contender: 'simdnet-wasm', value: 8 },
    { workload: 'moons', key: 'model', contender: 'simdnet-wasm', value: 10 },
    { workload: 'moons', key: 'tfjs-core', contender: 'tfjs-wasm', value: 90 },
    { workload: 'mnist', key: 'model', contender: 'simdnet-wasm', value: 2 },
    { workload: 'mnist', key: 'model', contender: 'simdnet-ts', value: 40, note: 'extrapolated from the first 6000 of 60000 rows' },
    { workload: 'mnist', key: 'tfjs-layers', contender: 'tfjs-wasm', value: 9 },
  ];
  const md = renderReport(header, rows, ['a note']);

  it('prints the header and the notes', () => {
    expect(md).toContain('Test CPU, 2 cores · Node v20 · 2026-01-01T00:00:00Z · tfjs 4.22.0');
    expect(md).toContain('- a note');
    expect(renderReport({ ...header, load: 3.2 }, [])).toContain('load average 3.2 at start (**busy machine: figures are noisy**)');
    expect(renderReport({ ...header, load: 0.1 }, [])).not.toContain('busy');
  });

  it('divides GFLOP/s for GEMM ratios and leaves missing contenders blank', () => {
    expect(md).toContain('| 32×784×64 | 30.0 | — | 20.0 | — | — | 1.50× | — |');
    expect(md).toContain('| 512³ | 10.0 | — | 20.0 | — | — | 0.50× | — |');
  });

  it('takes the model API as the reference for times and checks the targets against it', () => {
    expect(md).toContain('| tfjs-wasm | tf ops + `optimizer.minimize` | 90.0 | 9.00× |');
    expect(md).toContain('| GEMM 32×784×64 ≥ 1.1× tfjs-wasm | 1.50× | **holds** |');
    expect(md).not.toContain('GEMM 512³ ≥'); // targets are for the MLP shapes only
    expect(md).toContain('| moons step ≤ 12 µs | 10.0 µs | **holds** |');
    expect(md).toContain('| moons step ≥ 10× faster than tfjs-wasm (tf ops + `optimizer.minimize`) | 9.00× | **does not hold** |');
    expect(md).toContain('| MNIST epoch ≥ 5× faster than tfjs-layers on tfjs-wasm | 4.50× | **does not hold** |');
    expect(md).toContain('| MNIST epoch ≥ 15× faster than simdnet-ts | 20× | **holds** |');
    expect(md).toContain('extrapolated from the first 6000 of 60000 rows');
  });
});

describe('bench/compare/report: the convnet epoch', () => {
  const epoch = 60000 * (2 * (2 * 24 * 24 * 25 * 8) + 3 * (2 * 8 * 8 * 25 * 8 * 16)) / 1e9; // useful GFLOP per epoch
  const rows: Row[] = [
    { workload: 'convnet', key: 'model', contender: 'simdnet-wasm', value: epoch / 28 },
    { workload: 'convnet', key: 'gemm', contender: 'simdnet-wasm', value: 40, note: 'GFLOP/s' },
    { workload: 'convnet', key: 'tfjs-layers', contender: 'tfjs-cpu', value: 30 * epoch / 28, note: 'extrapolated from the first 192 of 60000 rows' },
  ];
  const md = renderReport(header, rows, [], ['### a kernel table']);

  it('lists the epochs without the GEMM row, then the useful GFLOP/s against the GEMM measured between them', () => {
    expect(md).toContain('| tfjs-cpu | tfjs-layers | 109 | 30× | extrapolated from the first 192 of 60000 rows |');
    expect(md).not.toMatch(/\| simdnet-wasm \| gemm/);
    expect(md).toContain('simdnet-wasm trains the convnet at 28.0 useful GFLOP/s (101 GFLOP per epoch), 70% of its GEMM 128×784×128 measured between the epochs (40.0 GFLOP/s).');
  });

  it('checks issue 12\'s targets, and appends the kernel tables', () => {
    expect(md).toContain('| MNIST convnet epoch ≥ 10× faster than tfjs-layers on tfjs-cpu | 30× | **holds** |');
    expect(md).toContain("| MNIST convnet training ≥ 70% of simdnet's GEMM 128×784×128 GFLOP/s | 70% | **holds** |");
    expect(md).toMatch(/### Convolution kernels[^\n]*\n\n### a kernel table/);
  });
});

describe('bench/compare/timing', () => {
  it('takes medians of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('calls sync and async functions and reports per-call figures', async () => {
    let calls = 0;
    const t = await measure(() => { calls++; }, { warmup: 2, samples: 3, sampleMs: 1, budgetMs: 50 });
    expect(t.samples).toBeGreaterThanOrEqual(3);
    expect(calls).toBeGreaterThanOrEqual(2 + t.samples * t.callsPerSample);
    let asyncCalls = 0;
    const ta = await measure(async () => { await Promise.resolve(); asyncCalls++; }, { warmup: 1, samples: 3, sampleMs: 1, budgetMs: 50 });
    expect(asyncCalls).toBeGreaterThanOrEqual(1 + ta.samples * ta.callsPerSample);
    expect(ta.min).toBeLessThanOrEqual(ta.median);
  });

  it('keeps warming up for warmupMs (a fake clock: each call takes 1 ms)', async () => {
    let t = 0;
    let calls = 0;
    let warmupCalls = -1;
    await measure(() => { calls++; t += 1; }, {
      warmup: 1, warmupMs: 30, samples: 1, sampleMs: 1, budgetMs: 0,
      clock: () => { if (t >= 30 && warmupCalls < 0) warmupCalls = calls; return t; },
    });
    expect(warmupCalls).toBe(30); // the loop stopped warming up when 30 ms had passed, not before
    expect(calls).toBe(32); // then one call to size a sample (1 ms ≥ sampleMs) and one sample
  });

  it('reports CPU time next to wall time', async () => {
    const t = await measure(() => { let s = 0; for (let i = 0; i < 1e5; i++) s += i; return s; }, { warmup: 1, samples: 3, sampleMs: 2, budgetMs: 100 });
    expect(t.cpuMedian).toBeGreaterThan(0);
    expect(Number.isFinite(t.cpuMedian)).toBe(true);
  });
});
