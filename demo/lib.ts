/** What the demo takes from the library: the public entry (src/index.ts), the worker helper, and toOnnx (simdnet/onnx). */

export * from '../src/index.js';
export { trainInWorker } from '../src/worker/client.js';
export type { TrainRequest, ProgressMessage, DoneMessage } from '../src/worker/protocol.js';
export { toOnnx } from '../src/interop/onnx/to_onnx.js';
