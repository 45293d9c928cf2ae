// Tests src/worker/client.ts: trainInWorker over a fake worker that runs the real worker logic in-process.
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../src/backend/index.js';
import { makeMoons } from '../../src/data/moons.js';
import { trainInWorker, type WorkerLike } from '../../src/worker/client.js';
import type { ProgressMessage, ToWorker } from '../../src/worker/protocol.js';
import { runTraining } from '../../src/worker/train.js';

beforeAll(async () => { await init(); });

/** Messages go through structuredClone both ways, as with a real Worker; 'stop' sets the flag the worker checks. */
class FakeWorker extends EventTarget implements WorkerLike {
  sent: ToWorker[] = [];
  private stop = false;
  postMessage(message: unknown): void {
    const msg = structuredClone(message) as ToWorker;
    this.sent.push(msg);
    if (msg.type === 'stop') { this.stop = true; return; }
    setTimeout(() => {
      void runTraining(msg, (out) => this.dispatchEvent(new MessageEvent('message', { data: structuredClone(out) })), { stopRequested: () => this.stop });
    });
  }
}

const data = makeMoons(80, { noise: 0.1, seed: 1 });
const base = {
  data,
  model: { inputs: 2, layers: [8, 2], seed: 2 },
  fit: { optimizer: { name: 'adam' as const, lr: 0.05 }, epochs: 30, batchSize: 16 },
  reportEvery: 10,
};

describe('trainInWorker', () => {
  it('sends one train message, relays progress, resolves with the final weights', async () => {
    const worker = new FakeWorker();
    const seen: ProgressMessage[] = [];
    const run = trainInWorker(worker, base, { onProgress: (p) => seen.push(p) });
    const done = await run.done;
    expect(worker.sent).toHaveLength(1);
    expect(worker.sent[0]).toMatchObject({ type: 'train', reportEvery: 10 });
    expect(seen.map((p) => p.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(seen.filter((p) => p.weights).map((p) => p.epoch + 1)).toEqual([10, 20, 30]);
    expect(done.weights).toEqual(seen.at(-1)!.weights);
    expect(done.accuracy).toBeGreaterThan(0.8);
  });

  it('stop() ends training early with stopped: true', async () => {
    const worker = new FakeWorker();
    let run: ReturnType<typeof trainInWorker> | null = null;
    run = trainInWorker(worker, { ...base, fit: { ...base.fit, epochs: 10_000 } }, {
      onProgress: (p) => { if (p.epoch === 4) run!.stop(); },
    });
    const done = await run.done;
    expect(done.stopped).toBe(true);
    expect(done.epochsDone).toBeGreaterThanOrEqual(5);
    expect(done.epochsDone).toBeLessThan(10_000);
  });

  it('rejects with the worker error, keeping its class', async () => {
    const run = trainInWorker(new FakeWorker(), { ...base, model: { inputs: 2, layers: [0, 2] } });
    await expect(run.done).rejects.toThrow(RangeError);
  });

  it('rejects when the worker script itself fails', async () => {
    const worker = new FakeWorker();
    worker.postMessage = () => { queueMicrotask(() => worker.dispatchEvent(Object.assign(new Event('error'), { message: 'SyntaxError in worker.js' }))); };
    await expect(trainInWorker(worker, base).done).rejects.toThrow(/worker failed to run: SyntaxError in worker\.js/);
  });
});
