/** The MNIST convnet's training step written on the backend kernels (no layers yet): conv 5×5×8 → relu → maxpool 2 → conv 5×5×16 → relu → maxpool 2 → dense 10, SGD. */

import type { Backend, Buf } from '../../src/backend/index.js';
import { convGeometry, maxPoolGeometry } from '../../src/backend/geometry.js';
import { filled } from './contenders.js';

const g1 = convGeometry('conv1', { h: 28, w: 28, c: 1, kh: 5, kw: 5 });
const p1 = maxPoolGeometry('pool1', { h: 24, w: 24, c: 8, kh: 2, kw: 2, sh: 2, sw: 2 });
const g2 = convGeometry('conv2', { h: 12, w: 12, c: 8, kh: 5, kw: 5 });
const p2 = maxPoolGeometry('pool2', { h: 8, w: 8, c: 16, kh: 2, kw: 2, sh: 2, sw: 2 });
const [C1, C2, FLAT, CLASSES] = [8, 16, 4 * 4 * 16, 10];

/**
 * Useful flops of one step, counted as issue 12 counts them: 2·Ho·Wo·kh·kw·cin·cout per sample per convolution pass
 * (conv1: forward and dW; conv2: forward, dW and dX); the dense layer, pooling and the update are not counted.
 */
export function convnetFlops(batch: number): number {
  const f1 = 2 * g1.ho * g1.wo * 25 * 1 * C1, f2 = 2 * g2.ho * g2.wo * 25 * C1 * C2;
  return batch * (2 * f1 + 3 * f2);
}

/**
 * One training step on `be` with every buffer allocated once, as the layers run it. `direct`: the direct kernels
 * (conv2dRelu, conv2dBackwardFilter, conv2dBackwardInput); else im2col + matmulBiasRelu, matmulTransA over the saved
 * patches, and matmul + col2im for conv2's input gradient; conv1 has none (it is the first layer).
 */
export function convnetStep(be: Backend, batch: number, direct: boolean): { step: () => void; dispose: () => void } {
  const bufs: Buf[] = [];
  const a = (n: number, seed?: number, scale = 1): Buf => {
    const b = be.alloc(n);
    if (seed !== undefined) be.write(b, filled(n, seed).map((v) => v * scale));
    bufs.push(b);
    return b;
  };
  const [m1, m2, k1, k2] = [batch * g1.ho * g1.wo, batch * g2.ho * g2.wo, 25, 25 * C1];
  const x = a(batch * 784, 1), t = a(batch * CLASSES);
  be.write(t, Float32Array.from({ length: batch * CLASSES }, (_, i) => (i % CLASSES === (i / CLASSES) % CLASSES ? 1 : 0)));
  const W1 = a(k1 * C1, 2, 0.2), b1 = a(C1), W2 = a(k2 * C2, 3, 0.07), b2 = a(C2), Wd = a(FLAT * CLASSES, 4, 0.06), bd = a(CLASSES);
  const y1 = a(m1 * C1), z1 = a(batch * 12 * 12 * C1), arg1 = a(batch * 12 * 12 * C1);
  const y2 = a(m2 * C2), z2 = a(batch * FLAT), arg2 = a(batch * FLAT), logits = a(batch * CLASSES), dlogits = a(batch * CLASSES);
  const dW1 = a(k1 * C1), db1 = a(C1), dW2 = a(k2 * C2), W2t = a(k2 * C2), db2 = a(C2), dWd = a(FLAT * CLASSES), dbd = a(CLASSES);
  const dz2 = a(batch * FLAT), dy2 = a(m2 * C2), dP2 = a(m2 * k2), dz1 = a(batch * 12 * 12 * C1), dy1 = a(m1 * C1);
  const P1 = direct ? x : a(m1 * k1), P2 = direct ? x : a(m2 * k2);
  const w1 = [batch, 28, 28, 1, 5, 5, 1, 1, 0, 0, 24, 24] as const, w2 = [batch, 12, 12, C1, 5, 5, 1, 1, 0, 0, 8, 8] as const;
  const c1 = [batch, 28, 28, 1, 5, 5, 1, 1, 24, 24, C1] as const, c2 = [batch, 12, 12, C1, 5, 5, 1, 1, 8, 8, C2] as const;
  const pool1 = [batch, p1.h, p1.w, p1.c, 2, 2, 2, 2, 0, 0, p1.ho, p1.wo] as const, pool2 = [batch, p2.h, p2.w, p2.c, 2, 2, 2, 2, 0, 0, p2.ho, p2.wo] as const;
  // lr 0: every timed step does the same work on the same numbers (the weights stay put)
  const sgd = (w: Buf, g: Buf) => be.sgd(w, g, w.length, 0, 0);
  const step = () => {
    if (direct) be.conv2dRelu(x, W1, b1, y1, ...c1);
    else { be.im2col(x, P1, ...w1); be.matmulBiasRelu(P1, W1, b1, y1, m1, k1, C1); }
    be.maxPool2d(y1, z1, arg1, ...pool1);
    if (direct) be.conv2dRelu(z1, W2, b2, y2, ...c2);
    else { be.im2col(z1, P2, ...w2); be.matmulBiasRelu(P2, W2, b2, y2, m2, k2, C2); }
    be.maxPool2d(y2, z2, arg2, ...pool2);
    be.matmulBias(z2, Wd, bd, logits, batch, FLAT, CLASSES);
    be.softmaxCrossEntropy(logits, t, dlogits, batch, CLASSES);
    be.matmulTransA(z2, dlogits, dWd, batch, FLAT, CLASSES);
    be.colSum(dlogits, dbd, batch, CLASSES);
    be.matmulTransB(dlogits, Wd, dz2, batch, FLAT, CLASSES);
    be.reluBackward(z2, dz2, dz2, batch * FLAT);
    be.maxPool2dBackward(dz2, arg2, dy2, ...pool2);
    if (direct) be.conv2dBackwardFilter(z1, dy2, dW2, ...c2); else be.matmulTransA(P2, dy2, dW2, m2, k2, C2);
    be.colSum(dy2, db2, m2, C2);
    be.transpose(W2, W2t, k2, C2);
    if (direct) be.conv2dBackwardInput(dy2, W2t, dz1, ...c2);
    else { be.matmul(dy2, W2t, dP2, m2, C2, k2); be.col2im(dP2, dz1, ...w2); }
    // relu then max pool, backward as the layers run it: the pool masks its own gradient with [max > 0]
    be.reluBackward(z1, dz1, dz1, batch * 12 * 12 * C1);
    be.maxPool2dBackward(dz1, arg1, dy1, ...pool1);
    if (direct) be.conv2dBackwardFilter(x, dy1, dW1, ...c1); else be.matmulTransA(P1, dy1, dW1, m1, k1, C1);
    be.colSum(dy1, db1, m1, C1);
    sgd(W1, dW1); sgd(b1, db1); sgd(W2, dW2); sgd(b2, db2); sgd(Wd, dWd); sgd(bd, dbd);
  };
  return { step, dispose: () => bufs.forEach((b) => be.free(b)) };
}
