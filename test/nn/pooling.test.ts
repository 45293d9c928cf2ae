// maxPool2d, avgPool2d, globalAvgPool2d and flatten: options and errors, shapes, forward and gradients against the f64 reference, hand-worked cases.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../src/backend/index.js';
import { avgPool2d, conv2d, dense, flatten, globalAvgPool2d, maxPool2d, relu, sequential, tanh, type Layer, type Pool2dOptions } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { availableBackends, maxRelDiff } from './reference.js';
import { expectReferenceGradients, refLayersOf, refPredict } from './conv_reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

const rows = (n: number, size: number, seed: number): number[][] => {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => Array.from({ length: size }, () => rng.uniform(-1, 1)));
};

describe('pooling options', () => {
  it('names, defaults (strides = the pool size, as Keras) and configs', () => {
    expect(String(maxPool2d({ poolSize: 2 }))).toBe('maxPool2d(2×2)');
    expect(String(avgPool2d({ poolSize: 3, strides: 1, padding: 'same' }))).toBe('avgPool2d(3×3, stride 1, same)');
    expect(maxPool2d({ poolSize: [2, 3] }).config()).toEqual({ kind: 'maxPool2d', poolSize: [2, 3], strides: [2, 3], padding: 'valid' });
    expect(String(globalAvgPool2d())).toBe('globalAvgPool2d');
    expect(globalAvgPool2d().config()).toEqual({ kind: 'globalAvgPool2d' });
    expect(flatten().config()).toEqual({ kind: 'flatten' });
  });

  it('refuses wrong kinds (TypeError) and wrong sizes (RangeError)', () => {
    const bad = (o: unknown) => () => maxPool2d(o as Pool2dOptions);
    expect(bad(undefined)).toThrow(TypeError);
    expect(bad({ poolSize: '2' })).toThrow(TypeError);
    expect(bad({ pool_size: 2 })).toThrow(/unknown option 'pool_size' \(did you mean poolSize\?\)/);
    expect(bad({ poolSize: 2, padding: 'causal' })).toThrow(TypeError);
    expect(() => avgPool2d({ poolSize: 0 })).toThrow('avgPool2d: poolSize must be an integer from 1 to 65536, got 0');
    for (const o of [{ poolSize: -2 }, { poolSize: 1.5 }, { poolSize: [2, 2, 2] }, { poolSize: 2, strides: 0 }]) expect(bad(o), JSON.stringify(o)).toThrow(RangeError);
    expect(() => globalAvgPool2d({ keepdims: true } as never)).toThrow(TypeError);
    expect(() => flatten({ dataFormat: 'channels_first' } as never)).toThrow(TypeError);
  });

  it('a pool that leaves no output, or over a non-image, is refused by sequential and builds nothing', () => {
    setBackend('ts');
    const live = getBackend().liveBuffers();
    expect(() => sequential([maxPool2d({ poolSize: 3 })], { inputShape: [2, 5, 1] }))
      .toThrow("sequential: layer 0 (maxPool2d(3×3)) the 3×3 window is larger than the 2×5 input (padding 'valid') for input [2, 5, 1]");
    expect(() => sequential([dense(4, 64), maxPool2d({ poolSize: 2 })])).toThrow(/^sequential: layer 1 \(maxPool2d\(2×2\)\) expects \[h, w, c\] input, got \[64\]/);
    expect(() => sequential([dense(4, 64), globalAvgPool2d()])).toThrow(/layer 1 \(globalAvgPool2d\) expects \[h, w, c\] input, got \[64\]/);
    expect(getBackend().liveBuffers()).toBe(live);
  });
});

describe('pooling forward, hand-worked', () => {
  it('max, average and global average over a 4×4×2 image', () => {
    for (const name of backends) {
      setBackend(name);
      // channel 0: 0..15 row by row; channel 1: −(0..15)
      const x = Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? i / 2 : 0 - (i - 1) / 2));
      const run = (l: Layer) => { const m = sequential([l], { inputShape: [4, 4, 2] }); const y = m.predict([x])[0]; m.dispose(); return y; };
      expect(run(maxPool2d({ poolSize: 2 }))).toEqual([5, 0, 7, -2, 13, -8, 15, -10]);
      expect(run(avgPool2d({ poolSize: 2 }))).toEqual([2.5, -2.5, 4.5, -4.5, 10.5, -10.5, 12.5, -12.5]);
      // 'same', 3×3 stride 2 on 4×4: ⌈4/2⌉ = 2 windows per axis, total padding (2 − 1)·2 + 3 − 4 = 1, after: windows
      // cover rows (and columns) 0–2 and 2–3; the average counts only the pixels inside (9, 6, 6, 4)
      expect(run(maxPool2d({ poolSize: 3, strides: 2, padding: 'same' }))).toEqual([10, 0, 11, -2, 14, -8, 15, -10]);
      expect(run(avgPool2d({ poolSize: 3, strides: 2, padding: 'same' }))).toEqual([5, -5, 6.5, -6.5, 11, -11, 12.5, -12.5]);
      expect(run(globalAvgPool2d())).toEqual([7.5, -7.5]);
      expect(run(flatten())).toEqual(x);
    }
  });
});

