/** One micrograd moons step (batch 100, MLP(2,[16,16,1]) ReLU, hinge + L2) with Values vs the tensor mlp on WASM and TS: `node --import tsx bench/value_vs_tensor.ts` */

import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { backendByName, init, setBackend, type BackendName } from '../src/backend/index.js';
import { makeMoons } from '../src/data/moons.js';
import { l2Penalty as tensorL2Penalty } from '../src/train/inputs.js';
import { lossByName } from '../src/nn/losses.js';
import { mlp, sgd, type Sequential } from '../src/index.js';
import { MLP, hingeLoss, alphaPenalty, topologicalOrder } from '../src/value/index.js';
import { cpuName, measureAsync, type Timing } from './util.js';

const USAGE = 'usage: node --import tsx bench/value_vs_tensor.ts [--samples 7] [--quick]';
const ROWS = 100;
const L2 = 2e-4; // (l2/2)·ΣW² over weights, the tensor convention: micrograd's 1e-4·Σp² has this strength (but on biases too)
const LR = 0.1;

export interface ValueVsTensorRow {
  path: string;
  backend: BackendName | 'value';
  time: Timing;
}

export interface ValueVsTensorResult {
  header: string;
  rows: ValueVsTensorRow[];
  /** After one step from the shared initial weights: max |w_tensor − w_Value| / max |w|, per backend (same work check). */
  stepAgreement: Record<BackendName, number>;
  markdown: string;
}

/** Wall-clock and process CPU milliseconds per call. */
export type { Timing };

/** Medians per call of async `fn` after `warmup` calls; samples of ≥ `minSampleMs` (wall and CPU time: see bench/util.ts). */
function timePerCall(fn: () => unknown, samples: number, warmup: number, minSampleMs: number): Promise<Timing> {
  return measureAsync(fn, { samples, warmup, minSampleMs });
}

/** One Value step with the tensor conventions: hinge + (l2/2)·ΣW² over weights only, SGD on every parameter. */
function valueStep(model: MLP, x: number[][], y: number[]): void {
  const weightsOnly = model.layers.flatMap((l) => l.neurons.flatMap((n) => n.w));
  const loss = hingeLoss(x.map((r) => model.forward(r)[0]), y).add(alphaPenalty(weightsOnly, L2 / 2));
  model.zeroGrad();
  loss.backward();
  for (const p of model.parameters()) p.data -= LR * p.grad;
}

/** max |a − b| over all weights, relative to max |b|. */
function weightDiff(a: ReturnType<MLP['getWeights']>, b: ReturnType<MLP['getWeights']>): number {
  const fa = a.flatMap((l) => [...l.W.flat(), ...l.b]);
  const fb = b.flatMap((l) => [...l.W.flat(), ...l.b]);
  return Math.max(...fa.map((v, i) => Math.abs(v - fb[i]))) / Math.max(...fb.map(Math.abs));
}

/** The four tensor measurements on one backend, each from the same initial weights. */
async function tensorRows(name: BackendName, x: number[][], y: number[], weights: ReturnType<MLP['getWeights']>, samples: number, minSampleMs: number): Promise<[string, Timing][]> {
  setBackend(name);
  const be = backendByName(name);
  const make = (): Sequential => {
    const m = mlp(2, [16, 16, 1], { activation: 'relu', seed: 1 });
    m.setWeights(weights);
    return m;
  };
  const fitOpts = { loss: 'hinge' as const, optimizer: sgd({ lr: LR }), l2: L2, batchSize: ROWS };
  const rows: [string, Timing][] = [];

  // Public API, one step per call: checks, upload of x and y, the step, history: what a per-step user loop pays.
  let model = make();
  rows.push(['`await model.fit(x, y, { epochs: 1, batchSize: 100 })`, one call per step', await timePerCall(() => model.fit(x, y, { ...fitOpts, epochs: 1 }), samples, 20, minSampleMs)]);
  model.dispose();

  // Public API, 100 steps per call: upload and checks amortized (the normal way to train).
  model = make();
  const t100 = await timePerCall(() => model.fit(x, y, { ...fitOpts, epochs: 100 }), samples, 2, minSampleMs);
  rows.push(['`await model.fit(x, y, { epochs: 100, batchSize: 100 })` ÷ 100', { wallMs: t100.wallMs / 100, cpuMs: t100.cpuMs / 100 }]);
  model.dispose();

  // Public API without the update: forward + backward + gradients copied out as nested arrays.
  model = make();
  rows.push(['`model.gradients(x, y, { loss, l2 })` (no update)', await timePerCall(() => model.gradients(x, y, { loss: 'hinge', l2: L2 }), samples, 20, minSampleMs)]);
  model.dispose();

  // Internal (@internal) calls, data resident: forward, fused hinge, L2 penalty, backward, one sgd per buffer.
  model = make();
  model.ensureCapacity(ROWS);
  const spec = lossByName('bench', 'hinge');
  const t = spec.targets('bench', 'y', y, 1);
  const xb = be.alloc(ROWS * 2);
  const tb = be.alloc(ROWS);
  be.write(xb, Float32Array.from(x.flat()));
  be.write(tb, t.data);
  const params = model.params();
  const opt = sgd({ lr: LR });
  const raw = (): void => {
    const out = model.forward(xb, ROWS);
    spec.compute(be, out, tb, model.dOut, ROWS, 1);
    tensorL2Penalty(be, params, L2);
    model.backward(model.dOut, ROWS);
    for (const p of params) opt.update(be, p, LR, L2);
  };
  rows.push(['kernels only: `forward`, hinge, L2, `backward`, sgd (internal API, data resident)', await timePerCall(raw, samples, 200, minSampleMs)]);
  be.free(xb);
  be.free(tb);
  model.dispose();
  return rows;
}

