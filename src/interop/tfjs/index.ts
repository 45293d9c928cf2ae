/** simdnet/tfjs: toTfjs and fromTfjs, TensorFlow.js layers models (Keras topology + weights manifest) to and from simdnet. */

export { toTfjs } from './to_tfjs.js';
export { fromTfjs, parseTfjs, type TfjsWeightBytes } from './from_tfjs.js';
export { TFJS_WEIGHTS_FILE, type TfjsArtifacts, type TfjsModelJson, type TfjsWeightGroup, type TfjsWeightSpec, type KerasLayerJson, type KerasTopology } from './tfjs_types.js';
export type { ImportedModel, ImportedLayer } from '../imported.js';
