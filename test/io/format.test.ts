// Model files: round trip bit-for-bit, deterministic bytes, and refusal of truncated, corrupt, foreign, newer or inconsistent files.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../src/backend/index.js';
import { crc32 } from '../../src/io/crc32.js';
import { loadModel, parseModel } from '../../src/index.js';
import { readFileSync } from 'node:fs';
import { dense, leakyRelu, mlp, sequential, sgd, sigmoid, step, tanh } from '../../src/index.js';
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
    newer[8] = 3;
    expect(() => loadModel(reseal(newer))).toThrow(/unsupported format version 3; this simdnet reads versions 1 to 2/);
    expect(() => loadModel('SIMDNET' as unknown as Uint8Array)).toThrow(TypeError);
    expect(getBackend().liveBuffers()).toBe(live);
    m.dispose();
  });

  it('refuses inconsistent topologies even with a valid checksum, naming the layer', () => {
    setBackend('ts');
    const m = mlp(2, [3, 1], { seed: 1 });
    const bytes = m.save();
    const live = getBackend().liveBuffers();
    const withTopology = (edit: (t: { inputShape: unknown; loss: unknown; layers: Record<string, unknown>[] }) => void): Uint8Array => {
      const dv = new DataView(bytes.buffer, bytes.byteOffset);
      const length = dv.getUint32(16, true);
      const t = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + length)));
      edit(t);
      const json = new TextEncoder().encode(JSON.stringify(t));
      const weightsAt = 20 + length + ((4 - (length % 4)) % 4);
      const newAt = 20 + json.length + ((4 - (json.length % 4)) % 4);
      const out = new Uint8Array(newAt + bytes.length - weightsAt);
      out.set(bytes.subarray(0, 20));
      out.set(json, 20);
      out.set(bytes.subarray(weightsAt), newAt);
      const odv = new DataView(out.buffer);
      odv.setUint32(12, out.length, true);
      odv.setUint32(16, json.length, true);
      return reseal(out);
    };
    expect(() => loadModel(withTopology((t) => { t.layers[2].units = 2; }))).toThrow(/the layers need \d+ bytes but the file has \d+/);
    expect(() => loadModel(withTopology((t) => { t.layers[1].kind = 'swish'; }))).toThrow(/loadModel: layer 1: .*unknown layer kind "swish"/);
    expect(() => loadModel(withTopology((t) => { t.layers[0].units = -3; }))).toThrow(/loadModel: layer 0: .*units must be an integer ≥ 1, got -3/);
    expect(() => loadModel(withTopology((t) => { t.layers[0].activation = 'relu'; }))).toThrow(/loadModel: layer 0: .*unknown option 'activation'/);
    expect(() => loadModel(withTopology((t) => { t.inputShape = [2, 0]; }))).toThrow(/input shape \[2,0\] is not 1 to 4 positive integers/);
    expect(() => loadModel(withTopology((t) => { t.inputShape = [1, 2]; }))).toThrow(/sequential: layer 0 \(dense\(3\)\) expects \[features\] input, got \[1, 2\]/);
    expect(() => loadModel(withTopology((t) => { t.loss = 'crossEntropy'; }))).toThrow(/unknown loss "crossEntropy"/);
    const notJson = reseal(Uint8Array.from(bytes, (b, i) => (i === 20 ? 0x7b + 1 : b)));
    expect(() => loadModel(notJson)).toThrow(/the topology is not valid JSON/);
    const nanWeight = bytes.slice();
    new DataView(nanWeight.buffer).setFloat32(nanWeight.length - 8, NaN, true);
    expect(() => loadModel(reseal(nanWeight))).toThrow(/layer 2 \(dense\) has a non-finite weight \(NaN\) in b/);
    expect(getBackend().liveBuffers()).toBe(live);
    m.dispose();
  });
});

describe('version 1 files (written before shaped layers) still load', () => {
  const fixture = (name: string): { bytes: Uint8Array; expected: { layers: string; loss: string | null; weights: { W: number[][]; b: number[] }[] } } => ({
    bytes: new Uint8Array(readFileSync(new URL(`../fixtures/models/${name}.bin`, import.meta.url))),
    expected: JSON.parse(readFileSync(new URL(`../fixtures/models/${name}.json`, import.meta.url), 'utf8')),
  });

  it('the same layers, loss and weights as the simdnet that wrote them reported; predictions equal an f64 forward pass of those weights', () => {
    for (const name of backends) {
      setBackend(name);
      for (const file of ['v1-mixed', 'v1-perceptron']) {
        const { bytes, expected } = fixture(file);
        const model = loadModel(bytes);
        expect(String(model), file).toBe(expected.layers);
        expect(model.lastLoss).toBe(expected.loss);
        expect(model.getWeights()).toEqual(expected.weights);
        const x = [[0.3, -1.2, 0.5].slice(0, model.inputSize), [1.5, 0.25, -0.75].slice(0, model.inputSize)];
        const f64 = x.map((row) => forward64(String(model), expected.weights, row));
        const got = model.predict(x);
        got.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(f64[i][j], 5)));
        expect(parseModel(bytes).version).toBe(1);
        expect(parseModel(model.save()).version).toBe(2);
        model.dispose();
      }
    }
  });

  it('refuses inconsistent version-1 records with the old messages', () => {
    setBackend('ts');
    const { bytes } = fixture('v1-mixed');
    const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset);
    const wrongIn = bytes.slice();
    dv(wrongIn).setUint32(32 + 24 * 2 + 4, 5, true); // the second dense claims 5 inputs after a 6-wide leakyRelu
    expect(() => loadModel(reseal(wrongIn))).toThrow(/layer 2 \(dense\) takes 5 inputs but receives 6/);
    const unknownKind = bytes.slice();
    dv(unknownKind).setUint32(32 + 24, 9, true);
    expect(() => loadModel(reseal(unknownKind))).toThrow(/layer 1 has unknown kind code 9/);
    const nanWeight = bytes.slice();
    dv(nanWeight).setFloat32(32 + 24 * 7, NaN, true);
    expect(() => loadModel(reseal(nanWeight))).toThrow(/non-finite weight/);
  });
});

/** The model's output for one row in f64, from its layer names and weights (dense, relu, leakyRelu(α), tanh, sigmoid, step). */
function forward64(chain: string, weights: { W: number[][]; b: number[] }[], row: number[]): number[] {
  let h = row.slice();
  let d = 0;
  for (const name of chain.split(' → ')) {
    if (name.startsWith('dense')) {
      const { W, b } = weights[d++];
      h = b.map((bj, j) => h.reduce((s, v, i) => s + v * W[i][j], bj));
    } else if (name.startsWith('leakyRelu')) {
      const alpha = Number(/\((.*)\)/.exec(name)![1]);
      h = h.map((v) => (v > 0 ? v : alpha * v));
    } else {
      const f = { relu: (v: number) => Math.max(0, v), tanh: Math.tanh, sigmoid: (v: number) => 1 / (1 + Math.exp(-v)), step: (v: number) => (v > 0 ? 1 : 0) }[name]!;
      h = h.map(f);
    }
  }
  return h;
}
