/** The orthogonal initializer (Keras's default for recurrent kernels): a seeded Gaussian matrix made orthonormal by Gram–Schmidt. */

import type { Random } from '../random.js';

/**
 * A rows × cols matrix (row-major) with orthonormal rows when rows ≤ cols, orthonormal columns otherwise, as Keras's
 * `Orthogonal`: draw a Gaussian matrix with the long side first, take Q of its QR decomposition with R's diagonal
 * made positive (which Gram–Schmidt gives directly), transpose back. Modified Gram–Schmidt, applied twice per
 * vector, keeps Q orthonormal to about 1e-15 at these sizes.
 *
 * ```ts
 * orthogonal(new Random(0), 32, 128); // U of lstm({ units: 32 }): U·Uᵀ = I
 * ```
 */
export function orthogonal(rng: Random, rows: number, cols: number): Float32Array {
  const [m, n] = rows >= cols ? [rows, cols] : [cols, rows]; // Q is m × n with m ≥ n: n orthonormal columns
  const q = Array.from({ length: n }, () => Float64Array.from({ length: m }, () => rng.normal()));
  for (let j = 0; j < n; j++) {
    const v = q[j];
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let k = 0; k < m; k++) d += q[i][k] * v[k];
        for (let k = 0; k < m; k++) v[k] -= d * q[i][k];
      }
    }
    let norm = 0;
    for (let k = 0; k < m; k++) norm += v[k] * v[k];
    norm = Math.sqrt(norm);
    for (let k = 0; k < m; k++) v[k] /= norm;
  }
  const out = new Float32Array(rows * cols);
  // column j of Q is q[j]; rows ≥ cols stores Q itself, rows < cols stores Qᵀ
  for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) out[rows >= cols ? k * cols + j : j * cols + k] = q[j][k];
  return out;
}
