/** The module's ABI: every kernel file re-exported whole (they export kernels and nothing else; test/backend/wasm/abi.test.ts checks the list against src/backend/kernels.ts), plus the layout facts of layout.ts. */

export * from './matmul';
export * from './matmul_grad';
export * from './reduce';
export * from './activations';
export * from './losses';
export * from './optim';
export * from './optim_adaptive';
export * from './clip';
export * from './dropout';
export * from './batch_norm';
export * from './batch_norm_inference';
export * from './normalize';
export * from './im2col';
export * from './conv';
export * from './conv_input';
export * from './pool';
export * from './rnn';
export * from './lstm';
export * from './gru';
export * from './gru_reset_before';
export * from './layout';
