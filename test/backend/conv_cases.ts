/** The awkward convolution and pooling shapes the parity and reference tests share, with their geometry. */

import { convGeometry, type Geometry, type Padding } from '../../src/backend/geometry.js';
import { Random } from '../../src/random.js';

export interface ConvCase {
  name: string;
  batch: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  padding: Padding;
  cout: number;
}

const cc = (name: string, batch: number, [h, w, c]: number[], [kh, kw]: number[], [sh, sw]: number[], padding: Padding, cout: number): ConvCase =>
  ({ name, batch, h, w, c, kh, kw, sh, sw, padding, cout });

/**
 * 1×1 kernels, kernels as large as the input, strides larger than the kernel, odd sizes, 1 and 3 channels, channel
 * counts that are not multiples of 4 (in and out: the 8-wide tiles' partial tails), 'same' with strides 2 and 3,
 * batch 1, unequal strides, rows of output narrower than the 4-pixel groups, more output pixels than a filter
 * gradient chunk (256), and k = kh·kw·c past the GEMM's 256-deep blocks.
 */
export const CONV_CASES: ConvCase[] = [
  cc('1×1 kernel', 2, [5, 7, 3], [1, 1], [1, 1], 'valid', 5),
  cc('kernel as large as the input', 3, [4, 5, 2], [4, 5], [1, 1], 'valid', 9),
  cc('stride 3 > kernel 2', 2, [9, 11, 3], [2, 2], [3, 3], 'valid', 4),
  cc('odd sizes, same', 1, [7, 9, 5], [3, 3], [1, 1], 'same', 7),
  cc('1 channel, MNIST layer 1 (small)', 2, [12, 12, 1], [5, 5], [1, 1], 'valid', 8),
  cc('3 channels, same, stride 2', 2, [10, 9, 3], [3, 3], [2, 2], 'same', 6),
  cc('same, stride 3, even kernel', 2, [10, 11, 2], [4, 4], [3, 3], 'same', 3),
  cc('same, stride 2, kernel 5 on 6', 1, [6, 6, 7], [5, 5], [2, 2], 'same', 13),
  cc('unequal strides and kernel', 2, [8, 9, 4], [3, 2], [1, 2], 'same', 17),
  cc('batch 1, one output channel', 1, [6, 5, 6], [2, 3], [1, 1], 'valid', 1),
  cc('3×3 output rows (groups across rows)', 3, [5, 5, 2], [3, 3], [1, 1], 'valid', 2),
  cc('more pixels than a chunk', 4, [20, 20, 2], [3, 3], [1, 1], 'valid', 8),
  cc('k = 360 > 256', 2, [6, 6, 40], [3, 3], [1, 1], 'same', 16),
  cc('MNIST layer 2', 2, [12, 12, 8], [5, 5], [1, 1], 'valid', 16),
];

export interface PoolCase {
  name: string;
  batch: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  padding: Padding;
}

const pc = (name: string, batch: number, [h, w, c]: number[], [kh, kw]: number[], [sh, sw]: number[], padding: Padding): PoolCase =>
  ({ name, batch, h, w, c, kh, kw, sh, sw, padding });

/** Pooling windows: the usual 2×2/2, overlapping 3×3/1 'same', 'same' with strides 2 and 3, 1×1, whole input, stride > window, odd c. */
export const POOL_CASES: PoolCase[] = [
  pc('2×2 stride 2', 2, [24, 24, 8], [2, 2], [2, 2], 'valid'),
  pc('2×2 stride 2 on odd sizes, same', 1, [7, 5, 3], [2, 2], [2, 2], 'same'),
  pc('2×2 stride 2 on odd sizes, valid, 12 channels (a last row and column in no window)', 2, [7, 9, 12], [2, 2], [2, 2], 'valid'),
  pc('3×3 stride 1 same (overlapping)', 2, [6, 7, 5], [3, 3], [1, 1], 'same'),
  pc('3×3 stride 2 same', 3, [9, 8, 1], [3, 3], [2, 2], 'same'),
  pc('3×3 stride 3 same', 1, [10, 8, 13], [3, 3], [3, 3], 'same'),
  pc('1×1 window', 2, [4, 3, 6], [1, 1], [1, 1], 'valid'),
  pc('window as large as the input', 2, [5, 6, 4], [5, 6], [1, 1], 'valid'),
  pc('stride 3 > window 2', 1, [11, 10, 7], [2, 2], [3, 3], 'valid'),
  pc('unequal, 4×1 stride 1×2 same', 2, [6, 9, 2], [4, 1], [1, 2], 'same'),
];

/** The geometry of a case (the same helper the layers use). */
export function geometryOf(k: ConvCase | PoolCase): Geometry {
  return convGeometry(k.name, k);
}

/** `n` normal values with standard deviation `std`, from a seeded generator. */
export function randn(rng: Random, n: number, std = 1): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.normal(0, std);
  return x;
}
