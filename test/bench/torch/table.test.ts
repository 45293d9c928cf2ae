// bench:torch without Python: medians over rounds, ratios, the tables (with the convnet and ONNX Runtime), the child command lines and the skip path.
import { describe, expect, it } from 'vitest';
import { findTorchPython, pythonCandidates, skipMessage, torchEnv } from '../../../bench/torch/python.js';
import { childCommand, configs, sidesOf, toSeries } from '../../../bench/torch/rounds.js';
import { comparisonTable, fitTable, fmt, ratio, roundsTable, summarize, type ChildRun, type Config } from '../../../bench/torch/table.js';

const mnist64: Config = { workload: 'mnist', batch: 64, threads: 1 };
const infer: Config = { workload: 'infer', threads: 1 };
const convnet2: Config = { workload: 'convnet', batch: 64, threads: 2 };

function runs(): ChildRun[] {
  const r = (side: ChildRun['side'], config: Config, round: number, series: Record<string, number[]>, check: number[], selfCheck?: number): ChildRun =>
    ({ side, config, round, series, check, selfCheck, others: 0.1 * (round + 1) });
  return [
    r('simdnet', mnist64, 0, { fit: [1.0, 1.2], kernels: [1.0, 1.0], fitCpu: [0.8] }, [0.34], 0),
    r('torch', mnist64, 0, { torch: [2.0], torchCpu: [1.2] }, [0.3401]),
    r('torch', mnist64, 1, { torch: [3.0] }, [0.3402]),
    r('simdnet', mnist64, 1, { fit: [1.3], kernels: [1.2] }, [0.34], 1e-7),
    r('simdnet', infer, 0, { predict: [25] }, [0.5, -1]),
    r('torch', infer, 0, { torch: [50] }, [0.5, -1.000001]),
    r('onnx', infer, 0, { onnx: [20] }, [0.5, -1.000003]),
    r('simdnet', convnet2, 0, { fit: [4, 6], fitCpu: [8] }, [1.2, 2.3, 2.2]),
    r('torch', convnet2, 0, { torch: [10], torchCpu: [16] }, [1.2001, 2.3, 2.2]),
  ];
}

describe('bench/torch/table', () => {
  it('takes the median of each round, then over rounds, and the largest difference between the sides', () => {
    const [m, i, c] = summarize(runs());
    expect(m.config).toEqual(mnist64);
    expect(m.series.fit.rounds).toEqual([1.1, 1.3]);
    expect(m.series.fit.median).toBeCloseTo(1.2, 12);
    expect(m.series.torch.median).toBe(2.5);
    expect(m.delta).toBeCloseTo(2e-4, 9);
    expect(m.selfDelta).toBe(1e-7);
    expect(m.othersMax).toBeCloseTo(0.2, 12);
    expect(i.series.predict.median).toBe(25);
    expect(i.series.onnx.median).toBe(20);
    expect(i.delta).toBeCloseTo(2e-6, 9); // ONNX Runtime's logits, the farther from PyTorch's (simdnet's: 1e-6)
    expect(c.series.fit.median).toBe(5);
    expect(c.delta).toBeCloseTo(1e-4, 9);
    expect(Number.isNaN(i.selfDelta)).toBe(true);
  });

  it('formats figures with about three significant digits and ratios as PyTorch ÷ simdnet', () => {
    expect([fmt(0.73049), fmt(6.4868), fmt(48.04), fmt(690.2), fmt(NaN), fmt(undefined)]).toEqual(['0.730', '6.49', '48.0', '690', '–', '–']);
    expect(ratio(2.5, 1.2)).toBe('2.08×');
    expect(ratio(undefined, 1)).toBe('–');
    expect(ratio(1, 0)).toBe('–');
  });

  it('writes one row per configuration, ONNX Runtime in the inference row, and the fit verdicts', () => {
    const s = summarize(runs());
    const t = comparisonTable(s);
    expect(t).toContain('| MNIST MLP epoch, batch 64 | 1 | s / epoch | 1.20 | 1.10 | 2.50 | – | 2.08× | 1.50× | 2e-4 |');
    expect(t).toContain('| MNIST MLP, one-row inference | 1 | µs / call | 25.0 | – | 50.0 | 20.0 | 2.00× | – |');
    expect(t).toContain('| MNIST convnet epoch, batch 64 | 2 | s / epoch | 5.00 | – | 10.0 | – | 2.00× | 2.00× | 1e-4 |');
    expect(t).not.toContain('not yet');
    const f = fitTable(s);
    expect(f).toContain('| 1.20 | – | 1.10 | 1.09× | not met | – | – | 1e-7 |');
    expect(f).not.toContain('inference');
    expect(f).not.toContain('convnet'); // no hand-written kernel epoch to compare fit with
    expect(fitTable(s, 0.1)).toContain('| 1.09× | met |');
    const cpu = summarize([...runs(), { ...runs()[0], series: { fitCpu: [1.02], kernelsCpu: [1] } }]);
    expect(fitTable(cpu)).toContain('| 0.91× | met |'); // fitCpu rounds 0.8 and 1.02, kernelsCpu 1
    expect(roundsTable(s)).toContain('| MNIST MLP epoch, batch 64 | 1 | torch | 2.00, 3.00 |');
  });
});

