/** Neuron, Layer and MLP built from Values (micrograd's nn.py), with seeded init and plain-array weight export. */

import { checkInt, checkOptions, checkTotal, rangeError, typeError } from '../errors.js';
import { Random } from '../random.js';
import { Value, type Scalar } from './value.js';

/**
 * Most parameters of a Neuron, Layer or MLP. Each is a Value object, and one forward and backward pass over one
 * input builds a graph node per multiply-add: MLP(2, [300, 300, 1]) (91 501 parameters) takes 0.6 s and 110 MB
 * per sample, MLP(2, [1000, 1000, 1]) (10⁶) 6.6 s and 1 GB (measured on Node 20). This module is for reading and
 * for checking the tensor path on small networks; the tensor mlp() trains large ones.
 */
export const MAX_PARAMETERS = 100_000;
const TOO_BIG = "for larger networks use the tensor mlp() from 'simdnet'";

/** Options shared by Neuron and Layer: `nonlin` (ReLU, default true) and the seed or generator of the init. */
export interface NeuronOptions {
  /** ReLU after the weighted sum (default true); false gives a linear neuron. */
  nonlin?: boolean;
  /** Seed of a new generator for the init (default 0). Ignored when `rng` is given. */
  seed?: number;
  /** Generator to draw the init from (shared by the neurons of a layer and the layers of an MLP). */
  rng?: Random;
}

/** One layer's weights as plain numbers: `W[i][j]` is the weight from input i to neuron j (in × out), `b[j]` the bias. */
export type LayerWeights = {
  W: number[][];
  b: number[];
};

/** Base of Neuron, Layer and MLP: `parameters()` and `zeroGrad()` (micrograd's Module). */
export abstract class Module {
  abstract parameters(): Value[];

  /** Sets `grad = 0` on every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = 0;
  }
}

/**
 * out = relu(Σᵢ wᵢ·xᵢ + b), or the plain sum when `nonlin` is false. Weights uniform(−1, 1), bias 0, as in micrograd.
 *
 * ```ts
 * const n = new Neuron(2, { seed: 1 });
 * n.forward([1, -2]).data; // ≥ 0
 * String(n); // 'ReLUNeuron(2)'
 * ```
 */
export class Neuron extends Module {
  readonly w: Value[];
  readonly b: Value;
  readonly nonlin: boolean;

  constructor(nin: number, opts: NeuronOptions = {}) {
    super();
    checkInt('Neuron', 'nin', nin);
    checkTotal('Neuron', 'nin + 1', nin + 1, MAX_PARAMETERS, TOO_BIG);
    const rng = generator('Neuron', opts);
    this.w = [];
    for (let i = 0; i < nin; i++) this.w.push(new Value(rng.uniform(-1, 1)));
    this.b = new Value(0);
    this.nonlin = opts.nonlin ?? true;
  }

  /** The activation for one input row `x` (length nin). The sum starts from the bias, as in micrograd. */
  forward(x: readonly Scalar[]): Value {
    checkInput(`${this}`, x, this.w.length);
    let act = this.b;
    for (let i = 0; i < this.w.length; i++) act = act.add(this.w[i].mul(x[i]));
    return this.nonlin ? act.relu() : act;
  }

  override parameters(): Value[] {
    return [...this.w, this.b];
  }

  override toString(): string {
    return `${this.nonlin ? 'ReLU' : 'Linear'}Neuron(${this.w.length})`;
  }
}

/**
 * `nout` neurons reading the same `nin` inputs.
 *
 * ```ts
 * const layer = new Layer(2, 3, { seed: 1 });
 * layer.forward([0.5, -1]).length; // 3
 * layer.getWeights().W.length;     // 2 (in × out)
 * ```
 */
export class Layer extends Module {
  readonly neurons: Neuron[];

  constructor(nin: number, nout: number, opts: NeuronOptions = {}) {
    super();
    checkInt('Layer', 'nin', nin);
    checkInt('Layer', 'nout', nout);
    checkTotal('Layer', '(nin + 1) × nout', (nin + 1) * nout, MAX_PARAMETERS, TOO_BIG);
    const rng = generator('Layer', opts);
    this.neurons = [];
    for (let j = 0; j < nout; j++) this.neurons.push(new Neuron(nin, { nonlin: opts.nonlin, rng }));
  }

  /**
   * One output per neuron. Always an array, even for one neuron (micrograd returns the bare Value then; a typed
   * API cannot, so write `layer.forward(x)[0]`).
   */
  forward(x: readonly Scalar[]): Value[] {
    return this.neurons.map((n) => n.forward(x));
  }

  override parameters(): Value[] {
    return this.neurons.flatMap((n) => n.parameters());
  }

  /** Copies of the weights: `W[i][j]` from input i to neuron j, `b[j]` of neuron j. */
  getWeights(): LayerWeights {
    const nin = this.neurons[0].w.length;
    const W: number[][] = [];
    for (let i = 0; i < nin; i++) W.push(this.neurons.map((n) => n.w[i].data));
    return { W, b: this.neurons.map((n) => n.b.data) };
  }

