// conv2d: options and errors, output shapes, seeded initialization, forward and gradients against the f64 reference, fused activations.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../src/backend/index.js';
import { conv2d, dense, flatten, leakyRelu, maxPool2d, relu, sequential, sigmoid, tanh, type Conv2dOptions, type Layer } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { availableBackends, maxRelDiff } from './reference.js';
import { expectReferenceGradients, refLayersOf, refPredict } from './conv_reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

const rows = (n: number, size: number, seed: number): number[][] => {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => Array.from({ length: size }, () => rng.uniform(-1, 1)));
};

describe('conv2d options', () => {
  it('names the layer by its filters and window, strides and padding when not the defaults', () => {
    expect(String(conv2d({ filters: 8, kernelSize: 5 }))).toBe('conv2d(8 5×5)');
    expect(String(conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same' }))).toBe('conv2d(16 3×3, stride 2, same)');
    expect(String(conv2d({ filters: 4, kernelSize: [3, 1], strides: [2, 1] }))).toBe('conv2d(4 3×1, stride 2×1)');
    expect(conv2d({ filters: 2, kernelSize: [3, 1], strides: [2, 1], padding: 'same' }).config())
      .toEqual({ kind: 'conv2d', filters: 2, kernelSize: [3, 1], strides: [2, 1], padding: 'same' });
  });

  it('refuses the wrong kind of option with a TypeError and a wrong size with a RangeError, naming the layer', () => {
    const bad = (o: unknown) => () => conv2d(o as Conv2dOptions);
    expect(bad(undefined)).toThrow(TypeError);
    expect(bad({ filters: 8 })).toThrow("conv2d(8): kernelSize must be a number or [height, width], got undefined");
    expect(bad({ kernelSize: 5 })).toThrow('conv2d: filters must be a number, got undefined');
    expect(bad({ filters: '8', kernelSize: 5 })).toThrow(TypeError);
    expect(bad({ filters: 8, kernelSize: 5, padding: 'full' })).toThrow(/conv2d\(8 5×5\): padding must be 'valid' or 'same'/);
    expect(bad({ filters: 8, kernelSize: 5, activation: 'relu' })).toThrow(/unknown option 'activation' \(did you mean an activation layer after it/);
    expect(bad({ filters: 8, kernel_size: 5 })).toThrow(/unknown option 'kernel_size' \(did you mean kernelSize\?\)/);
    expect(bad({ filters: 8, kernelSize: 5, init: 'zeros' })).toThrow(TypeError);
    expect(bad({ filters: 8, kernelSize: 5, inputShape: 784 })).toThrow(TypeError);
    for (const o of [{ filters: 0, kernelSize: 5 }, { filters: -1, kernelSize: 5 }, { filters: 2.5, kernelSize: 5 }, { filters: 1e9, kernelSize: 5 },
      { filters: 8, kernelSize: 0 }, { filters: 8, kernelSize: [3] }, { filters: 8, kernelSize: [3, 1.5] }, { filters: 8, kernelSize: 3, strides: 0 },
      { filters: 8, kernelSize: 3, strides: [1, -2] }, { filters: 8, kernelSize: 3, inputShape: [28, 28] }, { filters: 8, kernelSize: 3, inputShape: [28, 0, 1] }]) {
      expect(bad(o), JSON.stringify(o)).toThrow(RangeError);
    }
    expect(bad({ filters: 8, kernelSize: 3, strides: 0 })).toThrow('conv2d(8 3×3): strides must be an integer from 1 to 65536, got 0');
  });

  it('a non-image input, a window larger than the input and a conv after a dense are refused by sequential, naming the layer and shapes', () => {
    setBackend('ts');
    const live = getBackend().liveBuffers();
    expect(() => sequential([dense(784, 64), conv2d({ filters: 8, kernelSize: 5 })]))
      .toThrow(/^sequential: layer 1 \(conv2d\(8 5×5\)\) expects \[h, w, c\] input, got \[64\]/);
    expect(() => sequential([conv2d({ filters: 8, kernelSize: 5 })], { inputShape: [784] })).toThrow(RangeError);
    expect(() => sequential([conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 5 })]))
      .toThrow("sequential: layer 0 (conv2d(2 5×5)) the 5×5 window is larger than the 4×4 input (padding 'valid') for input [4, 4, 1]");
    expect(() => sequential([conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: [1, 5] })])).toThrow(RangeError);
    // 'same' pads up to the window: a 5×5 window over 4×4 fits
    const same = sequential([conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 5, padding: 'same' })]);
    expect(same.outputShape).toEqual([4, 4, 2]);
    same.dispose();
    expect(() => sequential([conv2d({ filters: 2, kernelSize: 3 }), relu()])).toThrow(/no layer declares the input shape/);
    expect(getBackend().liveBuffers()).toBe(live); // nothing was built
  });
});

