/** simdnet/value: micrograd-style scalar autograd, its Neuron / Layer / MLP, losses and graph tracing. */

export { Value, sum, topologicalOrder, type Scalar } from './value.js';
export { Module, Neuron, Layer, MLP, type NeuronOptions, type LayerWeights } from './nn.js';
export { hingeLoss, l2Penalty } from './losses.js';
export { trace, toDot, type Trace, type TraceNode } from './graph.js';
