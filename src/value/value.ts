/** Value: a scalar that remembers how it was computed, and backward() to push gradients through that graph (micrograd). */

import { typeError, rangeError } from '../errors.js';

/** Anything accepted where a Value is expected: plain numbers are wrapped as constants. */
export type Scalar = Value | number;

/**
 * A scalar node of a computation graph. Each op returns a new Value that keeps its inputs (`children`), its `op`
 * name, and a closure that adds its local gradient into its inputs' `grad`. Gradients accumulate (`+=`), so a value
 * used twice receives both contributions; leaves keep accumulating across backward() calls, so clear them with
 * `zeroGrad()` (on the root, or on a model) before a new pass. Users pass `data` and an optional `label`; `children`
 * and `op` are filled in by the ops.
 *
 * ```ts
 * const a = new Value(-4, { label: 'a' });
 * const b = new Value(2, { label: 'b' });
 * const c = a.mul(b).add(b.pow(3)).tanh();
 * c.backward();
 * console.log(String(a)); // Value(data=-4.0, grad=…)
 * ```
 */
export class Value {
  data: number;
  grad = 0;
  label: string;
  /** The op that produced this value ('' for a leaf): '+', '-', '*', '/', '**k', 'neg', 'exp', 'log', 'tanh', 'ReLU', 'sigmoid'. */
  readonly op: string;
  /** The inputs of `op` (a value used twice appears twice). */
  readonly children: readonly Value[];
  /** Adds this node's local gradient, times `this.grad`, into each child's `grad` (micrograd's `_backward`). */
  backwardStep: () => void = noBackward;

  constructor(data: number, opts: { label?: string; children?: readonly Value[]; op?: string } = {}) {
    const op = opts.op ?? '';
    if (typeof data !== 'number') throw typeError('Value', `data must be a number, got ${describe(data)}`);
    if (!Number.isFinite(data)) {
      // An op's result overflowed or is undefined (exp(1000), 0 ** -1, 0 / 0): say which op and on what inputs.
      if (op) {
        let inputs = (opts.children ?? []).map((c) => c.data).join(', ');
        if (op.startsWith('**')) inputs += ` and exponent ${op.slice(2)}`;
        throw rangeError(`Value.${opName(op)}`, `result is not finite (${data}) for input ${inputs}`);
      }
      throw rangeError('Value', `data must be finite, got ${data}`);
    }
    this.data = data;
    this.label = opts.label ?? '';
    this.op = op;
    this.children = opts.children ?? [];
  }

  /** out = a + b */
  add(other: Scalar): Value {
    const b = toValue('add', other);
    const out = new Value(this.data + b.data, { children: [this, b], op: '+' });
    /** da = dout, db = dout */
    out.backwardStep = () => {
      this.grad += out.grad;
      b.grad += out.grad;
    };
    return out;
  }

  /** out = a − b */
  sub(other: Scalar): Value {
    const b = toValue('sub', other);
    const out = new Value(this.data - b.data, { children: [this, b], op: '-' });
    /** da = dout, db = −dout */
    out.backwardStep = () => {
      this.grad += out.grad;
      b.grad -= out.grad;
    };
    return out;
  }

  /** out = a · b */
  mul(other: Scalar): Value {
    const b = toValue('mul', other);
    const out = new Value(this.data * b.data, { children: [this, b], op: '*' });
    /** da = b · dout, db = a · dout */
    out.backwardStep = () => {
      this.grad += b.data * out.grad;
      b.grad += this.data * out.grad;
    };
    return out;
  }

  /** out = a / b */
  div(other: Scalar): Value {
    const b = toValue('div', other);
    const out = new Value(this.data / b.data, { children: [this, b], op: '/' });
    /** da = dout / b, db = −a / b² · dout */
    out.backwardStep = () => {
      this.grad += out.grad / b.data;
      b.grad -= (this.data / (b.data * b.data)) * out.grad;
    };
    return out;
  }

  /** out = aᵏ, for a constant number k (micrograd's `**`). */
  pow(k: number): Value {
    if (typeof k !== 'number') throw typeError('Value.pow', `exponent must be a number, got ${describe(k)}`);
    if (!Number.isFinite(k)) throw rangeError('Value.pow', `exponent must be finite, got ${k}`);
    const out = new Value(this.data ** k, { children: [this], op: `**${k}` });
    /** da = k · aᵏ⁻¹ · dout */
    out.backwardStep = () => {
      this.grad += k * this.data ** (k - 1) * out.grad;
    };
    return out;
  }

  /** out = −a */
  neg(): Value {
    const out = new Value(-this.data, { children: [this], op: 'neg' });
    /** da = −dout */
    out.backwardStep = () => {
      this.grad -= out.grad;
    };
    return out;
  }

  /** out = eᵃ */
  exp(): Value {
    const out = new Value(Math.exp(this.data), { children: [this], op: 'exp' });
    /** da = eᵃ · dout, from the saved output */
    out.backwardStep = () => {
      this.grad += out.data * out.grad;
    };
    return out;
  }