describe('conv2d shapes and weights', () => {
  it('output shapes follow valid (⌊(n − k)/s⌋ + 1) and same (⌈n/s⌉)', () => {
    setBackend('ts');
    const shape = (input: [number, number, number], o: Omit<Conv2dOptions, 'filters'>) => {
      const m = sequential([conv2d({ inputShape: input, filters: 3, ...o })]);
      const s = m.outputShape;
      m.dispose();
      return s;
    };
    expect(shape([28, 28, 1], { kernelSize: 5 })).toEqual([24, 24, 3]);
    expect(shape([28, 28, 1], { kernelSize: 5, padding: 'same' })).toEqual([28, 28, 3]);
    expect(shape([7, 5, 2], { kernelSize: 3, strides: 2 })).toEqual([3, 2, 3]);
    expect(shape([7, 5, 2], { kernelSize: 3, strides: 2, padding: 'same' })).toEqual([4, 3, 3]);
    expect(shape([8, 6, 1], { kernelSize: [3, 1], strides: [1, 3] })).toEqual([6, 2, 3]);
  });

  it('W is [kh·kw·cin × cout] (HWIO flattened) and b [cout], drawn from the seed with fan-in kh·kw·cin', () => {
    setBackend('ts');
    const m = sequential([conv2d({ inputShape: [10, 10, 4], filters: 32, kernelSize: 3, init: 'he' })], { seed: 1 });
    const { W, b } = m.getWeights()[0];
    expect([W.length, W[0].length, b.length]).toEqual([36, 32, 32]);
    const w = W.flat();
    const sd = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(sd).toBeCloseTo(Math.sqrt(2 / 36), 1);
    const g = sequential([conv2d({ inputShape: [10, 10, 4], filters: 32, kernelSize: 3 })], { seed: 1 });
    expect(Math.max(...g.getWeights()[0].W.flat().map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / (36 + 9 * 32)));
    // a layer's own seed gives the same weights wherever it stands
    const own = (layers: Layer[]) => { const s = sequential(layers, { seed: 9 }); const w = s.getWeights().at(-1)!.W; s.dispose(); return w; };
    expect(own([conv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 2 }), conv2d({ filters: 2, kernelSize: 2, seed: 4 })]))
      .toEqual(own([conv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 2, seed: 1 }), conv2d({ filters: 2, kernelSize: 2, seed: 4 })]));
    for (const x of [m, g]) x.dispose();
  });

  it('one filter of ones over a known image: each output is the window sum plus the bias (NHWC rows, W row (ky·kw + kx)·cin + ci)', () => {
    for (const name of backends) {
      setBackend(name);
      const m = sequential([conv2d({ inputShape: [3, 3, 2], filters: 2, kernelSize: 2 })]);
      // filter 0 reads channel 0 only, filter 1 channel 1 at tap (1, 1) only
      const W = Array.from({ length: 8 }, (_, r) => [r % 2 === 0 ? 1 : 0, r === 7 ? 1 : 0]);
      m.setWeights([{ W, b: [0.5, -1] }]);
      const x = Array.from({ length: 18 }, (_, i) => (i % 2 === 0 ? i / 2 : 100 + (i - 1) / 2)); // channel 0: 0..8, channel 1: 100..108
      const y = m.predict([x])[0];
      // pixel (oy, ox): channel-0 sum of the 2×2 window + 0.5; channel 1 at (oy + 1, ox + 1) − 1
      expect(y).toEqual([0 + 1 + 3 + 4 + 0.5, 104 - 1, 1 + 2 + 4 + 5 + 0.5, 105 - 1, 3 + 4 + 6 + 7 + 0.5, 107 - 1, 4 + 5 + 7 + 8 + 0.5, 108 - 1]);
      m.dispose();
    }
  });
});

