/** The names the demo (and, until src/index.ts exists, the browser bundle) takes from the library, all browser-safe. */

export { init, setBackend, getBackend } from '../src/backend/index.js';
export { tensor, Tensor } from '../src/tensor.js';
export { makeMoons, makeBlobs, makeCircles, makeSpirals } from '../src/data/index.js';
export { mlp, sequential, Sequential } from '../src/nn/sequential.js';
export { dense } from '../src/nn/dense.js';
export { relu, leakyRelu, tanh, sigmoid } from '../src/nn/activations.js';
export { sgd, momentum, adam } from '../src/nn/optimizers.js';
export { saveModel, loadModel } from '../src/io/index.js';
export { trainInWorker } from '../src/worker/client.js';
export type { TrainRequest, ProgressMessage, DoneMessage } from '../src/worker/protocol.js';
