/** Per-column input normalization y = (x − shift)·scale (standardization or min–max), and its backward. */

// Rows of 1 or 2 columns (a 2-D toy dataset's features) would run entirely in the scalar tail of the row loop, so
// they run as one flat loop instead, with shift and scale repeated across the lanes ([s0, s0, s0, s0] or
// [s0, s1, s0, s1]): element i of the flat loop is in column i mod cols, and 4 is a multiple of cols.

/** [p0, p0, p0, p0] for cols = 1, [p0, p1, p0, p1] for cols = 2. */
// @ts-ignore: decorator
@inline function repeatRow(p: usize, cols: i32): v128 {
  return cols == 1 ? v128.load32_splat(p) : v128.load64_splat(p);
}

/**
 * y = (x − shift)·scale per column: shift = mean and scale = 1/std standardize, shift = min and
 * scale = 1/(max − min) map to [0, 1].
 */
export function normalizeColumns(x: usize, shift: usize, scale: usize, y: usize, rows: i32, cols: i32): void {
  if (cols == 1 || cols == 2) {
    const n = rows * cols;
    const vsh = repeatRow(shift, cols), vsc = repeatRow(scale, cols);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, f32x4.mul(f32x4.sub(v128.load(x + o), vsh), vsc));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2, c = <usize>(i % cols) << 2;
      store<f32>(y + o, (load<f32>(x + o) - load<f32>(shift + c)) * load<f32>(scale + c));
    }
    return;
  }
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * stride;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const c = <usize>j << 2;
      v128.store(y + o + c, f32x4.mul(f32x4.sub(v128.load(x + o + c), v128.load(shift + c)), v128.load(scale + c)));
    }
    for (; j < cols; j++) {
      const c = <usize>j << 2;
      store<f32>(y + o + c, (load<f32>(x + o + c) - load<f32>(shift + c)) * load<f32>(scale + c));
    }
  }
}
/** dx = dy · scale per column, from the saved scale */
export function normalizeColumnsBackward(scale: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  if (cols == 1 || cols == 2) {
    const n = rows * cols;
    const vsc = repeatRow(scale, cols);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dx + o, f32x4.mul(v128.load(dy + o), vsc));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(dx + o, load<f32>(dy + o) * load<f32>(scale + (<usize>(i % cols) << 2)));
    }
    return;
  }
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * stride;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const c = <usize>j << 2;
      v128.store(dx + o + c, f32x4.mul(v128.load(dy + o + c), v128.load(scale + c)));
    }
    for (; j < cols; j++) {
      const c = <usize>j << 2;
      store<f32>(dx + o + c, load<f32>(dy + o + c) * load<f32>(scale + c));
    }
  }
}