/** Models to compare with the f64 reference: every option, each activation after a conv, odd sizes. */
const CASES: { name: string; shape: [number, number, number]; layers: () => Layer[] }[] = [
  { name: '5×5 valid, 1 channel, relu (fused)', shape: [9, 8, 1], layers: () => [conv2d({ inputShape: [9, 8, 1], filters: 3, kernelSize: 5 }), relu(), flatten(), dense(4)] },
  { name: '3×3 same stride 2 on 7×5×2, tanh', shape: [7, 5, 2], layers: () => [conv2d({ inputShape: [7, 5, 2], filters: 5, kernelSize: 3, strides: 2, padding: 'same', bias: 'init' }), tanh(), flatten(), dense(3)] },
  { name: '2×3 window, strides [2, 1], leakyRelu (fused), then conv 1×1 + sigmoid', shape: [6, 7, 3], layers: () => [conv2d({ inputShape: [6, 7, 3], filters: 4, kernelSize: [2, 3], strides: [2, 1], bias: 'init' }), leakyRelu(0.2), conv2d({ filters: 2, kernelSize: 1, bias: 'init' }), sigmoid(), flatten(), dense(3)] },
  { name: 'two convs, same and valid, pooled', shape: [8, 8, 2], layers: () => [conv2d({ inputShape: [8, 8, 2], filters: 3, kernelSize: 3, padding: 'same', bias: 'init' }), tanh(), conv2d({ filters: 5, kernelSize: 3, bias: 'init' }), relu(), maxPool2d({ poolSize: 2 }), flatten(), dense(3)] },
];

describe('conv2d against the f64 reference', () => {
  for (const c of CASES) {
    it(`${c.name}: predictions and gradients`, () => {
      for (const name of backends) {
        setBackend(name);
        const m = sequential(c.layers(), { seed: 2 });
        const size = c.shape.reduce((a, b) => a * b, 1);
        for (const n of [1, 3, 5]) {
          const x = rows(n, size, n);
          const ref = refPredict(refLayersOf(m), c.shape, x);
          // f32 sums against f64: within 1e-5 of the largest output
          expect(maxRelDiff(m.predict(x), ref, Math.max(...ref.flat().map(Math.abs))), `${name} ${n} rows`).toBeLessThan(1e-5);
        }
        const x = rows(5, size, 7), labels = [0, 1, 2, 1, 0];
        expectReferenceGradients(m, c.shape, x, labels, name);
        m.dispose();
      }
    });
  }
});

describe('conv2d fused activations', () => {
  it('relu and leakyRelu run inside the conv kernel, tanh and sigmoid after plain conv2d', () => {
    for (const name of backends) {
      setBackend(name);
      const be = getBackend() as unknown as Record<string, (...a: unknown[]) => unknown>;
      const m = sequential([conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 }), relu(), conv2d({ filters: 2, kernelSize: 2 }), leakyRelu(0.1),
        conv2d({ filters: 2, kernelSize: 2 }), tanh(), conv2d({ filters: 1, kernelSize: 1 }), sigmoid()], { seed: 1 });
      const calls: string[] = [];
      const names = ['conv2d', 'conv2dRelu', 'conv2dLeakyRelu', 'relu', 'leakyRelu', 'tanh', 'sigmoid'];
      const saved = names.map((k) => be[k]);
      names.forEach((k, i) => { be[k] = (...a: unknown[]) => { calls.push(k); return saved[i].apply(be, a); }; });
      try {
        m.predict(rows(2, 36, 1));
      } finally {
        names.forEach((k, i) => { be[k] = saved[i]; });
      }
      expect(calls).toEqual(['conv2dRelu', 'conv2dLeakyRelu', 'conv2d', 'tanh', 'conv2d', 'sigmoid']);
      m.dispose();
    }
  });
});
