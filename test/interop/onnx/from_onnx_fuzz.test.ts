// A seeded fuzz sample of fromOnnx (byte mutations and graph edits of PyTorch's and toOnnx's files), and inputs built to allocate much or run long.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, init } from '../../../src/backend/index.js';
import { fromOnnx, intAttr } from '../../../src/interop/onnx/index.js';
import { importSeeds, KINDS, runImportFuzz } from './from_onnx_fuzz.js';
import { graphBytes, node, weights } from './graphs.js';

beforeAll(async () => { await init(); });

describe('fromOnnx under mutation', () => {
  it('2500 mutated or edited files: only RangeError / TypeError, every kind of change reached, imports never amplified', () => {
    const live = getBackend().liveBuffers();
    const r = runImportFuzz(2500, 14);
    expect(r.failures).toEqual([]);
    expect(Object.keys(r.outcomes).every((k) => ['imported', 'RangeError', 'TypeError'].includes(k))).toBe(true);
    expect(r.outcomes.TypeError).toBeGreaterThan(200);   // ops and types outside the subset, by name
    expect(r.outcomes.imported).toBeGreaterThan(100);    // the success path is fuzzed too (and predicts)
    for (const k of KINDS) expect(Object.values(r.byKind[k] ?? {}).reduce((a, b) => a + b, 0), k).toBeGreaterThan(100);
    expect(r.maxAmplification).toBeLessThanOrEqual(2);
    expect(r.slowest.ms).toBeLessThan(1_000);
    expect(getBackend().liveBuffers()).toBe(live);       // every imported model was disposed, every refusal allocated nothing
  });

  it("the seeds themselves: PyTorch's MLPs, convnet and recurrent models and our own files import", () => {
    const names = importSeeds().map((s) => {
      try { fromOnnx(s.bytes).dispose(); return 'imported'; } catch (e) { return (e as Error).message; }
    });
    expect(names).toHaveLength(11);
    expect(names).toEqual(names.map(() => 'imported'));
  });
});

describe('inputs built to allocate much or run long', () => {
  it('one 64×64 weight read by 1000 Gemm nodes is refused (no 1000 copies built from one tensor)', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => node('Gemm', [i ? `h${i}` : 'x', 'W'], [i === 999 ? 'y' : `h${i + 1}`]));
    expect(() => fromOnnx(graphBytes(64, nodes, [weights('W', [64, 64], 1)]))).toThrow(/node 1 \(Gemm\): the constant "W" is read by an earlier node too/);
  });

  it('an input of 2^31 − 1 features imports without allocating for it; 2^31 is refused', () => {
    const relu = [node('Relu', ['x'], ['y'])];
    const live = getBackend().liveBuffers();
    const m = fromOnnx(graphBytes(0, relu, [], { inputShape: ['batch', 2 ** 31 - 1] }));
    expect(m.inputSize).toBe(2 ** 31 - 1);
    m.dispose();
    expect(getBackend().liveBuffers()).toBe(live);
    expect(() => fromOnnx(graphBytes(0, relu, [], { inputShape: ['batch', 2 ** 31] }))).toThrow(/more than 2\^31 − 1 values per sample/);
  });

  it('a weight whose dims promise 2^40 values without the data is refused before any allocation', () => {
    const t = weights('B', [2, 3], 1);
    t.dims = [2 ** 20, 2 ** 20];
    delete t.rawData;
    expect(() => fromOnnx(graphBytes(3, [node('Gemm', ['x', 'B'], ['y'], 'g', [intAttr('transB', 1)])], [t]))).toThrow(/has dims \[1048576, 1048576\] but no data/);
  });

  it('20 000 Relu nodes in a chain import in linear time; 70 000 are refused (more layers than a model file holds)', () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => node('Relu', [i ? `a${i}` : 'x'], [i === n - 1 ? 'y' : `a${i + 1}`]));
    const start = performance.now();
    const m = fromOnnx(graphBytes(2, chain(20_000), []));
    expect(m.layers.length).toBe(20_000);
    m.dispose();
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(() => fromOnnx(graphBytes(2, chain(70_000), []))).toThrow(/the model has 70000 layers; simdnet's model files hold at most 65536/);
  });
});
