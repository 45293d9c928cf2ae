/** The pure-TypeScript backend: Float32Array buffers and the plain loops in this folder. The specification and the benchmark baseline. */

import type { Backend, Buf, BufferOps, Kernels } from '../backend.js';
import { KERNEL_NAMES } from '../kernels.js';
import * as spec from './spec.js';

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
  const buffers: BufferOps = {
    alloc(length) {
      live++;
      bytes += length * 4;
      return new TsBuf(new Float32Array(length));
    },
    upload(data) {
      live++;
      bytes += data.length * 4;
      return new TsBuf(Float32Array.from(data));
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
  };
  return { name: 'ts', ...buffers, ...bindSpec() };
}

/** Every kernel of the table as its specification, with each Buf argument replaced by its Float32Array. */
function bindSpec(): Kernels {
  const kernels: Record<string, (...args: unknown[]) => unknown> = {};
  for (const name of KERNEL_NAMES) {
    const fn = spec[name] as (...args: unknown[]) => unknown;
    kernels[name] = (...args) => fn(...args.map((a) => (a instanceof TsBuf ? d(a) : a)));
  }
  return kernels as unknown as Kernels;
}
