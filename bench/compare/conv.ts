/** Convolution workloads for bench/conv.ts: forward, filter gradient (dW) and input gradient (dX) as each contender runs them, buffers made once. */

import type { Backend, Buf } from '../../src/backend/index.js';
import { convGeometry, type Geometry, type Padding } from '../../src/backend/geometry.js';
import { filled, isSimdnet, prepare, simdnetBackend, type Contender } from './contenders.js';
import { tf } from './tfjs.js';

export interface ConvShape {
  label: string;
  batch: number;
  h: number;
  w: number;
  c: number;
  k: number;
  cout: number;
  padding: Padding;
}

/** The MNIST convnet's two layers and a CIFAR-sized 3×3 'same' layer, batch 64 (issue 12). */
export const CONV_SHAPES: ConvShape[] = [
  { label: 'MNIST conv1: 28×28×1, 5×5 → 8', batch: 64, h: 28, w: 28, c: 1, k: 5, cout: 8, padding: 'valid' },
  { label: 'MNIST conv2: 12×12×8, 5×5 → 16', batch: 64, h: 12, w: 12, c: 8, k: 5, cout: 16, padding: 'valid' },
  { label: '32×32×16, 3×3 same → 32', batch: 64, h: 32, w: 32, c: 16, k: 3, cout: 32, padding: 'same' },
];

export type Pass = 'forward' | 'dW' | 'dX' | 'training pass';

/** One way of computing one pass: `run` is the timed unit. */
export interface ConvVariant {
  pass: Pass;
  /** How it is computed ('direct', 'im2col + matmulBias', 'tf.conv2d', …). */
  how: string;
  run: () => unknown;
}

export const geometry = (s: ConvShape): Geometry => convGeometry('bench', { h: s.h, w: s.w, c: s.c, kh: s.k, kw: s.k, padding: s.padding });

/** Useful flops of one pass: 2·Ho·Wo·kh·kw·cin·cout per sample (the training pass counts three). */
export function passFlops(s: ConvShape, pass: Pass): number {
  const g = geometry(s);
  return (pass === 'training pass' ? 3 : 1) * 2 * s.batch * g.ho * g.wo * g.kh * g.kw * g.c * s.cout;
}

/** The variants `c` runs for shape `s`, and how to free what they hold. Throws what tfjs throws for an unregistered kernel. */
export async function convVariants(c: Contender, s: ConvShape): Promise<{ variants: ConvVariant[]; unsupported: [Pass, string][]; dispose: () => void }> {
  await prepare(c); // tfjs makes tensors on its current backend
  if (isSimdnet(c)) return simdnetVariants(await simdnetBackend(c), s, c === 'simdnet-wasm');
  return tfjsVariants(s);
}

