/** trainInWorker: the page side of the training protocol, as a promise plus progress callbacks. */

import { StateError, typeError } from '../errors.js';
import type { DoneMessage, FromWorker, ProgressMessage, TrainRequest } from './protocol.js';

/** What trainInWorker needs from a Worker (a browser Worker fits; so does a MessagePort-like fake in tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error', listener: (event: Event) => void): void;
  removeEventListener(type: 'message' | 'error', listener: (event: Event) => void): void;
}

/** Node's worker_threads Worker: an EventEmitter whose 'message' listeners get the data itself. */
export interface NodeWorkerLike {
  postMessage(message: unknown): void;
  on(type: 'message' | 'error', listener: (value: unknown) => void): unknown;
  off(type: 'message' | 'error', listener: (value: unknown) => void): unknown;
}

/** A browser-style view of either kind of worker (Node's gets its messages wrapped as `{ data }`). */
function asWorkerLike(worker: WorkerLike | NodeWorkerLike): WorkerLike {
  if (worker && typeof (worker as WorkerLike).addEventListener === 'function') return worker as WorkerLike;
  if (!worker || typeof (worker as NodeWorkerLike).on !== 'function' || typeof worker.postMessage !== 'function') {
    throw typeError('trainInWorker', 'worker must be a Worker (browser) or a worker_threads Worker (Node)');
  }
  const w = worker as NodeWorkerLike;
  const wrapped = new Map<(event: Event) => void, (value: unknown) => void>();
  return {
    postMessage: (m) => w.postMessage(m),
    addEventListener(type, listener) {
      const l = (value: unknown): void => listener(type === 'message' ? ({ data: value } as MessageEvent) : Object.assign(new Event('error'), { message: (value as Error)?.message }));
      wrapped.set(listener, l);
      w.on(type, l);
    },
    removeEventListener(type, listener) {
      const l = wrapped.get(listener);
      if (l) w.off(type, l);
      wrapped.delete(listener);
    },
  };
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
 * Starts training in `worker` (running src/worker/worker.ts, shipped as dist/browser/simdnet.worker.js: a browser
 * Worker, or in Node a worker_threads Worker) and reports progress. Everything sent is plain JSON (or a saved
 * model's bytes); nothing blocks the page. `stop()` takes effect at the worker's next batch.
 *
 * ```ts
 * const worker = new Worker(new URL('./simdnet.worker.js', import.meta.url), { type: 'module' });
 * const { x, y } = makeMoons(200, { noise: 0.1, seed: 0 });
 * const run = trainInWorker(worker, {
 *   data: { x, y },
 *   model: { inputs: 2, layers: [16, 16, 2], activation: 'relu', seed: 0 },
 *   fit: { optimizer: { name: 'adam', lr: 0.01 }, epochs: 200, batchSize: 32 },
 *   reportEvery: 10,
 * }, { onProgress: (p) => console.log(`epoch ${p.epoch + 1} of ${p.epochs}`, p.loss, p.accuracy) });
 * const { weights, accuracy } = await run.done;   // model.setWeights(weights) on the page
 * ```
 */
export function trainInWorker(
  target: WorkerLike | NodeWorkerLike,
  request: Omit<TrainRequest, 'type'>,
  options: TrainInWorkerOptions = {},
): TrainingRun {
  const worker = asWorkerLike(target);
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
  if (name === 'StateError') return new StateError('trainInWorker', message);
  return new Error(message);
}
