// Tests the demo page (demo/) in Chromium: training in a worker, live boundary, responsiveness, digit view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadMnist } from '../../src/data/mnist_node.js';
import { openSession, pageErrors, type Session } from './harness.js';
import type {} from '../../demo/main.js'; // window.simdnetDemo's type

let session: Session;
let page: Page;
let errors: string[];

beforeAll(async () => {
  session = await openSession();
  page = await session.browser.newPage({ viewport: { width: 1400, height: 800 } });
  errors = pageErrors(page);
  await page.goto(`${session.url}demo/`);
  const started = await page.waitForFunction(() => window.simdnetDemo?.ready || window.simdnetDemo?.error, null, { timeout: 20_000 });
  expect(await started.jsonValue(), errors.join('\n')).toBe(true);
});

afterAll(async () => { await session?.close(); });

async function setControls(values: Record<string, string>): Promise<void> {
  for (const [id, v] of Object.entries(values)) {
    const tag = await page.$eval(`#${id}`, (el) => el.tagName);
    if (tag === 'SELECT') await page.selectOption(`#${id}`, v);
    else await page.fill(`#${id}`, v);
  }
}

const status = () => page.evaluate(() => window.simdnetDemo.playground!.status);

async function waitTrainingEnd(): Promise<void> {
  await page.waitForFunction(() => window.simdnetDemo.playground!.status !== 'training', null, { timeout: 60_000, polling: 50 });
}

