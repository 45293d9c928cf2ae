// dropout(rate): the identity outside training; while training, three SGD steps against an f64 replay with the masks the specification draws from the fit's mask seeds; mask statistics; seeds; bad rates.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../src/backend/index.js';
import { dropout as specDropout } from '../../src/backend/ts/dropout.js';
import { dense, dropout, mlp, relu, sequential, sgd } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { maskSeed } from '../../src/train/fit.js';
import { availableBackends, maxRelDiff, tinyData } from './reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

type M = number[][];
const matmul = (a: M, b: M): M => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const transpose = (a: M): M => a[0].map((_, j) => a.map((row) => row[j]));
const colSum = (a: M): number[] => a[0].map((_, j) => a.reduce((s, row) => s + row[j], 0));

describe.each(['ts', 'wasm'] as const)('dropout on %s', (backend) => {
  it('three full-batch SGD steps match an f64 replay using the masks drawn from the fit seed, one seed per step', async () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const rate = 0.4;
    const m = sequential([dense(4, 6, { bias: 'init' }), dropout(rate), dense(6, 2, { bias: 'init' })], { seed: 5 });
    const rng = new Random(9);
    const x = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => rng.uniform(-1, 1)));
    const t = Array.from({ length: 5 }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
    let [{ W: W1, b: b1 }, { W: W2, b: b2 }] = m.getWeights();
    await m.fit(x, t, { loss: 'mse', optimizer: sgd({ lr: 0.3 }), epochs: 3, batchSize: 5, seed: 123 });
    const seeds = new Random(maskSeed(123));
    for (let s = 0; s < 3; s++) {
      const mask = new Float32Array(30);
      specDropout(new Float32Array(30), new Float32Array(30), mask, 30, rate, seeds.nextUint32());
      const keep = x.map((_, r) => Array.from(mask.subarray(r * 6, r * 6 + 6)));
      const h = matmul(x, W1).map((row) => row.map((v, j) => v + b1[j]));
      const hd = h.map((row, r) => row.map((v, j) => v * keep[r][j]));
      const out = matmul(hd, W2).map((row) => row.map((v, j) => v + b2[j]));
      const d = out.map((row, r) => row.map((v, j) => (2 * (v - t[r][j])) / 10));
      const dh = matmul(d, transpose(W2)).map((row, r) => row.map((v, j) => v * keep[r][j]));
      [W2, b2] = [W2.map((row, i) => row.map((w, j) => w - 0.3 * matmul(transpose(hd), d)[i][j])), b2.map((b, j) => b - 0.3 * colSum(d)[j])];
      [W1, b1] = [W1.map((row, i) => row.map((w, j) => w - 0.3 * matmul(transpose(x), dh)[i][j])), b1.map((b, j) => b - 0.3 * colSum(dh)[j])];
    }
    const got = m.getWeights();
    expect(maxRelDiff([...got[0].W.flat(), ...got[0].b, ...got[1].W.flat(), ...got[1].b], [...W1.flat(), ...b1, ...W2.flat(), ...b2])).toBeLessThan(1e-5);
    m.dispose();
  });

  it('drops about rate of the values while training and scales the rest by 1/(1 − rate); predict is the identity', async () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const layer = dropout(0.3);
    const m = sequential([layer], { inputShape: [64] });
    const be = getBackend();
    const rows = 200;
    const x = Array.from({ length: rows }, (_, r) => Array.from({ length: 64 }, (_, j) => 1 + ((r * 64 + j) % 7)));
    expect(m.predict(x)).toEqual(x);
    m.ensureCapacity(rows);
    const xb = be.alloc(rows * 64);
    be.write(xb, x.flat());
    m.setTraining(true);
    layer.beginStep(new Random(1));
    const y = be.read(layer.forward(xb, rows), 0, rows * 64);
    const dy = be.alloc(rows * 64);
    be.write(dy, new Float32Array(rows * 64).fill(2));
    const dx = be.read(layer.backward(dy, rows, true)!, 0, rows * 64);
    const scale = Math.fround(1 / 0.7);
    let zeros = 0;
    x.flat().forEach((v, i) => {
      if (y[i] === 0) zeros++;
      else expect(y[i]).toBe(Math.fround(v * scale));
      expect(dx[i]).toBe(y[i] === 0 ? 0 : Math.fround(2 * scale));
    });
    const n = rows * 64;
    expect(Math.abs(zeros - 0.3 * n)).toBeLessThan(4 * Math.sqrt(n * 0.3 * 0.7)); // binomial, 4σ
    m.setTraining(false);
    be.free(xb);
    be.free(dy);
    m.dispose();
  });
});

describe('dropout seeds and rates', () => {
  it('same fit seed → same weights; another seed → others; the two backends agree; rate 0 trains exactly as no dropout', async () => {
    const { x, cls } = tinyData(60, 2);
    const train = async (backend: BackendName, seed: number, rate: number | null) => {
      setBackend(backend);
      const m = sequential([dense(3, 16), relu(), ...(rate === null ? [] : [dropout(rate)]), dense(16, 2)], { seed: 1 });
      await m.fit(x, cls, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.2 }), epochs: 4, batchSize: 16, seed });
      const w = m.getWeights();
      m.dispose();
      return w;
    };
    expect(await train('ts', 7, 0.5)).toEqual(await train('ts', 7, 0.5));
    expect(await train('ts', 7, 0.5)).not.toEqual(await train('ts', 8, 0.5));
    expect(await train('ts', 7, 0)).toEqual(await train('ts', 7, null)); // the batch order does not depend on dropout
    if (backends.includes('wasm')) {
      const [a, b] = [await train('ts', 7, 0.5), await train('wasm', 7, 0.5)];
      expect(maxRelDiff(a.flatMap((l) => [...l.W.flat(), ...l.b]), b.flatMap((l) => [...l.W.flat(), ...l.b]))).toBeLessThan(1e-4);
    }
  });

  it('may come first (input dropout), and refuses a rate outside [0, 1) naming the value', () => {
    setBackend('ts');
    const m = sequential([dropout(0.2), dense(3, 2)]);
    expect(String(m)).toBe('dropout(0.2) → dense(3→2)');
    expect(m.predict([[1, 2, 3]])).toEqual(mlp(3, [2], { seed: 0 }).predict([[1, 2, 3]]));
    m.dispose();
    expect(() => dropout(1)).toThrow(new RangeError('dropout: rate must be in [0, 1) (the fraction of values dropped), got 1'));
    expect(() => dropout(-0.1)).toThrow(/dropout: rate must be in \[0, 1\).*got -0.1/);
    expect(() => dropout(NaN)).toThrow(RangeError);
    expect(() => dropout('0.5' as never)).toThrow(new TypeError('dropout: rate must be a number, got a string ("0.5")'));
    expect(() => dropout(undefined as never)).toThrow(TypeError);
  });
});
