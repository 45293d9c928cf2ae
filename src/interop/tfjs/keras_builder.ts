/** The Keras topology toTfjs builds one layer at a time: layer configs with Keras names, the weights manifest and the weight values. */

import type { Shape } from '../../nn/layer.js';
import { kerasSnake, type KerasLayerJson, type TfjsWeightSpec } from './tfjs_types.js';

/** The Keras activations an activation layer can fold into the Dense (or Conv2D) before it. */
export type KerasActivation = 'relu' | 'tanh' | 'sigmoid' | 'softmax';

/** Collects Keras layers; exporters call `layer` and `activation`. */
export class KerasBuilder {
  readonly layers: KerasLayerJson[] = [];
  readonly specs: TfjsWeightSpec[] = [];
  readonly values: Float32Array[] = [];
  private readonly counts = new Map<string, number>();
  /** The layer just added, when it takes an `activation` field that is still 'linear' (Dense, Conv2D). */
  private foldInto: KerasLayerJson | null = null;

  constructor(private readonly inputShape: Shape) {}

  /** Keras's naming: the first Dense is `dense`, then `dense_1`, `dense_2`… */
  private nameFor(className: string): string {
    const base = kerasSnake(className);
    const k = this.counts.get(base) ?? 0;
    this.counts.set(base, k + 1);
    return k === 0 ? base : `${base}_${k}`;
  }

  /**
   * Adds a Keras layer with `config` (snake_case keys) and its weights in Keras's order and shapes; the first layer
   * gets `batch_input_shape`. `foldable` marks a layer with an `activation` field an activation after it may fill.
   * `nameBase` names it after something else than its class (normalize's BatchNormalization is `normalize`).
   */
  layer(className: string, config: Record<string, unknown>, weights: [string, number[], Float32Array][] = [], foldable = false, nameBase = className): KerasLayerJson {
    const name = this.nameFor(nameBase);
    const first = this.layers.length === 0 ? { batch_input_shape: [null, ...this.inputShape] } : {};
    const json: KerasLayerJson = { class_name: className, config: { name, trainable: true, dtype: 'float32', ...first, ...config } };
    this.layers.push(json);
    for (const [w, shape, data] of weights) {
      this.specs.push({ name: `${name}/${w}`, shape, dtype: 'float32' });
      this.values.push(data);
    }
    this.foldInto = foldable ? json : null;
    return json;
  }

  /**
   * An activation: written into the `activation` field of the layer just added when it is still 'linear' (Keras's
   * usual `Dense(…, activation='relu')`), else as an `Activation` layer.
   */
  activation(name: KerasActivation): void {
    const target = this.foldInto;
    if (target && target.config.activation === 'linear') {
      target.config.activation = name;
      this.foldInto = null;
      return;
    }
    this.layer('Activation', { activation: name });
  }
}
