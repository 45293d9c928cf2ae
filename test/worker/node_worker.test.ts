// trainInWorker with a Node worker thread running the shipped worker bundle (dist/browser/simdnet.worker.js).
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeMoons } from '../../src/data/moons.js';
import { trainInWorker } from '../../src/worker/client.js';
import type { ProgressMessage } from '../../src/worker/protocol.js';

const bundle = fileURLToPath(new URL('../../dist/browser/simdnet.worker.js', import.meta.url));
const workers: Worker[] = [];
afterAll(async () => { await Promise.all(workers.map((w) => w.terminate())); });

describe('trainInWorker from Node (worker_threads)', () => {
  it('the bundle exists (npm run build makes it)', () => expect(existsSync(bundle)).toBe(true));

  it('trains in a worker thread, reports progress with 0-based epochs, resolves with weights; stop() ends it at a batch', async () => {
    const worker = new Worker(bundle);
    workers.push(worker);
    const data = makeMoons(100, { noise: 0.1, seed: 0 });
    const seen: ProgressMessage[] = [];
    const done = await trainInWorker(worker, {
      data, model: { inputs: 2, layers: [8, 2], seed: 0 }, fit: { optimizer: { name: 'adam', lr: 0.05 }, epochs: 20, batchSize: 20 }, reportEvery: 5,
    }, { onProgress: (p) => seen.push(p) }).done;
    expect(seen.map((p) => p.epoch)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(done.epochsDone).toBe(20);
    expect(done.accuracy).toBeGreaterThan(0.8);

    let run: ReturnType<typeof trainInWorker> | null = null;
    run = trainInWorker(worker, { data, model: { inputs: 2, layers: [8, 2], seed: 0 }, fit: { optimizer: { name: 'sgd', lr: 0.1 }, epochs: 1_000_000 } }, {
      onProgress: (p) => { if (p.epoch === 2) run!.stop(); },
    });
    const stopped = await run.done;
    expect(stopped.stopped).toBe(true);
    expect(stopped.epochsDone).toBeLessThan(1_000_000);
  });

  it('trains a recurrent model in the worker thread (gru → timeDistributed(dense), from layer configs)', async () => {
    const worker = new Worker(bundle);
    workers.push(worker);
    const x = Array.from({ length: 32 }, (_, i) => Array.from({ length: 8 }, (_, t) => Math.sin(0.3 * (i + t))));
    const y = x.map((r) => r.map((v) => 0.5 * v));
    const layers = [{ kind: 'gru', units: 4, returnSequences: true, resetAfter: true }, { kind: 'timeDistributed', layer: { kind: 'dense', units: 1 } }] as const;
    const done = await trainInWorker(worker, {
      data: { x, y: y as never }, model: { inputShape: [8, 1], layers: layers.slice(), seed: 0 },
      fit: { optimizer: { name: 'adam', lr: 0.05 }, epochs: 30, batchSize: 8, loss: 'mse' },
    }).done;
    expect(done.epochsDone).toBe(30);
    expect(done.loss).toBeLessThan(0.01);
    expect(Object.keys(done.weights[0])).toEqual(['W', 'U', 'b']);
  });

  it('refuses what is not a worker', () => {
    expect(() => trainInWorker({} as never, {} as never)).toThrow(/worker must be a Worker \(browser\) or a worker_threads Worker \(Node\)/);
  });
});
