// Tests for src/value/value.ts: op values and gradients against f64 closed forms and central finite differences.
import { describe, expect, it } from 'vitest';
import { Value, sum, topologicalOrder } from '../../src/value/value.js';

/** Central difference of a plain f64 function of several variables, with respect to variable i. */
function fd(f: (xs: number[]) => number, xs: number[], i: number, h = 1e-6): number {
  const plus = xs.slice(); plus[i] += h;
  const minus = xs.slice(); minus[i] -= h;
  return (f(plus) - f(minus)) / (2 * h);
}

/** Builds the expression on Values, runs backward, returns [data, grads]. */
function run(build: (vs: Value[]) => Value, xs: number[]): [number, number[]] {
  const vs = xs.map((x) => new Value(x));
  const out = build(vs);
  out.backward();
  return [out.data, vs.map((v) => v.grad)];
}

function expectClose(actual: number, expected: number, rel = 1e-6): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

const unary: [string, (v: Value) => Value, (x: number) => number, (x: number) => number, number[]][] = [
  ['neg', (v) => v.neg(), (x) => -x, () => -1, [-2, 0.3, 5]],
  ['exp', (v) => v.exp(), Math.exp, Math.exp, [-3, 0, 1.7]],
  ['log', (v) => v.log(), Math.log, (x) => 1 / x, [0.01, 1, 7.5]],
  ['tanh', (v) => v.tanh(), Math.tanh, (x) => 1 - Math.tanh(x) ** 2, [-2, 0.1, 3]],
  ['relu', (v) => v.relu(), (x) => Math.max(0, x), (x) => (x > 0 ? 1 : 0), [-1.5, -1e-3, 0.2, 4]],
  ['sigmoid', (v) => v.sigmoid(), (x) => 1 / (1 + Math.exp(-x)), (x) => Math.exp(-x) / (1 + Math.exp(-x)) ** 2, [-6, -0.5, 0, 2.5]],
  ['pow 3', (v) => v.pow(3), (x) => x ** 3, (x) => 3 * x ** 2, [-2, 0.5, 3]],
  ['pow -1', (v) => v.pow(-1), (x) => 1 / x, (x) => -1 / x ** 2, [-2, 0.5, 3]],
  ['pow 0.5', (v) => v.pow(0.5), Math.sqrt, (x) => 0.5 / Math.sqrt(x), [0.25, 2, 9]],
];

describe('Value unary ops', () => {
  for (const [name, op, f, df, points] of unary) {
    it(`${name}: value and gradient match the closed form and finite differences`, () => {
      for (const x of points) {
        const [y, [g]] = run(([v]) => op(v), [x]);
        expectClose(y, f(x), 1e-12);
        expectClose(g, df(x), 1e-12);
        expectClose(g, fd(([t]) => f(t), [x], 0), 1e-6);
      }
    });
  }
});

const binary: [string, (a: Value, b: Value) => Value, (a: number, b: number) => number][] = [
  ['add', (a, b) => a.add(b), (a, b) => a + b],
  ['sub', (a, b) => a.sub(b), (a, b) => a - b],
  ['mul', (a, b) => a.mul(b), (a, b) => a * b],
  ['div', (a, b) => a.div(b), (a, b) => a / b],
];

describe('Value binary ops', () => {
  for (const [name, op, f] of binary) {
    it(`${name}: gradients with respect to both operands match finite differences`, () => {
      for (const xs of [[1.5, -2.25], [-0.3, 4], [7, 0.125]]) {
        const [y, grads] = run(([a, b]) => op(a, b), xs);
        const g = ([a, b]: number[]) => f(a, b);
        expectClose(y, g(xs), 1e-15);
        expectClose(grads[0], fd(g, xs, 0));
        expectClose(grads[1], fd(g, xs, 1));
      }
    });
  }

  it('accepts plain numbers as operands', () => {
    const a = new Value(3);
    expect(a.mul(2).data).toBe(6);
    expect(a.add(0.5).data).toBe(3.5);
    expect(a.sub(1).data).toBe(2);
    expect(a.div(4).data).toBe(0.75);
    const y = a.mul(2).add(1).div(7); // (2a + 1) / 7
    y.backward();
    expect(a.grad).toBeCloseTo(2 / 7, 15);
  });

  it('a composite expression matches its hand-derived gradient', () => {
    // f(a, b) = tanh(a·b + b³): df/da = (1 − f²)·b, df/db = (1 − f²)·(a + 3b²)
    const [a0, b0] = [0.4, -0.7];
    const [y, [ga, gb]] = run(([a, b]) => a.mul(b).add(b.pow(3)).tanh(), [a0, b0]);
    const f = Math.tanh(a0 * b0 + b0 ** 3);
    expectClose(y, f, 1e-15);
    expectClose(ga, (1 - f * f) * b0, 1e-14);
    expectClose(gb, (1 - f * f) * (a0 + 3 * b0 * b0), 1e-14);
  });
});

