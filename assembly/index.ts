/** The module's ABI: every kernel, re-exported by name (listed again, typed, in src/backend/wasm/abi.ts), plus the two layout facts of layout.ts. */

export {
  matmul, matmulAcc, matmulBias, matmulBiasRelu, matmulBiasTanh, matmulBiasSigmoid, matmulTransA, matmulTransB, biasAdd,
} from './matmul';
export { colSum, rowArgmax, argmaxMatches, signMatches, sumSquares } from './reduce';
export {
  relu, reluBackward, leakyRelu, leakyReluBackward, sigmoid, sigmoidBackward,
  tanh, tanhBackward, step, softmax,
} from './activations';
export { softmaxCrossEntropy, mse, sigmoidCrossEntropy, hinge } from './losses';
export { sgd, momentum, adam } from './optim';
export { heapBase, scratchBytes } from './layout';
