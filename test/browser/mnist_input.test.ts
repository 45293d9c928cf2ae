// Tests demo/mnist_input.ts (in Node): drawn strokes become MNIST-style 28×28 inputs.
import { describe, expect, it } from 'vitest';
import { toMnistInput } from '../../demo/mnist_input.js';

/** A w×h ink image with the rectangle [x0, x1) × [y0, y1) filled. */
function rect(w: number, h: number, x0: number, x1: number, y0: number, y1: number): Float32Array {
  const ink = new Float32Array(w * h);
  for (let r = y0; r < y1; r++) for (let c = x0; c < x1; c++) ink[r * w + c] = 1;
  return ink;
}

function stats(img: Float32Array) {
  let mass = 0, mx = 0, my = 0, c0 = 28, c1 = -1, r0 = 28, r1 = -1;
  for (let r = 0; r < 28; r++) {
    for (let c = 0; c < 28; c++) {
      const v = img[r * 28 + c]!;
      if (v > 0) { c0 = Math.min(c0, c); c1 = Math.max(c1, c); r0 = Math.min(r0, r); r1 = Math.max(r1, r); }
      mass += v; mx += v * (c + 0.5); my += v * (r + 0.5);
    }
  }
  return { mass, cx: mx / mass, cy: my / mass, width: c1 - c0 + 1, height: r1 - r0 + 1 };
}

describe('toMnistInput', () => {
  it('returns null for an empty pad', () => {
    expect(toMnistInput(new Float32Array(100 * 100), 100, 100)).toBeNull();
  });

  it('fits the longer side of the drawing in 20 pixels, keeping the aspect ratio', () => {
    // A tall bar drawn off-centre: 40 wide, 200 high in a 280×280 pad.
    const s = stats(toMnistInput(rect(280, 280, 10, 50, 60, 260), 280, 280)!);
    expect(s.height).toBe(20);
    expect(s.width).toBe(4);
    // Area averaging keeps the ink: a full 4×20 block of ones.
    expect(s.mass).toBeCloseTo(80, 4);
  });

  it('puts the centre of mass within half a pixel of the centre, wherever the digit was drawn', () => {
    for (const [x0, y0] of [[0, 0], [200, 10], [37, 190]]) {
      const ink = rect(280, 280, x0!, x0! + 70, y0!, y0! + 90);
      // An L shape so the centre of mass is not the box centre.
      for (let r = y0! + 80; r < y0! + 90; r++) for (let c = x0! + 70; c < Math.min(280, x0! + 80); c++) ink[r * 280 + c] = 1;
      const s = stats(toMnistInput(ink, 280, 280)!);
      expect(Math.abs(s.cx - 14)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(s.cy - 14)).toBeLessThanOrEqual(0.5);
    }
  });

  it('averages partial coverage: a 1-pixel line in a 40-pixel box becomes grey, not lost', () => {
    // A 40×40 square outline of width 1: after scaling by 1/2 each edge pixel is half covered.
    const ink = new Float32Array(40 * 40);
    for (let i = 0; i < 40; i++) { ink[i] = 1; ink[39 * 40 + i] = 1; ink[i * 40] = 1; ink[i * 40 + 39] = 1; }
    const img = toMnistInput(ink, 40, 40)!;
    const max = Math.max(...img);
    expect(max).toBeGreaterThan(0.4);
    expect(max).toBeLessThan(0.8);
    // Total ink is conserved up to the scale factor squared: 156 pixels × (20/40)².
    expect(img.reduce((a, b) => a + b, 0)).toBeCloseTo(156 / 4, 3);
  });
});