describe('micrograd README example', () => {
  // The expression from micrograd's README, first on Values, then as a plain f64 function for finite differences.
  function onValues(a: Value, b: Value): Value {
    let c = a.add(b);
    let d = a.mul(b).add(b.pow(3));
    c = c.add(c.add(1));
    c = c.add(new Value(1).add(c).add(a.neg()));
    d = d.add(d.mul(2).add(b.add(a).relu()));
    d = d.add(new Value(3).mul(d).add(b.sub(a).relu()));
    const e = c.sub(d);
    const f = e.pow(2);
    let g = f.div(2.0);
    g = g.add(new Value(10.0).div(f));
    return g;
  }
  function onNumbers([a, b]: number[]): number {
    let c = a + b;
    let d = a * b + b ** 3;
    c = c + (c + 1);
    c = c + (1 + c + -a);
    d = d + (d * 2 + Math.max(0, b + a));
    d = d + (3 * d + Math.max(0, b - a));
    const f = (c - d) ** 2;
    return f / 2 + 10 / f;
  }

  it('g.data, a.grad and b.grad agree with plain f64 and finite differences', () => {
    const a = new Value(-4.0);
    const b = new Value(2.0);
    const g = onValues(a, b);
    g.backward();
    expectClose(g.data, onNumbers([-4, 2]), 1e-15);
    expectClose(a.grad, fd(onNumbers, [-4, 2], 0), 1e-7);
    expectClose(b.grad, fd(onNumbers, [-4, 2], 1), 1e-7);
    // The numbers micrograd's README prints (checked there against PyTorch).
    expect(g.data.toFixed(4)).toBe('24.7041');
    expect(a.grad.toFixed(4)).toBe('138.8338');
    expect(b.grad.toFixed(4)).toBe('645.5773');
  });

  it("micrograd's sanity check expression (relu, reuse of x and z) matches finite differences", () => {
    const f = ([x]: number[]) => {
      const z = 2 * x + 2 + x;
      const q = Math.max(0, z) + z * x;
      const h = Math.max(0, z * z);
      return h + q + q * x;
    };
    const x = new Value(-4.0);
    const z = new Value(2).mul(x).add(2).add(x);
    const q = z.relu().add(z.mul(x));
    const h = z.mul(z).relu();
    const y = h.add(q).add(q.mul(x));
    y.backward();
    expectClose(y.data, f([-4]), 1e-15);
    expectClose(x.grad, fd(f, [-4], 0), 1e-7);
  });
});

describe('backward', () => {
  it('a node used twice accumulates: b = a + a; c = b + b gives dc/da = 4', () => {
    const a = new Value(3);
    const b = a.add(a);
    const c = b.add(b);
    c.backward();
    expect(c.data).toBe(12);
    expect(b.grad).toBe(2);
    expect(a.grad).toBe(4);
  });

  it('a·a gives 2a, and a value reused across branches sums its contributions', () => {
    const a = new Value(-1.5);
    const y = a.mul(a);
    y.backward();
    expect(a.grad).toBe(-3);
    const x = new Value(0.7);
    const u = x.exp();
    const w = u.mul(x).add(u.tanh()); // x·eˣ + tanh(eˣ)
    w.backward();
    const ex = Math.exp(0.7);
    expectClose(x.grad, ex + 0.7 * ex + (1 - Math.tanh(ex) ** 2) * ex, 1e-14);
  });

  it('runs on a 10⁵-deep chain without overflowing the stack', () => {
    const x = new Value(1);
    let y = x;
    for (let i = 0; i < 100_000; i++) y = y.add(x); // y = 100001·x
    y.backward();
    expect(x.grad).toBe(100_001);

    const t = new Value(0.5);
    let z = t;
    for (let i = 0; i < 100_000; i++) z = z.mul(0.99999).tanh();
    z.backward();
    // Closed form by the chain rule, as a plain loop: dz/dt = Π 0.99999·(1 − zₖ²)
    let zk = 0.5;
    let dz = 1;
    for (let i = 0; i < 100_000; i++) {
      zk = Math.tanh(zk * 0.99999);
      dz *= 0.99999 * (1 - zk * zk);
    }
    expectClose(z.data, zk, 1e-15);
    expect(Math.abs(t.grad - dz)).toBeLessThanOrEqual(1e-9 * Math.abs(dz));
  });

  it('leaves accumulate across calls; intermediate values do not carry a stale gradient', () => {
    const a = new Value(2);
    const b = new Value(5);
    const c = a.mul(b).add(1); // interior node a·b
    c.backward();
    c.backward();
    expect(a.grad).toBe(10); // 2·b, not 3·b as a stale interior gradient would give
    expect(b.grad).toBe(4);
    c.zeroGrad();
    expect([a.grad, b.grad, c.grad]).toEqual([0, 0, 0]);
    c.backward();
    expect(a.grad).toBe(5);

    // Two losses over a shared subgraph, backpropagated one after the other, sum their gradients.
    const x = new Value(1.5);
    const s = x.mul(x);
    const l1 = s.mul(3);
    const l2 = s.exp();
    l1.backward();
    l2.backward();
    expectClose(x.grad, 3 * 2 * 1.5 + Math.exp(2.25) * 2 * 1.5, 1e-14);
  });

  it('topologicalOrder puts every value after its inputs, each once', () => {
    const a = new Value(1);
    const b = a.mul(a);
    const c = b.add(a).add(b);
    const order = topologicalOrder(c);
    expect(new Set(order).size).toBe(order.length);
    expect(order.at(-1)).toBe(c);
    for (const [i, v] of order.entries()) for (const ch of v.children) expect(order.indexOf(ch)).toBeLessThan(i);
  });

  it('sum adds Values and numbers', () => {
    const a = new Value(2);
    const s = sum([a, 3, a.mul(4)]);
    s.backward();
    expect(s.data).toBe(13);
    expect(a.grad).toBe(5);
    expect(sum([]).data).toBe(0);
  });
});

