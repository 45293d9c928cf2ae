/** What simpleRnn, lstm and gru share: options, the [steps, features] shape, Keras's weight layout, the input projection as one GEMM, and the GEMMs of backward over all steps. */

import type { Buf } from '../backend/index.js';
import { checkBoolean, checkInt, checkOptions, rangeError, typeError } from '../errors.js';
import { Random } from '../random.js';
import { checkInitializer, INITIALIZERS, initValues, type Initializer } from './init.js';
import { fmtSampleShape, LayerBase, makeParam, ShapeMismatch, type BuildContext, type Layer, type LayerConfig, type Param, type Shape, type WeightShape } from './layer.js';
import { orthogonal } from './orthogonal.js';

/** Options every recurrent layer takes. */
export interface RecurrentOptions {
  units: number;
  /** The shape of one sample, [steps, features], for the first layer of a model (rows hold step 0's features, then step 1's, …). */
  inputShape?: readonly number[];
  /** Output h_t of every step ([steps, units]) instead of the last one ([units]) (default false). */
  returnSequences?: boolean;
  /** Initializer of the input kernel W (default 'glorot', Keras's glorot_uniform). */
  init?: Initializer;
  /** Initializer of the recurrent kernel U (default 'orthogonal', Keras's; or any dense initializer). */
  recurrentInit?: 'orthogonal' | Initializer;
  /** Seed for this layer alone; without it the model's generator is used (W drawn first, then U). */
  seed?: number;
}

const COMMON = ['units', 'inputShape', 'returnSequences', 'init', 'recurrentInit', 'seed'];
const HINTS = { input_shape: 'inputShape', return_sequences: 'returnSequences', kernelInitializer: 'init', recurrentInitializer: 'recurrentInit' };

/**
 * A recurrent layer over samples of shape [steps, features] (a row holds step 0's features, then step 1's, …),
 * with Keras's weights: W [features × G·units] (kernel), U [units × G·units] (recurrent kernel), b (bias), the G
 * gate blocks in Keras's order. Forward projects every step at once (x·W + b, one matmulBias over batch·steps rows),
 * then runs the sequence kernel; backward gets the gate gradients dz from the sequence kernel, then dW = xᵀ·dz and
 * dx = dz·Wᵀ as single GEMMs. Buffers are sized once per batch capacity (those of backward on the first backward).
 */
export abstract class Recurrent extends LayerBase implements Layer {
  abstract override readonly kind: 'simpleRnn' | 'lstm' | 'gru';
  override readonly declaredInputShape: Shape | null;
  readonly units: number;
  readonly returnSequences: boolean;
  readonly init: Initializer;
  readonly recurrentInit: 'orthogonal' | Initializer;
  readonly seed: number | undefined;
  /** Gate blocks of the projection: 1 (simple), 4 (LSTM), 3 (GRU). */
  protected abstract readonly gates: number;
  protected W: Param | null = null;
  protected U: Param | null = null;
  protected b: Param | null = null;
  protected x: Buf | null = null;
  /** Forward: z (x·W + b, then the kernel's saved gates), hp (h_{t−1} of every row), y. Backward: dz, dx, dh, ut. */
  protected z: Buf | null = null;
  protected hp: Buf | null = null;
  protected y: Buf | null = null;
  protected dz: Buf | null = null;
  protected dx: Buf | null = null;
  protected dh: Buf | null = null;
  protected ut: Buf | null = null;

  constructor(name: string, options: RecurrentOptions, extra: string[]) {
    super();
    if (!options || typeof options !== 'object') throw typeError(name, 'expects options { units, … }');
    const o = checkOptions(name, options, [...COMMON, ...extra], HINTS);
    this.units = checkInt(name, 'units', o.units);
    const op = `${name}(${this.units})`;
    this.returnSequences = checkBoolean(op, 'returnSequences', o.returnSequences ?? false);
    this.init = checkInitializer(op, o.init ?? 'glorot');
    this.recurrentInit = o.recurrentInit === 'orthogonal' || o.recurrentInit === undefined ? 'orthogonal' : checkRecurrentInit(op, o.recurrentInit);
    if (o.seed !== undefined) checkInt(op, 'seed', o.seed, 0);
    this.seed = o.seed;
    this.declaredInputShape = o.inputShape === undefined ? null : checkSequenceShape(op, o.inputShape);
  }

  override toString(): string {
    return `${this.kind}(${this.units})`;
  }
  get steps(): number {
    return this.inputShape[0];
  }
  get features(): number {
    return this.inputShape[1];
  }
  /** Steps kept in y: all of them (returnSequences) or the last. */
  protected get outSteps(): number {
    return this.returnSequences ? this.steps : 1;
  }

  protected outputShapeFor(input: Shape): Shape {
    if (input.length !== 2) throw new ShapeMismatch(String(this), `expects [steps, features] input, got ${fmtSampleShape(input)}`);
    return this.returnSequences ? [input[0], this.units] : [this.units];
  }

  override weightShapes(): WeightShape[] {
    const [f, n] = [this.features, this.gates * this.units];
    const bias = this.biasShape();
    return [
      { name: 'W', rows: f, cols: n, size: f * n, matrix: true, trainable: true },
      { name: 'U', rows: this.units, cols: n, size: this.units * n, matrix: true, trainable: true },
      { name: 'b', ...bias, size: bias.rows * bias.cols, trainable: true },
    ];
  }
  /** b as exchanged: a vector of G·units (a GRU resetting after the product: [2 × 3·units]). */
  protected biasShape(): { rows: number; cols: number; matrix: boolean } {
    return { rows: 1, cols: this.gates * this.units, matrix: false };
  }
  /** The bias at build time (zeros; LSTM's unit forget bias sets its f block to 1). */
  protected initialBias(): Float32Array {
    const s = this.biasShape();
    return new Float32Array(s.rows * s.cols);
  }

