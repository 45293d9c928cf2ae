/** What the demo takes from the library: the public entry (src/index.ts), plus the worker helper. */

export * from '../src/index.js';
export { trainInWorker } from '../src/worker/client.js';
export type { TrainRequest, ProgressMessage, DoneMessage } from '../src/worker/protocol.js';
