/** The IDX file format (MNIST): a strict parser for unsigned-byte files, and MNIST images/labels on top of it. */

import { checkInt, typeError, rangeError } from '../errors.js';
import type { Matrix } from '../matrix.js';

/** A parsed IDX file: its dimensions (big-endian in the header) and a view of its unsigned-byte payload. */
export interface IdxFile {
  dims: number[];
  data: Uint8Array;
}

const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte', 0x09: 'signed byte', 0x0b: 'int16', 0x0c: 'int32', 0x0d: 'float32', 0x0e: 'float64',
};

const hex = (v: number, digits = 2): string => '0x' + v.toString(16).padStart(digits, '0');

/**
 * Parses an IDX file: bytes 0–1 are zero, byte 2 is the data type (only 0x08, unsigned byte, is
 * accepted), byte 3 the number of dimensions, then one big-endian uint32 per dimension, then the data.
 * Refuses truncated or oversized payloads. `name` (a file name) is used in error messages.
 *
 * ```ts
 * const { dims, data } = parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 3]));
 * // dims [2], data [7, 3]
 * ```
 */
export function parseIdx(bytes: Uint8Array, name = 'IDX data'): IdxFile {
  const op = `parseIdx(${name})`;
  if (!(bytes instanceof Uint8Array)) throw typeError(op, `expected a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  if (bytes.length < 4) throw rangeError(op, `magic number truncated: ${bytes.length} bytes, an IDX header needs at least 4`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw typeError(op, 'this is a gzip file (magic 0x1f8b): decompress it first (loadMnist does so for .gz files)');
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw typeError(op, `wrong magic number: bytes 0–1 are ${hex(bytes[0])} ${hex(bytes[1])}, an IDX file starts with 0x00 0x00`);
  }
  const type = bytes[2];
  if (type !== 0x08) {
    const what = TYPE_NAMES[type] ? ` (${TYPE_NAMES[type]})` : ' (not an IDX type)';
    throw typeError(op, `data-type byte (byte 2) is ${hex(type)}${what}; only 0x08 (unsigned byte) is supported`);
  }
  const ndim = bytes[3];
  if (ndim === 0) throw rangeError(op, 'dimension count (byte 3) is 0');
  const headerLen = 4 + 4 * ndim;
  if (bytes.length < headerLen) {
    throw rangeError(op, `header truncated: ${bytes.length} bytes, ${ndim} dimensions need a ${headerLen}-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < ndim; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    size *= d;
  }
  const payload = bytes.length - headerLen;
  if (payload !== size) {
    const kind = payload < size ? 'truncated' : 'has extra bytes';
    throw rangeError(op, `data ${kind}: header declares ${dims.join('×')} = ${size} bytes, the file holds ${payload} after its ${headerLen}-byte header`);
  }
  return { dims, data: bytes.subarray(headerLen) };
}

function expectMagic(op: string, bytes: Uint8Array, ndim: number, what: string): void {
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x08 && bytes[3] !== ndim) {
    const magic = hex(((bytes[2] << 8) | bytes[3]) >>> 0, 8);
    const is = bytes[3] === 1 ? 'a label file' : bytes[3] === 3 ? 'an image file' : `a ${bytes[3]}-D file`;
    throw typeError(op, `magic number ${magic} says ${is}; ${what} files have magic ${hex(0x800 | ndim, 8)}`);
  }
}

/**
 * MNIST images (magic 0x00000803: count × rows × cols bytes) as a count × (rows·cols) Matrix with
 * pixels scaled to [0, 1]. `limit` keeps only the first images (and only converts those).
 *
 * ```ts
 * const x = parseMnistImages(readFileSync('t10k-images-idx3-ubyte')); // shape [10000, 784]
 * ```
 */
export function parseMnistImages(bytes: Uint8Array, opts: { name?: string; limit?: number } = {}): Matrix {
  const name = opts.name ?? 'images';
  const op = `parseMnistImages(${name})`;
  expectMagic(op, bytes, 3, 'image');
  const { dims, data } = parseIdx(bytes, name);
  const [count, rows, cols] = dims;
  const n = opts.limit === undefined ? count : Math.min(count, checkInt(op, 'limit', opts.limit, 1));
  const size = rows * cols;
  const out = new Float32Array(n * size);
  for (let i = 0; i < out.length; i++) out[i] = data[i] / 255;
  return { data: out, shape: [n, size] };
}

/**
 * MNIST labels (magic 0x00000801: count bytes) as a Uint8Array copy. `limit` keeps the first labels.
 *
 * ```ts
 * const y = parseMnistLabels(readFileSync('t10k-labels-idx1-ubyte')); // y[0] === 7
 * ```
 */
export function parseMnistLabels(bytes: Uint8Array, opts: { name?: string; limit?: number } = {}): Uint8Array {
  const name = opts.name ?? 'labels';
  const op = `parseMnistLabels(${name})`;
  expectMagic(op, bytes, 1, 'label');
  const { dims, data } = parseIdx(bytes, name);
  const n = opts.limit === undefined ? dims[0] : Math.min(dims[0], checkInt(op, 'limit', opts.limit, 1));
  return data.slice(0, n);
}

/**
 * Parses an images file and its labels file together, refusing a count mismatch (checked on the
 * headers, before any conversion). `limit` keeps the first pairs.
 *
 * ```ts
 * const { x, y } = parseMnist(imageBytes, labelBytes, { limit: 1000 });
 * ```
 */
export function parseMnist(
  images: Uint8Array,
  labels: Uint8Array,
  opts: { imagesName?: string; labelsName?: string; limit?: number } = {},
): { x: Matrix; y: Uint8Array } {
  const imagesName = opts.imagesName ?? 'images';
  const labelsName = opts.labelsName ?? 'labels';
  expectMagic(`parseMnistImages(${imagesName})`, images, 3, 'image');
  expectMagic(`parseMnistLabels(${labelsName})`, labels, 1, 'label');
  const nImages = parseIdx(images, imagesName).dims[0];
  const nLabels = parseIdx(labels, labelsName).dims[0];
  if (nImages !== nLabels) {
    throw rangeError('parseMnist', `${imagesName} holds ${nImages} images but ${labelsName} holds ${nLabels} labels`);
  }
  return {
    x: parseMnistImages(images, { name: imagesName, limit: opts.limit }),
    y: parseMnistLabels(labels, { name: labelsName, limit: opts.limit }),
  };
}
