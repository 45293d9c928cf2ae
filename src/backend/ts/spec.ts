/** The specification: every kernel of the table (src/backend/kernels.ts) as a plain loop over Float32Arrays, by the same name. */

export * from './matmul.js';
export * from './reduce.js';
export * from './activations.js';
export * from './losses.js';
export * from './optim.js';
export * from './optim_adaptive.js';
export * from './clip.js';
export * from './dropout.js';
export * from './batch_norm.js';
export * from './normalize.js';
export * from './im2col.js';
export * from './conv.js';
export * from './pool.js';
export * from './rnn.js';
export * from './lstm.js';
export * from './gru.js';
