/** The flatten layer: `[h, w, c]` (or any shape) → `[h·w·c]`, a change of the declared shape only; the data passes through. */

import type { Buf } from '../backend/index.js';
import { checkOptions } from '../errors.js';
import { LayerBase, shapeSize, type Layer, type LayerConfig, type Shape } from './layer.js';

/**
 * Flatten: a sample `[h, w, c]` becomes `[h·w·c]`, so that `dense(units)` can follow a convolution stack. A sample is
 * already one NHWC row of the batch, which is Keras's flattened order: nothing is copied, either way.
 */
export class Flatten extends LayerBase implements Layer {
  readonly kind = 'flatten' as const;

  override toString(): string {
    return 'flatten';
  }
  protected outputShapeFor(input: Shape): Shape {
    return [shapeSize(input)];
  }
  protected allocWork(): void {}
  /** Saves nothing. y = x (the same row, read as [h·w·c]) */
  forward(x: Buf): Buf {
    return x;
  }
  /** dx = dy */
  backward(dy: Buf, _rows: number, needDx: boolean): Buf | null {
    return needDx ? dy : null;
  }
  config(): LayerConfig {
    return { kind: 'flatten' };
  }
}

/**
 * A flatten layer: `[h, w, c]` → `[h·w·c]`, a no-op on the data.
 *
 * ```ts
 * sequential([conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3 }), relu(), flatten(), dense(10)]);
 * ```
 */
export function flatten(options?: Record<string, never>): Flatten {
  checkOptions('flatten', options, [], { dataFormat: "nothing: simdnet's samples are NHWC (channels last), as Keras's default" });
  return new Flatten();
}
