// Convnets through the whole model API: fit / evaluate / predict / gradients / gradCheck, callbacks and early stopping, steady-state allocation, model files, refusals that change nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, type BackendName } from '../../src/backend/index.js';
import {
  adam, avgPool2d, conv2d, dense, earlyStopping, flatten, globalAvgPool2d, gradCheck, loadModel, maxPool2d, relu, sequential, sgd, sigmoid, tanh,
  type Layer,
} from '../../src/index.js';
import { crc32 } from '../../src/io/crc32.js';
import { Random } from '../../src/random.js';
import { availableBackends } from '../nn/reference.js';

let backends: BackendName[] = ['ts'];
beforeAll(async () => { backends = await availableBackends(); });

/**
 * 8×8 one-channel images of a bar: class 0 horizontal, 1 vertical, 2 a diagonal, at a random place, with noise. A
 * dense layer on raw pixels would need many examples of each place; a convolution sees the same stroke everywhere.
 */
function bars(n: number, seed: number): { x: number[][]; y: number[] } {
  const rng = new Random(seed);
  const x: number[][] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const cls = i % 3, at = 1 + rng.int(6);
    const img = Array.from({ length: 64 }, () => rng.uniform(0, 0.2));
    for (let t = 1; t < 7; t++) {
      const [r, c] = cls === 0 ? [at, t] : cls === 1 ? [t, at] : [t, t];
      img[r * 8 + c] = 1;
    }
    x.push(img);
    y.push(cls);
  }
  return { x, y };
}

const convnet = (): Layer[] => [
  conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3 }), relu(), maxPool2d({ poolSize: 2 }),
  conv2d({ filters: 6, kernelSize: 2, padding: 'same' }), tanh(), avgPool2d({ poolSize: 3 }), flatten(), dense(8), relu(), dense(3),
];

describe('a convnet through the model API', () => {
  it('fit learns to tell bars apart wherever they stand; evaluate, predict and predictClasses agree', async () => {
    for (const name of backends) {
      setBackend(name);
      const train = bars(60, 1), test = bars(60, 2);
      const m = sequential(convnet(), { seed: 3 });
      expect(m.summary().text).toMatch(/conv2d\(4 3×3\)\s+\[6, 6, 4\]\s+40\n/);
      const h = await m.fit(train.x, train.y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.02 }), epochs: 30, batchSize: 10, seed: 1, validationData: [test.x, test.y] });
      expect(h.loss.at(-1)!).toBeLessThan(h.loss[0] / 4);
      const { accuracy } = m.evaluate(test.x, test.y);
      expect(accuracy, name).toBeGreaterThanOrEqual(0.95);
      const classes = m.predictClasses(test.x);
      const logits = m.predict(test.x);
      expect(classes).toEqual(logits.map((r) => r.indexOf(Math.max(...r))));
      expect(classes.filter((c, i) => c === test.y[i]).length / 60).toBe(accuracy);
      m.dispose();
    }
  });

  it('gradCheck: finite differences agree with backward through conv (strided, same), average, max and global pooling, flatten', () => {
    const rng = new Random(3);
    const y = [0, 1, 2, 1, 0, 2];
    const x = Array.from({ length: 6 }, () => Array.from({ length: 64 }, () => rng.uniform(-1, 1)));
    // for max pooling, windows whose maximum leads by more than a step (eps = 1e-3 never changes which input wins)
    const xMax = Array.from({ length: 6 }, () => {
      const img = Array.from({ length: 64 }, () => rng.uniform(-0.5, 0.5));
      for (let wy = 0; wy < 4; wy++) for (let wx = 0; wx < 4; wx++) img[(wy * 2 + rng.int(2)) * 8 + wx * 2 + rng.int(2)] = 2 + rng.uniform(0, 1);
      return img;
    });
    for (const name of backends) {
      setBackend(name);
      const smooth = sequential([conv2d({ inputShape: [8, 8, 1], filters: 3, kernelSize: 3, strides: 2, padding: 'same', bias: 'init' }), tanh(), avgPool2d({ poolSize: 2 }),
        conv2d({ filters: 4, kernelSize: 2, bias: 'init' }), sigmoid(), globalAvgPool2d(), dense(3)], { seed: 2 });
      const pooled = sequential([conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 1 }), maxPool2d({ poolSize: 2 }), conv2d({ filters: 3, kernelSize: 2, bias: 'init' }), tanh(), flatten(), dense(3)], { seed: 2 });
      pooled.setWeights([{ W: [[0.8, 1.3]], b: [0.1, -0.2] }, ...pooled.getWeights().slice(1)]); // increasing maps keep each window's winner
      // f32 losses: a difference quotient with eps 1e-3 carries ~1e-4 of rounding, hence the floor of 1e-2
      for (const [m, data] of [[smooth, x], [pooled, xMax]] as const) {
        const r = gradCheck(m, data, y, { loss: 'softmaxCrossEntropy', floor: 1e-2 });
        expect(r.max, `${name} ${m}`).toBeLessThan(2e-2);
        expect(r.layers.map((l) => l.layer)).toEqual(m.layers.filter((l) => l.params().length > 0).map(String));
        m.dispose();
      }
    }
  });

  it('callbacks and early stopping: restoreBestWeights puts back the best epoch of a convnet', async () => {
    setBackend(backends.at(-1)!);
    const train = bars(30, 3), val = bars(30, 4);
    const m = sequential(convnet(), { seed: 5 });
    const seen: number[] = [];
    const h = await m.fit(train.x, train.y, {
      loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.05 }), epochs: 200, batchSize: 5, validationData: [val.x, val.y],
      callbacks: [earlyStopping({ monitor: 'valLoss', patience: 2, restoreBestWeights: true })],
      onEpochEnd: (e) => { seen.push(e); },
    });
    expect(h.stoppedBy).toBe('earlyStopping');
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.length).toBeLessThan(200);
    expect(m.evaluate(val.x, val.y).loss).toBeCloseTo(Math.min(...h.valLoss!), 5);
    m.dispose();
  });

  it('a steady-state step allocates nothing; predict, evaluate and gradients free their temporaries; dispose frees everything', async () => {
    for (const name of backends) {
      setBackend(name);
      const be = getBackend();
      const start = be.liveBuffers();
      const { x, y } = bars(50, 6);
      const m = sequential(convnet(), { seed: 0 });
      const counts: number[] = [];
      await m.fit(x, y, {
        loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.01 }), batchSize: 8, epochs: 72, l2: 1e-4, validationData: [x.slice(0, 20), y.slice(0, 20)],
        onBatchEnd: (step) => { if (step === 1 || step === 499) counts.push(be.liveBuffers()); },
      });
      expect(counts).toHaveLength(2);
      expect(counts[1], name).toBe(counts[0]);
      m.predict(x);
      m.evaluate(x, y);
      m.gradients(x, y);
      const after = be.liveBuffers();
      m.predict(x);
      m.evaluate(x, y);
      m.gradients(x, y);
      expect(be.liveBuffers()).toBe(after);
      m.dispose();
      expect(be.liveBuffers(), name).toBe(start);
    }
  });

  it('bad input is refused with the layer and shapes named, and changes nothing', async () => {
    setBackend('ts');
    const m = sequential(convnet(), { seed: 0 });
    const before = m.getWeights();
    const { x, y } = bars(6, 1);
    expect(() => m.predict([x[0].slice(1)])).toThrow('predict: conv2d(4 3×3): input has 63 columns, expected 64 (samples of [8, 8, 1], flattened)');
    await expect(m.fit(x.map((r) => r.slice(1)), y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), epochs: 1 })).rejects.toThrow(RangeError);
    await expect(m.fit(x, [0, 1, 7, 0, 1, 2], { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), epochs: 1 })).rejects.toThrow(RangeError);
    expect(m.getWeights()).toEqual(before);
    m.dispose();
  });
});

