/** Keras's recurrent weights ↔ ONNX's RNN / LSTM / GRU inputs: the gate orders, the per-block transposes and the biases, written once for both directions. */

/**
 * ONNX's gate blocks in terms of simdnet's (Keras's): ONNX block k holds simdnet block `ONNX_GATES[kind][k]`.
 * LSTM: ONNX i, o, f, c against Keras i, f, c, o; GRU: z, r, h in both; RNN: one block.
 */
export const ONNX_GATES = { simpleRnn: [0], lstm: [0, 3, 1, 2], gru: [0, 1, 2] } as const;

/** The ONNX op each recurrent kind becomes. */
export const ONNX_RECURRENT_OP = { simpleRnn: 'RNN', lstm: 'LSTM', gru: 'GRU' } as const;

export type RecurrentKind = keyof typeof ONNX_GATES;

/**
 * ONNX's W or R ([G·h, n] of one direction, rows per gate unit, ONNX's gate order) from simdnet's W or U
 * ([n × G·h], Keras's order): block k is simdnet's block order[k] transposed, because ONNX computes x·Wᵀ.
 */
export function toOnnxKernel(w: Float32Array, n: number, h: number, order: readonly number[]): Float32Array {
  const g = order.length;
  const out = new Float32Array(g * h * n);
  for (let k = 0; k < g; k++) {
    for (let j = 0; j < h; j++) for (let i = 0; i < n; i++) out[(k * h + j) * n + i] = w[i * g * h + order[k] * h + j];
  }
  return out;
}

/** The inverse of toOnnxKernel: simdnet's [n × G·h] from ONNX's [G·h, n]. */
export function fromOnnxKernel(w: Float32Array, n: number, h: number, order: readonly number[]): Float32Array {
  const g = order.length;
  const out = new Float32Array(g * h * n);
  for (let k = 0; k < g; k++) {
    for (let j = 0; j < h; j++) for (let i = 0; i < n; i++) out[i * g * h + order[k] * h + j] = w[(k * h + j) * n + i];
  }
  return out;
}

/** G·h biases in ONNX's block order from simdnet's (or back, with `inverse`). */
export function reorderBias(b: Float32Array, h: number, order: readonly number[], inverse = false): Float32Array {
  const out = new Float32Array(order.length * h);
  order.forEach((from, k) => {
    for (let j = 0; j < h; j++) {
      if (inverse) out[from * h + j] = b[k * h + j];
      else out[k * h + j] = b[from * h + j];
    }
  });
  return out;
}

/**
 * ONNX's B = [Wb ‖ Rb] (2·G·h) from simdnet's b: a GRU resetting after the product keeps its two rows as they are
 * (input bias, recurrent bias: linear_before_reset = 1); every other layer puts its b (reordered) in Wb and zeros
 * in Rb, since ONNX adds the two.
 */
export function toOnnxBias(kind: RecurrentKind, b: Float32Array, h: number, resetAfter: boolean): Float32Array {
  const order = ONNX_GATES[kind];
  const out = new Float32Array(2 * order.length * h);
  if (kind === 'gru' && resetAfter) out.set(b);
  else out.set(reorderBias(b, h, order));
  return out;
}

/**
 * simdnet's b from ONNX's B (2·G·h; zeros when absent): GRU with linear_before_reset = 1 keeps both rows
 * ([2 × 3·h]); otherwise b = Wb + Rb (in f32, as the runtimes add them), back in Keras's gate order.
 */
export function fromOnnxBias(kind: RecurrentKind, B: Float32Array | null, h: number, resetAfter: boolean): Float32Array {
  const order = ONNX_GATES[kind];
  const n = order.length * h;
  if (kind === 'gru' && resetAfter) return B ? B.slice() : new Float32Array(2 * n);
  if (!B) return new Float32Array(n);
  const sum = Float32Array.from({ length: n }, (_, i) => B[i] + B[n + i]);
  return reorderBias(sum, h, order, true);
}
