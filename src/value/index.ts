/** simdnet/value: micrograd-style scalar autograd, its Neuron / Layer / MLP, losses and graph tracing. */
//
// import { Value, MLP, hingeLoss, alphaPenalty, trace, toDot } from 'simdnet/value';
//
// value.ts   Value (each op, then its local gradient), backward() with an iterative topological sort, sum
// nn.ts      Neuron, Layer, MLP: seeded uniform(−1, 1) init, forward(x), parameters(), get/setWeights
// losses.ts  hingeLoss (max-margin on ±1 labels), alphaPenalty (α·Σp², micrograd's regularization; fit's l2 is (l2/2)·ΣW² over weights only)
// graph.ts   trace (nodes and edges as plain data, for src/plot), toDot (graphviz text, like micrograd's draw_dot)

export { Value, sum, topologicalOrder, type Scalar } from './value.js';
export { Module, Neuron, Layer, MLP, type NeuronOptions, type LayerWeights } from './nn.js';
export { hingeLoss, alphaPenalty } from './losses.js';
export { trace, toDot, type Trace, type TraceNode } from './graph.js';
