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
  scaleColumns(x, shift, scale, y, rows, cols, true);
}
/** dx = dy · scale per column, from the saved scale */
export function normalizeColumnsBackward(scale: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  scaleColumns(dy, 0, scale, dx, rows, cols, false);
}

/** y = (x − shift)·scale per column, or x·scale when `shifted` is false (a constant: each caller gets its own copy). */
// @ts-ignore: decorator
@inline function scaleColumns(x: usize, shift: usize, scale: usize, y: usize, rows: i32, cols: i32, shifted: bool): void {
  if (cols == 1 || cols == 2) {
    const n = rows * cols;
    const vsh = shifted ? repeatRow(shift, cols) : f32x4.splat(0), vsc = repeatRow(scale, cols);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const v = v128.load(x + o);
      v128.store(y + o, f32x4.mul(shifted ? f32x4.sub(v, vsh) : v, vsc));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2, c = <usize>(i % cols) << 2;
      const v = load<f32>(x + o);
      store<f32>(y + o, (shifted ? v - load<f32>(shift + c) : v) * load<f32>(scale + c));
    }
    return;
  }
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * stride;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const c = <usize>j << 2;
      const v = v128.load(x + o + c);
      v128.store(y + o + c, f32x4.mul(shifted ? f32x4.sub(v, v128.load(shift + c)) : v, v128.load(scale + c)));
    }
    for (; j < cols; j++) {
      const c = <usize>j << 2;
      const v = load<f32>(x + o + c);
      store<f32>(y + o + c, (shifted ? v - load<f32>(shift + c) : v) * load<f32>(scale + c));
    }
  }
}
