/** The plain matrix shape shared by datasets, tensors and models: f32 values, row-major, with [rows, cols]. */

/** `rows × cols` f32 values in row-major order. Used for data too large for `number[][]` (MNIST). */
export interface Matrix {
  readonly data: Float32Array;
  readonly shape: readonly [number, number];
}
