// Builds small IDX files in memory for the parser tests (big-endian header, unsigned-byte data).

export function idxBytes(dims: number[], data: ArrayLike<number>, type = 0x08): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = type;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(Array.from(data), 4 + 4 * dims.length);
  return out;
}

/** `count` images of rows×cols where pixel j of image i is (i·31 + j) mod 256. */
export function imageFile(count: number, rows = 2, cols = 3): Uint8Array {
  const px = Array.from({ length: count * rows * cols }, (_, k) => (Math.floor(k / (rows * cols)) * 31 + (k % (rows * cols))) % 256);
  return idxBytes([count, rows, cols], px);
}

export function labelFile(labels: number[]): Uint8Array {
  return idxBytes([labels.length], labels);
}