  /** out = ln a (a > 0) */
  log(): Value {
    if (!(this.data > 0)) throw rangeError('Value.log', `input must be > 0, got ${this.data}`);
    const out = new Value(Math.log(this.data), { children: [this], op: 'log' });
    /** da = dout / a */
    out.backwardStep = () => {
      this.grad += out.grad / this.data;
    };
    return out;
  }

  /** out = tanh a */
  tanh(): Value {
    const out = new Value(Math.tanh(this.data), { children: [this], op: 'tanh' });
    /** da = (1 − out²) · dout, from the saved output */
    out.backwardStep = () => {
      this.grad += (1 - out.data * out.data) * out.grad;
    };
    return out;
  }

  /** out = max(0, a) */
  relu(): Value {
    const out = new Value(this.data < 0 ? 0 : this.data, { children: [this], op: 'ReLU' });
    /** da = [out > 0] · dout (micrograd's convention: 0 at a = 0) */
    out.backwardStep = () => {
      this.grad += (out.data > 0 ? 1 : 0) * out.grad;
    };
    return out;
  }

  /** out = 1 / (1 + e⁻ᵃ), computed without overflow for large |a| */
  sigmoid(): Value {
    const x = this.data;
    const s = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    const out = new Value(s, { children: [this], op: 'sigmoid' });
    /** da = out · (1 − out) · dout, from the saved output */
    out.backwardStep = () => {
      this.grad += out.data * (1 - out.data) * out.grad;
    };
    return out;
  }

  /**
   * Sets `this.grad = 1` and adds d(this)/d(leaf) into the `grad` of every leaf this value depends on (leaves
   * accumulate across calls, as parameters do in PyTorch: call `zeroGrad()` first to start clean). Intermediate
   * values get this pass's gradient only, so two losses sharing a subgraph can be backpropagated one after the other.
   * Works on graphs of any depth: the topological order is built with an explicit stack, not recursion.
   *
   * ```ts
   * const a = new Value(3);
   * const b = a.add(a); const c = b.add(b); // c = 4a
   * c.backward(); // a.grad === 4
   * ```
   */
  backward(): void {
    const order = topologicalOrder(this);
    for (const v of order) if (v.children.length > 0) v.grad = 0;
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) order[i].backwardStep();
  }

  /** Sets `grad = 0` on this value and every value it depends on. */
  zeroGrad(): void {
    for (const v of topologicalOrder(this)) v.grad = 0;
  }

  /** `Value(data=2.0, grad=0.0)`, as micrograd prints it. */
  toString(): string {
    return `Value(data=${pyFloat(this.data)}, grad=${pyFloat(this.grad)})`;
  }
}

/**
 * Every value `root` depends on, root included, each after all of its children (leaves first, root last).
 * Iterative depth-first search: each stack entry is a node and the index of the next child to visit.
 *
 * ```ts
 * const x = new Value(1); const y = x.mul(2).add(x);
 * topologicalOrder(y).length; // 4: x, 2, x·2, y
 * ```
 */
export function topologicalOrder(root: Value): Value[] {
  const order: Value[] = [];
  const visited = new Set<Value>([root]);
  const nodes: Value[] = [root];
  const next: number[] = [0];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top];
    const i = next[top];
    if (i < node.children.length) {
      next[top] = i + 1;
      const child = node.children[i];
      if (!visited.has(child)) {
        visited.add(child);
        nodes.push(child);
        next.push(0);
      }
    } else {
      order.push(node);
      nodes.pop();
      next.pop();
    }
  }
  return order;
}

/**
 * The sum of `terms` as a chain of `add`s (Python's `sum(...)` over Values); numbers are allowed.
 *
 * ```ts
 * sum([new Value(1), 2, new Value(3)]).data; // 6
 * ```
 */
export function sum(terms: readonly Scalar[]): Value {
  if (!Array.isArray(terms)) throw typeError('sum', `terms must be an array, got ${describe(terms)}`);
  let total = toValue('sum', terms.length > 0 ? terms[0] : 0);
  for (let i = 1; i < terms.length; i++) total = total.add(toValue('sum', terms[i]));
  return total;
}

/** A leaf's backward step: nothing to propagate (one shared function, not a closure per leaf). */
function noBackward(): void {}

/** `x` itself if it is a Value; a new constant Value if it is a finite number; otherwise an error naming `op`. */
export function toValue(op: string, x: unknown): Value {
  if (x instanceof Value) return x;
  const where = op === 'sum' ? 'sum' : `Value.${op}`;
  if (typeof x !== 'number') throw typeError(where, `operand must be a Value or a number, got ${describe(x)}`);
  if (!Number.isFinite(x)) throw rangeError(where, `operand must be finite, got ${x}`);
  return new Value(x);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x === 'string' ? `string "${x}"` : typeof x;
}

/** The method name for an op symbol, for error messages: '+' → 'add'. */
function opName(op: string): string {
  const names: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', ReLU: 'relu' };
  return names[op] ?? (op.startsWith('**') ? 'pow' : op);
}

/** Python's float repr for the common cases: integers keep a trailing `.0`. */
function pyFloat(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toFixed(1) : String(x);
}
