// Tests src/worker/train.ts: the worker's training run, called directly, against a plain model.fit.
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../src/backend/index.js';
import { makeMoons } from '../../src/data/moons.js';
import { adam, momentum } from '../../src/nn/optimizers.js';
import { dense } from '../../src/nn/dense.js';
import { relu, tanh } from '../../src/nn/activations.js';
import { conv2d } from '../../src/nn/conv2d.js';
import { flatten } from '../../src/nn/flatten.js';
import { lstm } from '../../src/nn/lstm.js';
import { maxPool2d } from '../../src/nn/pooling.js';
import { mlp, sequential } from '../../src/model/sequential.js';
import type { FromWorker, TrainRequest } from '../../src/worker/protocol.js';
import { runTraining } from '../../src/worker/train.js';

beforeAll(async () => { await init(); });

const data = makeMoons(60, { noise: 0.1, seed: 3 });
const request = (over: Partial<TrainRequest> = {}): TrainRequest => ({
  type: 'train',
  data,
  model: { inputs: 2, layers: [8, 2], activation: 'tanh', seed: 5 },
  fit: { optimizer: { name: 'adam', lr: 0.02 }, epochs: 7, batchSize: 16 },
  reportEvery: 3,
  ...over,
});

async function collect(req: TrainRequest, stopAfter = Infinity): Promise<FromWorker[]> {
  const msgs: FromWorker[] = [];
  let progress = 0;
  await runTraining(req, (m) => { msgs.push(m); if (m.type === 'progress') progress++; }, { stopRequested: () => progress >= stopAfter });
  return msgs;
}

describe('runTraining', () => {
  it('posts progress after every epoch, weights every reportEvery epochs and at the end, then done', async () => {
    const msgs = await collect(request());
    const progress = msgs.filter((m) => m.type === 'progress');
    expect(progress.map((m) => m.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6]); // 0-based, as history and callbacks
    expect(progress.filter((m) => m.weights).map((m) => m.epoch + 1)).toEqual([3, 6, 7]);
    const done = msgs.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.stopped).toBe(false);
    expect(done.epochsDone).toBe(7);
    expect(done.loss).toBe(progress.at(-1)!.loss);
    // JSON-only: survives a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(done.weights))).toEqual(done.weights);
  });

  it('ends with exactly the weights of the same fit run directly', async () => {
    const msgs = await collect(request());
    const done = msgs.at(-1)!;
    const model = mlp(2, [8, 2], { activation: 'tanh', seed: 5 });
    const history = await model.fit(data.x, data.y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.02 }), epochs: 7, batchSize: 16 });
    expect(done.type === 'done' && done.weights).toEqual(model.getWeights());
    const progress = msgs.filter((m) => m.type === 'progress');
    expect(progress.map((m) => m.loss)).toEqual(history.loss);
    expect(progress.map((m) => m.accuracy)).toEqual(history.accuracy);
    model.dispose();
  });

  it('trains a sequence model given by layer configs (lstm → dense, mse) to exactly the weights of the same fit run directly', async () => {
    const x = Array.from({ length: 24 }, (_, i) => Array.from({ length: 6 }, (_, t) => Math.sin(0.4 * (i + t))));
    const y = x.map((r, i) => Math.sin(0.4 * (i + 6)) + 0 * r[0]);
    const layers = [{ kind: 'lstm', units: 4, returnSequences: false }, { kind: 'dense', units: 1 }] as const;
    const msgs = await collect(request({ data: { x, y }, model: { inputShape: [6, 1], layers: layers.slice(), seed: 3 }, fit: { optimizer: { name: 'adam', lr: 0.02 }, epochs: 5, batchSize: 8, loss: 'mse' } }));
    const done = msgs.at(-1)!;
    expect(done.type).toBe('done');
    const model = sequential([lstm({ units: 4, inputShape: [6, 1] }), dense(1)], { seed: 3 });
    await model.fit(x, y, { loss: 'mse', optimizer: adam({ lr: 0.02 }), epochs: 5, batchSize: 8 });
    expect(done.type === 'done' && done.weights).toEqual(model.getWeights());
    model.dispose();
  });

  it('starts from given weights', async () => {
    const model = mlp(2, [8, 2], { activation: 'tanh', seed: 99 });
    const weights = model.getWeights();
    const msgs = await collect(request({ weights, fit: { optimizer: { name: 'sgd', lr: 0.1 }, epochs: 1, batchSize: 60 } }));
    await model.fit(data.x, data.y, { loss: 'softmaxCrossEntropy', optimizer: (await import('../../src/nn/optimizers.js')).sgd({ lr: 0.1 }), epochs: 1, batchSize: 60 });
    const done = msgs.at(-1)!;
    expect(done.type === 'done' && done.weights).toEqual(model.getWeights());
    model.dispose();
  });

  it('stops at the next batch once stop is requested: that epoch still reports, with the weights', async () => {
    // Stop is requested once the page has seen epoch index 1; the next batch (the first of epoch index 2) is the last.
    const msgs = await collect(request({ fit: { optimizer: { name: 'momentum', lr: 0.05 }, epochs: 50, batchSize: 16 } }), 2);
    const progress = msgs.filter((m) => m.type === 'progress');
    expect(progress.map((m) => m.epoch)).toEqual([0, 1, 2]);
    expect(progress[2]!.weights).toBeDefined();
    const done = msgs.at(-1)!;
    expect(done.type === 'done' && [done.stopped, done.epochsDone]).toEqual([true, 3]);
    // one batch of the third epoch ran: its weights differ from those after two epochs of a plain fit by one step only
    const model = mlp(2, [8, 2], { activation: 'tanh', seed: 5 });
    const batches: number[] = [];
    await model.fit(data.x, data.y, { loss: 'softmaxCrossEntropy', optimizer: momentum({ lr: 0.05 }), epochs: 3, batchSize: 16, onBatchEnd: (step) => (batches.push(step), step < 8 ? undefined : false) });
    expect(done.type === 'done' && done.weights).toEqual(model.getWeights()); // 4 batches per epoch: steps 0..8
    model.dispose();
  });

  it('builds any model: layers by config, or a saved model whose weights training starts from', async () => {
    const source = sequential([dense(2, 6), tanh(), dense(2)], { seed: 3 });
    const byConfig = await collect(request({ model: { inputShape: [2], layers: source.layers.map((l) => l.config()), seed: 3 } }));
    const saved = await collect(request({ model: { saved: source.save() } }));
    const a = byConfig.at(-1)!, b = saved.at(-1)!;
    expect(a.type === 'done' && b.type === 'done' && a.weights).toEqual(b.type === 'done' && b.weights);
    source.dispose();
  });

  it('trains a convnet by its layer configs to exactly the weights of the same fit run directly', async () => {
    const layers = () => [conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3 }), relu(), maxPool2d({ poolSize: 2 }), flatten(), dense(2)];
    const images = { x: Array.from({ length: 24 }, (_, i) => Array.from({ length: 36 }, (_, p) => ((i * 7 + p * 3) % 11) / 10)), y: Array.from({ length: 24 }, (_, i) => i % 2) };
    const source = sequential(layers(), { seed: 4 });
    const msgs = await collect(request({ data: images, model: { inputShape: [6, 6, 1], layers: source.layers.map((l) => l.config()), seed: 4 } }));
    const done = msgs.at(-1)!;
    await source.fit(images.x, images.y, { loss: 'softmaxCrossEntropy', optimizer: adam({ lr: 0.02 }), epochs: 7, batchSize: 16 });
    expect(done.type === 'done' && done.weights).toEqual(source.getWeights());
    source.dispose();
  });

  it('reports bad requests as one error message naming the problem', async () => {
    const cases: [Partial<TrainRequest>, RegExp, string][] = [
      [{ fit: { optimizer: { name: 'nadam' as 'adam', lr: 0.1 }, epochs: 2 } }, /unknown optimizer "nadam"; expected 'sgd', 'momentum', 'adam', 'adamw', 'rmsprop', 'adagrad'/, 'TypeError'],
      [{ fit: { optimizer: { name: 'sgd', lr: 0.1 }, epochs: 0 } }, /epochs/, 'RangeError'],
      [{ data: { x: data.x, y: data.y.slice(1) } }, /60 rows but data.y has 59/, 'RangeError'],
      [{ model: { inputs: 3, layers: [4, 2] } }, /3/, 'RangeError'],
    ];
    for (const [over, message, name] of cases) {
      const msgs = await collect(request(over));
      expect(msgs).toHaveLength(1);
      expect(msgs[0]).toMatchObject({ type: 'error', name });
      expect(msgs[0]!.type === 'error' && msgs[0]!.message).toMatch(message);
    }
  });
});

