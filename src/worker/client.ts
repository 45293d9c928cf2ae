/** trainInWorker: the page side of the training protocol, as a promise plus progress callbacks. */

import type { DoneMessage, FromWorker, ProgressMessage, TrainRequest } from './protocol.js';

/** What trainInWorker needs from a Worker (a browser Worker fits; so does a MessagePort-like fake in tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error', listener: (event: Event) => void): void;
  removeEventListener(type: 'message' | 'error', listener: (event: Event) => void): void;
}

export interface TrainInWorkerOptions {
  /** Called after every epoch; `weights` is set every `reportEvery` epochs and on the last one. */
  onProgress?: (progress: ProgressMessage) => void;
}

/** A running training: `done` settles when the worker says 'done' (or rejects on 'error'); `stop()` asks it to end early. */
export interface TrainingRun {
  done: Promise<DoneMessage>;
  stop(): void;
}

/**
 * Starts training in `worker` (running src/worker/worker.ts, shipped as dist/browser/simdnet.worker.js)
 * and reports progress. Everything sent is plain JSON; nothing blocks the page.
 *
 * ```ts
 * const worker = new Worker(new URL('./simdnet.worker.js', import.meta.url), { type: 'module' });
 * const { x, y } = makeMoons(200, { noise: 0.1, seed: 0 });
 * const run = trainInWorker(worker, {
 *   data: { x, y },
 *   model: { inputs: 2, layers: [16, 16, 2], activation: 'relu', seed: 0 },
 *   fit: { optimizer: { name: 'adam', lr: 0.01 }, epochs: 200, batchSize: 32 },
 *   reportEvery: 10,
 * }, { onProgress: (p) => console.log(p.epoch, p.loss, p.accuracy) });
 * const { weights, accuracy } = await run.done;   // model.setWeights(weights) on the page
 * ```
 */
export function trainInWorker(
  worker: WorkerLike,
  request: Omit<TrainRequest, 'type'>,
  options: TrainInWorkerOptions = {},
): TrainingRun {
  let onMessage!: (event: Event) => void;
  let onError!: (event: Event) => void;
  const done = new Promise<DoneMessage>((resolve, reject) => {
    const cleanup = () => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
    };
    onMessage = (event) => {
      const msg = (event as MessageEvent).data as FromWorker;
      if (msg.type === 'progress') options.onProgress?.(msg);
      else if (msg.type === 'done') { cleanup(); resolve(msg); }
      else if (msg.type === 'error') { cleanup(); reject(rebuildError(msg.name, msg.message)); }
    };
    onError = (event) => {
      cleanup();
      reject(new Error(`trainInWorker: the worker failed to run: ${(event as ErrorEvent).message ?? 'unknown error (did the worker script load?)'}`));
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
  worker.postMessage({ ...request, type: 'train' } satisfies TrainRequest);
  return { done, stop: () => worker.postMessage({ type: 'stop' }) };
}

function rebuildError(name: string, message: string): Error {
  if (name === 'RangeError') return new RangeError(message);
  if (name === 'TypeError') return new TypeError(message);
  return new Error(message);
}
