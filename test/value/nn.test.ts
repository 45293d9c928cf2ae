// Tests for src/value/nn.ts: architecture printing, seeded init, forward against plain f64, gradients, weight export.
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { Layer, MLP, Neuron, type LayerWeights } from '../../src/value/nn.js';
import { Value } from '../../src/value/value.js';

// Printed by the first tutorial (micrograd's `print(model)` for MLP(2, [16, 16, 1])).
const TUTORIAL_MLP =
  'MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2), ' +
  'ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2), ' +
  'ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], Layer of [ReLUNeuron(16), ReLUNeuron(16), ReLUNeuron(16), ' +
  'ReLUNeuron(16), ReLUNeuron(16), ReLUNeuron(16), ReLUNeuron(16), ReLUNeuron(16), ReLUNeuron(16), ReLUNeuron(16), ' +
  'ReLUNeuron(16), ReLUNeuron(16), ReLUNeuron(16), ReLUNeuron(16), ReLUNeuron(16), ReLUNeuron(16)], ' +
  'Layer of [LinearNeuron(16)]]';

/** Plain f64 forward of an MLP given `{ W: in × out, b }` per layer: ReLU on all but the last layer. */
function forwardPlain(weights: LayerWeights[], x: number[]): number[] {
  let h = x;
  weights.forEach(({ W, b }, k) => {
    const out = b.map((bj, j) => bj + h.reduce((s, hi, i) => s + hi * W[i][j], 0));
    h = k < weights.length - 1 ? out.map((v) => Math.max(0, v)) : out;
  });
  return h;
}

describe('architecture', () => {
  it("prints MLP(2, [16, 16, 1]) exactly as micrograd does, with micrograd's 337 parameters", () => {
    const model = new MLP(2, [16, 16, 1], { seed: 0 });
    expect(String(model)).toBe(TUTORIAL_MLP);
    expect(model.parameters().length).toBe(337);
    expect(String(new Neuron(3, { nonlin: false }))).toBe('LinearNeuron(3)');
    expect(String(new Layer(1, 2))).toBe('Layer of [ReLUNeuron(1), ReLUNeuron(1)]');
  });
});

describe('seeded initialization', () => {
  it('is reproducible: same seed, same weights; another seed, other weights', () => {
    const w = (seed: number) => new MLP(2, [4, 3, 1], { seed }).parameters().map((p) => p.data);
    expect(w(7)).toEqual(w(7));
    expect(w(7)).not.toEqual(w(8));
  });

  it("draws weights uniform(−1, 1) from Random(seed) in neuron order, biases 0 (micrograd's init)", () => {
    const model = new MLP(3, [5, 2], { seed: 11 });
    const rng = new Random(11);
    for (const layer of model.layers) {
      for (const n of layer.neurons) {
        for (const w of n.w) expect(w.data).toBe(rng.uniform(-1, 1));
        expect(n.b.data).toBe(0);
      }
    }
    const all = new MLP(2, [16, 16, 1], { seed: 3 }).parameters().map((p) => p.data);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...all)).toBeLessThan(1);
  });

  it('Neuron and Layer take a seed or a shared generator', () => {
    expect(new Neuron(4, { seed: 5 }).w.map((v) => v.data)).toEqual(new Neuron(4, { rng: new Random(5) }).w.map((v) => v.data));
    const rng = new Random(9);
    const first = new Layer(2, 2, { rng });
    const second = new Layer(2, 2, { rng });
    expect(first.getWeights()).not.toEqual(second.getWeights());
  });
});

describe('forward', () => {
  it('a Neuron computes relu(w·x + b), or the plain sum when linear', () => {
    const n = new Neuron(3, { seed: 2 });
    n.b.data = 0.25;
    const x = [0.5, -1, 2];
    const z = n.w.reduce((s, w, i) => s + w.data * x[i], 0.25);
    expect(n.forward(x).data).toBeCloseTo(Math.max(0, z), 15);
    const lin = new Neuron(3, { seed: 2, nonlin: false });
    expect(lin.forward(x).data).toBeCloseTo(z - 0.25, 15);
  });

  it('an MLP matches the plain in × out matrix computation from getWeights()', () => {
    const model = new MLP(3, [6, 4, 2], { seed: 4 });
    const weights = model.getWeights();
    expect(weights.map((l) => [l.W.length, l.W[0].length, l.b.length])).toEqual([[3, 6, 6], [6, 4, 4], [4, 2, 2]]);
    for (const x of [[0.1, -0.7, 1.3], [2, 0, -1], [-0.5, -0.5, 0.25]]) {
      const out = model.forward(x).map((v) => v.data);
      const ref = forwardPlain(weights, x);
      out.forEach((v, j) => expect(v).toBeCloseTo(ref[j], 14));
    }
  });

  it('accepts Values as inputs and differentiates through them', () => {
    const model = new MLP(2, [3, 1], { seed: 1 });
    const x = [new Value(0.3), new Value(-0.8)];
    model.forward(x)[0].backward();
    const h = 1e-6;
    const f = (x0: number, x1: number) => model.forward([x0, x1])[0].data;
    expect(x[0].grad).toBeCloseTo((f(0.3 + h, -0.8) - f(0.3 - h, -0.8)) / (2 * h), 7);
    expect(x[1].grad).toBeCloseTo((f(0.3, -0.8 + h) - f(0.3, -0.8 - h)) / (2 * h), 7);
  });
});

