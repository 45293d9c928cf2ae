// Same bytes everywhere: on one WASM build, seeded training in Node and in Chromium ends with bit-identical weights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getBackend, init } from '../../src/backend/index.js';
import { makeMoons } from '../../src/data/moons.js';
import { avgPool2d, conv2d, dense, flatten, leakyRelu, loadModel, maxPool2d, relu } from '../../src/index.js';
import { adam } from '../../src/nn/optimizers.js';
import { mlp, sequential } from '../../src/model/sequential.js';
import { Random } from '../../src/random.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/build-browser.mjs';
import { openSession, type Session } from './harness.js';

let session: Session;
let page: Page;
const BUNDLE = 'dist/browser/simdnet.js';

// One WASM build for both sides: the baseline-SIMD module as built by `npm run asbuild`. (By default
// init() picks the relaxed-SIMD build where the engine has it, which Chromium does and Node 20 does not;
// relaxed_madd may fuse or not, so the two default builds need not agree to the bit.)
const WASM = 'build/simdnet.wasm';

beforeAll(async () => {
  await init({ wasm: readFileSync(join(repoRoot, WASM)) });
  session = await openSession();
  page = await session.browser.newPage();
  await page.goto(`${session.url}test/browser/fixtures/blank.html`);
  // The bundle, as a page would load it; functions passed to page.evaluate then find it on window.
  // (An import() inside those functions would be rewritten by vitest's transform.)
  await page.addScriptTag({
    type: 'module',
    content: `import * as s from '${session.url}${BUNDLE}'; await s.init({ wasm: '${session.url}${WASM}' }); window.simdnet = s;`,
  });
  await page.waitForFunction(() => 'simdnet' in window, null, { timeout: 10_000 });
});

declare global {
  // eslint-disable-next-line no-var
  var simdnet: any;
}

afterAll(async () => { await session?.close(); });

type Weights = { W: number[][]; b: number[] }[];

/** The float32 bit patterns of every weight, in order (number → f32 is exact: they came from f32). */
function bits(weights: Weights): number[] {
  const flat = weights.flatMap((l) => [...l.W.flat(), ...l.b]);
  return Array.from(new Uint32Array(Float32Array.from(flat).buffer));
}

/** f64 bit patterns, for data that never went through f32. */
function bits64(values: number[]): string[] {
  return Array.from(new BigUint64Array(Float64Array.from(values).buffer), (v) => v.toString(16));
}

const EPOCHS = 50;

/** Train mlp(2, [8, 2]) on makeMoons(100, seed 0) for 50 epochs with Adam: once here, once in the page. */
async function trainInNode() {
  const data = makeMoons(100, { noise: 0.1, seed: 0 });
  const model = mlp(2, [8, 2], { activation: 'relu', seed: 0 });
  const initial = model.getWeights();
  await model.fit(data.x, data.y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.01 }), epochs: EPOCHS, batchSize: 16, seed: 0 });
  return { data, model, initial, weights: model.getWeights() };
}

