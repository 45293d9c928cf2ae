// Model files with dropout, batchNorm (moving statistics included), softmax and normalize: bit-for-bit round trips, training resumed identically after a reload, and inconsistent records refused before anything is built.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../src/backend/index.js';
import { crc32 } from '../../src/io/crc32.js';
import { adam, batchNorm, dense, dropout, loadModel, normalize, parseModel, relu, sequential, softmax, type Sequential } from '../../src/index.js';
import { Random } from '../../src/random.js';
import { availableBackends } from '../nn/reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

const rng = new Random(6);
const x = Array.from({ length: 48 }, () => [rng.normal(50, 10), rng.normal(0, 0.1), rng.uniform(-3, 3)]);
const y = x.map((r) => ((r[0] - 50) / 10 + r[1] * 10 > 0 ? 1 : 0) + (r[2] > 1 ? 1 : 0));
const fitOptions = (seed: number) => ({ loss: 'softmaxCrossEntropy' as const, optimizer: adam({ lr: 0.01 }), epochs: 3, batchSize: 12, seed, clipNorm: 5 });

function model(): Sequential {
  return sequential([normalize.fit(x, { method: 'minMax' }), dense(8), batchNorm({ momentum: 0.8 }), relu(), dropout(0.25),
    dense(8), batchNorm({ center: false, scale: false }), relu(), dense(3), softmax()], { seed: 2 });
}

describe.each(['ts', 'wasm'] as const)('model files with the toolkit layers on %s', (backend) => {
  it('save → load: the same layers, configs, weights (moving statistics included), summary and predictions, and the same bytes again', async () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const m = model();
    await m.fit(x, y, fitOptions(1));
    const bytes = m.save();
    const again = loadModel(bytes);
    expect(String(again)).toBe(String(m));
    expect(again.layers.map((l) => l.config())).toEqual(m.layers.map((l) => l.config()));
    const w = again.getWeights();
    expect(w).toEqual(m.getWeights());
    expect(Object.keys(w[0])).toEqual(['shift', 'scale']);
    expect(Object.keys(w[2])).toEqual(['gamma', 'beta', 'movingMean', 'movingVariance']);
    expect(Object.keys(w[4])).toEqual(['movingMean', 'movingVariance']);
    expect((w[2].movingVariance as number[]).some((v) => Math.abs(v - 1) > 1e-3)).toBe(true); // trained, saved
    expect(again.summary()).toEqual(m.summary());
    expect(again.predict(x)).toEqual(m.predict(x));
    expect(again.save()).toEqual(bytes);
    m.dispose();
    again.dispose();
  });

  it('fit → save → load → fit continues exactly as the model that never left memory (masks, moving statistics, clipping)', async () => {
    if (!backends.includes(backend)) return;
    setBackend(backend);
    const m = model();
    await m.fit(x, y, fitOptions(1));
    const again = loadModel(m.save());
    await m.fit(x, y, fitOptions(2));
    await again.fit(x, y, fitOptions(2));
    expect(again.getWeights()).toEqual(m.getWeights());
    expect(again.predict(x)).toEqual(m.predict(x));
    m.dispose();
    again.dispose();
  });
});

/** The file with its topology JSON edited (and the checksum resealed), as a broken or hostile writer might leave it. */
function withTopology(bytes: Uint8Array, edit: (t: { layers: Record<string, unknown>[] }) => void): Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  const length = dv.getUint32(16, true);
  const t = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + length)));
  edit(t);
  const json = new TextEncoder().encode(JSON.stringify(t));
  const [weightsAt, newAt] = [length, json.length].map((n) => 20 + n + ((4 - (n % 4)) % 4));
  const out = new Uint8Array(newAt + bytes.length - weightsAt);
  out.set(bytes.subarray(0, 20));
  out.set(json, 20);
  out.set(bytes.subarray(weightsAt), newAt);
  const odv = new DataView(out.buffer);
  odv.setUint32(12, out.length, true);
  odv.setUint32(16, json.length, true);
  odv.setUint32(out.length - 4, crc32(out, 0, out.length - 4), true);
  return out;
}

describe('inconsistent toolkit layer records', () => {
  it('are refused with the layer named, before anything is allocated', () => {
    setBackend('ts');
    const m = model();
    const bytes = m.save();
    m.dispose();
    const live = getBackend().liveBuffers();
    const cases: [(t: { layers: Record<string, unknown>[] }) => void, RegExp][] = [
      [(t) => { t.layers[4].rate = 1; }, /^loadModel: layer 4: dropout: rate must be in \[0, 1\)/],
      [(t) => { t.layers[2].momentum = 2; }, /^loadModel: layer 2: batchNorm: momentum must be ≤ 1, got 2/],
      [(t) => { t.layers[2].axis = 1; }, /^loadModel: layer 2: .*unknown option 'axis'/],
      [(t) => { delete t.layers[6].center; }, /^loadModel: layer 6: .*missing option 'center'/],
      [(t) => { t.layers[0].method = 'zscore'; }, /^loadModel: layer 0: .*method must be 'standard' or 'minMax'/],
      [(t) => { t.layers[0].inputShape = [4]; }, /^loadModel: sequential: layer 0 \(normalize\(minMax, \[4\]\)\) expects input \[4\], got \[3\]$/],
      [(t) => { t.layers[0].inputShape = [1, 3]; }, /^loadModel: sequential: layer 0 \(normalize\(minMax, \[1, 3\]\)\) expects input \[1, 3\], got \[3\]$/],
      [(t) => { t.layers[0].inputShape = [1e9]; }, /^loadModel: sequential: layer 0 \(normalize\(minMax, \[1000000000\]\)\) expects input \[1000000000\], got \[3\]$/],
      [(t) => { t.layers[9].extra = true; }, /^loadModel: layer 9: .*softmax.*unknown option 'extra'/],
    ];
    for (const [edit, message] of cases) {
      const broken = withTopology(bytes, edit);
      expect(() => parseModel(broken), String(message)).toThrow(RangeError);
      expect(() => loadModel(broken)).toThrow(message);
    }
    expect(getBackend().liveBuffers()).toBe(live);
  });
});
