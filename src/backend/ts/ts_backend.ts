/** The pure-TypeScript backend: Float32Array buffers and the plain loops in this folder. The specification and the benchmark baseline. */

import type { Backend, Buf } from '../backend.js';
import * as mm from './matmul.js';
import * as red from './reduce.js';
import * as act from './activations.js';
import * as loss from './losses.js';
import * as opt from './optim.js';

class TsBuf implements Buf {
  freed = false;
  constructor(readonly data: Float32Array) {}
  get length(): number {
    return this.data.length;
  }
}

function d(buf: Buf): Float32Array {
  const b = buf as TsBuf;
  if (!(b instanceof TsBuf)) throw new TypeError('ts backend: buffer belongs to another backend');
  if (b.freed) throw new Error('ts backend: buffer used after free');
  return b.data;
}

/** Creates a pure-TypeScript backend. Each instance counts its own live buffers. */
export function createTsBackend(): Backend {
  let live = 0;
  let bytes = 0;
  return {
    name: 'ts',
    alloc(length) {
      live++;
      bytes += length * 4;
      return new TsBuf(new Float32Array(length));
    },
    free(buf) {
      const data = d(buf);
      (buf as TsBuf).freed = true;
      live--;
      bytes -= data.length * 4;
    },
    write(buf, data, offset = 0) {
      d(buf).set(data, offset);
    },
    read(buf, offset = 0, length) {
      const data = d(buf);
      return data.slice(offset, offset + (length ?? data.length - offset));
    },
    fill(buf, value) {
      d(buf).fill(value);
    },
    copy(src, dst, n, srcOffset = 0, dstOffset = 0) {
      d(dst).set(d(src).subarray(srcOffset, srcOffset + n), dstOffset);
    },
    gatherRows(src, indices, dst, start, count, cols) {
      const s = d(src);
      const o = d(dst);
      for (let r = 0; r < count; r++) {
        const i = indices[start + r];
        o.set(s.subarray(i * cols, i * cols + cols), r * cols);
      }
    },
    liveBuffers: () => live,
    bytesInUse: () => bytes,

    matmul: (a, b, c, m, k, n) => mm.matmul(d(a), d(b), d(c), m, k, n),
    matmulAcc: (a, b, c, m, k, n) => mm.matmulAcc(d(a), d(b), d(c), m, k, n),
    matmulBias: (a, b, bias, c, m, k, n) => mm.matmulBias(d(a), d(b), d(bias), d(c), m, k, n),
    matmulBiasRelu: (a, b, bias, c, m, k, n) => mm.matmulBiasRelu(d(a), d(b), d(bias), d(c), m, k, n),
    matmulBiasTanh: (a, b, bias, c, m, k, n) => mm.matmulBiasTanh(d(a), d(b), d(bias), d(c), m, k, n),
    matmulBiasSigmoid: (a, b, bias, c, m, k, n) => mm.matmulBiasSigmoid(d(a), d(b), d(bias), d(c), m, k, n),
    matmulTransA: (a, b, c, m, k, n) => mm.matmulTransA(d(a), d(b), d(c), m, k, n),
    matmulTransB: (a, b, c, m, k, n) => mm.matmulTransB(d(a), d(b), d(c), m, k, n),
    biasAdd: (x, bias, y, rows, cols) => mm.biasAdd(d(x), d(bias), d(y), rows, cols),

    colSum: (x, out, rows, cols) => red.colSum(d(x), d(out), rows, cols),
    rowArgmax: (x, out, rows, cols) => red.rowArgmax(d(x), d(out), rows, cols),
    argmaxMatches: (x, t, rows, cols) => red.argmaxMatches(d(x), d(t), rows, cols),
    signMatches: (x, t, n) => red.signMatches(d(x), d(t), n),
    sumSquares: (x, n) => red.sumSquares(d(x), n),

    relu: (x, y, n) => act.relu(d(x), d(y), n),
    reluBackward: (x, dy, dx, n) => act.reluBackward(d(x), d(dy), d(dx), n),
    leakyRelu: (x, y, n, alpha) => act.leakyRelu(d(x), d(y), n, alpha),
    leakyReluBackward: (x, dy, dx, n, alpha) => act.leakyReluBackward(d(x), d(dy), d(dx), n, alpha),
    sigmoid: (x, y, n) => act.sigmoid(d(x), d(y), n),
    sigmoidBackward: (y, dy, dx, n) => act.sigmoidBackward(d(y), d(dy), d(dx), n),
    tanh: (x, y, n) => act.tanh(d(x), d(y), n),
    tanhBackward: (y, dy, dx, n) => act.tanhBackward(d(y), d(dy), d(dx), n),
    step: (x, y, n) => act.step(d(x), d(y), n),
    softmax: (x, y, rows, cols) => act.softmax(d(x), d(y), rows, cols),

    softmaxCrossEntropy: (z, t, dz, rows, cols) => loss.softmaxCrossEntropy(d(z), d(t), d(dz), rows, cols),
    mse: (p, t, dp, n) => loss.mse(d(p), d(t), d(dp), n),
    sigmoidCrossEntropy: (z, t, dz, n) => loss.sigmoidCrossEntropy(d(z), d(t), d(dz), n),
    hinge: (s, y, ds, n) => loss.hinge(d(s), d(y), d(ds), n),

    sgd: (w, g, n, lr, l2) => opt.sgd(d(w), d(g), n, lr, l2),
    momentum: (w, g, v, n, lr, mu, l2) => opt.momentum(d(w), d(g), d(v), n, lr, mu, l2),
    adam: (w, g, m, v, n, lrT, b1, b2, eps, l2) => opt.adam(d(w), d(g), d(m), d(v), n, lrT, b1, b2, eps, l2),
  };
}