describe('printing and tracing fields', () => {
  it("toString reads like micrograd's repr", () => {
    const a = new Value(2);
    expect(String(a)).toBe('Value(data=2.0, grad=0.0)');
    const y = a.mul(0.25);
    y.backward();
    expect(String(y)).toBe('Value(data=0.5, grad=1.0)');
    expect(String(a)).toBe('Value(data=2.0, grad=0.25)');
  });

  it('keeps label and op', () => {
    const a = new Value(2, { label: 'a' });
    expect(a.label).toBe('a');
    expect(a.op).toBe('');
    expect(a.add(1).op).toBe('+');
    expect(a.pow(2).op).toBe('**2');
    expect(a.relu().op).toBe('ReLU');
  });
});

describe('bad operands', () => {
  const a = new Value(1);
  it('non-Value, non-number operands raise a TypeError naming the op', () => {
    expect(() => a.add('1' as never)).toThrow(TypeError);
    expect(() => a.add('1' as never)).toThrow(/Value\.add: operand must be a Value or a number, got string/);
    expect(() => a.mul(null as never)).toThrow(/Value\.mul: .*got null/);
    expect(() => a.div({} as never)).toThrow(/Value\.div/);
    expect(() => a.sub([1] as never)).toThrow(/Value\.sub: .*array/);
    expect(() => new Value('1' as never)).toThrow(TypeError);
    expect(() => sum([a, 'x' as never])).toThrow(/sum: operand/);
  });

  it('non-finite numbers raise a RangeError naming the op', () => {
    expect(() => a.add(NaN)).toThrow(RangeError);
    expect(() => a.add(NaN)).toThrow(/Value\.add: operand must be finite, got NaN/);
    expect(() => a.mul(Infinity)).toThrow(/Value\.mul: operand must be finite, got Infinity/);
    expect(() => new Value(NaN)).toThrow(/Value: data must be finite/);
  });

  it('pow takes a finite number exponent only', () => {
    expect(() => a.pow(new Value(2) as never)).toThrow(TypeError);
    expect(() => a.pow(new Value(2) as never)).toThrow(/Value\.pow: exponent must be a number, got Value/);
    expect(() => a.pow('2' as never)).toThrow(/Value\.pow/);
    expect(() => a.pow(NaN)).toThrow(RangeError);
  });

  it('results that overflow or are undefined raise a RangeError naming the op and inputs', () => {
    expect(() => new Value(1000).exp()).toThrow(/Value\.exp: result is not finite \(Infinity\) for input 1000/);
    expect(() => new Value(0).pow(-1)).toThrow(/Value\.pow: .*exponent -1/);
    expect(() => new Value(-8).pow(0.5)).toThrow(RangeError);
    expect(() => new Value(1).div(0)).toThrow(/Value\.div: result is not finite/);
    expect(() => new Value(0).log()).toThrow(/Value\.log: input must be > 0, got 0/);
    expect(() => new Value(-1).log()).toThrow(RangeError);
  });

  it('sigmoid and tanh saturate without overflow', () => {
    const lo = new Value(-800);
    const s = lo.sigmoid();
    s.backward();
    expect(s.data).toBe(0);
    expect(lo.grad).toBe(0);
    expect(new Value(800).sigmoid().data).toBe(1);
    expect(new Value(-40).tanh().data).toBe(-1);
  });
});