function simdnetVariants(be: Backend, s: ConvShape, all: boolean) {
  const g = geometry(s);
  const { batch, cout } = s;
  const hp = g.h + g.padTop + g.padBottom, wp = g.w + g.padLeft + g.padRight;
  const m = batch * g.ho * g.wo, k = g.kh * g.kw * g.c;
  const win = [batch, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.padTop, g.padLeft, g.ho, g.wo] as const;
  const geo = [batch, hp, wp, g.c, g.kh, g.kw, g.sh, g.sw, g.ho, g.wo, cout] as const;
  const bufs: Buf[] = [];
  const make = (n: number, seed?: number): Buf => { const b = be.alloc(n); if (seed !== undefined) be.write(b, filled(n, seed)); bufs.push(b); return b; };
  const x = make(batch * g.h * g.w * g.c, 1), W = make(k * cout, 2), bias = make(cout, 3), dy = make(m * cout, 4);
  const padded = hp !== g.h || wp !== g.w;
  const xp = padded ? make(batch * hp * wp * g.c) : x;
  const y = make(m * cout), dW = make(k * cout), Wt = make(k * cout), dP = make(m * k), dx = make(x.length);
  const patches = all ? make(m * k) : x;
  // as a layer runs it: 'same' pads into its own buffer first (and keeps it for dW)
  const pad = () => { if (padded) be.pad2d(x, xp, batch, g.h, g.w, g.c, g.padTop, g.padLeft, hp, wp); };
  const forward = () => { pad(); be.conv2d(xp, W, bias, y, ...geo); };
  const dWdirect = () => be.conv2dBackwardFilter(xp, dy, dW, ...geo);
  const dXgemm = () => { be.transpose(W, Wt, k, cout); be.matmul(dy, Wt, dP, m, cout, k); be.col2im(dP, dx, ...win); };
  // as conv2d's layer runs dX: in one pass for valid windows, GEMM + col2im for 'same'
  const dXdirect = padded ? dXgemm : () => { be.transpose(W, Wt, k, cout); be.conv2dBackwardInput(dy, Wt, dx, ...geo); };
  forward();
  const variants: ConvVariant[] = [
    { pass: 'forward', how: 'direct (pad2d + conv2d)', run: forward },
    { pass: 'dW', how: 'direct (conv2dBackwardFilter)', run: dWdirect },
    { pass: 'dX', how: padded ? 'direct: transpose(W) + matmul + col2im (same)' : 'direct (transpose(W) + conv2dBackwardInput)', run: dXdirect },
    { pass: 'training pass', how: 'direct forward, dW and dX', run: () => { forward(); dWdirect(); dXdirect(); } },
  ];
  if (all) {
    be.im2col(x, patches, ...win);
    variants.push(
      { pass: 'forward', how: 'im2col + matmulBias', run: () => { be.im2col(x, patches, ...win); be.matmulBias(patches, W, bias, y, m, k, cout); } },
      { pass: 'forward', how: 'conv2dRelu (fused)', run: () => { pad(); be.conv2dRelu(xp, W, bias, y, ...geo); } },
      { pass: 'forward', how: 'conv2d, then relu', run: () => { forward(); be.relu(y, y, m * cout); } },
      { pass: 'forward', how: 'conv2dLeakyRelu (fused)', run: () => { pad(); be.conv2dLeakyRelu(xp, W, bias, y, ...geo, 0.1); } },
      { pass: 'forward', how: 'conv2d, then leakyRelu', run: () => { forward(); be.leakyRelu(y, y, m * cout, 0.1); } },
      { pass: 'dW', how: 'matmulTransA (patches saved by the forward)', run: () => be.matmulTransA(patches, dy, dW, m, k, cout) },
      { pass: 'dX', how: 'matmulTransB + col2im', run: () => { be.matmulTransB(dy, W, dP, m, k, cout); be.col2im(dP, dx, ...win); } },
      ...(padded ? [] : [{ pass: 'dX' as const, how: 'transpose(W) + matmul + col2im', run: dXgemm }]),
    );
  }
  return { variants, unsupported: [] as [Pass, string][], dispose: () => bufs.forEach((b) => be.free(b)) };
}

function tfjsVariants(s: ConvShape) {
  const g = geometry(s);
  const x = tf.tensor4d(filled(s.batch * s.h * s.w * s.c, 1), [s.batch, s.h, s.w, s.c]);
  const W = tf.tensor4d(filled(g.kh * g.kw * s.c * s.cout, 2), [g.kh, g.kw, s.c, s.cout]);
  const dy = tf.tensor4d(filled(s.batch * g.ho * g.wo * s.cout, 4), [s.batch, g.ho, g.wo, s.cout]);
  const attrs = { strides: [1, 1] as [number, number], pad: s.padding, dataFormat: 'NHWC' as const };
  const force = (t: tf.Tensor | tf.Tensor[]) => { for (const u of Array.isArray(t) ? t : [t]) { u.dataSync(); u.dispose(); } };
  // the kernels tf.conv2d's gradient runs (tfjs-core's Conv2D_grad: conv2DBackpropFilter and conv2DBackpropInput)
  const dWrun = () => force(tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: W.shape }) as tf.Tensor);
  const dXrun = () => force(tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: W }, { ...attrs, inputShape: x.shape }) as tf.Tensor);
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, s.padding));
  const all: (ConvVariant & { needs: string[] })[] = [
    { pass: 'forward', how: 'tf.conv2d', run: () => force(tf.conv2d(x, W, 1, s.padding)), needs: ['Conv2D'] },
    { pass: 'dW', how: 'Conv2DBackpropFilter kernel', run: dWrun, needs: ['Conv2DBackpropFilter'] },
    { pass: 'dX', how: 'Conv2DBackpropInput kernel', run: dXrun, needs: ['Conv2DBackpropInput'] },
    { pass: 'training pass', how: 'tf.grads (forward, dX, dW)', run: () => force(grads([x, W], dy)), needs: ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput'] },
  ];
  // a variant whose kernel is not registered on this backend is reported with the error tfjs throws for it
  const variants: ConvVariant[] = [];
  const unsupported: [Pass, string][] = [];
  for (const v of all) {
    if (v.needs.every((k) => tf.getKernel(k, tf.getBackend()))) { variants.push(v); continue; }
    try {
      v.run();
      unsupported.push([v.pass, 'ran, although a kernel it needs is not registered']);
    } catch (e) {
      unsupported.push([v.pass, (e as Error).message.split('\n')[0]]);
    }
  }
  return { variants, unsupported, dispose: () => tf.dispose([x, W, dy]) };
}