  /** Overwrites the weights' `data` (in place: the same Value objects stay the parameters) from `{ W: in × out, b }`. */
  setWeights(weights: LayerWeights): void {
    const op = 'Layer.setWeights';
    const nin = this.neurons[0].w.length;
    const nout = this.neurons.length;
    if (weights === null || typeof weights !== 'object') throw typeError(op, 'expected { W, b }');
    const { W, b } = weights;
    if (!Array.isArray(W) || !Array.isArray(b)) throw typeError(op, 'W and b must be arrays');
    if (W.length !== nin) throw rangeError(op, `W has ${W.length} rows, expected ${nin} (in × out = ${nin}×${nout})`);
    if (b.length !== nout) throw rangeError(op, `b has ${b.length} entries, expected ${nout}`);
    W.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== nout) {
        throw rangeError(op, `W row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries, expected ${nout}`);
      }
      row.forEach((v, j) => checkWeight(op, `W[${i}][${j}]`, v));
    });
    b.forEach((v, j) => checkWeight(op, `b[${j}]`, v));
    this.neurons.forEach((n, j) => {
      for (let i = 0; i < nin; i++) n.w[i].data = W[i][j];
      n.b.data = b[j];
    });
  }

  override toString(): string {
    return `Layer of [${this.neurons.join(', ')}]`;
  }
}

/**
 * A multilayer perceptron: ReLU on every layer but the last, which is linear (micrograd's MLP).
 * All weights come from one generator seeded with `seed` (default 0), layer by layer, neuron by neuron.
 * At most 10⁵ parameters (MAX_PARAMETERS): the tensor `mlp()` is for larger networks.
 *
 * ```ts
 * const model = new MLP(2, [16, 16, 1], { seed: 42 });
 * const score = model.forward([0.5, -0.2])[0];
 * model.parameters().length; // 337
 * String(model); // 'MLP of [Layer of [ReLUNeuron(2), …], …, Layer of [LinearNeuron(16)]]'
 * ```
 */
export class MLP extends Module {
  readonly layers: Layer[];

  constructor(nin: number, nouts: readonly number[], opts: { seed?: number; rng?: Random } = {}) {
    super();
    checkInt('MLP', 'nin', nin);
    if (!Array.isArray(nouts) || nouts.length === 0) throw typeError('MLP', 'nouts must be a non-empty array of layer sizes');
    nouts.forEach((n, i) => checkInt('MLP', `nouts[${i}]`, n));
    const sizes = [nin, ...nouts];
    const count = nouts.reduce((s, nout, i) => s + (sizes[i] + 1) * nout, 0);
    checkTotal('MLP', 'parameters Σ (in + 1) × out', count, MAX_PARAMETERS, TOO_BIG);
    const rng = generator('MLP', opts);
    this.layers = nouts.map((nout, i) => new Layer(sizes[i], nout, { nonlin: i !== nouts.length - 1, rng }));
  }

  /** The outputs of the last layer for one input row `x` (an array, even for one output: `model.forward(x)[0]`). */
  forward(x: readonly Scalar[]): Value[] {
    let h: readonly Scalar[] = x;
    for (const layer of this.layers) h = layer.forward(h);
    return h as Value[];
  }

  override parameters(): Value[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** Copies of every layer's weights, `[{ W: in × out, b }, …]`, ready for a tensor MLP with the same layout. */
  getWeights(): LayerWeights[] {
    return this.layers.map((l) => l.getWeights());
  }

  /** Overwrites every layer's weights from `[{ W: in × out, b }, …]` (see `Layer.setWeights`). */
  setWeights(weights: readonly LayerWeights[]): void {
    if (!Array.isArray(weights)) throw typeError('MLP.setWeights', 'expected an array of { W, b }, one per layer');
    if (weights.length !== this.layers.length) {
      throw rangeError('MLP.setWeights', `got ${weights.length} layers of weights, expected ${this.layers.length}`);
    }
    this.layers.forEach((l, k) => l.setWeights(weights[k]));
  }

  override toString(): string {
    return `MLP of [${this.layers.join(', ')}]`;
  }
}

/** The generator the options give (`rng`, or a new one from `seed`, default 0); unknown option names are refused. */
function generator(op: string, opts: { seed?: number; rng?: Random; nonlin?: boolean }): Random {
  checkOptions(op, opts, op === 'MLP' ? ['seed', 'rng'] : ['seed', 'rng', 'nonlin']);
  if (opts.rng !== undefined) {
    if (!(opts.rng instanceof Random)) throw typeError(op, 'rng must be a Random from simdnet');
    return opts.rng;
  }
  return new Random(opts.seed ?? 0);
}

function checkInput(op: string, x: unknown, nin: number): void {
  if (!Array.isArray(x)) throw typeError(op, 'input must be an array of Values or numbers');
  if (x.length !== nin) throw rangeError(op, `input has ${x.length} entries, expected ${nin}`);
  for (let i = 0; i < nin; i++) {
    const v: unknown = x[i];
    if (v instanceof Value) continue;
    if (typeof v !== 'number') throw typeError(op, `input[${i}] must be a Value or a number, got ${typeof v}`);
    if (!Number.isFinite(v)) throw rangeError(op, `input[${i}] must be finite, got ${v}`);
  }
}

function checkWeight(op: string, name: string, v: unknown): void {
  if (typeof v !== 'number') throw typeError(op, `${name} must be a number, got ${typeof v}`);
  if (!Number.isFinite(v)) throw rangeError(op, `${name} must be finite, got ${v}`);
}