describe('runTraining with the toolkit layers and options', () => {
  it('a saved model with normalize, batchNorm, dropout and softmax, trained with rmsprop and clipNorm, ends with the weights of the same fit run directly', async () => {
    const { normalize, batchNorm, dropout, softmax } = await import('../../src/index.js');
    const { rmsprop } = await import('../../src/nn/optimizers.js');
    const { loadModel } = await import('../../src/model/load.js');
    const scaled = data.x.map((r) => [100 * r[0] + 20, r[1] / 100]);
    const build = () => sequential([normalize.fit(scaled), dense(8), batchNorm(), tanh(), dropout(0.2), dense(2), softmax()], { seed: 1 });
    const saved = build().save();
    const msgs = await collect(request({
      data: { x: scaled, y: data.y }, model: { saved },
      fit: { optimizer: { name: 'rmsprop', lr: 0.01, momentum: 0.5 }, epochs: 4, batchSize: 16, seed: 3, clipNorm: 0.5 },
    }));
    const done = msgs.at(-1)!;
    expect(done.type).toBe('done');
    const direct = loadModel(saved);
    await direct.fit(scaled, data.y, { loss: 'softmaxCrossEntropy', optimizer: rmsprop({ lr: 0.01, momentum: 0.5 }), epochs: 4, batchSize: 16, seed: 3, clipNorm: 0.5 });
    expect(done.type === 'done' && done.weights).toEqual(direct.getWeights());
    expect(Object.keys(direct.getWeights()[2])).toEqual(['gamma', 'beta', 'movingMean', 'movingVariance']);
    direct.dispose();
  });

  it('layer configs of the toolkit kinds build (statistics from the weights sent along); clipNorm with clipValue is reported as an error', async () => {
    const { normalize, batchNorm } = await import('../../src/index.js');
    const donor = sequential([normalize({ mean: [0.5, 0.2], std: [1, 0.5] }), dense(6), batchNorm(), tanh(), dense(2)], { seed: 4 });
    const msgs = await collect(request({
      model: { inputShape: [2], layers: donor.layers.map((l) => l.config()), seed: 4 }, weights: donor.getWeights(),
      fit: { optimizer: { name: 'adamw', lr: 0.01, weightDecay: 0.1 }, epochs: 2 },
    }));
    expect(msgs.at(-1)!.type).toBe('done');
    donor.dispose();
    const bad = await collect(request({ fit: { optimizer: { name: 'adam' }, epochs: 1, clipNorm: 1, clipValue: 1 } }));
    expect(bad).toEqual([{ type: 'error', name: 'TypeError', message: expect.stringMatching(/^fit: give clipNorm \(1\) or clipValue \(1\), not both/) }]);
  });
});
