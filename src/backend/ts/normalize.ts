/** Plain-loop per-column input normalization y = (x − shift)·scale, and its backward. */

type F = Float32Array;

/** y = (x − shift)·scale per column (mean and 1/std standardize; min and 1/(max − min) map to [0, 1]) */
export function normalizeColumns(x: F, shift: F, scale: F, y: F, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) y[r * cols + j] = (x[r * cols + j] - shift[j]) * scale[j];
  }
}
/** dx = dy · scale per column, from the saved scale */
export function normalizeColumnsBackward(scale: F, dy: F, dx: F, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) dx[r * cols + j] = dy[r * cols + j] * scale[j];
  }
}
