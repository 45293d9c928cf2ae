/** simdnet/value: micrograd-style scalar autograd, its Neuron / Layer / MLP, losses and graph tracing. */
//
// import { Value, MLP, hingeLoss, l2Penalty, trace, toDot } from 'simdnet/value';
//
// value.ts   Value (each op, then its local gradient), backward() with an iterative topological sort, sum
// nn.ts      Neuron, Layer, MLP: seeded uniform(−1, 1) init, forward(x), parameters(), get/setWeights
// losses.ts  hingeLoss (max-margin on ±1 labels), l2Penalty (α·Σp²)
// graph.ts   trace (nodes and edges as plain data, for src/plot), toDot (graphviz text, like micrograd's draw_dot)

export { Value, sum, topologicalOrder, type Scalar } from './value.js';
export { Module, Neuron, Layer, MLP, type NeuronOptions, type LayerWeights } from './nn.js';
export { hingeLoss, l2Penalty } from './losses.js';
export { trace, toDot, type Trace, type TraceNode } from './graph.js';
