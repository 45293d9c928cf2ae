/** The training worker's entry: loads the WASM backend, then answers 'train' and 'stop' messages (see protocol.ts); runs as a Web Worker or a Node worker thread. */

import { init } from '../backend/index.js';
import { importNodeBuiltin, isNode } from '../runtime.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { runTraining } from './train.js';

/**
 * Bundled, WASM included, as dist/browser/simdnet.worker.js. From a page as a module worker, or from Node as a
 * worker thread:
 *
 * ```ts
 * const worker = new Worker(new URL('./simdnet.worker.js', import.meta.url), { type: 'module' }); // browser
 * const worker = new (await import('node:worker_threads')).Worker(require.resolve('simdnet/browser/worker')); // Node
 * const run = trainInWorker(worker, { data, model, fit, reportEvery: 10 }, { onProgress });
 * ```
 */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  onMessage(listener: (msg: ToWorker) => void): void;
}

/** The worker's side of the channel: the worker global scope (`self`), or Node's `parentPort`. */
async function workerScope(): Promise<WorkerScope> {
  const self = (globalThis as { self?: { postMessage(m: unknown): void; addEventListener(t: 'message', l: (e: MessageEvent) => void): void } }).self;
  if (self) return { postMessage: (m) => self.postMessage(m), onMessage: (l) => self.addEventListener('message', (e) => l(e.data as ToWorker)) };
  if (isNode()) {
    const { parentPort } = await importNodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads');
    if (parentPort) return { postMessage: (m) => parentPort.postMessage(m), onMessage: (l) => parentPort.on('message', l) };
  }
  throw new Error('simdnet worker: not running in a worker (no `self`, no worker_threads parentPort)');
}

const ready = init();
let stop = false;
let busy = false;

void workerScope().then((scope) => scope.onMessage((msg) => {
  if (msg?.type === 'stop') { stop = true; return; }
  if (msg?.type !== 'train') {
    scope.postMessage({ type: 'error', name: 'TypeError', message: `simdnet worker: unknown message ${JSON.stringify((msg as { type?: unknown })?.type)}; expected 'train' or 'stop'` });
    return;
  }
  if (busy) {
    scope.postMessage({ type: 'error', name: 'StateError', message: "simdnet worker: already training; wait for 'done' (or send 'stop') before the next 'train'" });
    return;
  }
  busy = true;
  stop = false;
  ready
    .then(() => runTraining(msg, (m) => scope.postMessage(m), { stopRequested: () => stop }))
    .catch((err: Error) => scope.postMessage({ type: 'error', name: err.name, message: `simdnet worker: ${err.message}` }))
    .finally(() => { busy = false; });
}));
