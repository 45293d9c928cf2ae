/** Turns a drawn digit into an MNIST-style 28×28 input: crop, fit in 20×20 by area averaging, centre of mass at the middle. */

/**
 * MNIST's own recipe (LeCun et al.): each digit is scaled, keeping its aspect ratio, to fit a 20×20 box
 * with anti-aliasing, then placed in a 28×28 field so that its centre of mass sits at the field's centre.
 * `ink` holds w×h values in [0, 1] (1 = full ink), row-major. Returns 784 values in [0, 1], or null when
 * nothing is drawn.
 *
 * ```ts
 * const input = toMnistInput(inkFromCanvas(canvas), canvas.width, canvas.height);
 * ```
 */
export function toMnistInput(ink: ArrayLike<number>, w: number, h: number): Float32Array | null {
  let x0 = w, x1 = -1, y0 = h, y1 = -1;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      if (ink[r * w + c]! > 0.05) { x0 = Math.min(x0, c); x1 = Math.max(x1, c); y0 = Math.min(y0, r); y1 = Math.max(y1, r); }
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
  const scale = 20 / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale)), th = Math.max(1, Math.round(bh * scale));
  const small = areaResample(ink, w, x0, y0, bw, bh, tw, th);

  let mass = 0, mx = 0, my = 0;
  for (let r = 0; r < th; r++) {
    for (let c = 0; c < tw; c++) {
      const v = small[r * tw + c]!;
      mass += v; mx += v * (c + 0.5); my += v * (r + 0.5);
    }
  }
  const ox = Math.round(14 - mx / mass), oy = Math.round(14 - my / mass);
  const out = new Float32Array(784);
  for (let r = 0; r < th; r++) {
    for (let c = 0; c < tw; c++) {
      const R = r + oy, C = c + ox;
      if (R >= 0 && R < 28 && C >= 0 && C < 28) out[R * 28 + C] = Math.min(1, small[r * tw + c]!);
    }
  }
  return out;
}

/** Each target pixel is the mean of the source area it covers (fractional overlap at the edges). */
function areaResample(
  src: ArrayLike<number>, w: number, x0: number, y0: number, bw: number, bh: number, tw: number, th: number,
): Float32Array {
  const wx = coverage(bw, tw), wy = coverage(bh, th);
  const out = new Float32Array(tw * th);
  for (let r = 0; r < th; r++) {
    for (let c = 0; c < tw; c++) {
      let sum = 0, area = 0;
      for (const [sr, fy] of wy[r]!) {
        for (const [sc, fx] of wx[c]!) {
          sum += fy * fx * src[(y0 + sr) * w + x0 + sc]!;
          area += fy * fx;
        }
      }
      out[r * tw + c] = sum / area;
    }
  }
  return out;
}

/** For each of `m` target cells over `n` source cells: the [source index, overlap length] pairs. */
function coverage(n: number, m: number): [number, number][][] {
  const step = n / m;
  const cells: [number, number][][] = [];
  for (let j = 0; j < m; j++) {
    const a = j * step, b = (j + 1) * step;
    const list: [number, number][] = [];
    for (let i = Math.floor(a); i < Math.min(n, Math.ceil(b)); i++) {
      const overlap = Math.min(b, i + 1) - Math.max(a, i);
      if (overlap > 1e-9) list.push([i, overlap]);
    }
    cells.push(list);
  }
  return cells;
}

/** Ink per pixel of a canvas drawn in white on transparent/black: the max of the RGB channels × alpha. */
export function inkFromCanvas(canvas: HTMLCanvasElement): Float32Array {
  const { width: w, height: h } = canvas;
  const data = canvas.getContext('2d')!.getImageData(0, 0, w, h).data;
  const ink = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) {
    ink[i] = (Math.max(data[4 * i]!, data[4 * i + 1]!, data[4 * i + 2]!) / 255) * (data[4 * i + 3]! / 255);
  }
  return ink;
}