describe('bench/torch/rounds and python', () => {
  const o = { python: '/opt/py/bin/python', shared: { dir: '/tmp/d', mnistDir: '/tmp/m', dispose() {} }, epochs: 2, perCall: true };

  it('lists MNIST at batch 64 and 256 on 1 and 2 threads, the moons step, inference, then the convnet on 1 and 2 threads', () => {
    expect(configs(['mnist', 'moons', 'infer', 'convnet']).map((c) => `${c.workload}${c.batch ?? ''}/${c.threads}`))
      .toEqual(['mnist64/1', 'mnist64/2', 'mnist256/1', 'mnist256/2', 'moons/1', 'infer/1', 'convnet64/1', 'convnet64/2']);
    expect(configs(['moons']).length).toBe(1);
    expect(sidesOf(infer)).toEqual(['simdnet', 'torch', 'onnx']);
    expect(sidesOf(convnet2)).toEqual(['simdnet', 'torch']);
  });

  it('runs PyTorch with the thread count in its arguments and in OMP/MKL_NUM_THREADS', () => {
    const t = childCommand('torch', { workload: 'mnist', batch: 256, threads: 2 }, o);
    expect(t.cmd).toBe('/opt/py/bin/python');
    expect(t.args.slice(1)).toEqual(['mnist', '--data', '/tmp/d', '--mnist-dir', '/tmp/m', '--threads', '2', '--batch', '256', '--epochs', '2']);
    expect([t.env.OMP_NUM_THREADS, t.env.MKL_NUM_THREADS]).toEqual(['2', '2']);
    expect(torchEnv(1, {}).OMP_NUM_THREADS).toBe('1');
    const s = childCommand('simdnet', mnist64, o);
    expect(s.args).toContain('--per-call');
    expect(childCommand('simdnet', infer, o).args).not.toContain('--per-call');
    expect(s.args).not.toContain('--experimental-wasm-relaxed-simd');
    expect(childCommand('simdnet', mnist64, { ...o, relaxed: true }).args[0]).toBe('--experimental-wasm-relaxed-simd');
    const c = childCommand('torch', convnet2, o);
    expect(c.args.slice(1)).toEqual(['convnet', '--data', '/tmp/d', '--mnist-dir', '/tmp/m', '--threads', '2', '--batch', '64', '--epochs', '2']);
    expect(childCommand('simdnet', convnet2, o).args.slice(-7)).toEqual(['convnet', '--threads', '2', '--batch', '64', '--epochs', '2']);
    const x = childCommand('onnx', infer, o);
    expect(x.cmd).toBe(process.execPath);
    expect(x.args.at(-3)).toBe('infer');
    expect(x.args.at(-4)).toMatch(/onnx_child\.ts$/);
  });

  it('turns each side\'s JSON into series in the workload\'s unit', () => {
    const mn = toSeries('simdnet', mnist64, { seconds: { fit: [1], kernels: [2], fitPerCall: [], fitCpu: [0.9], kernelsCpu: [1.9] }, losses: { fit: [0.3, 0.2], kernels: [0.3], fitPerCall: [] }, cpuTotal: 1 });
    expect(mn).toEqual({ series: { fit: [1], kernels: [2], fitCpu: [0.9], kernelsCpu: [1.9] }, check: [0.3], selfCheck: 0 });
    const ti = toSeries('torch', infer, { callSeconds: [2.5e-5], callCpuSeconds: [2e-5], firstLogits: [1, 2], cpuTotal: 1 });
    expect([ti.series.torch[0], ti.series.torchCpu[0]].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([25, 20]);
    expect(toSeries('torch', mnist64, { seconds: [1.5], cpuSeconds: [1.4], losses: [0.3], cpuTotal: 3 }).series).toEqual({ torch: [1.5], torchCpu: [1.4] });
    const moons = toSeries('simdnet', { workload: 'moons', threads: 1 }, { stepSeconds: { fit: [6e-6], kernels: [5e-6] }, losses: { fit: [1, 0.5], kernels: [1, 0.4] }, cpuTotal: 1 });
    expect(moons.selfCheck).toBeCloseTo(0.1, 12);
    const cs = toSeries('simdnet', convnet2, { seconds: { fit: [5], fitCpu: [9] }, losses: { fit: [0.4, 0.1], steps: [2.3, 2.2] }, cpuTotal: 1 });
    expect(cs).toEqual({ series: { fit: [5], fitCpu: [9] }, check: [0.4, 2.3, 2.2] });
    const ct = toSeries('torch', convnet2, { seconds: [7], cpuSeconds: [13], losses: [0.4], stepLosses: [2.3, 2.2], cpuTotal: 1 });
    expect(ct).toEqual({ series: { torch: [7], torchCpu: [13] }, check: [0.4, 2.3, 2.2] });
    const ox = toSeries('onnx', infer, { callSeconds: [2e-5], callCpuSeconds: [1e-5], firstLogits: [1, 2], cpuTotal: 1 });
    expect([ox.series.onnx[0], ox.series.onnxCpu[0]].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([20, 10]);
    expect(ox.check).toEqual([1, 2]);
  });

  it('tries --python, then $SIMDNET_PYTHON, then python3, and explains a skip', () => {
    expect(pythonCandidates('/a', { SIMDNET_PYTHON: '/b' })).toEqual(['/a', '/b', 'python3']);
    expect(pythonCandidates(undefined, {})).toEqual(['python3']);
    const r = findTorchPython(['/nonexistent/python-for-simdnet-test']);
    expect(r.python).toBeNull();
    const msg = skipMessage(r.python === null ? r.tried : []);
    expect(msg).toContain('skipped');
    expect(msg).toContain('/nonexistent/python-for-simdnet-test');
    expect(msg).toContain('SIMDNET_PYTHON');
  });
});