describe('demo: classify 2-D data', () => {
  it('trains moons in a worker while the page keeps ticking, then paints a two-colour boundary', async () => {
    await setControls({ dataset: 'moons', points: '400', noise: '0.15', seed: '0', hidden: '16, 16', activation: 'relu', optimizer: 'adam', lr: '0.01', epochs: '3000', batch: '32' });
    const ticksAtStart = await page.evaluate(() => window.simdnetDemo.ticks);
    await page.click('#train');
    // While the worker trains, the page's 50 ms timer must keep firing: with training on the main thread
    // nothing would tick (and this very poll could not run) until training ended.
    const seen = await page.waitForFunction((start) => {
      const d = window.simdnetDemo;
      if (d.playground!.status !== 'training') return `ended (${d.playground!.status}) after ${d.ticks - start} ticks`;
      return d.ticks - start >= 5 ? 'ticking' : false;
    }, ticksAtStart, { timeout: 60_000, polling: 20 });
    expect(await seen.jsonValue()).toBe('ticking');
    const midEpoch = await page.evaluate(() => window.simdnetDemo.playground!.epoch);
    await waitTrainingEnd();
    const state = await page.evaluate(() => {
      const p = window.simdnetDemo.playground!;
      return { status: p.status, epoch: p.epoch, accuracy: p.accuracy, draws: p.boundaryDraws, doneEpoch: p.done?.epochsDone };
    });
    expect(state.status, errors.join('\n')).toBe('done');
    expect(midEpoch).toBeLessThan(3000);
    expect(state.doneEpoch).toBe(3000);
    expect(state.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(state.draws).toBeGreaterThanOrEqual(2);
    expect(await page.textContent('#accuracy')).toMatch(/^\d+\.\d%$/);

    // The boundary canvas: both class colours fill real regions (blue-ish 0,114,178 and orange-ish 230,159,0).
    const px = await page.evaluate(() => {
      const c = document.getElementById('boundary') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let blue = 0, orange = 0;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4) {
        const [r, g, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
        colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
        if (b > r + 40) blue++;
        else if (r > b + 40) orange++;
      }
      return { blue: blue / (d.length / 4), orange: orange / (d.length / 4), colours: colours.size };
    });
    expect(px.blue).toBeGreaterThan(0.2);
    expect(px.orange).toBeGreaterThan(0.2);
    expect(px.colours).toBeGreaterThan(2);
  });

  it('the page copy of the model, loaded with the streamed weights, classifies the data as well', async () => {
    // Not the worker's own figure (a running mean over the last epoch's batches): the page's model
    // with the final weights predicts every point again.
    const acc = await page.evaluate(() => window.simdnetDemo.playground!.pageAccuracy());
    expect(acc).toBeGreaterThanOrEqual(0.95);
  });

  it('Stop ends a long training early', async () => {
    await setControls({ dataset: 'circles', epochs: '100000', hidden: '8', lr: '0.01' });
    await page.click('#train');
    await page.waitForFunction(() => window.simdnetDemo.playground!.epoch >= 5, null, { timeout: 30_000, polling: 20 });
    await page.click('#stop');
    await waitTrainingEnd();
    expect(await status()).toBe('stopped');
    const epoch = await page.evaluate(() => window.simdnetDemo.playground!.done!.epochsDone);
    expect(epoch).toBeGreaterThanOrEqual(5);
    expect(epoch).toBeLessThan(100000);
  });

  it('says what is wrong with a bad configuration', async () => {
    await setControls({ hidden: '16, x', epochs: '10' });
    await page.click('#train');
    expect(await status()).toBe('error');
    expect(await page.textContent('#error')).toMatch(/hidden layers: expected comma-separated widths/);
    await setControls({ hidden: '16', lr: '-1' });
    await page.click('#train');
    await waitTrainingEnd();
    expect(await status()).toBe('error');
    expect(await page.textContent('#error')).toMatch(/lr/);
  });

  it('trains every dataset (blobs has 3 classes)', async () => {
    for (const dataset of ['blobs', 'spirals']) {
      await setControls({ dataset, points: '300', hidden: '24, 24', lr: '0.01', epochs: '300', noise: '0.1' });
      await page.click('#train');
      await waitTrainingEnd();
      expect(await status(), errors.join('\n')).toBe('done');
      expect(await page.evaluate(() => window.simdnetDemo.playground!.done!.weights.at(-1)!.b.length)).toBe(dataset === 'blobs' ? 3 : 2);
    }
  });
});

describe('demo: draw a digit', () => {
  beforeAll(async () => {
    await page.click('#tab-digits');
    await page.waitForFunction(() => window.simdnetDemo.digits!.model || window.simdnetDemo.digits!.modelError, null, { timeout: 20_000 });
    expect(await page.evaluate(() => window.simdnetDemo.digits!.modelError)).toBeNull();
  });

  it('classifies real MNIST test digits painted on the pad through the pad pipeline', async () => {
    const { test } = loadMnist({ limitTest: 100 });
    const images = Array.from({ length: 100 }, (_, i) => Array.from(test.x.data.subarray(i * 784, (i + 1) * 784)));
    const guesses = await page.evaluate((imgs) => {
      const pad = document.getElementById('pad') as HTMLCanvasElement;
      const ctx = pad.getContext('2d')!;
      const s = pad.width / 28;
      return imgs.map((img) => {
        ctx.fillStyle = '#000';
        ctx.fillRect(0, 0, pad.width, pad.height);
        img.forEach((v, i) => {
          const g = Math.round(v * 255);
          ctx.fillStyle = `rgb(${g},${g},${g})`;
          ctx.fillRect((i % 28) * s, Math.floor(i / 28) * s, s, s);
        });
        return window.simdnetDemo.digits!.classifyPad();
      });
    }, images);
    const correct = guesses.filter((g, i) => g === test.y[i]).length;
    console.log(`pad pipeline: ${correct}/100 MNIST test digits classified correctly`);
    expect(correct).toBeGreaterThanOrEqual(90);
  });

  it('reads a digit drawn with the mouse: a vertical stroke is a 1', async () => {
    await page.click('#clear');
    const box = (await page.$('#pad'))!.boundingBox();
    const b = (await box)!;
    await page.mouse.move(b.x + b.width * 0.52, b.y + b.height * 0.15);
    await page.mouse.down();
    for (let t = 1; t <= 20; t++) await page.mouse.move(b.x + b.width * (0.52 - 0.04 * t / 20), b.y + b.height * (0.15 + 0.7 * t / 20));
    await page.mouse.up();
    await page.waitForFunction(() => window.simdnetDemo.digits!.guess !== null, null, { timeout: 5000 });
    expect(await page.evaluate(() => window.simdnetDemo.digits!.guess)).toBe(1);
    expect(await page.textContent('#digit-guess')).toBe('1');
    // The 28×28 preview shows something.
    const lit = await page.evaluate(() => {
      const c = document.getElementById('input28') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! > 128) n++;
      return n;
    });
    expect(lit).toBeGreaterThan(50);
  });

  it("shows the convnet's first-layer filters, and its feature maps of what is drawn", async () => {
    const state = await page.evaluate(() => window.simdnetDemo.digits!.filters);
    expect(state!.filters).toBe(16);
    expect(state!.mapDraws).toBeGreaterThan(0); // the digits classified above were drawn through the maps too
    const colours = await page.evaluate(() => {
      const count = (id: string) => {
        const c = document.getElementById(id) as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < d.length; i += 4) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
        return seen.size;
      };
      return { filters: count('filters'), maps: count('feature-maps') };
    });
    expect(colours.filters).toBeGreaterThan(20); // 16 filters of 25 weights in a diverging scale
    expect(colours.maps).toBeGreaterThan(20);
    expect(await page.textContent('#digit-model')).toMatch(/^model: conv2d\(16 5×5\) → relu → .* → dense\(512→10\), 18,378 parameters, \d+ KB/);
  });

  it('logged no page errors', () => {
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });
});
