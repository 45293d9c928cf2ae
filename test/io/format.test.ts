// Model files: round trip bit-for-bit, deterministic bytes, and refusal of truncated, corrupt, foreign, newer or inconsistent files.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../src/backend/index.js';
import { crc32, loadModel } from '../../src/io/index.js';
import { dense, leakyRelu, mlp, sequential, sgd, sigmoid, step, tanh } from '../../src/nn/index.js';
import { availableBackends, tinyData } from '../nn/reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

/** Rewrites the checksum so that a deliberately inconsistent file gets past the CRC check. */
function reseal(bytes: Uint8Array): Uint8Array {
  const b = bytes.slice();
  new DataView(b.buffer).setUint32(b.length - 4, crc32(b, 0, b.length - 4), true);
  return b;
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('save / load', () => {
  it('round trip: same topology, same predictions bit for bit, same bytes again', async () => {
    for (const name of backends) {
      setBackend(name);
      const { x, cls } = tinyData(30, 4);
      const m = sequential([dense(3, 6, { init: 'he' }), leakyRelu(0.2), dense(6, 4), tanh(), dense(4, 2), sigmoid(), dense(2, 2)], { seed: 8 });
      await m.fit(x, cls, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.2 }), epochs: 5, batchSize: 10 });
      const bytes = m.save();
      expect(String.fromCharCode(...bytes.subarray(0, 7))).toBe('SIMDNET');
      const again = loadModel(bytes);
      expect(String(again)).toBe(String(m));
      expect(again.predict(x)).toEqual(m.predict(x));
      expect(again.lastLoss).toBe('softmaxCrossEntropy');
      expect(again.save()).toEqual(bytes);
      expect(loadModel(bytes.buffer.slice(0) as ArrayBuffer).getWeights()).toEqual(m.getWeights());
      m.dispose();
      again.dispose();
    }
  });

  it('the bytes do not depend on the backend', () => {
    if (!backends.includes('wasm')) return;
    const bytes = (['ts', 'wasm'] as const).map((name) => {
      setBackend(name);
      const m = mlp(2, [5, 3], { activation: 'tanh', seed: 2 });
      const b = m.save();
      m.dispose();
      return b;
    });
    expect(bytes[0]).toEqual(bytes[1]);
  });

  it('refuses truncated, corrupt, foreign and newer files, and builds nothing', () => {
    setBackend('ts');
    const m = sequential([dense(2, 3), step(), dense(3, 1)], { seed: 1 });
    const bytes = m.save();
    const live = getBackend().liveBuffers();
    expect(() => loadModel(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated: \d+ bytes, the header says \d+/);
    expect(() => loadModel(bytes.subarray(0, 20))).toThrow(/truncated/);
    expect(() => loadModel(new Uint8Array([...bytes, 0]))).toThrow(/1 unexpected bytes/);
    for (const at of [17, 40, bytes.length - 10, bytes.length - 2]) {
      const bad = bytes.slice();
      bad[at] ^= 0x10;
      expect(() => loadModel(bad), `byte ${at}`).toThrow(/checksum mismatch .* the file is corrupt/);
    }
    const foreign = bytes.slice();
    foreign[0] = 0x50;
    expect(() => loadModel(foreign)).toThrow(/not a simdnet model/);
    const newer = bytes.slice();
    newer[8] = 2;
    expect(() => loadModel(reseal(newer))).toThrow(/unsupported format version 2/);
    expect(() => loadModel('SIMDNET' as unknown as Uint8Array)).toThrow(TypeError);
    expect(getBackend().liveBuffers()).toBe(live);
    m.dispose();
  });

  it('refuses inconsistent topologies even with a valid checksum', () => {
    setBackend('ts');
    const m = mlp(2, [3, 1], { seed: 1 });
    const bytes = m.save();
    const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset);
    const wrongIn = bytes.slice();
    dv(wrongIn).setUint32(32 + 24 * 2 + 4, 4, true); // second dense claims 4 inputs after a 3-wide relu
    expect(() => loadModel(reseal(wrongIn))).toThrow(/layer 2 \(dense\) takes 4 inputs but receives 3/);
    const unknownKind = bytes.slice();
    dv(unknownKind).setUint32(32 + 24, 9, true);
    expect(() => loadModel(reseal(unknownKind))).toThrow(/layer 1 has unknown kind code 9/);
    const nanWeight = bytes.slice();
    dv(nanWeight).setFloat32(32 + 24 * 3, NaN, true);
    expect(() => loadModel(reseal(nanWeight))).toThrow(/non-finite weight/);
    m.dispose();
  });
});
