// Tests src/worker/worker.ts, the worker entry, with a stand-in for the worker global scope (`self`).
import { beforeAll, describe, expect, it } from 'vitest';
import { makeMoons } from '../../src/data/moons.js';
import type { FromWorker, TrainRequest } from '../../src/worker/protocol.js';

const posted: FromWorker[] = [];
/** Waiters woken by each message the worker posts: no polling, no timing. */
const waiters = new Set<() => void>();
const scope = Object.assign(new EventTarget(), {
  postMessage: (m: FromWorker) => {
    posted.push(structuredClone(m));
    for (const w of [...waiters]) w();
  },
});
const send = (data: unknown) => scope.dispatchEvent(new MessageEvent('message', { data: structuredClone(data) }));

beforeAll(async () => {
  (globalThis as { self?: unknown }).self = scope;
  await import('../../src/worker/worker.js');
});

const train: TrainRequest = {
  type: 'train',
  data: makeMoons(50, { noise: 0.1, seed: 0 }),
  model: { inputs: 2, layers: [4, 2], seed: 0 },
  fit: { optimizer: { name: 'adam', lr: 0.01 }, epochs: 5 },
  reportEvery: 5,
};

/**
 * Resolves once `pred` holds, checking after each message the worker posts; in a later task, as a page would receive
 * the message (by then the worker has finished handling it).
 */
function until(pred: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (!pred()) return;
      waiters.delete(check);
      setImmediate(resolve);
    };
    waiters.add(check);
    check();
  });
}

describe('worker entry', () => {
  it('loads the backend and answers train with progress and done', async () => {
    posted.length = 0;
    send(train);
    await until(() => posted.some((m) => m.type !== 'progress'));
    expect(posted.map((m) => m.type)).toEqual(['progress', 'progress', 'progress', 'progress', 'progress', 'done']);
  });

  it('refuses a second train while one runs, and unknown messages', async () => {
    posted.length = 0;
    send({ ...train, fit: { ...train.fit, epochs: 20 } });
    send(train);
    send({ type: 'fly' });
    await until(() => posted.some((m) => m.type === 'done'));
    const errors = posted.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.message);
    expect(errors).toEqual([
      "simdnet worker: already training; wait for 'done' (or send 'stop') before the next 'train'",
      `simdnet worker: unknown message "fly"; expected 'train' or 'stop'`,
    ]);
    expect(posted.filter((m) => m.type === 'done')).toHaveLength(1);
  });

  it('stops on request and can train again afterwards', async () => {
    posted.length = 0;
    send({ ...train, fit: { ...train.fit, epochs: 1_000_000, batchSize: 1 } });
    await until(() => posted.some((m) => m.type === 'progress'));
    send({ type: 'stop' });
    await until(() => posted.some((m) => m.type === 'done'));
    const done = posted.find((m) => m.type === 'done')!;
    expect(done.type === 'done' && done.stopped).toBe(true);
    posted.length = 0;
    send(train);
    await until(() => posted.some((m) => m.type === 'done'));
    expect(posted.at(-1)!.type === 'done' && (posted.at(-1) as { stopped: boolean }).stopped).toBe(false);
  });
});