/** A saved model's topology edited (and the checksum fixed), as a corrupt or foreign writer might have made it. */
function withTopology(bytes: Uint8Array, edit: (t: { layers: Record<string, unknown>[] }) => void): Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  const length = dv.getUint32(16, true);
  const t = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + length)));
  edit(t);
  const json = new TextEncoder().encode(JSON.stringify(t));
  const weightsAt = 20 + length + ((4 - (length % 4)) % 4), newAt = 20 + json.length + ((4 - (json.length % 4)) % 4);
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

describe('convnets in model files', () => {
  it('save → load: the same layers and bits, on both backends; the bytes do not depend on the backend', async () => {
    const { x, y } = bars(20, 2);
    const files: Uint8Array[] = [];
    for (const name of backends) {
      setBackend(name);
      const m = sequential(convnet(), { seed: 1 });
      await m.fit(x, y, { loss: 'softmaxCrossEntropy', optimizer: sgd({ lr: 0.1 }), epochs: 2, batchSize: 5 });
      const bytes = m.save();
      const back = loadModel(bytes);
      expect(String(back)).toBe(String(m));
      expect(back.predict(x)).toEqual(m.predict(x));
      expect(back.save()).toEqual(bytes);
      const untrained = sequential(convnet(), { seed: 1 });
      files.push(untrained.save());
      for (const k of [m, back, untrained]) k.dispose();
    }
    if (files.length === 2) expect(files[1]).toEqual(files[0]);
  });

  it('refuses inconsistent image layers before building anything, naming the layer', () => {
    setBackend('ts');
    const bytes = sequential(convnet(), { seed: 1 }).save();
    const live = getBackend().liveBuffers();
    expect(() => loadModel(withTopology(bytes, (t) => { t.layers[0].kernelSize = [9, 9]; }))).toThrow(/the 9×9 window is larger than the 8×8 input/);
    expect(() => loadModel(withTopology(bytes, (t) => { t.layers[0].filters = 0; }))).toThrow(/loadModel: layer 0: .*filters must be an integer from 1 to 65536, got 0/);
    expect(() => loadModel(withTopology(bytes, (t) => { t.layers[2].padding = 'reflect'; }))).toThrow(/loadModel: layer 2: .*padding must be 'valid' or 'same'/);
    expect(() => loadModel(withTopology(bytes, (t) => { delete t.layers[2].strides; }))).toThrow(/loadModel: layer 2: .*missing option 'strides'/);
    expect(() => loadModel(withTopology(bytes, (t) => { t.layers[3].filters = 7; }))).toThrow(/the layers need \d+ bytes but the file has \d+/);
    expect(() => loadModel(withTopology(bytes, (t) => { t.layers.splice(6, 1); }))).toThrow(/dense\(8\)\) expects \[features\] input, got \[1, 1, 6\]/);
    expect(getBackend().liveBuffers()).toBe(live);
  });
});