describe('gradients', () => {
  it('every parameter gradient of a squared-error loss matches finite differences', () => {
    const model = new MLP(3, [5, 4, 2], { seed: 21 });
    const xs = [[0.2, -1, 0.5], [1.5, 0.3, -0.2], [-0.7, 0.9, 1.1]];
    const targets = [[1, -1], [0, 0.5], [-1, 2]];
    const loss = () => {
      let total = new Value(0);
      xs.forEach((x, r) => model.forward(x).forEach((o, j) => { total = total.add(o.sub(targets[r][j]).pow(2)); }));
      return total;
    };
    model.zeroGrad();
    loss().backward();
    const h = 1e-6;
    for (const p of model.parameters()) {
      const saved = p.data;
      p.data = saved + h; const up = loss().data;
      p.data = saved - h; const down = loss().data;
      p.data = saved;
      expect(Math.abs(p.grad - (up - down) / (2 * h))).toBeLessThan(1e-6 * Math.max(1, Math.abs(p.grad)));
    }
  });

  it('zeroGrad clears every parameter', () => {
    const model = new MLP(2, [3, 1], { seed: 2 });
    model.forward([1, 2])[0].mul(3).backward();
    expect(model.parameters().some((p) => p.grad !== 0)).toBe(true);
    model.zeroGrad();
    expect(model.parameters().every((p) => p.grad === 0)).toBe(true);
  });
});

describe('weights as plain arrays', () => {
  it('setWeights then getWeights round-trips, W[i][j] is input i → neuron j, the same Values stay parameters', () => {
    const model = new MLP(2, [3, 1], { seed: 0 });
    const params = model.parameters();
    const weights: LayerWeights[] = [
      { W: [[1, 2, 3], [4, 5, 6]], b: [0.1, 0.2, 0.3] },
      { W: [[1], [-1], [0.5]], b: [-0.5] },
    ];
    model.setWeights(weights);
    expect(model.getWeights()).toEqual(weights);
    expect(model.parameters()).toEqual(params);
    expect(model.layers[0].neurons[2].w[1].data).toBe(6); // from input 1 to neuron 2
    // x = [1, 1]: hidden = relu([5.1, 7.2, 9.3]), out = 5.1 − 7.2 + 4.65 − 0.5
    expect(model.forward([1, 1])[0].data).toBeCloseTo(5.1 - 7.2 + 4.65 - 0.5, 14);
  });

  it('rejects weights of the wrong shape or kind, naming the problem', () => {
    const model = new MLP(2, [3, 1], { seed: 0 });
    const good = model.getWeights();
    expect(() => model.setWeights([good[0]])).toThrow(/MLP\.setWeights: got 1 layers of weights, expected 2/);
    expect(() => model.layers[0].setWeights({ W: [[1, 2, 3]], b: [0, 0, 0] })).toThrow(/W has 1 rows, expected 2/);
    expect(() => model.layers[0].setWeights({ W: [[1, 2], [3, 4]], b: [0, 0, 0] })).toThrow(RangeError);
    expect(() => model.layers[0].setWeights({ W: good[0].W, b: [0, 0] })).toThrow(/b has 2 entries, expected 3/);
    expect(() => model.layers[0].setWeights({ W: [[1, 2, NaN], [0, 0, 0]], b: [0, 0, 0] })).toThrow(/W\[0\]\[2\] must be finite/);
    expect(() => model.layers[0].setWeights({ W: [[1, 2, '3'], [0, 0, 0]], b: [0, 0, 0] } as never)).toThrow(TypeError);
  });
});

describe('bad arguments', () => {
  it('sizes must be positive integers', () => {
    expect(() => new Neuron(0)).toThrow(/Neuron: nin must be an integer ≥ 1/);
    expect(() => new MLP(2, [])).toThrow(/MLP: nouts/);
    expect(() => new MLP(2, [16, 1.5])).toThrow(/MLP: nouts\[1\]/);
    expect(() => new Layer(2, 3, { rng: {} as never })).toThrow(/Layer: rng must be a Random/);
  });

  it('inputs of the wrong length or kind raise errors naming the neuron', () => {
    const model = new MLP(2, [3, 1], { seed: 0 });
    expect(() => model.forward([1, 2, 3])).toThrow(/ReLUNeuron\(2\): input has 3 entries, expected 2/);
    expect(() => model.forward([1, NaN])).toThrow(RangeError);
    expect(() => model.forward([1, '2'] as never)).toThrow(/input\[1\] must be a Value or a number/);
  });
});

describe('size limits', () => {
  const hint = "for larger networks use the tensor mlp() from 'simdnet'";

  it('refuses more than 10⁵ parameters (each a Value) before building any, naming the class and the count', () => {
    expect(() => new MLP(2, [1000, 1000, 1])).toThrow(new RangeError(`MLP: parameters Σ (in + 1) × out is 1005001, at most 100000 is allowed; ${hint}`));
    expect(() => new MLP(2, [1e9, 1e9])).toThrow(/MLP: parameters Σ \(in \+ 1\) × out is \d/);
    expect(() => new Layer(1000, 100)).toThrow(new RangeError(`Layer: (nin + 1) × nout is 100100, at most 100000 is allowed; ${hint}`));
    expect(() => new Neuron(100_000)).toThrow(new RangeError(`Neuron: nin + 1 is 100001, at most 100000 is allowed; ${hint}`));
    expect(() => new Neuron(1e12)).toThrow(RangeError);
  });

  it('builds networks up to the limit', () => {
    expect(new Layer(999, 100).parameters().length).toBe(100_000);
    expect(new MLP(2, [316, 312]).parameters().length).toBe(3 * 316 + 317 * 312);
  });
});

