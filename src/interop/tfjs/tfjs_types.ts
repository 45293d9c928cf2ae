/** The TensorFlow.js layers-model format as plain objects: model.json (Keras topology + weights manifest) and its weight bytes. */

/** One weight in the manifest; its bytes follow the previous weight's in the concatenated shards. */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  /** 'optimizer' for optimizer state saved beside the model (skipped when reading). */
  group?: string;
  quantization?: unknown;
}

/** A group of weights stored in the files `paths` (shards, concatenated in order). */
export interface TfjsWeightGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

/** A Keras layer in the topology: its class and its config (snake_case keys, as Keras and TensorFlow.js write them). */
export interface KerasLayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/** The Keras topology of a Sequential model. */
export interface KerasTopology {
  class_name: string;
  config: { name: string; layers: KerasLayerJson[] };
  keras_version?: string;
  backend?: string;
}

/** model.json of a TensorFlow.js layers model, as `tf.loadLayersModel` reads it. */
export interface TfjsModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: KerasTopology;
  weightsManifest: TfjsWeightGroup[];
}

/** What toTfjs returns: model.json's content and the bytes of its one weights file. */
export interface TfjsArtifacts {
  modelJson: TfjsModelJson;
  /** Every weight as f32 little-endian, in manifest order (the file `modelJson.weightsManifest[0].paths[0]`). */
  weightData: Uint8Array;
}

/** The name toTfjs gives the weights file, as TensorFlow.js's converter names a one-shard model. */
export const TFJS_WEIGHTS_FILE = 'group1-shard1of1.bin';

/**
 * Keras's name for a layer class (its `to_snake_case`): Dense → dense, LeakyReLU → leaky_re_lu,
 * MaxPooling2D → max_pooling2d, BatchNormalization → batch_normalization.
 */
export function kerasSnake(className: string): string {
  return className.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