const CASES: { name: string; shape: [number, number, number]; layers: () => Layer[] }[] = [
  { name: 'maxPool 2 after a conv', shape: [9, 7, 2], layers: () => [conv2d({ inputShape: [9, 7, 2], filters: 3, kernelSize: 2, bias: 'init' }), tanh(), maxPool2d({ poolSize: 2 }), flatten(), dense(3)] },
  { name: 'maxPool 3 stride 2 same', shape: [7, 6, 2], layers: () => [conv2d({ inputShape: [7, 6, 2], filters: 2, kernelSize: 2, bias: 'init' }), tanh(), maxPool2d({ poolSize: 3, strides: 2, padding: 'same' }), flatten(), dense(3)] },
  { name: 'avgPool [2, 3] strides 1 and same', shape: [6, 7, 3], layers: () => [avgPool2d({ poolSize: [2, 3], strides: 1, padding: 'same' }), conv2d({ filters: 2, kernelSize: 2, bias: 'init' }), tanh(), avgPool2d({ poolSize: 2, strides: [1, 2] }), flatten(), dense(3)] },
  { name: 'globalAvgPool after a conv', shape: [5, 6, 2], layers: () => [conv2d({ inputShape: [5, 6, 2], filters: 4, kernelSize: 3, padding: 'same', bias: 'init' }), tanh(), globalAvgPool2d(), dense(3)] },
];

describe('pooling against the f64 reference', () => {
  for (const c of CASES) {
    it(`${c.name}: predictions and gradients`, () => {
      for (const name of backends) {
        setBackend(name);
        const m = sequential(c.layers(), { seed: 3, inputShape: c.shape });
        const size = c.shape.reduce((a, b) => a * b, 1);
        for (const n of [1, 4]) {
          const x = rows(n, size, n + 10);
          const ref = refPredict(refLayersOf(m), c.shape, x);
          expect(maxRelDiff(m.predict(x), ref, Math.max(...ref.flat().map(Math.abs))), `${name} ${n} rows`).toBeLessThan(1e-5);
        }
        const x = rows(4, size, 5), labels = [2, 1, 0, 1];
        expectReferenceGradients(m, c.shape, x, labels, name);
        m.dispose();
      }
    });
  }
});

describe('flatten', () => {
  it('changes the declared shape only: dense after it reads the NHWC row, and its gradient passes through', () => {
    for (const name of backends) {
      setBackend(name);
      const m = sequential([flatten(), dense(12, 2)], { inputShape: [2, 3, 2], seed: 1 });
      expect(m.layers[0].outputShape).toEqual([12]);
      const plain = sequential([dense(12, 2)], { seed: 1 });
      const x = rows(3, 12, 1);
      expect(m.predict(x)).toEqual(plain.predict(x));
      expect(m.gradients(x, [0, 1, 1], { loss: 'softmaxCrossEntropy' })).toEqual(plain.gradients(x, [0, 1, 1], { loss: 'softmaxCrossEntropy' }));
      m.dispose();
      plain.dispose();
    }
  });
});

describe('relu → maxPool2d backward as one', () => {
  it('masks the pool’s gradient instead of the relu’s (a quarter of the values), giving the bits of the two backwards', async () => {
    const { backendByName } = await import('../../src/backend/index.js');
    for (const name of backends) {
      setBackend(name);
      const be = backendByName(name) as unknown as Record<string, (...a: unknown[]) => unknown>;
      const m = sequential([conv2d({ inputShape: [8, 6, 3], filters: 4, kernelSize: 3, bias: 'init' }), relu(), maxPool2d({ poolSize: 2 }), flatten(), dense(3)], { seed: 4 });
      const x = rows(5, 144, 2), y = [0, 1, 2, 1, 0];
      const lengths: number[] = [];
      const saved = be.reluBackward;
      be.reluBackward = (...a: unknown[]) => { lengths.push(a[3] as number); return saved.apply(be, a); };
      let fused;
      try {
        fused = m.gradients(x, y, { loss: 'softmaxCrossEntropy' });
      } finally {
        be.reluBackward = saved;
      }
      expect(lengths).toEqual([5 * 3 * 2 * 4]); // the pool's output, not the relu's 5·6·4·4
      // the same step with each layer's own backward, in order
      const g = getBackend();
      m.ensureCapacity(5);
      const xb = g.upload(x.flat()), t = g.upload(y.flatMap((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0))));
      const out = m.forward(xb, 5);
      g.softmaxCrossEntropy(out, t, m.dOut, 5, 3);
      let dy: ReturnType<typeof g.alloc> | null = m.dOut;
      for (let i = m.layers.length - 1; i >= 0 && dy; i--) dy = m.layers[i].backward(dy, 5, i > 0);
      const bits = (v: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(v).buffer));
      m.params().forEach((p, i) => expect(bits(g.read(p.grad)), `${name} ${p.name} of layer ${i}`).toEqual(bits((fused.grads[i >> 1] as Record<string, number[] | number[][]>)[p.name].flat())));
      g.free(xb); g.free(t);
      m.dispose();
    }
  });
});