/**
 * Times one moons step with Values and with the tensor model on the WASM and pure-TS backends, from the same weights.
 *
 * ```ts
 * const { markdown, rows } = await benchValueVsTensor({ samples: 5 });
 * console.log(markdown);
 * ```
 */
export async function benchValueVsTensor(opts: { samples?: number; quick?: boolean } = {}): Promise<ValueVsTensorResult> {
  const samples = opts.samples ?? 7;
  const minSampleMs = opts.quick ? 30 : 150;
  const load = os.loadavg()[0];
  const { x, y: cls } = makeMoons(ROWS, { noise: 0.1, seed: 0 });
  const y = cls.map((c) => c * 2 - 1);
  const weights = new MLP(2, [16, 16, 1], { seed: 1 }).getWeights();
  await init({ backend: 'ts' });

  // Same work: one step from the same weights gives the same weights (up to f32) on every path.
  const ref = new MLP(2, [16, 16, 1], { seed: 1 });
  valueStep(ref, x, y);
  const stepAgreement = {} as Record<BackendName, number>;
  for (const name of ['wasm', 'ts'] as const) {
    setBackend(name);
    const m = mlp(2, [16, 16, 1], { activation: 'relu', seed: 1 });
    m.setWeights(weights);
    await m.fit(x, y, { loss: 'hinge', optimizer: sgd({ lr: LR }), l2: L2, epochs: 1, batchSize: ROWS });
    stepAgreement[name] = weightDiff(m.getWeights(), ref.getWeights());
    m.dispose();
  }

  const vmodel = new MLP(2, [16, 16, 1], { seed: 1 });
  const nodes = (() => {
    const w = vmodel.layers.flatMap((l) => l.neurons.flatMap((n) => n.w));
    return topologicalOrder(hingeLoss(x.map((r) => vmodel.forward(r)[0]), y).add(alphaPenalty(w, L2 / 2))).length;
  })();
  const rows: ValueVsTensorRow[] = [{
    path: 'Value MLP: forward, `backward()`, SGD over `parameters()`',
    backend: 'value',
    time: await timePerCall(() => valueStep(vmodel, x, y), samples, 3, opts.quick ? 0 : minSampleMs),
  }];
  for (const name of ['wasm', 'ts'] as const) {
    for (const [path, time] of await tensorRows(name, x, y, weights, samples, minSampleMs)) rows.push({ path, backend: name, time });
  }

  const v = rows[0].time;
  const header = `${cpuName()} (${os.cpus().length} logical cores), Node ${process.version}, ${os.platform()}-${os.arch()}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; 1-min load average at start ${load.toFixed(2)}`;
  const fmt = (ms: number): string => (ms >= 10 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3));
  const ratio = (a: number, b: number): string => (a === b ? '1' : Math.round(a / b).toLocaleString('en-US'));
  const raw = (name: BackendName): ValueVsTensorRow => rows.find((r) => r.backend === name && r.path.startsWith('kernels'))!;
  const markdown = [
    '### Value vs tensor: one moons training step',
    '',
    `_${header}_`,
    '',
    `makeMoons(${ROWS}, noise 0.1, seed 0); MLP(2, [16, 16, 1]) ReLU with micrograd's init (seed 1) copied into the tensor model; hinge + L2 ${L2} on weights; full batch of ${ROWS}; SGD lr ${LR}. Medians of ${samples} samples after warm-up. The Value step builds ${nodes.toLocaleString('en-US')} graph nodes.`,
    '',
    '| path | backend | ms/step (wall) | ms/step (CPU) | × faster than Value (wall) | × (CPU) |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.path} | ${r.backend === 'value' ? 'Value (f64 scalars)' : r.backend} | ${fmt(r.time.wallMs)} | ${fmt(r.time.cpuMs)} | ${ratio(v.wallMs, r.time.wallMs)} | ${ratio(v.cpuMs, r.time.cpuMs)} |`),
    '',
    `Kernels only, WASM vs TS backend: ${(raw('ts').time.wallMs / raw('wasm').time.wallMs).toFixed(1)}× (wall), ${(raw('ts').time.cpuMs / raw('wasm').time.cpuMs).toFixed(1)}× (CPU).`,
    `Same work: after one step from the shared weights, max |w_tensor − w_Value| / max |w| = ${stepAgreement.wasm.toExponential(1)} (wasm), ${stepAgreement.ts.toExponential(1)} (ts): f32 rounding.`,
    'CPU time is the whole process (user + system, GC threads included): on a loaded machine wall ≫ CPU (waiting for a core); on an idle one the allocation-heavy Value step can show CPU > wall (parallel GC).',
    'Noisy figures when the machine is shared (see the load average above): compare ratios within one run, not across runs.',
  ].join('\n');
  return { header, rows, stepAgreement, markdown };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const o = { samples: 7, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const n = Number(argv[i + 1]);
    if (argv[i] === '--samples' && Number.isInteger(n) && n >= 1) { o.samples = n; i++; }
    else if (argv[i] === '--quick') o.quick = true;
    else throw new RangeError(`value_vs_tensor: bad argument ${argv[i]}\n${USAGE}`);
  }
  console.log((await benchValueVsTensor(o)).markdown);
}
