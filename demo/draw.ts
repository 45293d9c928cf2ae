/** Canvas drawing for the demo: the decision boundary with its data points, and the live loss curve. */

/** Class colours (the colour-blind-safe set src/plot uses), as [r, g, b]. */
export const PALETTE: readonly [number, number, number][] = [
  [0, 114, 178], [230, 159, 0], [0, 158, 115], [213, 94, 0], [204, 121, 167], [86, 180, 233],
];

const css = (c: readonly number[], a = 1) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${a})`;

/** The data window shown on the boundary canvas: a square around the points with a margin. */
export interface View {
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
}

/** A square view holding every point with 10% margin on each side. */
export function viewOf(points: readonly (readonly number[])[]): View {
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (const [a, b] of points) {
    xmin = Math.min(xmin, a); xmax = Math.max(xmax, a);
    ymin = Math.min(ymin, b); ymax = Math.max(ymax, b);
  }
  const cx = (xmin + xmax) / 2, cy = (ymin + ymax) / 2;
  const half = (Math.max(xmax - xmin, ymax - ymin, 1e-6) / 2) * 1.2;
  return { xmin: cx - half, xmax: cx + half, ymin: cy - half, ymax: cy + half };
}

/** The centres of a g×g grid of cells covering `view`, row by row from the top (largest y) down, as a g²×2 matrix. */
export function gridPoints(view: View, g: number): { data: Float32Array; shape: [number, number] } {
  const data = new Float32Array(g * g * 2);
  for (let r = 0; r < g; r++) {
    const y = view.ymax - ((r + 0.5) / g) * (view.ymax - view.ymin);
    for (let c = 0; c < g; c++) {
      data[2 * (r * g + c)] = view.xmin + ((c + 0.5) / g) * (view.xmax - view.xmin);
      data[2 * (r * g + c) + 1] = y;
    }
  }
  return { data, shape: [g * g, 2] };
}

/** Row-wise probabilities from model outputs: kept if they already are, else softmax; one column = sigmoid. */
export function toProbabilities(out: Float32Array, cols: number): Float32Array {
  const rows = out.length / cols;
  const p = new Float32Array(rows * (cols === 1 ? 2 : cols));
  for (let r = 0; r < rows; r++) {
    if (cols === 1) {
      const v = out[r]!;
      const s = v >= 0 && v <= 1 ? v : 1 / (1 + Math.exp(-v));
      p[2 * r] = 1 - s; p[2 * r + 1] = s;
      continue;
    }
    let sum = 0, max = -Infinity, inRange = true;
    for (let c = 0; c < cols; c++) {
      const v = out[r * cols + c]!;
      sum += v; max = Math.max(max, v);
      if (v < 0 || v > 1) inRange = false;
    }
    if (inRange && Math.abs(sum - 1) < 1e-3) { p.set(out.subarray(r * cols, (r + 1) * cols), r * cols); continue; }
    let z = 0;
    for (let c = 0; c < cols; c++) z += Math.exp(out[r * cols + c]! - max);
    for (let c = 0; c < cols; c++) p[r * cols + c] = Math.exp(out[r * cols + c]! - max) / z;
  }
  return p;
}

/**
 * Paints the class regions (each cell blends the class colours by probability, paler where unsure),
 * then the data points on top.
 */
export function drawBoundary(
  canvas: HTMLCanvasElement, view: View, g: number, probs: Float32Array | null, classes: number,
  x: readonly (readonly number[])[], y: readonly number[],
): void {
  const ctx = canvas.getContext('2d')!;
  const { width: w, height: h } = canvas;
  ctx.fillStyle = '#f6f7f9';
  ctx.fillRect(0, 0, w, h);
  if (probs) {
    const img = new ImageData(g, g);
    for (let i = 0; i < g * g; i++) {
      let r = 0, gr = 0, b = 0, top = 0;
      for (let c = 0; c < classes; c++) {
        const p = probs[i * classes + c]!;
        const col = PALETTE[c % PALETTE.length]!;
        r += p * col[0]; gr += p * col[1]; b += p * col[2];
        top = Math.max(top, p);
      }
      // Confidence 1/K → white, 1 → 45% of the class colour over white.
      const k = Math.max(0, (top - 1 / classes) / (1 - 1 / classes)) * 0.45;
      img.data[4 * i] = 255 + (r - 255) * k;
      img.data[4 * i + 1] = 255 + (gr - 255) * k;
      img.data[4 * i + 2] = 255 + (b - 255) * k;
      img.data[4 * i + 3] = 255;
    }
    const tile = document.createElement('canvas');
    tile.width = g; tile.height = g;
    tile.getContext('2d')!.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(tile, 0, 0, w, h);
  }
  const sx = w / (view.xmax - view.xmin), sy = h / (view.ymax - view.ymin);
  const radius = Math.max(2.5, Math.min(5, 900 / Math.sqrt(x.length) / 12));
  for (let i = 0; i < x.length; i++) {
    const px = (x[i]![0]! - view.xmin) * sx, py = (view.ymax - x[i]![1]!) * sy;
    ctx.beginPath();
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
    ctx.fillStyle = css(PALETTE[y[i]! % PALETTE.length]!);
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    ctx.stroke();
  }
}

/** Draws loss (and accuracy, if given) against epoch, with a log-scaled loss axis and labelled ticks. */
export function drawCurves(canvas: HTMLCanvasElement, epochs: number[], loss: number[], acc: number[]): void {
  const ctx = canvas.getContext('2d')!;
  const { width: w, height: h } = canvas;
  const pad = { l: 44, r: 44, t: 26, b: 26 };
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = '#d0d4da';
  ctx.lineWidth = 1;
  ctx.strokeRect(pad.l, pad.t, w - pad.l - pad.r, h - pad.t - pad.b);
  if (loss.length === 0) {
    ctx.fillStyle = '#8a929c';
    ctx.fillText('loss and accuracy appear here while training', pad.l + 10, h / 2);
    return;
  }
  const lastEpoch = Math.max(epochs[epochs.length - 1]!, 1);
  const logs = loss.map((v) => Math.log10(Math.max(v, 1e-6)));
  // A loop, not Math.min(...logs): long runs would overflow the argument list.
  let lo = Infinity, hi = -Infinity;
  for (const v of logs) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (hi - lo < 0.3) { lo -= 0.15; hi += 0.15; }
  const px = (e: number) => pad.l + (e / lastEpoch) * (w - pad.l - pad.r);
  const pyLoss = (v: number) => pad.t + ((hi - v) / (hi - lo)) * (h - pad.t - pad.b);
  const pyAcc = (a: number) => pad.t + (1 - a) * (h - pad.t - pad.b);

  ctx.fillStyle = '#5b6470';
  ctx.textAlign = 'right';
  for (const frac of [0, 0.5, 1]) {
    const v = hi - frac * (hi - lo);
    ctx.fillText(formatLoss(10 ** v), pad.l - 4, pyLoss(v) + 4);
  }
  ctx.textAlign = 'center';
  ctx.fillText('0', px(0), h - 8);
  ctx.fillText(`epoch ${lastEpoch}`, px(lastEpoch) - 20, h - 8);
  // At most ~2 points per pixel column: long runs are thinned by a stride (the last point always kept).
  const stride = Math.max(1, Math.ceil(epochs.length / (2 * (w - pad.l - pad.r))));
  const keep = (_: number, i: number) => i % stride === 0 || i === epochs.length - 1;
  const ex = epochs.filter(keep).map(px);
  line(ctx, ex, logs.filter(keep).map(pyLoss), '#c0392b');
  if (acc.length === loss.length) {
    ctx.textAlign = 'left';
    ctx.fillStyle = '#1f6f43';
    ctx.fillText('100%', w - pad.r + 4, pyAcc(1) + 4);
    ctx.fillText('50%', w - pad.r + 4, pyAcc(0.5) + 4);
    line(ctx, ex, acc.filter(keep).map(pyAcc), '#1f6f43');
  }
  ctx.textAlign = 'left';
  ctx.fillStyle = '#c0392b';
  ctx.fillText('— loss (log scale)', pad.l, 14);
  if (acc.length === loss.length) { ctx.fillStyle = '#1f6f43'; ctx.fillText('— training accuracy', pad.l + 120, 14); }
}

function line(ctx: CanvasRenderingContext2D, xs: number[], ys: number[], colour: string): void {
  ctx.beginPath();
  for (let i = 0; i < xs.length; i++) i === 0 ? ctx.moveTo(xs[i]!, ys[i]!) : ctx.lineTo(xs[i]!, ys[i]!);
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.stroke();
}

function formatLoss(v: number): string {
  return v >= 0.1 ? v.toFixed(2) : v.toExponential(0);
}