  protected override allocate(ctx: BuildContext): void {
    const rng = this.seed !== undefined ? new Random(this.seed) : ctx.rng;
    const [f, u, n] = [this.features, this.units, this.gates * this.units];
    const w = initValues(rng, this.init, f, n, f * n);
    const r = this.recurrentInit === 'orthogonal' ? orthogonal(rng, u, n) : initValues(rng, this.recurrentInit, u, n, u * n);
    const bias = this.biasShape();
    this.W = makeParam(ctx.backend, 'W', f, n, w, { decay: true, matrix: true });
    this.U = makeParam(ctx.backend, 'U', u, n, r, { decay: true, matrix: true });
    this.b = makeParam(ctx.backend, 'b', bias.rows, bias.cols, this.initialBias(), { decay: false, matrix: bias.matrix });
  }

  override params(): Param[] {
    return this.W && this.U && this.b ? [this.W, this.U, this.b] : [];
  }

  protected allocWork(rows: number): void {
    const [t, u] = [this.steps, this.units];
    this.z = this.workBuffer(rows * t * this.gates * u);
    this.hp = this.workBuffer(rows * t * u);
    this.y = this.workBuffer(rows * this.outSteps * u);
    this.dz = this.dx = this.dh = this.ut = null;
    this.allocSteps(rows);
  }
  /** The kind's own forward buffers (LSTM's cells, GRU's saved gates), sized for `rows` samples. */
  protected abstract allocSteps(rows: number): void;
  /** The backward buffers, on the first backward after a resize: inference never allocates them. */
  private allocBackward(): void {
    const [rows, t, u] = [this.capacity, this.steps, this.units];
    this.dz = this.workBuffer(rows * t * this.gates * u);
    this.dx = this.workBuffer(rows * this.inSize);
    this.dh = this.workBuffer(rows * u);
    this.ut = this.workBuffer(this.gates * u * u);
    this.allocBackSteps(rows);
  }
  /** The kind's own backward buffers. */
  protected allocBackSteps(_rows: number): void {}

  /** Saves x (for dW) and what the kind's runSteps lists; z = x·W + b for every step in one GEMM, then the sequence kernel. */
  forward(x: Buf, rows: number): Buf {
    this.x = x;
    this.be.matmulBias(x, this.W!.value, this.b!.value, this.z!, rows * this.steps, this.features, this.gates * this.units);
    this.runSteps(rows);
    return this.y!;
  }
  /** The sequence kernel over z (holding x·W + b), writing y and what backward needs. */
  protected abstract runSteps(rows: number): void;

  /** dz from the sequence kernel (which also writes dU and db), then dW = xᵀ·dz and dx = dz·Wᵀ over all batch·steps rows. */
  backward(dy: Buf, rows: number, needDx: boolean): Buf | null {
    if (!this.dz) this.allocBackward();
    const be = this.be;
    const [m, f, n] = [rows * this.steps, this.features, this.gates * this.units];
    this.runBackSteps(dy, rows);
    be.matmulTransA(this.x!, this.dz!, this.W!.grad, m, f, n);
    if (!needDx) return null;
    be.matmulTransB(this.dz!, this.W!.value, this.dx!, m, f, n);
    return this.dx!;
  }
  /** Backpropagation through time: dz (the gradient at x·W + b), U's and b's gradients. */
  protected abstract runBackSteps(dy: Buf, rows: number): void;

  /** dU = hpᵀ·d and db = Σ_rows d, for kinds whose recurrent pre-activation gradient is d. */
  protected recurrentGrads(d: Buf, rows: number): void {
    const [m, u, n] = [rows * this.steps, this.units, this.gates * this.units];
    this.be.matmulTransA(this.hp!, d, this.U!.grad, m, u, n);
    this.be.colSum(d, this.b!.grad, m, n);
  }

  config(): LayerConfig {
    return { kind: this.kind, units: this.units, returnSequences: this.returnSequences };
  }

  protected override dropWeights(): void {
    this.W = this.U = this.b = null;
    this.x = this.z = this.hp = this.y = this.dz = this.dx = this.dh = this.ut = null;
  }
}

function checkRecurrentInit(op: string, init: unknown): Initializer {
  if (!INITIALIZERS.includes(init as Initializer)) {
    throw typeError(op, `unknown recurrentInit ${JSON.stringify(init)}; expected 'orthogonal' or one of ${INITIALIZERS.map((s) => `'${s}'`).join(', ')}`);
  }
  return init as Initializer;
}

/** A checked [steps, features]: two positive integers. */
function checkSequenceShape(op: string, shape: unknown): Shape {
  if (!Array.isArray(shape)) throw typeError(op, `inputShape must be [steps, features], got ${typeof shape}`);
  if (shape.length !== 2 || !shape.every((v) => Number.isInteger(v) && v >= 1)) {
    throw rangeError(op, `inputShape must be [steps, features] (two positive integers), got ${JSON.stringify(shape)}`);
  }
  return shape.slice();
}

/** Refuses an activation other than the one the kernels compute, naming what to use. */
export function checkFixed(op: string, name: string, value: unknown, only: string, note = ''): void {
  if (value !== undefined && value !== only) throw typeError(op, `${name} ${JSON.stringify(value)} is not supported; only '${only}'${note}`);
}
