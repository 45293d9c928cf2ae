// saveTfjs / loadTfjs (simdnet/tfjs/node): the two files TensorFlow.js reads, written and read back in Node.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../../src/backend/index.js';
import { loadTfjs, saveTfjs } from '../../../src/interop/tfjs/node.js';
import { mlp } from '../../../src/model/sequential.js';
import { maxRelDiff, randomRows } from '../compare.js';
import { loadInTfjs, tfjsReady, tfPredict } from './runtime.js';

let dir: string;
beforeAll(async () => { await init(); await tfjsReady(); dir = mkdtempSync(join(tmpdir(), 'simdnet-tfjs-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saveTfjs and loadTfjs', () => {
  it('write model.json and group1-shard1of1.bin, which TensorFlow.js loads with the same predictions, and read them back', async () => {
    const model = mlp(3, [8, 2], { activation: 'tanh', seed: 6 });
    const paths = saveTfjs(model, join(dir, 'out', 'tfjs'));
    expect(paths).toEqual({ modelJson: join(dir, 'out', 'tfjs', 'model.json'), weights: join(dir, 'out', 'tfjs', 'group1-shard1of1.bin') });
    const modelJson = JSON.parse(readFileSync(paths.modelJson, 'utf8'));
    const weightData = new Uint8Array(readFileSync(paths.weights));
    const tfModel = await loadInTfjs({ modelJson, weightData });
    const x = randomRows(6, 3, 2);
    expect(maxRelDiff(tfPredict(tfModel, x), model.predict(x))).toBeLessThanOrEqual(1e-5);
    for (const path of [paths.modelJson, join(dir, 'out', 'tfjs')]) {
      const again = loadTfjs(path);
      expect(again.getWeights()).toEqual(model.getWeights());
      again.dispose();
    }
    model.dispose();
  });

  it('refuses a manifest path outside the model folder, and text that is not JSON', () => {
    const model = mlp(2, [2], { seed: 0 });
    const { modelJson } = saveTfjs(model, join(dir, 'evil'));
    model.dispose();
    const json = JSON.parse(readFileSync(modelJson, 'utf8'));
    json.weightsManifest[0].paths = ['../../etc/passwd'];
    writeFileSync(modelJson, JSON.stringify(json));
    expect(() => loadTfjs(modelJson)).toThrow(/loadTfjs: .*the weight path "\.\.\/\.\.\/etc\/passwd" leaves the model's folder/);
    writeFileSync(modelJson, '{ nope');
    expect(() => loadTfjs(modelJson)).toThrow(RangeError);
  });
});
