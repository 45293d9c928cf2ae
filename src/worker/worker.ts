/** The training worker's entry: loads the WASM backend, then answers 'train' and 'stop' messages (see protocol.ts). */

import { init } from '../backend/index.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { runTraining } from './train.js';

/**
 * Start it from a page as a module worker; it is bundled, WASM included, as dist/browser/simdnet.worker.js:
 *
 * ```ts
 * const worker = new Worker(new URL('./simdnet.worker.js', import.meta.url), { type: 'module' });
 * const run = trainInWorker(worker, { data, model, fit, reportEvery: 10 }, { onProgress });
 * ```
 */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}

const scope = self as unknown as WorkerScope;
const ready = init();
let stop = false;
let busy = false;

scope.addEventListener('message', (event) => {
  const msg = event.data;
  if (msg?.type === 'stop') { stop = true; return; }
  if (msg?.type !== 'train') {
    scope.postMessage({ type: 'error', name: 'TypeError', message: `simdnet worker: unknown message ${JSON.stringify((msg as { type?: unknown })?.type)}; expected 'train' or 'stop'` });
    return;
  }
  if (busy) {
    scope.postMessage({ type: 'error', name: 'Error', message: "simdnet worker: already training; wait for 'done' (or send 'stop') before the next 'train'" });
    return;
  }
  busy = true;
  stop = false;
  ready
    .then(() => runTraining(msg, (m) => scope.postMessage(m), { stopRequested: () => stop }))
    .catch((err: Error) => scope.postMessage({ type: 'error', name: err.name, message: `simdnet worker: ${err.message}` }))
    .finally(() => { busy = false; });
});