describe('Node and Chromium on the same WASM build', () => {
  it('both sides run the WASM backend on the same module bytes', async () => {
    const name = await page.evaluate(() => window.simdnet.getBackend().name);
    expect(name).toBe('wasm');
    expect(getBackend().name).toBe('wasm');
    const served = await page.evaluate(async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer()).join(','), `${session.url}${WASM}`);
    expect(served).toBe(readFileSync(join(repoRoot, WASM)).join(','));
  });

  it('a seeded model trained in both on the same data ends with bit-identical weights', async () => {
    const node = await trainInNode();
    // The data goes over as JSON (exact for f64): this checks init, shuffling, kernels and the optimizer.
    const browser = await page.evaluate(async ({ x, y, epochs }) => {
      const s = window.simdnet;
      const model = s.mlp(2, [8, 2], { activation: 'relu', seed: 0 });
      await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: s.adam({ lr: 0.01 }), epochs, batchSize: 16, seed: 0 });
      const weights = model.getWeights() as Weights;
      model.dispose();
      return weights;
    }, { x: node.data.x, y: node.data.y, epochs: EPOCHS });
    // Training moved the weights (so equality below is not two untouched initializations)…
    expect(bits(node.weights)).not.toEqual(bits(node.initial));
    // …and both ends agree on every bit.
    expect(bits(browser)).toEqual(bits(node.weights));
    node.model.dispose();
  });

  it('dropout masks and batch norm statistics too: a seeded model with both, trained in each, ends with bit-identical weights', async () => {
    const data = makeMoons(100, { noise: 0.1, seed: 0 });
    const { sequential, dense, batchNorm, relu, dropout } = await import('../../src/index.js');
    const model = sequential([dense(2, 8), batchNorm({ momentum: 0.9 }), relu(), dropout(0.3), dense(8, 2)], { seed: 0 });
    await model.fit(data.x, data.y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.01 }), epochs: 20, batchSize: 16, seed: 5 });
    const browser = await page.evaluate(async ({ x, y }) => {
      const s = window.simdnet;
      const m = s.sequential([s.dense(2, 8), s.batchNorm({ momentum: 0.9 }), s.relu(), s.dropout(0.3), s.dense(8, 2)], { seed: 0 });
      await m.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: s.adam({ lr: 0.01 }), epochs: 20, batchSize: 16, seed: 5 });
      const weights = m.getWeights() as Record<string, number[] | number[][]>[];
      m.dispose();
      return weights;
    }, { x: data.x, y: data.y });
    const all = (w: Record<string, number[] | number[][]>[]) => Array.from(new Uint32Array(Float32Array.from(w.flatMap((l) => Object.values(l).flat(2) as number[])).buffer));
    expect(Object.keys(browser[1])).toEqual(['gamma', 'beta', 'movingMean', 'movingVariance']);
    expect(all(browser)).toEqual(all(model.getWeights()));
    model.dispose();
  });

  it('a seeded convnet (conv, pooling, flatten, dense) trained in both on the same images ends with bit-identical weights', async () => {
    const rng = new Random(21);
    const x = Array.from({ length: 40 }, () => Array.from({ length: 10 * 10 * 2 }, () => rng.uniform(0, 1)));
    const y = x.map((r) => (r[0] + r[57] > r[133] + r[199] ? 1 : 0));
    const node = sequential([
      conv2d({ inputShape: [10, 10, 2], filters: 4, kernelSize: 3, padding: 'same' }), relu(), maxPool2d({ poolSize: 2 }),
      conv2d({ filters: 6, kernelSize: 3, strides: 2 }), leakyRelu(0.1), avgPool2d({ poolSize: 2, strides: 1 }), flatten(), dense(2),
    ], { seed: 2 });
    const fit = { loss: 'softmaxCrossEntropy' as const, epochs: 8, batchSize: 8, seed: 3 };
    const initial = node.getWeights();
    await node.fit(x, y, { ...fit, optimizer: adam({ lr: 0.01 }) });
    // the browser builds the same stack from the layers' configs (what model files and the worker use)
    const browser = await page.evaluate(async ({ x, y, fit, configs }) => {
      const s = window.simdnet;
      const model = s.sequential(configs.map((c: unknown) => s.layerFromConfig(c)), { seed: 2, inputShape: [10, 10, 2] });
      await model.fit(x, y, { ...fit, optimizer: s.adam({ lr: 0.01 }) });
      const weights = model.getWeights() as Weights;
      model.dispose();
      return weights;
    }, { x, y, fit, configs: node.layers.map((l) => l.config()) });
    expect(bits(node.getWeights())).not.toEqual(bits(initial));
    expect(bits(browser)).toEqual(bits(node.getWeights()));
    node.dispose();
  });

  it('seeded initialization is bit-identical, for every initializer', async () => {
    for (const init of ['uniform', 'glorot', 'he', 'normal', 'standardNormal'] as const) {
      const model = mlp(30, [50, 40], { init, seed: 7 });
      const browser = await page.evaluate((init) => window.simdnet.mlp(30, [50, 40], { init, seed: 7 }).getWeights() as Weights, init);
      expect(bits(browser), init).toEqual(bits(model.getWeights()));
      model.dispose();
    }
  });

  it('each side makes makeMoons(100, seed 0) itself, trains 50 epochs, and the f32 weights agree bit for bit', async () => {
    const node = await trainInNode();
    const browser = await page.evaluate(async ({ epochs }) => {
      const s = window.simdnet;
      const data = s.makeMoons(100, { noise: 0.1, seed: 0 });
      const model = s.mlp(2, [8, 2], { activation: 'relu', seed: 0 });
      await model.fit(data.x, data.y, { loss: 'softmaxCrossEntropy', optimizer: s.adam({ lr: 0.01 }), epochs, batchSize: 16, seed: 0 });
      const weights = model.getWeights() as Weights;
      model.dispose();
      return { x: data.x as number[][], y: data.y as number[], weights };
    }, { epochs: EPOCHS });
    expect(browser.y).toEqual(node.data.y);
    // What the model sees is f32: the points agree bit for bit after rounding to f32.
    expect(Array.from(new Uint32Array(Float32Array.from(browser.x.flat()).buffer)))
      .toEqual(Array.from(new Uint32Array(Float32Array.from(node.data.x.flat()).buffer)));
    expect(bits(browser.weights)).toEqual(bits(node.weights));
    node.model.dispose();
  });

  it('the default build in Chromium (relaxed SIMD where available) trains to the same weights within 1e-4', async () => {
    const node = await trainInNode();
    const other = await session.browser.newPage();
    await other.goto(`${session.url}test/browser/fixtures/blank.html`);
    await other.addScriptTag({ type: 'module', content: `import * as s from '${session.url}${BUNDLE}'; await s.init(); window.simdnet = s;` });
    await other.waitForFunction(() => 'simdnet' in window, null, { timeout: 10_000 });
    const browser = await other.evaluate(async ({ x, y, epochs }) => {
      const s = window.simdnet;
      const model = s.mlp(2, [8, 2], { activation: 'relu', seed: 0 });
      await model.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: s.adam({ lr: 0.01 }), epochs, batchSize: 16, seed: 0 });
      return { build: s.getBackend().build as string, weights: model.getWeights() as Weights };
    }, { x: node.data.x, y: node.data.y, epochs: EPOCHS });
    await other.close();
    expect(['relaxed', 'baseline']).toContain(browser.build);
    const a = browser.weights.flatMap((l) => [...l.W.flat(), ...l.b]);
    const b = node.weights.flatMap((l) => [...l.W.flat(), ...l.b]);
    const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
    console.log(`Chromium default build: ${browser.build}; largest weight difference from Node's baseline after ${EPOCHS} epochs: ${worst.toExponential(2)}`);
    if (browser.build === 'baseline') expect(worst).toBe(0);
    else expect(worst).toBeLessThan(1e-4);
    node.model.dispose();
  });

  // KNOWN GAP (reported): the f64 points are not always identical. makeMoons and Random.normal call
  // Math.sin/cos/log, and Chromium 156's V8 rounds those differently from Node 20's V8 (11.3) for a few
  // percent of inputs (last bit only; measured: sin 3%, log 6%, exp 10%, pow 10%). The f32 rounding
  // above absorbs it. When the generators use deterministic math of their own, turn `it.fails` into `it`.
  it.fails('makeMoons(100, { noise: 0.1, seed: 0 }) gives the same f64 bits in Node and Chromium', async () => {
    const node = makeMoons(100, { noise: 0.1, seed: 0 });
    const browser = await page.evaluate(() => window.simdnet.makeMoons(100, { noise: 0.1, seed: 0 }) as { x: number[][]; y: number[] });
    expect(browser.y).toEqual(node.y);
    expect(bits64(browser.x.flat())).toEqual(bits64(node.x.flat()));
  });

  it('a model saved in Node loads in the browser and predicts the same bits', async () => {
    const node = await trainInNode();
    const bytes = node.model.save();
    const grid: number[][] = [];
    for (let i = 0; i < 15; i++) for (let j = 0; j < 15; j++) grid.push([-1.5 + (i * 4) / 14, -1 + (j * 2.5) / 14]);
    const expected = node.model.predict(grid);
    const browser = await page.evaluate(({ b64, grid }) => {
      const s = window.simdnet;
      const bin = atob(b64);
      const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
      const model = s.loadModel(bytes);
      const out = model.predict(grid) as number[][];
      const again = model.save() as Uint8Array;
      model.dispose();
      return { out, saved: btoa(String.fromCharCode(...again)) };
    }, { b64: Buffer.from(bytes).toString('base64'), grid });
    expect(bits(browser.out.map((row) => ({ W: [row], b: [] })))).toEqual(bits(expected.map((row) => ({ W: [row], b: [] }))));
    // Saving again in the browser gives the same file, byte for byte; it also loads back in Node.
    expect(browser.saved).toBe(Buffer.from(bytes).toString('base64'));
    const back = loadModel(Buffer.from(browser.saved, 'base64'));
    expect(bits(back.getWeights())).toEqual(bits(node.weights));
    back.dispose();
    node.model.dispose();
  });
});
